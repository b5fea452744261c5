import CardIO
import Messages

/// Which filesystem a volume's first bytes announce. Used to pick a reader, and to name the
/// filesystems sdcustody cannot read yet ("NTFS filesystem: not supported yet") instead of calling
/// them unknown.
public enum FileSystemSignature: String, Equatable, Sendable, CustomStringConvertible {
    case fat, exfat, ntfs, ext, unknown

    /// How many bytes `detect` reads: enough for the ext superblock at 1024 (magic at 1080).
    static let probeLength = 4096

    public var description: String {
        switch self {
        case .fat: return "FAT"
        case .exfat: return "exFAT"
        case .ntfs: return "NTFS"
        case .ext: return "ext2/3/4"
        case .unknown: return "unknown"
        }
    }

    /// Whether sdcustody has a reader for it.
    public var isSupported: Bool { self == .fat || self == .exfat }

    /// The one-line error for a filesystem found but not readable: "NTFS filesystem: not supported yet".
    public var notSupportedMessage: String {
        self == .unknown ? tr(.pcUnknownFilesystemNoFATExFAT)
                         : tr(.pcFilesystemNotSupportedYet, ["description": "\(description)"])
    }

    /// Looks at the first few KiB of `source` (a partition or a whole card). Only read errors
    /// throw; a short source is judged on what it holds.
    public static func detect(_ source: ByteSource) throws -> FileSystemSignature {
        var bytes = [UInt8](repeating: 0, count: Int(min(UInt64(probeLength), source.size)))
        let got = try bytes.withUnsafeMutableBytes { try source.readFully(at: 0, into: $0) }
        return detect(bytes: Array(bytes.prefix(got)))
    }

    /// The same test on bytes already read from a volume's start.
    public static func detect(bytes: [UInt8]) -> FileSystemSignature {
        if let boot = detectBootSector(bytes) { return boot }
        // ext2/3/4 superblock at byte 1024; s_magic (0xEF53, little-endian) at offset 56 in it.
        if let magic = try? LittleEndianReader(bytes, what: tr(.pcExtSuperblock)).u16(1080), magic == 0xEF53 {
            return .ext
        }
        return .unknown
    }

    /// The filesystems whose boot sector is sector 0 (NTFS, exFAT, FAT), judged from sector 0
    /// alone; nil when it is none of them. This is how a card formatted whole (no partition table)
    /// is told from an MBR: a FAT boot sector also ends in 0x55AA, so it is tested first.
    static func detectBootSector(_ bytes: [UInt8]) -> FileSystemSignature? {
        let r = LittleEndianReader(bytes, what: tr(.pcBootSector))
        guard let oemName = try? r.slice(3, 8) else { return nil }
        if Array(oemName) == Array("NTFS    ".utf8) { return .ntfs }
        if Array(oemName) == Array("EXFAT   ".utf8) { return .exfat }
        if isPlausibleFATBootSector(r) { return .fat }
        return nil
    }

    /// A FAT boot sector (Microsoft FAT specification §3.1, BPB): a jump instruction (0xEB or
    /// 0xE9) and a BPB whose BytsPerSec is 512, 1024, 2048 or 4096, SecPerClus a power of two,
    /// RsvdSecCnt at least 1 and NumFATs 1 or 2. An MBR's boot code rarely passes all five.
    static func isPlausibleFATBootSector(_ r: LittleEndianReader) -> Bool {
        guard let jump = try? r.u8(0), jump == 0xEB || jump == 0xE9,
              let bytesPerSector = try? r.u16(11),
              let sectorsPerCluster = try? r.u8(13),
              let reserved = try? r.u16(14),
              let fatCount = try? r.u8(16) else { return false }
        return [512, 1024, 2048, 4096].contains(bytesPerSector)
            && sectorsPerCluster != 0 && sectorsPerCluster.nonzeroBitCount == 1
            && reserved >= 1
            && (fatCount == 1 || fatCount == 2)
    }
}
