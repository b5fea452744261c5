import CardIO

/// The legacy MBR in sector 0 (UEFI spec §5.2.1, Table 5-1), and the same layout as an extended
/// boot record (EBR) in an extended partition's chain.
///
/// | offset | size | field |
/// | --- | --- | --- |
/// | 0 | 440 | BootCode |
/// | 440 | 4 | UniqueMBRDiskSignature |
/// | 444 | 2 | Unknown |
/// | 446 | 64 | PartitionRecord[4] (`MBRPartitionEntry`) |
/// | 510 | 2 | Signature 0x55, 0xAA |
struct MasterBootRecord {
    static let sectorSize = 512
    static let diskSignatureOffset = 440
    static let entriesOffset = 446
    static let bootSignatureOffset = 510

    var diskSignature: UInt32
    var entries: [MBRPartitionEntry]
    var hasBootSignature: Bool

    /// Parses a 512-byte sector; throws `CardIOError.truncated` when given fewer bytes.
    init(sector: [UInt8], what: String = "MBR") throws {
        let r = LittleEndianReader(sector, what: what)
        diskSignature = try r.u32(Self.diskSignatureOffset)
        entries = try (0..<4).map { slot in
            try MBRPartitionEntry(r.sub(Self.entriesOffset + slot * MBRPartitionEntry.size, MBRPartitionEntry.size))
        }
        hasBootSignature = try MasterBootRecord.hasBootSignature(r)
    }

    static func hasBootSignature(_ r: LittleEndianReader) throws -> Bool {
        try r.u8(bootSignatureOffset) == 0x55 && r.u8(bootSignatureOffset + 1) == 0xAA
    }

    /// True when the bytes end in 0x55AA at offset 510 (short input: false).
    static func hasBootSignature(_ bytes: [UInt8]) -> Bool {
        (try? hasBootSignature(LittleEndianReader(bytes, what: "sector 0"))) ?? false
    }
}
