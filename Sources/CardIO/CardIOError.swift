import Messages
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
            return tr(.errCardIOCannotOpen, ["path": path, "reason": reason])
        case let .readFailed(source, offset, reason):
            return tr(.errCardIOReadFailed, ["source": source, "offset": String(offset), "reason": reason])
        case let .truncated(source, offset, wanted, available):
            return tr(.errCardIOTruncated, ["source": source, "wanted": String(wanted), "offset": String(offset), "available": String(available)])
        case let .outOfBounds(what, offset, length, limit):
            return tr(.errCardIOOutOfBounds, ["what": what, "length": String(length), "offset": String(offset), "limit": String(limit)])
        case let .badSplitImage(path, reason):
            return tr(.errCardIOBadSplitImage, ["path": path, "reason": reason])
        }
    }
}
