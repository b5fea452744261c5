import CardIO

/// One GPT partition entry (UEFI spec §5.3.3, Table 5-6). Entries are `SizeOfPartitionEntry`
/// bytes apart; the first 128 bytes have this layout.
///
/// | offset | size | field |
/// | --- | --- | --- |
/// | 0 | 16 | PartitionTypeGUID (all zero: entry unused) |
/// | 16 | 16 | UniquePartitionGUID |
/// | 32 | 8 | StartingLBA |
/// | 40 | 8 | EndingLBA (inclusive) |
/// | 48 | 8 | Attributes |
/// | 56 | 72 | PartitionName (36 UTF-16LE code units, NUL-padded) |
struct GPTPartitionEntry: Equatable {
    static let layoutSize = 128
    static let nameOffset = 56
    static let nameCodeUnits = 36
    /// Attribute bit 2 (Table 5-8): legacy BIOS bootable.
    static let legacyBIOSBootable: UInt64 = 1 << 2

    var typeGUID: GUID
    var uniqueGUID: GUID
    var startingLBA: UInt64
    var endingLBA: UInt64
    var attributes: UInt64
    var name: String

    init(_ r: LittleEndianReader) throws {
        typeGUID = GUID(try r.slice(0, 16))
        uniqueGUID = GUID(try r.slice(16, 16))
        startingLBA = try r.u64(32)
        endingLBA = try r.u64(40)
        attributes = try r.u64(48)
        var units: [UInt16] = []
        for i in 0..<Self.nameCodeUnits {
            let u = try r.u16(Self.nameOffset + 2 * i)
            if u == 0 { break }
            units.append(u)
        }
        // Unpaired surrogates become U+FFFD: a name is for display only.
        name = String(decoding: units, as: UTF16.self)
    }

    var isUnused: Bool { typeGUID.isZero }
}
