/// What is wrong with one file as the camera left it (PRODUCT.md: `ls --json` `damage` codes).
///
/// The filesystem codes come from comparing a live entry's recorded size with its allocation
/// (FAT: fatgen103 §4 cluster chains; exFAT spec §4.1 FatEntry, §7.6.3 FirstCluster, §7.6.5
/// DataLength); `unfinalised` comes from the media bytes (ISO/IEC 14496-12 §8.1–8.2 `mdat`/`moov`,
/// AVI RIFF `idx1`).
public enum FileDamage: String, Sendable, Equatable, CaseIterable, Codable {
    /// The entry's size is smaller than its allocated chain, or 0 with a chain: the camera never
    /// closed the file (a power cut mid-recording).
    case unclosed
    /// The chain ends (or breaks at a free cluster) before the recorded size is reached.
    case chainShort = "chain_short"
    /// The chain comes back to a cluster it already used.
    case chainLoop = "chain_loop"
    /// The chain points outside the cluster heap or at a cluster marked bad.
    case chainOutside = "chain_outside"
    /// Media whose index was never written: MP4/MOV with `mdat` but no `moov`; AVI without
    /// `idx1` or with RIFF size 0.
    case unfinalised

    /// True for the codes that make a file's bytes unreadable in full (a plain export refuses it).
    public var losesData: Bool {
        switch self {
        case .chainShort, .chainLoop, .chainOutside: return true
        case .unclosed, .unfinalised: return false
        }
    }
}
