import Messages
/// Why one GPT header (primary or backup) with its entry array cannot be used. These end up in a
/// warning (when the other copy is good) or in `PartitionError.unreadableGPT`.
enum GPTProblem: Error, Equatable, CustomStringConvertible {
    case noSignature(lba: UInt64)
    case unreadable(lba: UInt64, reason: String)
    case headerSizeOutOfRange(size: UInt32, sectorSize: Int)
    case headerCRCMismatch(stored: UInt32, computed: UInt32)
    case myLBAMismatch(stored: UInt64, readAt: UInt64)
    case usableRangeInvalid(first: UInt64, last: UInt64)
    case entrySizeInvalid(UInt32)
    case entryArrayTooLarge(count: UInt32, size: UInt32)
    case entryArrayOutsideSource(lba: UInt64, bytes: Int)
    case entryArrayCRCMismatch(stored: UInt32, computed: UInt32)

    var description: String {
        switch self {
        case let .noSignature(lba):
            return tr(.pcNoEFIPARTSignatureAt, ["lba": "\(lba)"])
        case let .unreadable(lba, reason):
            return tr(.pcHeaderAtLBACannotBe, ["lba": "\(lba)", "reason": "\(reason)"])
        case let .headerSizeOutOfRange(size, sectorSize):
            return tr(.pcHeaderSizeIsOutside92, ["size": "\(size)", "sectorSize": "\(sectorSize)"])
        case let .headerCRCMismatch(stored, computed):
            return "header CRC32 mismatch (stored \(hex8(stored)), computed \(hex8(computed)))"
        case let .myLBAMismatch(stored, readAt):
            return tr(.pcMyLBASaysButTheHeader, ["stored": "\(stored)", "readAt": "\(readAt)"])
        case let .usableRangeInvalid(first, last):
            return tr(.pcFirstUsableLBALiesAfterLastUsableLBA, ["first": "\(first)", "last": "\(last)"])
        case let .entrySizeInvalid(size):
            return tr(.pcSizeOfPartitionEntryIsNot1282, ["size": "\(size)"])
        case let .entryArrayTooLarge(count, size):
            return tr(.pcPartitionEntryArrayOfBytes, ["count": "\(count)", "size": "\(size)", "maxEntryArrayBytes": "\(GPTHeader.maxEntryArrayBytes)"])
        case let .entryArrayOutsideSource(lba, bytes):
            return tr(.pcPartitionEntryArrayBytesAt, ["bytes": "\(bytes)", "lba": "\(lba)"])
        case let .entryArrayCRCMismatch(stored, computed):
            return tr(.pcPartitionEntryArrayCRC32Mismatch, ["stored": "\(hex8(stored))", "computed": "\(hex8(computed))"])
        }
    }
}

/// "0x0A1B2C3D".
func hex8(_ v: UInt32) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
}
