/// The test seam for read errors: wraps a source and fails every read that touches a chosen
/// sector, as a card with bad sectors does (EIO from the kernel).
public final class FaultyByteSource: ByteSource {
    public let base: ByteSource
    public let sectorSize: UInt64
    /// Sector numbers (in `sectorSize` units) that fail.
    public var badSectors: Set<UInt64>
    public var name: String { base.name }
    public var size: UInt64 { base.size }
    /// How many reads failed so far (tests check retries).
    public private(set) var failedReads = 0

    public init(_ base: ByteSource, badSectors: Set<UInt64>, sectorSize: UInt64 = 512) {
        self.base = base
        self.badSectors = badSectors
        self.sectorSize = sectorSize
    }

    public func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0, offset < size else { return 0 }
        let last = offset + UInt64(buffer.count) - 1
        let first = offset / sectorSize
        let lastSector = min(last, size - 1) / sectorSize
        if badSectors.count < Int(lastSector - first + 1) {
            for s in badSectors where s >= first && s <= lastSector {
                failedReads += 1
                throw CardIOError.readFailed(source: name, offset: s * sectorSize, reason: "Input/output error (injected)")
            }
        } else {
            for s in first...lastSector where badSectors.contains(s) {
                failedReads += 1
                throw CardIOError.readFailed(source: name, offset: s * sectorSize, reason: "Input/output error (injected)")
            }
        }
        return try base.read(at: offset, into: buffer)
    }
}
