#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemIO
import Messages

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
            return tr(.errLogIO, ["operation": operation, "path": path, "reason": errnoText(code)])
        case .notFound(let path):
            return tr(.errLogNotFound, ["path": path])
        case .tornTail(let path, let line, let offset):
            return tr(.errLogTornTail, ["path": path, "line": String(line), "offset": String(offset)])
        case .damagedTail(let path, let line, let reason):
            return tr(.errLogDamagedTail, ["path": path, "line": String(line), "reason": reason])
        case .keyMismatch(let logPath, let keyPath):
            return tr(.errLogKeyMismatch, ["key": keyPath, "path": logPath])
        case .badKey(let path, let reason):
            return tr(.errLogBadKey, ["path": path, "reason": reason])
        case .lineTooLong(let path, let line):
            return tr(.errLogLineTooLong, ["line": String(line), "path": path, "max": String(LogFile.maxLineBytes)])
        case .invalidLog(let problem):
            return tr(.errLogInvalid, ["problem": "\(problem)"])
        case .badExcerpt(let why):
            return tr(.errLogBadExcerpt, ["reason": why])
        case .unreadableEntry(let why):
            return tr(.errLogUnreadableEntry, ["reason": why])
        case .internalError(let why):
            return tr(.errLogInternal, ["reason": why])
        }
    }
}
