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

    private func writeAll(_ bytes: [UInt8]) throws(MediaPipeError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(output, $0.baseAddress! + done, bytes.count - done) }
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

    private func readExactly(_ count: Int, deadline: Double?) throws(MediaPipeError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
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
        return bytes
    }
}
