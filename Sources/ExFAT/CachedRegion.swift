import CardIO
import Foundation

/// A run of volume bytes (a FAT, the allocation bitmap) read through a small block cache, so a
/// walk over millions of FAT entries costs a few large reads and memory stays bounded
/// (`blockSize × maxBlocks`, 1 MiB by default) whatever the card's size.
///
/// The region may be made of several extents (a bitmap whose clusters are chained); offsets
/// are logical, from the region's start.
final class CachedRegion {
    struct Extent {
        /// Offset in the source.
        var start: UInt64
        var length: UInt64
    }

    let source: ByteSource
    let what: String
    let length: UInt64
    private let extents: [Extent]
    /// Logical start of each extent.
    private let starts: [UInt64]
    private let blockSize: UInt64
    private let maxBlocks: Int
    private var blocks: [UInt64: [UInt8]] = [:]
    private var lastUse: [UInt64: UInt64] = [:]
    private var clock: UInt64 = 0
    private let lock = NSLock()

    /// `extents` must already be checked to lie inside the source; reads still throw
    /// `truncated` if the source turns out shorter.
    init(source: ByteSource, extents: [Extent], what: String, blockSize: Int = 64 << 10, maxBlocks: Int = 16) {
        self.source = source
        self.what = what
        self.extents = extents
        var starts: [UInt64] = []
        var total: UInt64 = 0
        for e in extents {
            starts.append(total)
            total = total.addingReportingOverflow(e.length).partialValue
        }
        self.starts = starts
        self.length = total
        self.blockSize = UInt64(max(512, blockSize))
        self.maxBlocks = max(1, maxBlocks)
    }

    /// The little-endian UInt32 at a 4-aligned logical offset (a FAT entry).
    func u32(at offset: UInt64) throws -> UInt32 {
        let (block, within) = try locate(offset, 4)
        var v: UInt32 = 0
        for i in (0..<4).reversed() { v = v << 8 | UInt32(block[within + i]) }
        return v
    }

    func byte(at offset: UInt64) throws -> UInt8 {
        let (block, within) = try locate(offset, 1)
        return block[within]
    }

    private func locate(_ offset: UInt64, _ count: UInt64) throws -> (block: [UInt8], within: Int) {
        guard offset < length, count <= length - offset else {
            throw CardIOError.outOfBounds(what: what, offset: offset, length: count, limit: length)
        }
        let index = offset / blockSize
        let within = Int(offset % blockSize)
        let block = try self.block(index)
        guard within + Int(count) <= block.count else {
            // Only for an unaligned value straddling two blocks, which callers never ask for.
            throw CardIOError.outOfBounds(what: what, offset: offset, length: count, limit: length)
        }
        return (block, within)
    }

    private func block(_ index: UInt64) throws -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        clock &+= 1
        if let cached = blocks[index] {
            lastUse[index] = clock
            return cached
        }
        let start = index * blockSize
        let count = Int(min(blockSize, length - start))
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        // The extent holding `start`: the last one starting at or before it.
        var e = 0
        var lo = 0, hi = extents.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= start { lo = mid } else { hi = mid - 1 }
        }
        e = lo
        while done < count && e < extents.count {
            let logical = start + UInt64(done)
            let within = logical - starts[e]
            guard within < extents[e].length else { e += 1; continue }
            let n = Int(min(UInt64(count - done), extents[e].length - within))
            let at = extents[e].start + within
            let got = try bytes.withUnsafeMutableBytes { buf in
                try source.readFully(at: at, into: UnsafeMutableRawBufferPointer(rebasing: buf[done..<(done + n)]))
            }
            if got < n {
                throw CardIOError.truncated(source: "\(source.name) (\(what))", offset: at + UInt64(got),
                                            wanted: UInt64(n - got), available: 0)
            }
            done += n
            e += 1
        }
        if blocks.count >= maxBlocks, let oldest = lastUse.min(by: { $0.value < $1.value })?.key {
            blocks[oldest] = nil
            lastUse[oldest] = nil
        }
        blocks[index] = bytes
        lastUse[index] = clock
        return bytes
    }
}
