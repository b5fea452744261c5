/// An error the custody operations report, carrying PRODUCT.md's exit status so that every front
/// end can map it the same way: one line of text, status 2 for bad usage or bad input, status 1
/// when the evidence failed a check.
public struct CustodyError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var status: Int32

    public init(message: String, status: Int32) {
        self.message = message
        self.status = status
    }

    /// Bad usage or bad input (unreadable source, damaged filesystem, wrong key): status 2.
    public static func input(_ message: String) -> CustodyError { CustodyError(message: message, status: 2) }
    /// The evidence failed a check (verify found a difference, a log was edited): status 1.
    public static func evidence(_ message: String) -> CustodyError { CustodyError(message: message, status: 1) }

    public var description: String { message }
}

/// The tool's name and version as the documents it writes record them.
public enum CustodyTool {
    public static let version = "0.1.0"
    /// `sdcustody 0.1.0`: the `tool` field of records, the bag's `Bag-Software-Agent`.
    public static var agent: String { "sdcustody \(version)" }
}
