import CardIO
import Messages

/// Directory entry type bytes (exFAT specification §6.2.1, §7): TypeCode in bits 0–4,
/// TypeImportance bit 5 (benign), TypeCategory bit 6 (secondary), InUse bit 7.
enum EntryType {
    static let endOfDirectory: UInt8 = 0x00
    static let allocationBitmap: UInt8 = 0x81
    static let upcaseTable: UInt8 = 0x82
    static let volumeLabel: UInt8 = 0x83
    static let file: UInt8 = 0x85
    static let volumeGUID: UInt8 = 0xA0
    static let streamExtension: UInt8 = 0xC0
    static let fileName: UInt8 = 0xC1

    static let inUse: UInt8 = 0x80
    static let secondary: UInt8 = 0x40
    static let benign: UInt8 = 0x20

    static func isInUse(_ type: UInt8) -> Bool { type & inUse != 0 }
    static func isSecondary(_ type: UInt8) -> Bool { type & secondary != 0 }
    static func isBenign(_ type: UInt8) -> Bool { type & benign != 0 }
}

/// Bytes in one directory entry (§6).
let directoryEntrySize = 32

/// One 32-byte directory entry and where it lies in the volume. `bytes` is a slice of the
/// directory chunk just read (no copy per entry); its indices do not start at 0.
struct RawEntry {
    var bytes: ArraySlice<UInt8>
    var volumeOffset: UInt64
    var type: UInt8 { bytes.first ?? 0 }
    var reader: LittleEndianReader { LittleEndianReader(bytes, what: tr(.xcDirectoryEntryAtByte, ["volumeOffset": "\(volumeOffset)"])) }
}

/// File directory entry (§7.4), the primary entry of a file's entry set.
struct FileDirectoryEntry {
    var secondaryCount: UInt8
    var setChecksum: UInt16
    var fileAttributes: UInt16
    var createTimestamp: UInt32
    var lastModifiedTimestamp: UInt32
    var lastAccessedTimestamp: UInt32
    var create10msIncrement: UInt8
    var lastModified10msIncrement: UInt8
    var createUtcOffset: UInt8
    var lastModifiedUtcOffset: UInt8
    var lastAccessedUtcOffset: UInt8

    static let attributeDirectory: UInt16 = 0x10

    init(_ e: RawEntry) throws {
        let r = e.reader
        secondaryCount = try r.u8(1)
        setChecksum = try r.u16(2)
        fileAttributes = try r.u16(4)
        createTimestamp = try r.u32(8)
        lastModifiedTimestamp = try r.u32(12)
        lastAccessedTimestamp = try r.u32(16)
        create10msIncrement = try r.u8(20)
        lastModified10msIncrement = try r.u8(21)
        createUtcOffset = try r.u8(22)
        lastModifiedUtcOffset = try r.u8(23)
        lastAccessedUtcOffset = try r.u8(24)
    }

    var isDirectory: Bool { fileAttributes & Self.attributeDirectory != 0 }
}

/// Stream Extension directory entry (§7.6): where the data is and how long it is.
struct StreamExtensionEntry {
    /// GeneralSecondaryFlags (§6.4.2): bit 0 AllocationPossible, bit 1 NoFatChain.
    var generalSecondaryFlags: UInt8
    var nameLength: UInt8
    var nameHash: UInt16
    var validDataLength: UInt64
    var firstCluster: UInt32
    var dataLength: UInt64

    init(_ e: RawEntry) throws {
        let r = e.reader
        generalSecondaryFlags = try r.u8(1)
        nameLength = try r.u8(3)
        nameHash = try r.u16(4)
        validDataLength = try r.u64(8)
        firstCluster = try r.u32(20)
        dataLength = try r.u64(24)
    }

    var allocationPossible: Bool { generalSecondaryFlags & 1 != 0 }
    var noFatChain: Bool { generalSecondaryFlags & 2 != 0 }
}

/// File Name directory entry (§7.7): fifteen UTF-16 code units of the name.
enum FileNameEntry {
    static let unitsPerEntry = 15

    static func units(_ e: RawEntry) throws -> [UInt16] {
        let r = e.reader
        return try (0..<unitsPerEntry).map { try r.u16(2 + 2 * $0) }
    }
}

/// Allocation Bitmap (§7.1.2), Up-case Table (§7.2) and other primary entries whose data is
/// described by the generic FirstCluster/DataLength fields (§6.3.5, §6.3.6).
struct GenericPrimaryEntry {
    var firstCluster: UInt32
    var dataLength: UInt64
    init(_ e: RawEntry) throws {
        let r = e.reader
        firstCluster = try r.u32(20)
        dataLength = try r.u64(24)
    }
}
