import CardIO

/// A compact form of a mostly-zero volume image, so that fuzz seeds can be FAT32 volumes.
///
/// FAT32 needs at least 65,525 clusters (fatgen103 §3.5: the FAT type is decided by the cluster
/// count alone), and a Windows-deleted entry whose DIR_FstClusHI was cleared is only a question
/// when its file lay past cluster 65,535: such a volume is over 33 MB even with 512-byte
/// clusters. Nearly all of it is zero, so the corpus keeps only the non-zero extents:
///
///     "SDCSPRS1"                      8 bytes, the magic
///     size                            UInt64 LE, the expanded length (at most `maximumSize`)
///     repeated to the end of the input:
///       offset                        UInt64 LE, strictly after the previous extent's end
///       length                        UInt32 LE, > 0, with offset + length <= size
///       bytes                         `length` bytes
///
/// Anything else, including a mutated header, is not a sparse image (`decode` returns nil) and
/// is fuzzed as raw bytes. The expanded image is served by `SparseByteSource` without ever
/// being allocated whole.
package enum SparseImage {
    package static let magic: [UInt8] = Array("SDCSPRS1".utf8)
    /// Enough for the smallest FAT32 volumes with clusters past 65,535, small enough that a
    /// fuzz iteration over a mutated size stays quick (the FAT is read from it).
    package static let maximumSize: UInt64 = 64 << 20

    /// The extents of a sparse image, or nil when `data` is not one.
    package static func decode(_ data: [UInt8]) -> SparseByteSource? {
        guard data.count >= 16, Array(data[0..<8]) == magic else { return nil }
        let size = le64(data, 8)
        guard size <= maximumSize else { return nil }
        var extents: [SparseByteSource.Extent] = []
        var at = 16
        var end: UInt64 = 0
        while at < data.count {
            guard data.count - at >= 12 else { return nil }
            let offset = le64(data, at)
            let length = Int(le32(data, at + 8))
            at += 12
            guard length > 0, length <= data.count - at, offset >= end,
                  offset <= size, UInt64(length) <= size - offset else { return nil }
            extents.append(.init(offset: offset, bytes: Array(data[at..<(at + length)])))
            at += length
            end = offset + UInt64(length)
        }
        return SparseByteSource(size: size, extents: extents, name: "sparse fuzz input")
    }

    /// The sparse form of `image`: every `block`-aligned block that is not all zero, adjacent
    /// blocks merged into one extent.
    package static func encode(_ image: [UInt8], block: Int = 512) -> [UInt8] {
        precondition(block > 0 && UInt64(image.count) <= maximumSize)
        var out = magic
        append64(&out, UInt64(image.count))
        var start: Int?
        func flush(_ end: Int) {
            guard let s = start else { return }
            append64(&out, UInt64(s))
            append32(&out, UInt32(end - s))
            out.append(contentsOf: image[s..<end])
            start = nil
        }
        var at = 0
        while at < image.count {
            let end = min(at + block, image.count)
            if image[at..<end].contains(where: { $0 != 0 }) {
                if start == nil { start = at }
            } else {
                flush(at)
            }
            at = end
        }
        flush(image.count)
        return out
    }

    private static func le64(_ d: [UInt8], _ at: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(d[at + $1]) << (8 * UInt64($1)) }
    }

    private static func le32(_ d: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(d[at + $1]) << (8 * UInt32($1)) }
    }

    private static func append64(_ out: inout [UInt8], _ v: UInt64) {
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
    }

    private static func append32(_ out: inout [UInt8], _ v: UInt32) {
        for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) }
    }
}

/// A read-only image that is zero except for its extents (sorted, non-overlapping).
package final class SparseByteSource: ByteSource {
    package struct Extent: Sendable {
        package var offset: UInt64
        package var bytes: [UInt8]
        var end: UInt64 { offset + UInt64(bytes.count) }
    }

    package let size: UInt64
    package let name: String
    let extents: [Extent]

    init(size: UInt64, extents: [Extent], name: String) {
        self.size = size
        self.extents = extents
        self.name = name
    }

    /// Every byte, for tests that hand the image to an external tool.
    package func expanded() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(size))
        for e in extents { out.replaceSubrange(Int(e.offset)..<Int(e.end), with: e.bytes) }
        return out
    }

    package func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset < size, buffer.count > 0, let dst = buffer.baseAddress else { return 0 }
        let n = Int(min(UInt64(buffer.count), size - offset))
        let end = offset + UInt64(n)
        dst.initializeMemory(as: UInt8.self, repeating: 0, count: n)
        // The first extent that ends after `offset` (binary search), then each overlapping one.
        var lo = 0, hi = extents.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if extents[mid].end <= offset { lo = mid + 1 } else { hi = mid }
        }
        var i = lo
        while i < extents.count, extents[i].offset < end {
            let e = extents[i]
            let from = max(e.offset, offset), to = min(e.end, end)
            e.bytes.withUnsafeBytes { src in
                if let base = src.baseAddress {
                    (dst + Int(from - offset)).copyMemory(from: base + Int(from - e.offset), byteCount: Int(to - from))
                }
            }
            i += 1
        }
        return n
    }
}
