import Messages
/// What went wrong talking to the store, in words for one line on stderr. Never holds a secret:
/// requests and credentials are not kept, only the operation, the object and what the store said.
public enum S3Error: Error, CustomStringConvertible, Sendable {
    /// The endpoint could not be reached, or TLS failed (libcurl's reason).
    case unreachable(endpoint: String, reason: String)
    /// The store answered with an error status (`code` from its XML Error document when it sent one).
    case status(operation: String, target: String, status: Int, code: String?, message: String?)
    /// The answer could not be understood.
    case badResponse(operation: String, reason: String)

    public var description: String {
        switch self {
        case .unreachable(let endpoint, let reason):
            return tr(.ocCannotReachTheObjectStore, ["endpoint": "\(endpoint)", "reason": "\(reason)"])
        case .status(let operation, let target, let status, let code, let message):
            var s = tr(.ocTheStoreAnsweredHTTP, ["operation": "\(operation)", "target": "\(target)", "status": "\(status)"])
            if let code { s += " \(code)" }
            if let message, !message.isEmpty { s += " (\(message))" }
            return s
        case .badResponse(let operation, let reason):
            return tr(.ocTheStoreSAnswerIs, ["operation": "\(operation)", "reason": "\(reason)"])
        }
    }

    /// The S3 error code (`NoSuchKey`, `AccessDenied`, `BadDigest`, `XAmzContentSHA256Mismatch`…).
    public var code: String? {
        if case .status(_, _, _, let code, _) = self { return code }
        return nil
    }

    public var httpStatus: Int? {
        if case .status(_, _, let status, _, _) = self { return status }
        return nil
    }
}
