import Messages
/// Why a partition table could not be read. Each describes itself in one line fit for stderr.
public enum PartitionError: Error, CustomStringConvertible, Equatable {
    /// The source is shorter than one sector.
    case sourceTooSmall(source: String, size: UInt64)
    /// Sector 0 holds neither a partition table nor a filesystem boot sector we recognise.
    case unrecognised(source: String)
    /// Sector 0 ends in 0x55AA but its partition entries cannot be an MBR's.
    case invalidMBR(source: String, reason: String)
    /// Neither the primary nor the backup GPT header (with its entry array) is usable.
    case unreadableGPT(source: String, primary: String, backup: String)

    public var description: String {
        switch self {
        case let .sourceTooSmall(source, size):
            return tr(.errPartitionTooSmall, ["source": source, "size": String(size)])
        case let .unrecognised(source):
            return tr(.errPartitionUnrecognised, ["source": source])
        case let .invalidMBR(source, reason):
            return tr(.errPartitionInvalidMBR, ["source": source, "reason": reason])
        case let .unreadableGPT(source, primary, backup):
            return tr(.errPartitionUnreadableGPT, ["source": source, "primary": primary, "backup": backup])
        }
    }
}
