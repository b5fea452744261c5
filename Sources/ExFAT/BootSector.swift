import CardFileSystem
import CardIO
import Messages

/// The Main Boot Sector (exFAT specification §3.1), fields in spec order with the spec's names.
///
/// `parse` reads the fields and checks every invariant §3.1 states, one at a time, each failure
/// with its own reason. Invariants that only concern the bytes the source holds (a truncated
/// image) are checked by `ExFATVolume`, which knows the source.
struct BootSector: Equatable {
    /// "EXFAT   " (§3.1.2).
    static let fileSystemName: [UInt8] = Array("EXFAT   ".utf8)
    /// §3.1.5: clusters are numbered from 2; the largest count leaves room for the FAT's
    /// reserved values (0xFFFFFFF7 and above).
    static let maximumClusterCount: UInt32 = 0xFFFF_FFF5

    var jumpBoot: [UInt8]
    var partitionOffset: UInt64
    /// In sectors.
    var volumeLength: UInt64
    /// In sectors from the start of the volume.
    var fatOffset: UInt32
    /// In sectors.
    var fatLength: UInt32
    /// In sectors from the start of the volume.
    var clusterHeapOffset: UInt32
    var clusterCount: UInt32
    var firstClusterOfRootDirectory: UInt32
    var volumeSerialNumber: UInt32
    /// High byte major, low byte minor (§3.1.12).
    var fileSystemRevision: UInt16
    var volumeFlags: UInt16
    var bytesPerSectorShift: UInt8
    var sectorsPerClusterShift: UInt8
    var numberOfFats: UInt8
    var driveSelect: UInt8
    var percentInUse: UInt8
    var bootSignature: UInt16

    /// Things that break the spec but leave the volume readable (a volume under 1 MiB, an
    /// unknown revision, PercentInUse out of range).
    var warnings: [String] = []

    var bytesPerSector: UInt32 { UInt32(1) << UInt32(bytesPerSectorShift) }
    var sectorsPerCluster: UInt32 { UInt32(1) << UInt32(sectorsPerClusterShift) }
    /// At most 32 MiB (§3.1.15), so it fits a UInt32.
    var bytesPerCluster: UInt32 { UInt32(1) << (UInt32(bytesPerSectorShift) + UInt32(sectorsPerClusterShift)) }
    /// VolumeFlags bit 0 (§3.1.13.1): which FAT and bitmap are active when there are two.
    var activeFat: Int { Int(volumeFlags & 1) }
    /// VolumeFlags bit 1: the volume was not cleanly unmounted.
    var volumeDirty: Bool { volumeFlags & 2 != 0 }
    /// VolumeFlags bit 2: the medium reported failures.
    var mediaFailure: Bool { volumeFlags & 4 != 0 }
    var clearToZero: Bool { volumeFlags & 8 != 0 }

    /// Byte offset of a sector number; every sector number stored here was checked to lie inside
    /// the volume, whose length in bytes fits a UInt64, so the shift cannot overflow.
    func byteOffset(sector: UInt64) -> UInt64 { sector << UInt64(bytesPerSectorShift) }
    var volumeBytes: UInt64 { byteOffset(sector: volumeLength) }
    var fatBytes: UInt64 { byteOffset(sector: UInt64(fatLength)) }
    /// Offset of FAT number `index` (0 or 1).
    func fatStart(_ index: Int) -> UInt64 {
        byteOffset(sector: UInt64(fatOffset) + UInt64(index) * UInt64(fatLength))
    }
    var heapStart: UInt64 { byteOffset(sector: UInt64(clusterHeapOffset)) }
    var heapBytes: UInt64 { UInt64(clusterCount) * UInt64(bytesPerCluster) }
    /// The last valid cluster number.
    var lastCluster: UInt32 { clusterCount + 1 }

    /// True when `cluster` names a cluster of the heap (2 ... ClusterCount + 1).
    func isValidCluster(_ cluster: UInt32) -> Bool { cluster >= 2 && cluster <= lastCluster }

    /// Offset of a valid cluster's first byte.
    func clusterOffset(_ cluster: UInt32) -> UInt64 {
        heapStart + UInt64(cluster - 2) * UInt64(bytesPerCluster)
    }

    static func parse(_ sector: [UInt8]) throws -> BootSector {
        let r = LittleEndianReader(sector, what: tr(.xcExFATBootSector))
        guard sector.count >= 512 else {
            throw FileSystemError.corrupt(structure: tr(.xStructBoot), reason: tr(.xBootOnly, ["count": String(sector.count)]))
        }
        guard Array(sector[3..<11]) == fileSystemName else {
            throw FileSystemError.unrecognised(hint: nil)
        }
        var b = BootSector(
            jumpBoot: Array(sector[0..<3]),
            partitionOffset: try r.u64(64), volumeLength: try r.u64(72),
            fatOffset: try r.u32(80), fatLength: try r.u32(84),
            clusterHeapOffset: try r.u32(88), clusterCount: try r.u32(92),
            firstClusterOfRootDirectory: try r.u32(96), volumeSerialNumber: try r.u32(100),
            fileSystemRevision: try r.u16(104), volumeFlags: try r.u16(106),
            bytesPerSectorShift: try r.u8(108), sectorsPerClusterShift: try r.u8(109),
            numberOfFats: try r.u8(110), driveSelect: try r.u8(111), percentInUse: try r.u8(112),
            bootSignature: try r.u16(510))
        try b.validate(mustBeZero: sector[11..<64])
        return b
    }

    private static func fail(_ reason: String) -> FileSystemError {
        .corrupt(structure: tr(.xStructBoot), reason: reason)
    }

    /// One check per §3.1 invariant, in field order.
    private mutating func validate(mustBeZero: ArraySlice<UInt8>) throws {
        // §3.1.1 JumpBoot: EB 76 90. Only a warning: the field is boot code, not layout.
        if jumpBoot != [0xEB, 0x76, 0x90] {
            warnings.append(tr(.xJumpBoot, ["value": hex(jumpBoot)]))
        }
        // §3.1.3: where FAT keeps its BIOS parameter block, exFAT keeps zeros.
        if mustBeZero.contains(where: { $0 != 0 }) {
            throw Self.fail(tr(.xMustBeZero))
        }
        if bootSignature != 0xAA55 {
            throw Self.fail(tr(.xBootSignature, ["value": String(bootSignature, radix: 16)]))
        }
        // §3.1.14 and §3.1.15 first: every other check depends on the sector and cluster sizes.
        guard (9...12).contains(bytesPerSectorShift) else {
            throw Self.fail(tr(.xBytesPerSectorShift, ["value": String(bytesPerSectorShift)]))
        }
        guard Int(sectorsPerClusterShift) <= 25 - Int(bytesPerSectorShift) else {
            throw Self.fail(tr(.xClusterShift, ["value": String(sectorsPerClusterShift)]))
        }
        // §3.1.16.
        guard numberOfFats == 1 || numberOfFats == 2 else {
            throw Self.fail(tr(.xNumberOfFats, ["value": String(numberOfFats)]))
        }
        // §3.1.5 VolumeLength: at least 1 MiB; its byte count must fit 64 bits.
        guard volumeLength > 0, volumeLength <= UInt64.max >> UInt64(bytesPerSectorShift) else {
            throw Self.fail(tr(.xVolumeLength, ["value": String(volumeLength)]))
        }
        if volumeLength < (UInt64(1) << 20) >> UInt64(bytesPerSectorShift) {
            warnings.append(tr(.xVolumeSmall, ["value": String(volumeBytes)]))
        }
        // §3.1.6 FatOffset: at least 24 (after the main and backup boot regions).
        guard fatOffset >= 24 else {
            throw Self.fail(tr(.xFatOffset, ["value": String(fatOffset)]))
        }
        // §3.1.9 ClusterCount, before FatLength because FatLength must hold ClusterCount + 2 entries.
        guard clusterCount >= 1, clusterCount <= Self.maximumClusterCount else {
            throw Self.fail(tr(.xClusterCount, ["value": String(clusterCount)]))
        }
        // §3.1.7 FatLength: room for ClusterCount + 2 four-byte entries.
        let neededFatBytes = (UInt64(clusterCount) + 2) * 4
        guard UInt64(fatLength) << UInt64(bytesPerSectorShift) >= neededFatBytes else {
            throw Self.fail(tr(.xFatLength, ["value": String(fatLength), "entries": String(UInt64(clusterCount) + 2)]))
        }
        // §3.1.6/§3.1.8: the FATs lie between FatOffset and ClusterHeapOffset.
        let fatsEnd = UInt64(fatOffset) + UInt64(fatLength) * UInt64(numberOfFats)
        guard fatsEnd <= UInt64(clusterHeapOffset) else {
            throw Self.fail(tr(numberOfFats == 2 ? .xFatsOverlap : .xFatOverlapsOne, ["from": String(fatOffset), "to": String(fatsEnd), "heap": String(clusterHeapOffset)]))
        }
        // §3.1.8/§3.1.9: the cluster heap lies inside the volume.
        let heapEnd = UInt64(clusterHeapOffset) + (UInt64(clusterCount) << UInt64(sectorsPerClusterShift))
        guard heapEnd <= volumeLength else {
            throw Self.fail(tr(.xHeapOutside, ["from": String(clusterHeapOffset), "to": String(heapEnd), "total": String(volumeLength)]))
        }
        // §3.1.10.
        guard isValidCluster(firstClusterOfRootDirectory) else {
            throw Self.fail(tr(.xRootOutside, ["value": String(firstClusterOfRootDirectory), "max": String(lastCluster)]))
        }
        // §3.1.12: revision 1.00 is the only one published.
        if fileSystemRevision >> 8 != 1 {
            warnings.append(tr(.xRevision, ["value": revisionString]))
        }
        // §3.1.13.1: with one FAT, ActiveFat must be 0.
        if numberOfFats == 1 && activeFat == 1 {
            warnings.append(tr(.xSecondFAT))
            volumeFlags &= ~1
        }
        // §3.1.17.
        if percentInUse > 100 && percentInUse != 0xFF {
            warnings.append(tr(.xPercentInUse, ["value": String(percentInUse)]))
        }
    }

    var revisionString: String {
        let minor = Int(fileSystemRevision & 0xFF)
        return "\(fileSystemRevision >> 8).\(minor < 10 ? "0" : "")\(minor)"
    }
}

func hex(_ bytes: [UInt8]) -> String {
    bytes.map { b in
        let s = String(b, radix: 16, uppercase: true)
        return s.count < 2 ? "0" + s : s
    }.joined(separator: " ")
}

func hex32(_ v: UInt32) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
}

/// Lower-case hex digits without separators.
func hexDigits(_ bytes: [UInt8]) -> String {
    bytes.map { b in
        let s = String(b, radix: 16)
        return s.count < 2 ? "0" + s : s
    }.joined()
}
