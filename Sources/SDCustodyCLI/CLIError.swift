/// An error a command reports: one line on stderr and PRODUCT.md's exit status.
public struct CLIError: Error, CustomStringConvertible {
    public var message: String
    public var status: Int32

    /// Bad usage or bad input (unreadable source, damaged filesystem, wrong key): status 2.
    public static func input(_ message: String) -> CLIError { CLIError(message: message, status: 2) }
    /// The evidence failed a check (verify found a difference, a log was edited): status 1.
    public static func evidence(_ message: String) -> CLIError { CLIError(message: message, status: 1) }

    public var description: String { message }
}
