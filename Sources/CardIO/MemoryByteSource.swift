/// Bytes already in memory: fuzz inputs, small test images, structures built by tests.
public final class MemoryByteSource: ByteSource {
    public let bytes: [UInt8]
    public let name: String
    public var size: UInt64 { UInt64(bytes.count) }

    public init(_ bytes: [UInt8], name: String = "memory") {
        self.bytes = bytes
        self.name = name
    }

    public func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset < size, buffer.count > 0 else { return 0 }
        let start = Int(offset)
        let n = min(buffer.count, bytes.count - start)
        guard let dst = buffer.baseAddress else { return 0 }
        bytes.withUnsafeBytes { src in
            if let base = src.baseAddress { dst.copyMemory(from: base + start, byteCount: n) }
        }
        return n
    }
}
