import CardIO

/// One 16-byte partition entry of an MBR or an EBR (the "classic" DOS partition table entry, as
/// the UEFI spec §5.2.1 Table 5-2 lays it out).
///
/// | offset | size | field |
/// | --- | --- | --- |
/// | 0 | 1 | BootIndicator (0x80 bootable, 0x00 not) |
/// | 1 | 3 | StartingCHS (ignored: LBA fields are authoritative) |
/// | 4 | 1 | OSType |
/// | 5 | 3 | EndingCHS (ignored) |
/// | 8 | 4 | StartingLBA |
/// | 12 | 4 | SizeInLBA |
struct MBRPartitionEntry: Equatable {
    static let size = 16

    var bootIndicator: UInt8
    var osType: UInt8
    var startingLBA: UInt32
    var sizeInLBA: UInt32

    init(_ r: LittleEndianReader) throws {
        bootIndicator = try r.u8(0)
        osType = try r.u8(4)
        startingLBA = try r.u32(8)
        sizeInLBA = try r.u32(12)
    }

    /// An entry of type 0 or with no sectors describes nothing.
    var isUnused: Bool { osType == 0 || sizeInLBA == 0 }
    /// The boot indicator is one of the two values the format allows.
    var hasValidBootIndicator: Bool { bootIndicator == 0x00 || bootIndicator == 0x80 }
    var isExtended: Bool { MBRPartitionType.isExtended(osType) }
    var isGPTProtective: Bool { osType == MBRPartitionType.gptProtective }
}
