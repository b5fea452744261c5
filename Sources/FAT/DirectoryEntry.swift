import CardIO

/// A 32-byte short (8.3) directory entry (fatgen103 §6 "Directory Structure", DIR_* fields).
struct ShortDirectoryEntry {
    /// DIR_Name: 8 name bytes then 3 extension bytes, space padded.
    var name: [UInt8]
    var attr: UInt8
    /// DIR_NTRes: bit 3 lower-case base name, bit 4 lower-case extension (Windows NT and later).
    var ntRes: UInt8
    var crtTimeTenth: UInt8
    var crtTime: UInt16
    var crtDate: UInt16
    var lstAccDate: UInt16
    var fstClusHI: UInt16
    var wrtTime: UInt16
    var wrtDate: UInt16
    var fstClusLO: UInt16
    var fileSize: UInt32

    static let attrReadOnly: UInt8 = 0x01
    static let attrVolumeID: UInt8 = 0x08
    static let attrDirectory: UInt8 = 0x10
    static let attrLongName: UInt8 = 0x0F
    /// DIR_Name[0] of a deleted entry.
    static let deletedMark: UInt8 = 0xE5
    /// DIR_Name[0] standing for a real 0xE5 (a Shift-JIS lead byte, §6.1).
    static let kanjiE5: UInt8 = 0x05

    init(_ r: LittleEndianReader) throws {
        name = Array(try r.slice(0, 11))
        attr = try r.u8(11)
        ntRes = try r.u8(12)
        crtTimeTenth = try r.u8(13)
        crtTime = try r.u16(14)
        crtDate = try r.u16(16)
        lstAccDate = try r.u16(18)
        fstClusHI = try r.u16(20)
        wrtTime = try r.u16(22)
        wrtDate = try r.u16(24)
        fstClusLO = try r.u16(26)
        fileSize = try r.u32(28)
    }

    var isDeleted: Bool { name[0] == Self.deletedMark }
    var isDirectory: Bool { attr & Self.attrDirectory != 0 }
    var isVolumeLabel: Bool { attr & Self.attrVolumeID != 0 && attr & 0x3F != Self.attrLongName }
    /// The `.` and `..` entries at the start of every subdirectory (§6.7).
    var isDotEntry: Bool {
        name == Array(".          ".utf8) || name == Array("..         ".utf8)
    }

    /// FAT12/16 use only DIR_FstClusLO; the high word is reserved there (§6).
    func firstCluster(fat32: Bool) -> UInt32 {
        (fat32 ? UInt32(fstClusHI) << 16 : 0) | UInt32(fstClusLO)
    }

    /// The long-name checksum over the 11 stored name bytes (fatgen103 §7, ChkSum).
    static func checksum(_ name: [UInt8]) -> UInt8 {
        var sum: UInt8 = 0
        for b in name.prefix(11) { sum = (sum & 1 == 1 ? 0x80 : 0) &+ (sum >> 1) &+ b }
        return sum
    }
}

/// A long-name directory entry slot (fatgen103 §7 "FAT Long Directory Entries", LDIR_* fields).
struct LongNameSlot {
    /// LDIR_Ord: 1-based position, 0x40 set on the last (physically first) slot; 0xE5 once deleted.
    var ord: UInt8
    var chksum: UInt8
    /// The 13 UTF-16 code units of LDIR_Name1, LDIR_Name2, LDIR_Name3.
    var units: [UInt16]

    static let lastFlag: UInt8 = 0x40

    init(_ r: LittleEndianReader) throws {
        ord = try r.u8(0)
        chksum = try r.u8(13)
        var u: [UInt16] = []
        u.reserveCapacity(13)
        for off in stride(from: 1, to: 11, by: 2) { u.append(try r.u16(off)) }
        for off in stride(from: 14, to: 26, by: 2) { u.append(try r.u16(off)) }
        for off in stride(from: 28, to: 32, by: 2) { u.append(try r.u16(off)) }
        units = u
    }
}
