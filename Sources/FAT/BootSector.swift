import CardIO
import CardFileSystem
import Messages

/// The FAT boot sector and BIOS Parameter Block (Microsoft FAT specification, fatgen103,
/// §3 "Boot Sector and BPB"), fields in spec order with the spec's names.
///
/// Parsing reads the fields; `FATGeometry` validates them one invariant at a time.
struct BootSector {
    // §3.1 common BPB (offsets 0–35)
    var jumpBoot: [UInt8]
    var oemName: [UInt8]
    var bytsPerSec: UInt16
    var secPerClus: UInt8
    var rsvdSecCnt: UInt16
    var numFATs: UInt8
    var rootEntCnt: UInt16
    var totSec16: UInt16
    var media: UInt8
    var fatSz16: UInt16
    var totSec32: UInt32
    // §3.2 FAT12/16 extended BPB (offsets 36–61) or §3.3 FAT32 extended BPB (offsets 36–89)
    var fatSz32: UInt32
    var extFlags: UInt16
    var fsVer: UInt16
    var rootClus: UInt32
    var fsInfo: UInt16
    var bkBootSec: UInt16
    /// BS_BootSig of the layout that applies (FAT32 layout when BPB_FATSz16 is 0).
    var bootSig: UInt8
    var volID: UInt32
    var volLab: [UInt8]
    var filSysType: [UInt8]
    /// Bytes 510–511 (0x55 0xAA on a formatted volume).
    var signature: UInt16

    /// The BPB uses the FAT32 layout: BPB_FATSz16 is 0 (fatgen103 §3.3).
    var usesFAT32Layout: Bool { fatSz16 == 0 }

    init(_ sector: [UInt8]) throws {
        let r = LittleEndianReader(sector, what: tr(.fcFATBootSector))
        jumpBoot = Array(try r.slice(0, 3))
        oemName = Array(try r.slice(3, 8))
        bytsPerSec = try r.u16(11)
        secPerClus = try r.u8(13)
        rsvdSecCnt = try r.u16(14)
        numFATs = try r.u8(16)
        rootEntCnt = try r.u16(17)
        totSec16 = try r.u16(19)
        media = try r.u8(21)
        fatSz16 = try r.u16(22)
        totSec32 = try r.u32(32)
        signature = try r.u16(510)
        if fatSz16 == 0 {
            fatSz32 = try r.u32(36)
            extFlags = try r.u16(40)
            fsVer = try r.u16(42)
            rootClus = try r.u32(44)
            fsInfo = try r.u16(48)
            bkBootSec = try r.u16(50)
            bootSig = try r.u8(66)
            volID = try r.u32(67)
            volLab = Array(try r.slice(71, 11))
            filSysType = Array(try r.slice(82, 8))
        } else {
            fatSz32 = 0
            extFlags = 0
            fsVer = 0
            rootClus = 0
            fsInfo = 0
            bkBootSec = 0
            bootSig = try r.u8(38)
            volID = try r.u32(39)
            volLab = Array(try r.slice(43, 11))
            filSysType = Array(try r.slice(54, 8))
        }
    }

    /// The extended boot signature 0x29 says BS_VolID, BS_VolLab and BS_FilSysType are present.
    var hasExtendedFields: Bool { bootSig == 0x29 || bootSig == 0x28 }

    /// Cheap test used to tell FAT from other filesystems. A boot sector with a jump
    /// instruction, the 55 AA signature and a legal sector size is taken as FAT (so a damaged BPB
    /// is reported as damaged FAT, not as "unrecognised"); without both marks, every BPB field
    /// the layout depends on must be in range. Layout checks are `FATGeometry`'s job.
    static func plausible(_ s: [UInt8]) -> Bool {
        guard s.count >= 512 else { return false }
        // exFAT and NTFS carry their names in BS_OEMName; neither is FAT.
        let oem = Array(s[3..<11])
        if oem == Array("EXFAT   ".utf8) || oem == Array("NTFS    ".utf8) { return false }
        // fatgen103 §3.1 BS_jmpBoot: EB ?? 90 or E9 ?? ??.
        let jump = s[0] == 0xEB || s[0] == 0xE9
        let signature = s[510] == 0x55 && s[511] == 0xAA
        // BS_FilSysType ("FAT12   ", "FAT16   ", "FAT     ", "FAT32   "): informational only,
        // but with both marks it says a BPB with a broken sector size is a damaged FAT.
        let typeLabel = Array(s[54..<57]) == Array("FAT".utf8) || Array(s[82..<85]) == Array("FAT".utf8)
        let bps = UInt16(s[11]) | UInt16(s[12]) << 8
        guard [512, 1024, 2048, 4096].contains(bps) else { return jump && signature && typeLabel }
        if jump && signature { return true }
        let spc = s[13]
        let rsvd = UInt16(s[14]) | UInt16(s[15]) << 8
        let nfats = s[16]
        let media = s[21]
        guard spc != 0, spc & (spc - 1) == 0 else { return false }
        guard rsvd != 0, nfats != 0, nfats <= 4 else { return false }
        guard media == 0xF0 || media >= 0xF8 else { return false }
        return jump || signature
    }
}
