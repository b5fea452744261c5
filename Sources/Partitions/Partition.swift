import CardIO

/// One partition found in a partition table, or the whole card when it has no table.
public struct Partition: Equatable, Sendable {
    /// Where in the table a partition was found.
    public enum Role: String, Equatable, Sendable {
        /// One of the four entries of the MBR in sector 0.
        case primary
        /// A partition described by an extended boot record in the extended partition's chain.
        case logical
        /// An entry of a GPT partition entry array.
        case gpt
        /// The whole source: there is no partition table.
        case wholeSource
    }

    /// The number the user sees and passes to `--partition N`. It follows Linux's numbering, as
    /// `sfdisk` and `/dev/sdX<N>` show it: MBR primaries are 1–4 by slot, logical partitions 5 on in
    /// chain order; GPT entries are their 1-based index in the entry array; a table-less card is 1.
    public var index: Int
    public var role: Role
    /// The first byte of the partition within the source.
    public var startByte: UInt64
    /// The length the table claims, in bytes (it may reach past the source's end; see `extendsPastEnd`).
    public var length: UInt64
    /// The table's first sector of the partition, in `sectorSize` units.
    public var startSector: UInt64
    /// The table's length of the partition, in `sectorSize` units.
    public var sectorCount: UInt64
    /// The logical sector size the table is written in (512 for MBR; 512 or 4096 for GPT).
    public var sectorSize: Int
    /// The type as people read it: "0x0C FAT32 LBA", "Microsoft basic data".
    public var typeDescription: String
    /// The MBR type byte (nil for GPT and table-less cards).
    public var mbrType: UInt8?
    /// The GPT partition type GUID, "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7" (nil for MBR).
    public var typeGUID: String?
    /// The GPT unique partition GUID (nil for MBR).
    public var uniqueGUID: String?
    /// The GPT partition name (UTF-16LE in the entry), nil when empty or for MBR.
    public var name: String?
    /// MBR boot indicator 0x80 (for GPT: the "legacy BIOS bootable" attribute, bit 2).
    public var bootable: Bool
    /// GPT attribute bits (0 for MBR).
    public var attributes: UInt64
    /// True when the partition reaches past the source's end (a truncated image, a wrong table):
    /// a reader should use `availableLength` and say what is missing.
    public var extendsPastEnd: Bool
    /// How many of the partition's bytes the source holds.
    public var availableLength: UInt64

    /// A window onto the partition, cut to what the source holds when the image is truncated.
    /// Throws `CardIOError.outOfBounds` when the partition starts past the source's end.
    public func slice(of source: ByteSource) throws -> SliceSource {
        try SliceSource(source, start: startByte, length: length,
                        name: "partition \(index) of \(source.name)", clamp: true)
    }
}
