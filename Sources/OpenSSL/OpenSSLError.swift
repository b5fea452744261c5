import CLibCrypto

/// A failed libcrypto call, carrying what OpenSSL's error queue said about it.
public struct OpenSSLError: Error, CustomStringConvertible, Equatable {
    /// The libcrypto function that failed.
    public let function: String
    /// OpenSSL's own messages, oldest first.
    public let queue: [String]

    /// Captures and clears the thread's error queue.
    public init(_ function: String) {
        self.function = function
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buf = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buf, buf.count)
            messages.append(String(cString: buf))
        }
        self.queue = messages
    }

    public var description: String {
        queue.isEmpty ? "OpenSSL \(function) failed" : "OpenSSL \(function) failed: \(queue.joined(separator: "; "))"
    }
}

/// Throws an `OpenSSLError` unless an OpenSSL call returned 1 (its success value).
@inline(__always)
func check(_ result: Int32, _ function: String) throws {
    guard result == 1 else { throw OpenSSLError(function) }
}
