/// Names of MBR partition type bytes ("OSType"), the ones seen on cards and disks that a camera
/// card reader may meet. The numbering follows common use (util-linux `sfdisk -T`).
enum MBRPartitionType {
    static let gptProtective: UInt8 = 0xEE

    /// Extended partitions whose chain of EBRs holds logical partitions: DOS (CHS), Windows (LBA)
    /// and Linux extended.
    static func isExtended(_ type: UInt8) -> Bool { type == 0x05 || type == 0x0F || type == 0x85 }

    static func name(_ type: UInt8) -> String {
        switch type {
        case 0x01: return "FAT12"
        case 0x04: return "FAT16 <32M"
        case 0x05: return "Extended"
        case 0x06: return "FAT16"
        case 0x07: return "HPFS/NTFS/exFAT"
        case 0x0B: return "FAT32"
        case 0x0C: return "FAT32 LBA"
        case 0x0E: return "FAT16 LBA"
        case 0x0F: return "Extended LBA"
        case 0x11: return "Hidden FAT12"
        case 0x14: return "Hidden FAT16 <32M"
        case 0x16: return "Hidden FAT16"
        case 0x17: return "Hidden HPFS/NTFS/exFAT"
        case 0x1B: return "Hidden FAT32"
        case 0x1C: return "Hidden FAT32 LBA"
        case 0x1E: return "Hidden FAT16 LBA"
        case 0x27: return "Hidden NTFS WinRE"
        case 0x82: return "Linux swap"
        case 0x83: return "Linux"
        case 0x85: return "Linux extended"
        case 0x8E: return "Linux LVM"
        case 0xA5: return "FreeBSD"
        case 0xA6: return "OpenBSD"
        case 0xA8: return "Darwin UFS"
        case 0xA9: return "NetBSD"
        case 0xAF: return "HFS/HFS+"
        case 0xDA: return "Non-FS data"
        case 0xEE: return "GPT protective"
        case 0xEF: return "EFI System (FAT)"
        case 0xFD: return "Linux RAID autodetect"
        default: return "unknown"
        }
    }

    /// "0x0C FAT32 LBA".
    static func describe(_ type: UInt8) -> String {
        "0x\(hex2(type)) \(name(type))"
    }

    static func hex2(_ b: UInt8) -> String {
        let s = String(b, radix: 16, uppercase: true)
        return s.count < 2 ? "0" + s : s
    }
}
