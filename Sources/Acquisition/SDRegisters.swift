import Codecs

/// Bit fields of a 128-bit SD card register given as 32 hex digits, as Linux's mmc driver shows
/// them in sysfs (`/sys/block/mmcblkN/device/cid`, `…/csd`). Bit 127 is the first hex digit's top bit.
struct RegisterBits {
    let bytes: [UInt8]

    init?(hex: String) {
        let digits = String(hex.filter { !$0.isWhitespace })
        guard digits.utf8.count == 32, let bytes = Hex.decode(digits, allowUpperCase: true) else { return nil }
        self.bytes = bytes
    }

    /// Bits [high:low], inclusive, numbered as the SD specification does (127 … 0).
    func field(_ high: Int, _ low: Int) -> UInt64 {
        var v: UInt64 = 0
        for bit in stride(from: high, through: low, by: -1) {
            let byte = bytes[(127 - bit) / 8]
            let b = (byte >> UInt8(bit % 8)) & 1
            v = v << 1 | UInt64(b)
        }
        return v
    }
}

/// The Card Identification register (SD Physical Layer Simplified Specification §5.2).
public struct SDCardID: Equatable, Sendable {
    public var raw: String
    /// MID [127:120], assigned by the SD Association.
    public var manufacturerID: UInt8
    /// OID [119:104], two ASCII characters.
    public var oemID: String
    /// PNM [103:64], five ASCII characters.
    public var productName: String
    /// PRV [63:56], BCD "n.m".
    public var productRevision: String
    /// PSN [55:24].
    public var serialNumber: UInt32
    /// MDT [19:8]: year (offset 2000) and month.
    public var manufactureYear: Int
    public var manufactureMonth: Int
    /// CRC7 [7:1] as stored.
    public var crc7: UInt8
    /// Whether the stored CRC7 matches the first 15 bytes; nil where the host did not keep the
    /// CRC (Linux's mmc driver shows the last byte as 00 or 01).
    public var crcValid: Bool?

    public init?(hex: String) {
        guard let r = RegisterBits(hex: hex) else { return nil }
        raw = hex.lowercased()
        manufacturerID = UInt8(r.field(127, 120))
        oemID = SDCardID.ascii(r.bytes[1...2])
        productName = SDCardID.ascii(r.bytes[3...7])
        let prv = r.field(63, 56)
        productRevision = "\(prv >> 4).\(prv & 0x0f)"
        serialNumber = UInt32(r.field(55, 24))
        manufactureYear = 2000 + Int(r.field(19, 12))
        manufactureMonth = Int(r.field(11, 8))
        crc7 = UInt8(r.field(7, 1))
        crcValid = crc7 == 0 ? nil : SDCardID.crc7(Array(r.bytes[0..<15])) == crc7
    }

    /// Known SD Association manufacturer ids, for display only; unknown ids are shown as numbers.
    public var manufacturerName: String? {
        switch manufacturerID {
        case 0x01: return "Panasonic"
        case 0x02: return "Toshiba/Kioxia"
        case 0x03: return "SanDisk"
        case 0x1b: return "Samsung"
        case 0x1d: return "ADATA"
        case 0x27: return "Phison"
        case 0x28: return "Lexar"
        case 0x31: return "Silicon Power"
        case 0x41: return "Kingston"
        case 0x74: return "Transcend"
        case 0x9f: return "Kingston (Taishin)"
        default: return nil
        }
    }

    static func ascii(_ bytes: ArraySlice<UInt8>) -> String {
        String(bytes.map { (0x20...0x7e).contains($0) ? Character(Unicode.Scalar($0)) : "?" })
    }

    /// CRC7 with polynomial x^7 + x^3 + 1, as SD commands and registers use.
    static func crc7(_ bytes: [UInt8]) -> UInt8 {
        var crc: UInt8 = 0
        for byte in bytes {
            for i in (0..<8).reversed() {
                let bit = (byte >> UInt8(i)) & 1
                let top = (crc >> 6) & 1
                crc = (crc << 1) & 0x7f
                if bit ^ top == 1 { crc ^= 0x09 }
            }
        }
        return crc
    }
}

/// The Card-Specific Data register (SD Physical Layer Simplified Specification §5.3), the fields
/// an examiner needs: structure version, capacity, write protection.
public struct SDCardSpecificData: Equatable, Sendable {
    public var raw: String
    /// CSD_STRUCTURE [127:126]: 0 = version 1.0 (SDSC), 1 = version 2.0 (SDHC/SDXC), 2 = 3.0 (SDUC).
    public var structureVersion: Int
    /// User-area capacity in bytes as the register declares it.
    public var capacityBytes: UInt64
    /// TRAN_SPEED [103:96] raw.
    public var transferSpeedCode: UInt8
    /// CCC [95:84]: card command classes.
    public var commandClasses: UInt16
    /// PERM_WRITE_PROTECT [13] and TMP_WRITE_PROTECT [12].
    public var permanentWriteProtect: Bool
    public var temporaryWriteProtect: Bool

    public init?(hex: String) {
        guard let r = RegisterBits(hex: hex) else { return nil }
        raw = hex.lowercased()
        structureVersion = Int(r.field(127, 126))
        transferSpeedCode = UInt8(r.field(103, 96))
        commandClasses = UInt16(r.field(95, 84))
        permanentWriteProtect = r.field(13, 13) == 1
        temporaryWriteProtect = r.field(12, 12) == 1
        switch structureVersion {
        case 0:
            // (C_SIZE + 1) × 2^(C_SIZE_MULT + 2) blocks of 2^READ_BL_LEN bytes.
            let cSize = r.field(73, 62)
            let mult = r.field(49, 47)
            let blockLength = r.field(83, 80)
            capacityBytes = ((cSize + 1) << (mult + 2)) << blockLength
        case 1:
            capacityBytes = (r.field(69, 48) + 1) * 512 * 1024
        case 2:
            capacityBytes = (r.field(75, 48) + 1) * 512 * 1024
        default:
            return nil
        }
    }
}
