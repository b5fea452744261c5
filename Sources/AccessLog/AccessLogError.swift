#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemIO

/// Why the log could not be read or written. Each prints as one line.
public enum AccessLogError: Error, CustomStringConvertible, Equatable {
    /// A system call failed on `path`.
    case io(operation: String, path: String, errno: Int32)
    /// The log has no file at `path` (reading only: appending creates it).
    case notFound(String)
    /// The log ends in an incomplete line (a crash during an earlier append, or truncation).
    /// Nothing is appended after it: that would merge or hide the damage.
    case tornTail(path: String, line: Int, offset: Int64)
    /// The last complete line is not an entry we can chain from.
    case damagedTail(path: String, line: Int, reason: String)
    /// The signing key is not the key that signed the log so far.
    case keyMismatch(logPath: String, keyPath: String)
    /// The signing key file is unusable.
    case badKey(path: String, reason: String)
    /// A line longer than `LogFile.maxLineBytes`.
    case lineTooLong(path: String, line: Int)
    /// The log does not verify (for operations that need an intact log, such as excerpts).
    case invalidLog(LogProblem)
    /// An excerpt tag file that is not in the excerpt format.
    case badExcerpt(String)
    /// A line that is not an entry of the format this version reads.
    case unreadableEntry(String)
    case internalError(String)

    public var description: String {
        switch self {
        case .io(let operation, let path, let code):
            return "cannot \(operation) \(path): \(errnoText(code))"
        case .notFound(let path):
            return "no access log at \(path)"
        case .tornTail(let path, let line, let offset):
            return "the access log \(path) ends in an incomplete line (line \(line), byte \(offset)), left by an interrupted write; "
                + "nothing is appended after it. Keep the file as evidence, move it aside, and a new log starts"
        case .damagedTail(let path, let line, let reason):
            return "the last entry of the access log \(path) (line \(line)) is damaged: \(reason); nothing is appended after it"
        case .keyMismatch(let logPath, let keyPath):
            return "the signing key \(keyPath) is not the key that signed the access log \(logPath); nothing is appended "
                + "(restore the original key, or move the log aside to start a new one)"
        case .badKey(let path, let reason):
            return "signing key \(path): \(reason)"
        case .lineTooLong(let path, let line):
            return "line \(line) of \(path) is longer than \(LogFile.maxLineBytes) bytes"
        case .invalidLog(let problem):
            return "the access log does not verify: \(problem)"
        case .badExcerpt(let why):
            return "access log excerpt: \(why)"
        case .unreadableEntry(let why):
            return "access-log entry: \(why)"
        case .internalError(let why):
            return "access log: \(why)"
        }
    }
}
