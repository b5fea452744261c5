import CardFileSystem
import Messages

/// Where everything lies on a FAT volume, derived from the BPB and checked one invariant at a
/// time (fatgen103 §3.5 "Determination of FAT type", §4 "FAT Data Structure", §6 "Directory
/// Structure"). Every region is checked to lie inside the volume the BPB declares.
struct FATGeometry {
    var kind: FileSystemKind
    var bytesPerSector: UInt32
    var sectorsPerCluster: UInt32
    var clusterSize: UInt32
    var reservedSectors: UInt32
    var fatCount: UInt32
    var sectorsPerFAT: UInt32
    var totalSectors: UInt32
    /// FAT12/16: entries in the fixed root directory; 0 on FAT32.
    var rootEntryCount: UInt32
    /// FAT12/16 fixed root directory: first sector and length in sectors.
    var rootDirSector: UInt32
    var rootDirSectors: UInt32
    var firstDataSector: UInt32
    /// Count of data clusters; valid cluster numbers are 2 ... clusterCount + 1.
    var clusterCount: UInt32
    /// FAT32 BPB_RootClus.
    var rootCluster: UInt32
    /// The FAT copy to read (FAT32 BPB_ExtFlags with mirroring off names one; else the first).
    var activeFAT: UInt32
    var warnings: [String]

    var maxCluster: UInt32 { clusterCount + 1 }
    var volumeBytes: UInt64 { UInt64(totalSectors) * UInt64(bytesPerSector) }
    var dataBytes: UInt64 { UInt64(clusterCount) * UInt64(clusterSize) }
    var fatBytes: UInt64 { UInt64(sectorsPerFAT) * UInt64(bytesPerSector) }

    func fatOffset(copy: UInt32) -> UInt64 {
        (UInt64(reservedSectors) + UInt64(copy) * UInt64(sectorsPerFAT)) * UInt64(bytesPerSector)
    }

    var rootDirOffset: UInt64 { UInt64(rootDirSector) * UInt64(bytesPerSector) }
    var rootDirBytes: UInt64 { UInt64(rootEntryCount) * 32 }

    /// Byte offset of `cluster`'s first byte in the volume; the caller checked the range.
    func offset(ofCluster cluster: UInt32) -> UInt64 {
        UInt64(firstDataSector) * UInt64(bytesPerSector) + UInt64(cluster - 2) * UInt64(clusterSize)
    }

    func isValidCluster(_ c: UInt32) -> Bool { c >= 2 && c <= maxCluster }

    private static func corrupt(_ reason: String) -> FileSystemError {
        .corrupt(structure: tr(.geoStructFATBoot), reason: reason)
    }

    init(_ bs: BootSector) throws {
        var warnings: [String] = []
        // fatgen103 §3.1: BPB_BytsPerSec is 512, 1024, 2048 or 4096.
        guard [512, 1024, 2048, 4096].contains(bs.bytsPerSec) else {
            throw Self.corrupt(tr(.geoBytesPerSector, ["value": String(bs.bytsPerSec)]))
        }
        guard bs.secPerClus != 0 else { throw Self.corrupt(tr(.geoSecPerClusZero)) }
        guard bs.secPerClus & (bs.secPerClus - 1) == 0 else {
            throw Self.corrupt(tr(.geoSecPerClusPow2, ["value": String(bs.secPerClus)]))
        }
        guard bs.rsvdSecCnt != 0 else { throw Self.corrupt(tr(.geoReservedZero)) }
        guard bs.numFATs != 0 else { throw Self.corrupt(tr(.geoFATCountZero)) }
        let fatSz = bs.fatSz16 != 0 ? UInt32(bs.fatSz16) : bs.fatSz32
        guard fatSz != 0 else { throw Self.corrupt(tr(.geoFATLengthZero)) }
        let totSec = bs.totSec16 != 0 ? UInt32(bs.totSec16) : bs.totSec32
        guard totSec != 0 else { throw Self.corrupt(tr(.geoTotalZero)) }

        let bps = UInt32(bs.bytsPerSec)
        let rootDirSectors = (UInt32(bs.rootEntCnt) * 32 + bps - 1) / bps
        // All in 64 bits: FATSz32 × NumFATs can exceed 32 bits on a hostile BPB.
        let metaSectors = UInt64(bs.rsvdSecCnt) + UInt64(bs.numFATs) * UInt64(fatSz) + UInt64(rootDirSectors)
        guard metaSectors < UInt64(totSec) else {
            throw Self.corrupt(tr(.geoDoesNotFit, ["fats": String(bs.numFATs), "fatsize": String(fatSz), "meta": String(metaSectors), "total": String(totSec)]))
        }
        let dataSectors = UInt32(UInt64(totSec) - metaSectors)
        let count = dataSectors / UInt32(bs.secPerClus)
        guard count != 0 else { throw Self.corrupt(tr(.geoNoData)) }

        // §3.5: the type is decided by the cluster count alone.
        var kind: FileSystemKind = count < 4085 ? .fat12 : (count < 65525 ? .fat16 : .fat32)
        // Some formatters (mkfs.fat -F 32 on a small card among them) write a FAT32 BPB with
        // fewer clusters than the rule allows. There is no FAT12/16 reading of such a volume (no
        // fixed root directory), so read it as the FAT32 it was made as, as Linux does, and say so.
        if kind != .fat32 && bs.usesFAT32Layout && bs.rootEntCnt == 0 {
            warnings.append(tr(.geoFAT32SmallWarn, ["count": String(count), "kind": kind.rawValue]))
            kind = .fat32
        }
        var clusterCount = count
        switch kind {
        case .fat32:
            guard bs.usesFAT32Layout else {
                throw Self.corrupt(tr(.geoFAT32SizeField, ["count": String(count)]))
            }
            guard bs.rootEntCnt == 0 else {
                throw Self.corrupt(tr(.geoFAT32RootEntries, ["value": String(bs.rootEntCnt)]))
            }
            if count > 0x0FFF_FFF5 {
                throw Self.corrupt(tr(.geoFAT32Limit, ["count": String(count)]))
            }
        default:
            guard bs.rootEntCnt != 0 else {
                throw Self.corrupt(tr(.geoRootEntriesZero, ["kind": kind.rawValue]))
            }
        }
        // The FAT must have an entry for every cluster (§4). A short FAT leaves the last clusters
        // unaddressable: use what the FAT covers and say so.
        let bitsPerEntry: UInt64 = kind == .fat12 ? 12 : (kind == .fat16 ? 16 : 32)
        let entries = UInt64(fatSz) * UInt64(bps) * 8 / bitsPerEntry
        if entries < UInt64(count) + 2 {
            guard entries > 2 else { throw Self.corrupt(tr(.geoFATNoEntries, ["fatsize": String(fatSz)])) }
            clusterCount = UInt32(entries - 2)
            warnings.append(tr(.geoFATShortWarn, ["fatsize": String(fatSz), "covered": String(clusterCount), "count": String(count)]))
        }

        var rootCluster: UInt32 = 0
        var activeFAT: UInt32 = 0
        if kind == .fat32 {
            rootCluster = bs.rootClus & 0x0FFF_FFFF
            guard rootCluster >= 2 && rootCluster <= clusterCount + 1 else {
                throw Self.corrupt(tr(.geoRootOutside, ["cluster": String(bs.rootClus), "max": String(clusterCount + 1)]))
            }
            // BPB_ExtFlags bit 7: mirroring disabled, bits 0-3 name the active FAT.
            if bs.extFlags & 0x80 != 0 {
                let active = UInt32(bs.extFlags & 0x0F)
                if active < UInt32(bs.numFATs) {
                    activeFAT = active
                } else {
                    warnings.append(tr(.fcActiveFATNamedByBPB, ["active": "\(active)"]))
                }
            }
        }

        self.kind = kind
        self.bytesPerSector = bps
        self.sectorsPerCluster = UInt32(bs.secPerClus)
        self.clusterSize = bps * UInt32(bs.secPerClus)
        self.reservedSectors = UInt32(bs.rsvdSecCnt)
        self.fatCount = UInt32(bs.numFATs)
        self.sectorsPerFAT = fatSz
        self.totalSectors = totSec
        self.rootEntryCount = kind == .fat32 ? 0 : UInt32(bs.rootEntCnt)
        self.rootDirSector = UInt32(bs.rsvdSecCnt) + UInt32(bs.numFATs) * fatSz
        self.rootDirSectors = kind == .fat32 ? 0 : rootDirSectors
        self.firstDataSector = UInt32(metaSectors)
        self.clusterCount = clusterCount
        self.rootCluster = rootCluster
        self.activeFAT = activeFAT
        self.warnings = warnings
    }
}
