import SystemIO
import Messages

/// An in-memory sink and source, for tests and small archives.
public final class MemoryTarBuffer: OutputSink, InputSource {
    public private(set) var bytes: [UInt8]
    private var position = 0

    public init(_ bytes: [UInt8] = []) { self.bytes = bytes }

    public func write(_ buffer: UnsafeRawBufferPointer) throws { bytes += buffer }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { src in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[position..<(position + n)]))
        }
        position += n
        return n
    }
}

/// Reads an `InputSource` in blocks through a bounded buffer.
final class BlockReader {
    private let source: InputSource
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0, end = 0
    /// Bytes consumed so far, for error messages.
    private(set) var offset: UInt64 = 0

    init(_ source: InputSource, bufferSize: Int = 1 << 20) {
        self.source = source
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 64)
    }

    deinit { buffer.deallocate() }

    /// Refills when empty. Returns false at the end of the stream.
    private func fill() throws -> Bool {
        if start < end { return true }
        start = 0
        end = try source.read(into: buffer)
        guard end >= 0, end <= buffer.count else { throw TarError(.io, "source returned a bad count") }
        return end > 0
    }

    /// Exactly `count` bytes, or nil when the stream ends first (nil with `partial` set when
    /// some bytes came before the end).
    func readExactly(_ count: Int) throws -> (bytes: [UInt8], partial: Bool)? {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            guard try fill() else { return out.isEmpty ? nil : (out, true) }
            let n = min(count - out.count, end - start)
            out += UnsafeRawBufferPointer(rebasing: buffer[start..<(start + n)])
            start += n
            offset += UInt64(n)
        }
        return (out, false)
    }

    /// Streams `count` bytes to `body` in buffer-sized pieces. Throws `.truncated` if the
    /// stream ends first.
    func stream(_ count: UInt64, entry: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var left = count
        while left > 0 {
            guard try fill() else { throw TarError(.truncated, tr(.tcArchiveEndsInsideThisEntry), entry: entry) }
            let n = Int(min(left, UInt64(end - start)))
            try body(UnsafeRawBufferPointer(rebasing: buffer[start..<(start + n)]))
            start += n
            offset += UInt64(n)
            left -= UInt64(n)
        }
    }
}
