import CardIO
import Messages

/// The GPT header (UEFI spec §5.3.2, Table 5-5), in its own logical block: LBA 1 for the primary,
/// normally the last LBA for the backup.
///
/// | offset | size | field |
/// | --- | --- | --- |
/// | 0 | 8 | Signature "EFI PART" |
/// | 8 | 4 | Revision (0x00010000 for 1.0) |
/// | 12 | 4 | HeaderSize (≥ 92, ≤ block size) |
/// | 16 | 4 | HeaderCRC32 (over HeaderSize bytes, this field zeroed) |
/// | 20 | 4 | Reserved |
/// | 24 | 8 | MyLBA |
/// | 32 | 8 | AlternateLBA |
/// | 40 | 8 | FirstUsableLBA |
/// | 48 | 8 | LastUsableLBA |
/// | 56 | 16 | DiskGUID |
/// | 72 | 8 | PartitionEntryLBA |
/// | 80 | 4 | NumberOfPartitionEntries |
/// | 84 | 4 | SizeOfPartitionEntry (128·2^n) |
/// | 88 | 4 | PartitionEntryArrayCRC32 |
struct GPTHeader: Equatable {
    static let signature: [UInt8] = Array("EFI PART".utf8)
    static let minimumHeaderSize: UInt32 = 92
    static let revision1_0: UInt32 = 0x0001_0000
    /// The most entry-array bytes we read (spec minimum is 16 KiB; 1 MiB is 8192 entries of 128).
    static let maxEntryArrayBytes = 1 << 20

    var revision: UInt32
    var headerSize: UInt32
    var headerCRC32: UInt32
    var myLBA: UInt64
    var alternateLBA: UInt64
    var firstUsableLBA: UInt64
    var lastUsableLBA: UInt64
    var diskGUID: GUID
    var partitionEntryLBA: UInt64
    var numberOfPartitionEntries: UInt32
    var sizeOfPartitionEntry: UInt32
    var partitionEntryArrayCRC32: UInt32

    /// Parses and validates the header in `block` (one logical block read at `lba`). Validation
    /// follows §5.3.2 "GPT header validity": signature, HeaderSize, HeaderCRC32, MyLBA; then the
    /// limits this reader needs: a usable range in order and an entry array of sane size.
    /// `verifyChecksums: false` is only for fuzzing, to reach the code behind the CRCs.
    init(block: [UInt8], lba: UInt64, sectorSize: Int, verifyChecksums: Bool = true) throws {
        let r = LittleEndianReader(block, what: tr(.pcGPTHeaderAtLBA, ["lba": "\(lba)"]))
        guard block.count >= Int(Self.minimumHeaderSize), Array(try r.slice(0, 8)) == Self.signature else {
            throw GPTProblem.noSignature(lba: lba)
        }
        revision = try r.u32(8)
        headerSize = try r.u32(12)
        headerCRC32 = try r.u32(16)
        myLBA = try r.u64(24)
        alternateLBA = try r.u64(32)
        firstUsableLBA = try r.u64(40)
        lastUsableLBA = try r.u64(48)
        diskGUID = GUID(try r.slice(56, 16))
        partitionEntryLBA = try r.u64(72)
        numberOfPartitionEntries = try r.u32(80)
        sizeOfPartitionEntry = try r.u32(84)
        partitionEntryArrayCRC32 = try r.u32(88)

        guard headerSize >= Self.minimumHeaderSize, Int(headerSize) <= min(sectorSize, block.count) else {
            throw GPTProblem.headerSizeOutOfRange(size: headerSize, sectorSize: sectorSize)
        }
        if verifyChecksums {
            var covered = Array(try r.slice(0, Int(headerSize)))
            for i in 16..<20 { covered[i] = 0 }
            let computed = CRC32.checksum(covered)
            guard computed == headerCRC32 else {
                throw GPTProblem.headerCRCMismatch(stored: headerCRC32, computed: computed)
            }
        }
        guard myLBA == lba else { throw GPTProblem.myLBAMismatch(stored: myLBA, readAt: lba) }
        guard firstUsableLBA <= lastUsableLBA else {
            throw GPTProblem.usableRangeInvalid(first: firstUsableLBA, last: lastUsableLBA)
        }
        guard Self.isValidEntrySize(sizeOfPartitionEntry) else {
            throw GPTProblem.entrySizeInvalid(sizeOfPartitionEntry)
        }
        let (bytes, overflow) = UInt64(numberOfPartitionEntries).multipliedReportingOverflow(by: UInt64(sizeOfPartitionEntry))
        guard !overflow, bytes <= UInt64(Self.maxEntryArrayBytes) else {
            throw GPTProblem.entryArrayTooLarge(count: numberOfPartitionEntries, size: sizeOfPartitionEntry)
        }
    }

    /// 128 × 2^n (spec §5.3.2, SizeOfPartitionEntry).
    static func isValidEntrySize(_ size: UInt32) -> Bool {
        size >= 128 && size % 128 == 0 && (size / 128).nonzeroBitCount == 1
    }

    /// The entry array's length in bytes; within `maxEntryArrayBytes` once `init` has succeeded.
    var entryArrayByteCount: Int {
        Int(min(UInt64(numberOfPartitionEntries) * UInt64(sizeOfPartitionEntry), UInt64(Self.maxEntryArrayBytes)))
    }
}
