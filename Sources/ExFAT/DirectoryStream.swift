import CardIO

/// The 32-byte entries of one directory (exFAT specification §6), read in large chunks from
/// the directory's extents. An entry set may cross a cluster boundary, so the stream hides the
/// extents from the parser. One entry can be pushed back, for a set that ends early.
struct DirectoryStream {
    let source: ByteSource
    let extents: [CachedRegion.Extent]
    private var extentIndex = 0
    private var offsetInExtent: UInt64 = 0
    private var chunk: [UInt8] = []
    private var chunkStart: UInt64 = 0
    private var position = 0
    private var pushedBack: RawEntry?
    /// Bytes read per call: large enough for few reads, small enough to keep memory flat.
    private let chunkSize: UInt64 = 64 << 10

    init(source: ByteSource, extents: [CachedRegion.Extent]) {
        self.source = source
        self.extents = extents
    }

    mutating func pushBack(_ entry: RawEntry) { pushedBack = entry }

    /// The next entry, nil at the end of the extents; throws when a read fails or the source ends.
    mutating func next() throws -> RawEntry? {
        if let e = pushedBack {
            pushedBack = nil
            return e
        }
        if position + directoryEntrySize > chunk.count {
            guard try refill() else { return nil }
        }
        let entry = RawEntry(bytes: chunk[position..<(position + directoryEntrySize)],
                             volumeOffset: chunkStart + UInt64(position))
        position += directoryEntrySize
        return entry
    }

    private mutating func refill() throws -> Bool {
        while extentIndex < extents.count {
            let e = extents[extentIndex]
            // Whole entries only: a trailing partial entry of an odd-sized extent is ignored.
            let remaining = (e.length - min(offsetInExtent, e.length)) / UInt64(directoryEntrySize) * UInt64(directoryEntrySize)
            if remaining == 0 {
                extentIndex += 1
                offsetInExtent = 0
                continue
            }
            let n = Int(min(chunkSize, remaining))
            let at = e.start + offsetInExtent
            var bytes = [UInt8](repeating: 0, count: n)
            let got = try bytes.withUnsafeMutableBytes { try source.readFully(at: at, into: $0) }
            if got < n {
                throw CardIOError.truncated(source: source.name, offset: at + UInt64(got), wanted: UInt64(n - got), available: 0)
            }
            chunk = bytes
            chunkStart = at
            position = 0
            offsetInExtent += UInt64(n)
            return true
        }
        return false
    }
}
