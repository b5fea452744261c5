import CardIO
import Messages

/// The FAT32 FSInfo sector (fatgen103 §5 "FAT32 FSInfo Sector Structure"): hints only, never
/// trusted for allocation.
struct FSInfo {
    static let leadSig: UInt32 = 0x4161_5252
    static let strucSig: UInt32 = 0x6141_7272
    static let trailSig: UInt32 = 0xAA55_0000

    var freeCount: UInt32
    var nextFree: UInt32
    /// Which signatures were wrong, empty when all three are right.
    var badSignatures: [String]

    init(_ sector: [UInt8]) throws {
        let r = LittleEndianReader(sector, what: tr(.fcFAT32FSInfoSector))
        var bad: [String] = []
        if try r.u32(0) != Self.leadSig { bad.append("FSI_LeadSig") }
        if try r.u32(484) != Self.strucSig { bad.append("FSI_StrucSig") }
        if try r.u32(508) != Self.trailSig { bad.append("FSI_TrailSig") }
        freeCount = try r.u32(488)
        nextFree = try r.u32(492)
        badSignatures = bad
    }
}
