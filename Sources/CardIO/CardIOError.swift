/// Errors from reading a source. Each describes itself in one line fit for stderr.
public enum CardIOError: Error, CustomStringConvertible, Equatable {
    /// The source could not be opened (missing, no permission, not a file or device).
    case cannotOpen(path: String, reason: String)
    /// A read failed in the kernel (EIO on a bad sector, a pulled reader).
    case readFailed(source: String, offset: UInt64, reason: String)
    /// The source ended before the bytes a structure needs.
    case truncated(source: String, offset: UInt64, wanted: UInt64, available: UInt64)
    /// A structure asked for bytes outside the range it may read.
    case outOfBounds(what: String, offset: UInt64, length: UInt64, limit: UInt64)
    /// A split image whose parts are missing or out of order.
    case badSplitImage(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            return "cannot open \(path): \(reason)"
        case let .readFailed(source, offset, reason):
            return "read error in \(source) at byte \(offset): \(reason)"
        case let .truncated(source, offset, wanted, available):
            return "\(source) is truncated: needed \(wanted) bytes at byte \(offset), only \(available) there"
        case let .outOfBounds(what, offset, length, limit):
            return "\(what) lies outside its bounds: \(length) bytes at \(offset), limit \(limit)"
        case let .badSplitImage(path, reason):
            return "split image \(path): \(reason)"
        }
    }
}
