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
            return "\(source) is too small to hold a partition table or a boot sector (\(size) bytes)"
        case let .unrecognised(source):
            return "\(source): sector 0 holds no partition table and no known filesystem boot sector"
        case let .invalidMBR(source, reason):
            return "\(source): sector 0 has a boot signature but is not a valid MBR: \(reason)"
        case let .unreadableGPT(source, primary, backup):
            return "\(source): GPT is unreadable: primary: \(primary); backup: \(backup)"
        }
    }
}
