/// A window onto another source: a partition, or a filesystem's region.
/// Reads past the window's end return short, exactly as at the end of a file.
public final class SliceSource: ByteSource {
    public let base: ByteSource
    public let start: UInt64
    public let size: UInt64
    public let name: String

    /// Throws `outOfBounds` when the window does not lie inside `base`; pass `clamp: true` to cut
    /// it to what `base` holds instead (a truncated image still shows what it has).
    public init(_ base: ByteSource, start: UInt64, length: UInt64, name: String, clamp: Bool = false) throws {
        let (end, overflow) = start.addingReportingOverflow(length)
        if overflow || end > base.size {
            guard clamp, start <= base.size else {
                throw CardIOError.outOfBounds(what: name, offset: start, length: length, limit: base.size)
            }
            self.size = base.size - start
        } else {
            self.size = length
        }
        self.base = base
        self.start = start
        self.name = name
    }

    public func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset < size, buffer.count > 0 else { return 0 }
        let n = Int(min(UInt64(buffer.count), size - offset))
        return try base.read(at: start + offset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n]))
    }
}
