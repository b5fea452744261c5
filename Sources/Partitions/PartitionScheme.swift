/// How a card's sectors are divided.
public enum PartitionScheme: String, Equatable, Sendable, CustomStringConvertible {
    /// A DOS/MBR partition table in sector 0, possibly with an extended partition chain.
    case mbr
    /// A GUID partition table (UEFI spec §5.3) behind a protective MBR.
    case gpt
    /// No table: sector 0 is itself a filesystem's boot sector (a card formatted whole).
    case none

    public var description: String {
        switch self {
        case .mbr: return "MBR"
        case .gpt: return "GPT"
        case .none: return "none"
        }
    }
}
