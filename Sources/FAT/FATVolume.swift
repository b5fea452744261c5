import CardIO
import CardFileSystem
import Messages

/// A FAT12, FAT16 or FAT32 volume read from a read-only byte source (Microsoft FAT
/// specification, fatgen103).
///
/// `init` validates the boot sector one invariant at a time and checks that the FATs and the
/// root directory lie inside the source. Directory walks are bounded in depth, in entries and by
/// the cluster count; FAT entries are read through a small cache.
public final class FATVolume: CardVolume {
    public let source: ByteSource
    let boot: BootSector
    let geometry: FATGeometry
    let fat: FATTable
    private let openWarnings: [String]
    private let fsInfo: FSInfo?
    /// The label from the root directory's volume-label entry (§6.1, ATTR_VOLUME_ID).
    private let rootLabel: String?
    private var cachedDescription: VolumeDescription?

    /// Deepest folder nesting walked; deeper folders go into `problems`.
    public var maxDepth = 64
    /// Most entries one listing returns (a camera card holds a few thousand); the walk stops
    /// there and says so in `problems`, so a hostile image cannot exhaust memory.
    public var maxEntries = 200_000
    /// fatgen103 §6: a directory holds at most 65,536 entries of 32 bytes.
    static let maxDirectoryBytes: UInt32 = 65_536 * 32

    /// Cheap check that `firstSector` (at least 512 bytes) holds a FAT boot sector, for the
    /// partition and filesystem detector.
    public static func looksLikeFAT(_ firstSector: [UInt8]) -> Bool {
        BootSector.plausible(firstSector)
    }

    /// Opens the volume whose bytes are `source` (a partition slice or a whole image).
    /// Throws `FileSystemError.unrecognised` when the first sector is not a FAT boot sector and
    /// `FileSystemError.corrupt` naming the first broken invariant when it is a damaged one.
    public init(source: ByteSource) throws {
        self.source = source
        guard source.size >= 512 else {
            throw FileSystemError.unrecognised(hint: tr(.fcOnlyBytesLessThanOne, ["size": "\(source.size)"]))
        }
        let sector = try source.read(at: 0, count: 512)
        guard BootSector.plausible(sector) else { throw FileSystemError.unrecognised(hint: nil) }
        let boot = try BootSector(sector)
        let geometry = try FATGeometry(boot)
        var warnings = geometry.warnings
        if boot.signature != 0xAA55 {
            warnings.append(tr(.fcBootSectorSignatureIsMissing))
        }
        // The FATs and the fixed root directory must be in the source; data past the end of a
        // truncated image is reported file by file.
        let metaEnd = UInt64(geometry.firstDataSector) * UInt64(geometry.bytesPerSector)
        guard metaEnd <= source.size else {
            throw FileSystemError.corrupt(structure: "FAT volume",
                reason: tr(.fcImageIsTruncatedTheFATs, ["metaEnd": "\(metaEnd)", "size": "\(source.size)"]))
        }
        if geometry.volumeBytes > source.size {
            warnings.append(tr(.fcImageIsTruncatedTheVolume, ["volumeBytes": "\(geometry.volumeBytes)", "size": "\(source.size)"]))
        }
        var fsInfo: FSInfo?
        if geometry.kind == .fat32 {
            let s = UInt32(boot.fsInfo)
            if s == 0 || s == 0xFFFF {
                // No FSInfo sector: allowed, nothing to report.
            } else if s >= geometry.reservedSectors {
                warnings.append(tr(.fcFSInfoSectorLiesOutsideThe, ["s": "\(s)"]))
            } else if let bytes = try? source.read(at: UInt64(s) * UInt64(geometry.bytesPerSector), count: 512),
                      let info = try? FSInfo(bytes) {
                if info.badSignatures.isEmpty {
                    fsInfo = info
                    if info.freeCount != 0xFFFF_FFFF && info.freeCount > geometry.clusterCount {
                        warnings.append(tr(.fcFSInfoFreeCountExceedsThe, ["freeCount": "\(info.freeCount)", "clusterCount": "\(geometry.clusterCount)"]))
                    }
                } else {
                    warnings.append(tr(.fcFSInfoSignatureBadItsFree, ["v": "\(info.badSignatures.joined(separator: ", "))"]))
                }
            } else {
                warnings.append(tr(.fcFSInfoSectorCouldNotBe, ["s": "\(s)"]))
            }
        }
        self.boot = boot
        self.geometry = geometry
        self.fat = FATTable(source: source, geometry: geometry, copy: geometry.activeFAT)
        self.fsInfo = fsInfo
        var label: String?
        do {
            var claimed = ClusterBitmap(maxCluster: geometry.maxCluster)
            let root = try Self.readRoot(source: source, geometry: geometry, fat: fat, firstClusterOnly: true, claimed: &claimed)
            var parser = DirectoryParser()
            _ = parser.parse(root.bytes[...], includeDeleted: false)
            label = parser.label
        } catch {
            warnings.append(tr(.fcRootDirectoryCouldNotBe, ["error": "\(error)"]))
        }
        self.rootLabel = label
        self.openWarnings = warnings
    }

    // MARK: description

    public var description: VolumeDescription {
        if let d = cachedDescription { return d }
        let d = makeDescription()
        cachedDescription = d
        return d
    }

    private func makeDescription() -> VolumeDescription {
        var warnings = openWarnings
        let scan = scanFATs()
        warnings += scan.warnings
        let g = geometry
        var details: [(key: String, value: String)] = [
            ("oem_name", String(decoding: boot.oemName.map { (0x20..<0x7F).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)),
            ("sectors_per_cluster", "\(g.sectorsPerCluster)"),
            ("reserved_sectors", "\(g.reservedSectors)"),
            ("fat_count", "\(g.fatCount)"),
            ("sectors_per_fat", "\(g.sectorsPerFAT)"),
        ]
        if g.kind == .fat32 {
            details.append(("root_directory_cluster", "\(g.rootCluster)"))
            details.append(("fsinfo_sector", "\(boot.fsInfo)"))
            details.append(("backup_boot_sector", "\(boot.bkBootSec)"))
            if boot.extFlags & 0x80 != 0 { details.append(("active_fat", "\(g.activeFAT + 1)")) }
            if let info = fsInfo {
                details.append(("fsinfo_free_clusters", info.freeCount == 0xFFFF_FFFF ? "unknown" : "\(info.freeCount)"))
                details.append(("fsinfo_next_free", info.nextFree == 0xFFFF_FFFF ? "unknown" : "\(info.nextFree)"))
            }
        } else {
            details.append(("root_directory_sector", "\(g.rootDirSector)"))
            details.append(("root_directory_entries", "\(g.rootEntryCount)"))
        }
        details.append(("first_data_sector", "\(g.firstDataSector)"))
        if boot.hasExtendedFields {
            let type = String(decoding: boot.filSysType.map { (0x20..<0x7F).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
            details.append(("filesystem_type_label", type.trimmingTrailingSpaces))
        }
        var label = rootLabel
        if label == nil, boot.hasExtendedFields, let l = DirectoryParser.labelText(boot.volLab), l != "NO NAME" {
            label = l
        }
        return VolumeDescription(kind: g.kind, label: label, serialNumber: boot.hasExtendedFields ? boot.volID : 0,
                                 bytesPerSector: g.bytesPerSector, clusterSize: g.clusterSize,
                                 clusterCount: g.clusterCount, freeClusters: scan.free ?? fsInfoFree,
                                 volumeSize: g.volumeBytes, details: details, warnings: warnings)
    }

    private var fsInfoFree: UInt32? {
        guard let f = fsInfo?.freeCount, f != 0xFFFF_FFFF, f <= geometry.clusterCount else { return nil }
        return f
    }

    /// One pass over the FAT copies in large reads: the free-cluster count of the active copy and
    /// how many data-cluster entries each other copy holds differently.
    private func scanFATs() -> (free: UInt32?, warnings: [String]) {
        let g = geometry
        // Divisible by 2, 3 and 4 so no entry straddles two chunks (FAT12 packs 2 entries in 3 bytes).
        let chunk: UInt64 = 3 << 19
        let entryEnd = UInt64(g.maxCluster) + 1
        let bytesNeeded: UInt64
        switch g.kind {
        case .fat12: bytesNeeded = (entryEnd * 3 + 1) / 2
        case .fat16: bytesNeeded = entryEnd * 2
        default: bytesNeeded = entryEnd * 4
        }
        let length = min(bytesNeeded, g.fatBytes)
        var free: UInt32 = 0
        var differing = [UInt64](repeating: 0, count: Int(g.fatCount))
        var warnings: [String] = []
        var freeKnown = true
        var pos: UInt64 = 0
        while pos < length {
            let n = Int(min(chunk, length - pos))
            guard let active = try? source.read(at: g.fatOffset(copy: g.activeFAT) + pos, count: n) else {
                warnings.append(tr(.fcFATCouldNotBeRead, ["v": "\(g.activeFAT + 1)", "pos": "\(pos)"]))
                freeKnown = false
                break
            }
            let firstEntry = entryIndex(ofByte: pos)
            let entries = entryValues(active, firstEntry: firstEntry, limit: entryEnd)
            for (i, v) in entries.enumerated() where firstEntry + UInt64(i) >= 2 && v == 0 { free += 1 }
            for copy in 0..<g.fatCount where copy != g.activeFAT && differing[Int(copy)] != .max {
                guard let other = try? source.read(at: g.fatOffset(copy: copy) + pos, count: n) else {
                    warnings.append(tr(.fcFATCouldNotBeRead, ["v": "\(copy + 1)", "pos": "\(pos)"]))
                    differing[Int(copy)] = .max
                    continue
                }
                if other == active { continue }
                let values = entryValues(other, firstEntry: firstEntry, limit: entryEnd)
                for (i, v) in values.enumerated() where firstEntry + UInt64(i) >= 2 && i < entries.count && v != entries[i] {
                    differing[Int(copy)] += 1
                }
            }
            pos += UInt64(n)
        }
        for copy in 0..<g.fatCount where copy != g.activeFAT {
            let d = differing[Int(copy)]
            if d != 0 && d != .max {
                warnings.append(tr(.fcFATCopiesAndDifferIn, ["v": "\(g.activeFAT + 1)", "v2": "\(copy + 1)", "d": "\(d)"]))
            }
        }
        return (freeKnown ? free : nil, warnings)
    }

    private func entryIndex(ofByte pos: UInt64) -> UInt64 {
        switch geometry.kind {
        case .fat12: return pos / 3 * 2
        case .fat16: return pos / 2
        default: return pos / 4
        }
    }

    /// Decodes the entries held in `bytes`, which start at entry `firstEntry`, up to entry `limit`.
    private func entryValues(_ bytes: [UInt8], firstEntry: UInt64, limit: UInt64) -> [UInt32] {
        var out: [UInt32] = []
        switch geometry.kind {
        case .fat12:
            var i = 0
            while i + 2 < bytes.count {
                let v = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16
                out.append(v & 0xFFF)
                out.append(v >> 12)
                i += 3
            }
            if i + 1 < bytes.count { out.append((UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8) & 0xFFF) }
        case .fat16:
            var i = 0
            while i + 1 < bytes.count { out.append(UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8); i += 2 }
        default:
            var i = 0
            while i + 3 < bytes.count {
                out.append((UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24) & 0x0FFF_FFFF)
                i += 4
            }
        }
        let keep = limit > firstEntry ? Int(min(UInt64(out.count), limit - firstEntry)) : 0
        return Array(out.prefix(keep))
    }

    // MARK: allocation

    public func isAllocated(cluster: UInt32) throws -> Bool {
        guard geometry.isValidCluster(cluster) else {
            throw FileSystemError.corrupt(structure: "FAT", reason: tr(.fcClusterIsOutsideTheVolume, ["cluster": "\(cluster)", "maxCluster": "\(geometry.maxCluster)"]))
        }
        return try fat.entry(cluster) != .free
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        String(self.reversed().drop(while: { $0 == " " }).reversed())
    }
}
