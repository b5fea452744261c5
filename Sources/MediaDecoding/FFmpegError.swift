import CFFmpeg

/// A failed FFmpeg call: which call, its return code and FFmpeg's own text for it (`av_strerror`).
public struct FFmpegError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let code: Int32
    public let message: String

    public init(_ operation: String, code: Int32) {
        self.operation = operation
        self.code = code
        self.message = FFmpegError.text(code)
    }

    /// A failure that is ours to describe (no FFmpeg return code behind it).
    public init(_ operation: String, message: String) {
        self.operation = operation
        self.code = 0
        self.message = message
    }

    public var description: String { "\(operation): \(message)" }

    /// FFmpeg's message for an error code.
    public static func text(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        if av_strerror(code, &buffer, buffer.count) < 0 { return "FFmpeg error \(code)" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Returns `code` when it is not an error, else throws with the operation's name.
    @discardableResult
    static func check(_ code: Int32, _ operation: @autoclosure () -> String) throws -> Int32 {
        if code < 0 { throw FFmpegError(operation(), code: code) }
        return code
    }

    static var endOfFile: Int32 { sdc_averror_eof() }
    static var again: Int32 { sdc_averror_eagain() }
}

/// FFmpeg's "no time stamp" value.
public let noTimestamp: Int64 = sdc_nopts()

/// FFmpeg's log goes nowhere: the helper reports its own errors, and a hostile file must not
/// fill the parent's terminal.
public func silenceFFmpegLog() {
    av_log_set_level(AV_LOG_QUIET)
}
