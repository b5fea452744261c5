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
            return "no \"EFI PART\" signature at LBA \(lba)"
        case let .unreadable(lba, reason):
            return "header at LBA \(lba) cannot be read (\(reason))"
        case let .headerSizeOutOfRange(size, sectorSize):
            return "HeaderSize \(size) is outside 92…\(sectorSize)"
        case let .headerCRCMismatch(stored, computed):
            return "header CRC32 mismatch (stored \(hex8(stored)), computed \(hex8(computed)))"
        case let .myLBAMismatch(stored, readAt):
            return "MyLBA says \(stored) but the header was read at LBA \(readAt)"
        case let .usableRangeInvalid(first, last):
            return "FirstUsableLBA \(first) lies after LastUsableLBA \(last)"
        case let .entrySizeInvalid(size):
            return "SizeOfPartitionEntry \(size) is not 128·2^n"
        case let .entryArrayTooLarge(count, size):
            return "partition entry array of \(count) × \(size) bytes exceeds the \(GPTHeader.maxEntryArrayBytes)-byte limit"
        case let .entryArrayOutsideSource(lba, bytes):
            return "partition entry array (\(bytes) bytes at LBA \(lba)) lies outside the source"
        case let .entryArrayCRCMismatch(stored, computed):
            return "partition entry array CRC32 mismatch (stored \(hex8(stored)), computed \(hex8(computed)))"
        }
    }
}

/// "0x0A1B2C3D".
func hex8(_ v: UInt32) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
}
