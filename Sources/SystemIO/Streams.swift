/// Where bytes go (plaintext, ciphertext, an archive). `write` may be called many times; `finish`
/// once, only when everything was written successfully (a sink that publishes a file does so in
/// `finish`).
public protocol OutputSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
    func finish() throws
}

extension OutputSink {
    /// Nothing to publish: a pipe, a memory buffer, a downstream encryptor finished elsewhere.
    public func finish() throws {}
}

/// Where bytes come from. `read` fills some prefix of `buffer` and returns how many bytes it put
/// there; 0 means end of input.
public protocol InputSource: AnyObject {
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Collects everything in memory (tests, small files).
public final class BufferSink: OutputSink {
    public private(set) var bytes: [UInt8] = []
    public private(set) var finished = false
    public init() {}
    public func write(_ b: UnsafeRawBufferPointer) throws { bytes.append(contentsOf: b) }
    public func finish() throws { finished = true }
}

/// Keeps only the count of what passes through, and hands each write to `onWrite` (tests over
/// large payloads).
public final class CountingSink: OutputSink {
    public private(set) var count = 0
    public var onWrite: ((UnsafeRawBufferPointer) throws -> Void)?
    public init(onWrite: ((UnsafeRawBufferPointer) throws -> Void)? = nil) { self.onWrite = onWrite }
    public func write(_ b: UnsafeRawBufferPointer) throws {
        count += b.count
        try onWrite?(b)
    }
    public func finish() throws {}
}

/// Reads from an array.
public final class MemoryInput: InputSource {
    private let bytes: [UInt8]
    private var offset = 0
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - offset)
        guard n > 0, let dst = buffer.baseAddress else { return 0 }
        bytes.withUnsafeBytes { src in
            if let s = src.baseAddress { dst.copyMemory(from: s + offset, byteCount: n) }
        }
        offset += n
        return n
    }
}

