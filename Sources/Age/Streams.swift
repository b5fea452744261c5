#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where plaintext or ciphertext goes. `write` may be called many times; `finish` once, only when
/// everything was written successfully (a sink that publishes a file does so in `finish`).
public protocol OutputSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
    func finish() throws
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

/// Hashes what passes through and keeps only the count (tests over large payloads).
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

/// Reads from an open file descriptor, retrying on EINTR. Does not close it.
public final class FileDescriptorInput: InputSource {
    public let fd: Int32
    public init(fd: Int32) { self.fd = fd }
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = Glibc.read(fd, base, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw AgeError.io("read failed: \(String(cString: strerror(errno)))")
        }
    }
}

/// Writes to an open file descriptor (a pipe, stdout), retrying on EINTR and short writes. Does not
/// close it.
public final class FileDescriptorOutput: OutputSink {
    public let fd: Int32
    public init(fd: Int32) { self.fd = fd }
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = Glibc.write(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw AgeError.io("write failed: \(String(cString: strerror(errno)))")
            }
            p += n
            left -= n
        }
    }
    public func finish() throws {}
}

/// A read buffer over an `InputSource`, for the line-oriented header and the chunked payload.
/// Holds at most `capacity` bytes, so memory stays flat whatever the input size.
final class BufferedInput {
    private let source: InputSource
    private let storage: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var sawEOF = false

    init(_ source: InputSource, capacity: Int = 1 << 20) {
        self.source = source
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(capacity, 4096), alignment: 16)
    }

    deinit { storage.deallocate() }

    /// Refills when empty; returns false at end of input.
    private func refill() throws -> Bool {
        if start < end { return true }
        if sawEOF { return false }
        start = 0
        end = 0
        let n = try source.read(into: storage)
        if n == 0 { sawEOF = true; return false }
        end = n
        return true
    }

    /// One line without its LF. nil at a clean end of input (nothing read). Throws `tooLong` after
    /// `maxLength` bytes without a LF, and `unterminated` when the input ends inside a line.
    enum LineError: Error { case tooLong, unterminated }

    func readLine(maxLength: Int, allowUnterminated: Bool = false) throws -> [UInt8]? {
        var line: [UInt8] = []
        return try readLine(into: &line, maxLength: maxLength, allowUnterminated: allowUnterminated) ? line : nil
    }

    /// `readLine` into a caller-owned array (reused across lines by the armor decoder). Returns
    /// false at a clean end of input.
    func readLine(into line: inout [UInt8], maxLength: Int, allowUnterminated: Bool = false) throws -> Bool {
        line.removeAll(keepingCapacity: true)
        var any = false
        while true {
            guard try refill() else {
                if !any { return false }
                if allowUnterminated { return true }
                throw LineError.unterminated
            }
            any = true
            guard let base = storage.baseAddress else { throw LineError.unterminated }
            let available = end - start
            if let hit = memchr(base + start, 0x0A, available) {
                let i = base.distance(to: hit) - start
                guard line.count + i <= maxLength else { throw LineError.tooLong }
                line.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: i))
                start += i + 1
                return true
            }
            guard line.count + available <= maxLength else { throw LineError.tooLong }
            line.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: available))
            start = end
        }
    }

    /// Fills `dest` completely unless the input ends first; returns the count filled.
    func fill(_ dest: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let d = dest.baseAddress else { return 0 }
        var filled = 0
        while filled < dest.count {
            if start < end {
                let n = min(end - start, dest.count - filled)
                if let s = storage.baseAddress { (d + filled).copyMemory(from: s + start, byteCount: n) }
                start += n
                filled += n
                continue
            }
            guard try refill() else { break }
        }
        return filled
    }

    /// Up to `count` bytes from the front of the input without consuming them (fewer at end of input).
    func peek(_ count: Int) throws -> [UInt8] {
        let want = min(count, storage.count)
        if end - start < want && !sawEOF {
            // Move what is buffered to the front and read until there is enough.
            if start > 0, let base = storage.baseAddress {
                base.copyMemory(from: base + start, byteCount: end - start)
                end -= start
                start = 0
            }
            while end - start < want && !sawEOF {
                let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: storage[end...]))
                if n == 0 { sawEOF = true } else { end += n }
            }
        }
        return Array(UnsafeRawBufferPointer(rebasing: storage[start..<min(end, start + want)]))
    }

    /// Whether the input has ended (reads ahead if the buffer is empty).
    func atEOF() throws -> Bool { !(try refill()) }

    /// Reads and counts whatever is left, up to `limit` bytes (to describe trailing data).
    func discardRemainder(limit: Int) throws -> Int {
        var total = 0
        while total < limit, try refill() {
            total += end - start
            start = end
        }
        return total
    }
}
