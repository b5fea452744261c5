#if canImport(Glibc)
import Glibc
#endif
import Messages

/// Why a message could not be moved.
public enum MediaPipeError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The other end closed its pipe (the helper died, or the parent went away).
    case closed
    /// Nothing came before the deadline.
    case timedOut
    /// The bytes are not a message of the protocol.
    case malformed(String)
    case system(String)

    public var description: String {
        switch self {
        case .closed: return tr(.ocTheOtherEndClosedThe)
        case .timedOut: return tr(.ocTimedOut)
        case .malformed(let why): return tr(.ocMalformedMessage, ["why": "\(why)"])
        case .system(let why): return why
        }
    }
}

/// One direction-pair of the protocol: messages are read from `input` and written to `output`
/// (file descriptors of pipes). With a deadline every wait is bounded (the parent's side);
/// without one reads block (the helper's side, whose parent bounds it).
public struct MessagePipe {
    public let input: Int32
    public let output: Int32

    public init(input: Int32, output: Int32) {
        self.input = input
        self.output = output
    }

    /// Monotonic seconds, for deadlines.
    public static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    public func send(_ message: MediaMessage) throws(MediaPipeError) {
        try writeAll(message.header)
        try writeAll(message.payload)
    }

    /// A `write` message sent straight from the caller's buffer (the muxer's AVIO buffer): its
    /// 13-byte head, then the bytes themselves, without building the message in memory first.
    public func sendWrite(offset: UInt64, bytes: UnsafeRawBufferPointer) throws(MediaPipeError) {
        guard bytes.count <= MediaMessage.maxPayload - 8 else { throw .malformed("payload too long") }
        var head: [UInt8] = [MediaMessage.Kind.write.rawValue]
        MediaMessage.appendLE(UInt32(8 + bytes.count), to: &head)
        MediaMessage.appendLE(offset, to: &head)
        try writeAll(head)
        try writeAll(bytes)
    }

    private func writeAll(_ bytes: [UInt8]) throws(MediaPipeError) {
        let failure: MediaPipeError? = bytes.withUnsafeBytes { raw in
            do throws(MediaPipeError) { try writeAll(raw); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(MediaPipeError) {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = write(output, base + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { throw .closed }
                throw .system("write to pipe: \(String(cString: strerror(errno)))")
            }
            done += n
        }
    }

    /// The next message; `deadline` (monotonic seconds) bounds the wait.
    public func receive(deadline: Double? = nil) throws(MediaPipeError) -> MediaMessage {
        let header = try readExactly(5, deadline: deadline)
        guard let kind = MediaMessage.Kind(rawValue: header[0]) else { throw .malformed("unknown kind \(header[0])") }
        guard let length = MediaMessage.readLE(UInt32.self, header, at: 1), Int(length) <= MediaMessage.maxPayload else {
            throw .malformed(tr(.ocPayloadTooLong))
        }
        return MediaMessage(kind, try readExactly(Int(length), deadline: deadline))
    }

    /// The next message read into `buffer`, which grows to the largest payload seen and is
    /// reused from call to call: the hot path of a remux (1 MiB `write` messages) then costs no
    /// allocation, zero-filling or page faults per message. Returns the kind and the payload's
    /// length (the payload is `buffer[0..<count]`).
    public func receive(deadline: Double? = nil, into buffer: inout [UInt8]) throws(MediaPipeError) -> (kind: MediaMessage.Kind, count: Int) {
        let header = try readExactly(5, deadline: deadline)
        guard let kind = MediaMessage.Kind(rawValue: header[0]) else { throw .malformed("unknown kind \(header[0])") }
        guard let length = MediaMessage.readLE(UInt32.self, header, at: 1), Int(length) <= MediaMessage.maxPayload else {
            throw .malformed("payload too long")
        }
        if buffer.count < Int(length) { buffer = [UInt8](repeating: 0, count: Int(length)) }
        try readExactly(Int(length), deadline: deadline, into: &buffer)
        return (kind, Int(length))
    }

    private func readExactly(_ count: Int, deadline: Double?) throws(MediaPipeError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        try readExactly(count, deadline: deadline, into: &bytes)
        return bytes
    }

    /// Fills `bytes[0..<count]` (`bytes` holds at least `count`).
    private func readExactly(_ count: Int, deadline: Double?, into bytes: inout [UInt8]) throws(MediaPipeError) {
        var done = 0
        while done < count {
            if let deadline {
                let left = deadline - MessagePipe.now()
                if left <= 0 { throw .timedOut }
                var p = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
                let r = poll(&p, 1, Int32(min(left * 1000 + 1, 60_000)))
                if r < 0 {
                    if errno == EINTR { continue }
                    throw .system("poll: \(String(cString: strerror(errno)))")
                }
                if r == 0 { continue }
            }
            let n = bytes.withUnsafeMutableBytes { read(input, $0.baseAddress! + done, count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .system("read from pipe: \(String(cString: strerror(errno)))")
            }
            if n == 0 { throw .closed }
            done += n
        }
    }
}
