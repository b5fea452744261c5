import CardFileSystem
import CardIO
import Messages

/// A read-only exFAT volume (Microsoft exFAT file system specification) over the volume's bytes.
///
/// Opening validates the Main Boot Sector one invariant at a time (§3.1), the boot checksum
/// (§3.4), compares the backup boot region (warning only), checks that every region it will read
/// lies inside the volume and inside the source, and reads the Allocation Bitmap (§7.1) and the
/// Up-case Table checksum (§7.2) from the root directory.
///
/// Damage policy:
/// - an allocation bitmap shorter than ClusterCount needs is a warning and set aside (live files
///   need only their chains; deleted-file recovery then says it cannot tell free from used);
/// - a broken boot sector, boot checksum, bitmap chain, or a FAT/root directory past the end of the
///   image throws `FileSystemError` (one line);
/// - below the root, `listing` never throws for damage: unreadable folders, cycles, broken sets
///   go to `VolumeListing.problems`;
/// - an entry set whose SetChecksum fails is still listed, with a note saying its fields may be
///   damaged (inside a deleted folder such sets are dropped, since those clusters may hold
///   anything);
/// - `contentPlan` throws for a chain that loops or leaves the heap and for data past the image.
public final class ExFATVolume: CardVolume {
    public let source: ByteSource
    public private(set) var description: VolumeDescription

    let boot: BootSector
    let fat: FileAllocationTable
    let bitmap: AllocationBitmap
    /// The root directory's clusters, and why its chain could not be followed to the end.
    private let rootSpans: [ClusterSpan]
    private let rootProblem: String?

    /// Depth of nested folders the listing enters (the root is depth 0).
    public static let maximumDepth = 64
    /// Directory entries the listing reads in total, whatever the card says.
    public static let entryBudget = 2_000_000
    /// §6.2: no directory is larger than 256 MiB.
    static let maximumDirectoryBytes: UInt64 = 256 << 20

    /// True when the sector carries the exFAT FileSystemName (§3.1.2).
    public static func looksLikeExFAT(_ firstSector: [UInt8]) -> Bool {
        firstSector.count >= 11 && Array(firstSector[3..<11]) == BootSector.fileSystemName
    }

    /// Opens the volume. With `allowBackupBootRegion`, a main boot region that fails its checks
    /// (§3.1 invariants, §3.4 Boot Checksum) while the backup region (§3.2, sectors 12–23) is
    /// intact is read through the backup, with a warning saying so; without it (the default)
    /// such a volume is refused, naming the state of the backup.
    public init(source: ByteSource, allowBackupBootRegion: Bool = false) throws {
        self.source = source
        guard source.size >= 512 else {
            throw FileSystemError.unrecognised(hint: tr(.xcOnlyBytesTooSmallFor, ["size": "\(source.size)"]))
        }
        let first = try source.read(at: 0, count: 512)
        guard Self.looksLikeExFAT(first) else { throw FileSystemError.unrecognised(hint: nil) }
        let boot: BootSector
        var warnings: [String]
        do {
            (boot, warnings) = try Self.mainBootRegion(source: source, first: first)
        } catch let error as FileSystemError {
            guard allowBackupBootRegion, case let .corrupt(structure, reason) = error,
                  let backup = try Self.backupBootRegion(source: source) else { throw error }
            boot = backup
            warnings = backup.warnings
            warnings.append(tr(.warnBackupBootUsed, ["structure": structure, "reason": reason]))
        }
        self.boot = boot

        // The regions read below must be in the source; data past its end is read per file.
        let fatEnd = boot.fatStart(boot.activeFat) + boot.fatBytes
        guard fatEnd <= source.size else {
            throw Self.truncated("FAT \(boot.activeFat + 1)", needs: fatEnd, has: source.size)
        }
        if boot.volumeBytes > source.size {
            warnings.append(tr(.warnImageTruncated, ["volume": String(boot.volumeBytes), "held": String(source.size)]))
        }
        let rootOffset = boot.clusterOffset(boot.firstClusterOfRootDirectory)
        guard rootOffset + UInt64(boot.bytesPerCluster) <= source.size else {
            throw Self.truncated(tr(.xcRootFolder), needs: rootOffset + UInt64(boot.bytesPerCluster), has: source.size)
        }
        let fat = FileAllocationTable(source: source, boot: boot)
        self.fat = fat

        // §7.1-§7.3: the root holds the bitmap, up-case table and label entries.
        let rootWalk = fat.walk(from: boot.firstClusterOfRootDirectory, limit: nil, what: tr(.xcRootFolder))
        rootSpans = rootWalk.spans
        rootProblem = rootWalk.error.map { tr(.xcRootFolderTheListingMay, ["0": "\($0)"]) }
        if let rootProblem { warnings.append(rootProblem) }
        var budget = Self.entryBudget
        var stream = DirectoryStream(source: source, extents: Self.extents(rootSpans, boot: boot, byteLimit: nil))
        let root = DirectoryParser.parse(&stream, deletedSets: false, requireChecksum: false, budget: &budget, where: tr(.xcRootFolder))

        // Allocation bitmap: with two FATs, the one BitmapFlags bit 0 ties to the active FAT.
        guard let bitmapEntry = root.bitmaps.first(where: { Int($0.flags & 1) == boot.activeFat }) ?? root.bitmaps.first else {
            throw FileSystemError.corrupt(structure: tr(.xStructRoot), reason: tr(.xNoBitmapEntry) + (root.problems.first.map { " (\($0))" } ?? ""))
        }
        let bitmapBytes = (UInt64(boot.clusterCount) + 7) / 8
        let free: UInt32?
        if bitmapEntry.entry.dataLength < bitmapBytes {
            // §7.1.5: the bitmap only says which clusters are free. Live files are read by their
            // FAT chains and entries, so a bitmap of the wrong length is reported and set aside.
            let reason = tr(.xcDataLengthIsSmallerThanThe, ["dataLength": "\(bitmapEntry.entry.dataLength)", "bitmapBytes": "\(bitmapBytes)", "clusterCount": "\(boot.clusterCount)"])
            warnings.append(tr(.warnBitmapIgnored, ["reason": reason]))
            bitmap = AllocationBitmap(unusable: tr(.xcTheAllocationBitmapIsIgnored, ["reason": "\(reason)"]), source: source, boot: boot)
            free = nil
        } else {
            let (bitmapExtents, bitmapNote) = try Self.metadataExtents(first: bitmapEntry.entry.firstCluster, bytes: bitmapBytes,
                                                                      what: tr(.xcAllocationBitmap), fat: fat, source: source)
            if let bitmapNote { warnings.append(bitmapNote) }
            let usable = AllocationBitmap(source: source, boot: boot, extents: bitmapExtents)
            bitmap = usable
            free = try usable.freeClusters(source: source, extents: bitmapExtents)
        }

        // Up-case table: only its checksum matters to a reader that never creates names.
        var upcaseState = "missing"
        if let upcase = root.upcase {
            do {
                let (upExtents, note) = try Self.metadataExtents(first: upcase.entry.firstCluster, bytes: upcase.entry.dataLength,
                                                                 what: tr(.xcUpCaseTable), fat: fat, source: source)
                if let note { warnings.append(note) }
                let sum = try Self.tableChecksum(source: source, extents: upExtents)
                if sum == upcase.checksum {
                    upcaseState = "ok"
                } else {
                    upcaseState = "mismatch"
                    warnings.append(tr(.xUpcaseChecksum, ["stored": hex32(upcase.checksum), "computed": hex32(sum)]))
                }
            } catch {
                upcaseState = "unreadable"
                warnings.append(tr(.xUpcaseUnreadable, ["reason": "\(error)"]))
            }
        } else {
            warnings.append(tr(.xNoUpcase))
        }
        warnings += root.problems.filter { !$0.isEmpty }

        if boot.volumeDirty {
            warnings.append(tr(.warnVolumeDirty))
        }
        if boot.mediaFailure {
            warnings.append(tr(.warnVolumeMediaFailure))
        }

        var label: String?
        if let note = root.labelNote { warnings.append(note) }
        if let units = root.label {
            let decoded = SafeName.decodeUTF16(units)
            label = decoded.name
            if let note = decoded.note { warnings.append(tr(.xVolumeLabel, ["note": note])) }
        }
        var details: [(key: String, value: String)] = [
            ("file_system_revision", boot.revisionString),
            ("volume_flags", Self.flagsText(boot)),
            ("number_of_fats", String(boot.numberOfFats)),
            ("active_fat", String(boot.activeFat + 1)),
            ("percent_in_use", boot.percentInUse == 0xFF ? "not recorded" : "\(boot.percentInUse)%"),
            ("partition_offset_sectors", String(boot.partitionOffset)),
            ("fat_offset_sectors", String(boot.fatOffset)),
            ("fat_length_sectors", String(boot.fatLength)),
            ("cluster_heap_offset_sectors", String(boot.clusterHeapOffset)),
            ("root_directory_cluster", String(boot.firstClusterOfRootDirectory)),
            ("upcase_table_checksum", upcaseState),
        ]
        if let guid = root.guid { details.append(("volume_guid", Self.guidString(guid))) }
        description = VolumeDescription(kind: .exfat, label: label, serialNumber: boot.volumeSerialNumber,
                                        bytesPerSector: boot.bytesPerSector, clusterSize: boot.bytesPerCluster,
                                        clusterCount: boot.clusterCount, freeClusters: free,
                                        volumeSize: boot.volumeBytes, details: details, warnings: warnings)
    }

    /// §3.1 and §3.4: the main boot sector's invariants and the main region's checksum, then the
    /// backup region compared with it (warnings only).
    private static func mainBootRegion(source: ByteSource, first: [UInt8]) throws -> (BootSector, [String]) {
        let boot = try BootSector.parse(first)
        var warnings = boot.warnings

        // §3.4: the main boot region must match its checksum before any field is trusted.
        let bps = Int(boot.bytesPerSector)
        let regionBytes = bps * BootRegion.sectorCount
        guard source.size >= UInt64(regionBytes) else {
            throw Self.truncated(tr(.xcMainBootRegion), needs: UInt64(regionBytes), has: source.size)
        }
        let main = try source.read(at: 0, count: regionBytes)
        var backup: [UInt8]?
        if source.size >= UInt64(2 * regionBytes) {
            backup = try source.read(at: UInt64(regionBytes), count: regionBytes)
        } else {
            warnings.append(tr(.xBackupMissing))
        }
        if let problem = BootRegion.checksumProblem(main, bytesPerSector: bps) {
            let backupState = backup.map { BootRegion.checksumProblem($0, bytesPerSector: bps) == nil ? tr(.xBackupIntact) : tr(.xBackupDamaged) } ?? tr(.xNoBackup)
            throw FileSystemError.corrupt(structure: tr(.xStructMainBoot), reason: "\(problem) (\(backupState))")
        }
        if let backup {
            warnings += BootRegion.compareBackup(main: main, backup: backup, bytesPerSector: bps)
        }
        return (boot, warnings)
    }

    /// §3.2: the backup boot region, at sector 12 of the sector size it declares itself; nil
    /// unless its boot sector parses, agrees on where it lies and its checksum holds.
    private static func backupBootRegion(source: ByteSource) throws -> BootSector? {
        for shift in 9...12 {
            let bps = 1 << shift
            let start = UInt64(bps * BootRegion.sectorCount)
            let length = bps * BootRegion.sectorCount
            guard source.size >= start + UInt64(length) else { continue }
            let region = try source.read(at: start, count: length)
            guard looksLikeExFAT(region), let boot = try? BootSector.parse(Array(region[0..<512])),
                  Int(boot.bytesPerSector) == bps,
                  BootRegion.checksumProblem(region, bytesPerSector: bps) == nil else { continue }
            return boot
        }
        return nil
    }

    // MARK: CardVolume

    public func isAllocated(cluster: UInt32) throws -> Bool {
        try bitmap.isAllocated(cluster)
    }

    public func listing(includeDeleted: Bool) throws -> VolumeListing {
        var walk = ListingWalk(volume: self, includeDeleted: includeDeleted)
        if let rootProblem { walk.listing.problems.append(rootProblem) }
        for span in rootSpans { walk.markVisited(span) }
        walk.list(extents: Self.extents(rootSpans, boot: boot, byteLimit: nil), path: "", depth: 0, insideDeleted: false)
        // Damage per live file: one capped chain walk each (see ExFATVolume+Damage).
        for i in walk.listing.entries.indices {
            walk.listing.entries[i].damage = damage(of: walk.listing.entries[i])
        }
        return walk.listing
    }

    public func contentPlan(for entry: CardEntry) throws -> ContentPlan {
        if entry.isDirectory { throw FileSystemError.isDirectory(path: entry.path) }
        func what() -> String { tr(.xcFilePlace, ["path": entry.path]) }
        if entry.deleted { return try recoveryPlan(for: entry) }
        let size = entry.size
        var warnings: [String] = []
        var dataLength = entry.validDataLength ?? size
        if dataLength > size {
            warnings.append(tr(.xValidData, ["valid": String(dataLength), "size": String(size)]))
            dataLength = size
        }
        if size == 0 { return ContentPlan(runs: [], size: 0, dataLength: 0, warnings: warnings) }
        guard size <= boot.heapBytes else {
            throw FileSystemError.corrupt(structure: what(), reason: tr(.xcSizeBytesIsLargerThan, ["size": "\(size)", "heapBytes": "\(boot.heapBytes)"]))
        }
        let needed = clustersFor(bytes: size)
        let spans: [ClusterSpan]
        if entry.contiguous {
            guard let span = contiguousSpan(first: entry.firstCluster, count: needed) else {
                throw FileSystemError.corrupt(structure: what(), reason: tr(.xcItsContiguousClustersFromCluster2, ["needed": "\(needed)", "firstCluster": "\(entry.firstCluster)", "lastCluster": "\(boot.lastCluster)"]))
            }
            spans = [span]
        } else {
            let w = fat.walk(from: entry.firstCluster, limit: needed, what: what())
            if let error = w.error { throw error }
            spans = w.spans
        }
        let runs = try clusterRuns(spans, bytes: size, what: what())
        return ContentPlan(runs: runs, size: size, dataLength: dataLength, warnings: warnings)
    }

    // MARK: Deleted files

    /// §7.1: a deleted file's clusters are only marked free in the bitmap, so its bytes are
    /// still there until reused. Without the chain (the FAT may have been rewritten), the best
    /// guess is contiguous clusters from the first one, for as long as they stay unallocated.
    private func recoveryPlan(for entry: CardEntry) throws -> ContentPlan {
        let size = entry.size
        var warnings = [tr(.xcRecoveredFromADeletedEntry, ["firstCluster": "\(entry.firstCluster)"])]
        guard size > 0 else { return ContentPlan(runs: [], size: 0, dataLength: 0, warnings: warnings) }
        let span = try recoverableSpan(first: entry.firstCluster, bytes: size)
        var recovered = min(size, UInt64(span?.count ?? 0) * UInt64(boot.bytesPerCluster))
        var spans = span.map { [$0] } ?? []
        // What lies past the end of a truncated image is lost too.
        if let s = span {
            let start = boot.clusterOffset(s.first)
            let available = source.size > start ? source.size - start : 0
            if recovered > available {
                recovered = available / UInt64(boot.bytesPerCluster) * UInt64(boot.bytesPerCluster)
                let count = UInt32(recovered / UInt64(boot.bytesPerCluster))
                spans = count > 0 ? [ClusterSpan(first: s.first, count: count)] : []
            }
        }
        let unrecoverable = size - recovered
        if unrecoverable > 0 {
            warnings.append(tr(.xUnrecoverable, ["lost": String(unrecoverable), "size": String(size), "clusters": String(recovered / UInt64(boot.bytesPerCluster))]))
        }
        let runs = try clusterRuns(spans, bytes: recovered, what: tr(.xcDeletedFile, ["path": "\(entry.path)"]))
        let dataLength = min(entry.validDataLength ?? size, recovered)
        return ContentPlan(runs: runs, size: recovered, dataLength: dataLength, unrecoverableBytes: unrecoverable, warnings: warnings)
    }

    /// Contiguous unallocated clusters from `first`, as many as `bytes` needs; nil when the
    /// first one is invalid or in use.
    func recoverableSpan(first: UInt32, bytes: UInt64) throws -> ClusterSpan? {
        guard boot.isValidCluster(first) else { return nil }
        let needed = clustersFor(bytes: bytes)
        var count: UInt64 = 0
        var cluster = first
        while count < needed && boot.isValidCluster(cluster) {
            if try bitmap.isAllocated(cluster) { break }
            count += 1
            if cluster == UInt32.max { break }
            cluster += 1
        }
        return count > 0 ? ClusterSpan(first: first, count: UInt32(count)) : nil
    }

    // MARK: Geometry helpers

    func clustersFor(bytes: UInt64) -> UInt64 {
        let cs = UInt64(boot.bytesPerCluster)
        return bytes / cs + (bytes % cs == 0 ? 0 : 1)
    }

    /// `count` clusters from `first`, if all lie in the heap.
    func contiguousSpan(first: UInt32, count: UInt64) -> ClusterSpan? {
        guard boot.isValidCluster(first), count >= 1, count <= UInt64(boot.clusterCount),
              UInt64(first) + count - 1 <= UInt64(boot.lastCluster) else { return nil }
        return ClusterSpan(first: first, count: UInt32(count))
    }

    /// Byte runs for spans, the last cut at `bytes`; each checked to lie inside the source.
    private func clusterRuns(_ spans: [ClusterSpan], bytes: UInt64, what: @autoclosure () -> String) throws -> [ClusterRun] {
        var runs: [ClusterRun] = []
        var left = bytes
        for span in spans where left > 0 {
            let offset = boot.clusterOffset(span.first)
            let length = min(left, UInt64(span.count) * UInt64(boot.bytesPerCluster))
            if offset + length > source.size {
                throw FileSystemError.corrupt(structure: what(), reason: tr(.xcItsDataClustersToLies, ["first": "\(span.first)", "v": "\(span.end - 1)", "size": "\(source.size)"]))
            }
            runs.append(ClusterRun(firstCluster: span.first, clusterCount: span.count, byteOffset: offset, byteLength: length))
            left -= length
        }
        return runs
    }

    static func extents(_ spans: [ClusterSpan], boot: BootSector, byteLimit: UInt64?) -> [CachedRegion.Extent] {
        var out: [CachedRegion.Extent] = []
        var left = byteLimit ?? UInt64.max
        for span in spans where left > 0 {
            let length = min(left, UInt64(span.count) * UInt64(boot.bytesPerCluster))
            out.append(.init(start: boot.clusterOffset(span.first), length: length))
            left -= length
        }
        return out
    }

    /// Where a bitmap or up-case table lies. §7.1 and §7.2 keep their clusters in the FAT, but
    /// some formatters leave the FAT entries empty and the data contiguous (as Linux reads it);
    /// so a broken chain falls back to contiguous clusters, with a warning.
    private static func metadataExtents(first: UInt32, bytes: UInt64, what: String, fat: FileAllocationTable,
                                        source: ByteSource) throws -> ([CachedRegion.Extent], String?) {
        let boot = fat.boot
        guard bytes > 0 else { return ([], nil) }
        guard bytes <= boot.heapBytes else {
            throw FileSystemError.corrupt(structure: what, reason: tr(.xcDataLengthIsLargerThanThe, ["bytes": "\(bytes)"]))
        }
        let cs = UInt64(boot.bytesPerCluster)
        let needed = bytes / cs + (bytes % cs == 0 ? 0 : 1)
        var note: String?
        var spans: [ClusterSpan]
        let w = fat.walk(from: first, limit: needed, what: what)
        if let error = w.error {
            guard boot.isValidCluster(first), UInt64(first) + needed - 1 <= UInt64(boot.lastCluster) else { throw error }
            spans = [ClusterSpan(first: first, count: UInt32(needed))]
            note = tr(.xcReadAsContiguousClustersFrom, ["what": "\(what)", "error": "\(error)", "first": "\(first)"])
        } else {
            spans = w.spans
        }
        let extents = Self.extents(spans, boot: boot, byteLimit: bytes)
        for e in extents where e.start + e.length > source.size {
            throw truncated(what, needs: e.start + e.length, has: source.size)
        }
        return (extents, note)
    }

    /// TableChecksum (§7.2.2): the boot-checksum rotation over every byte of the table.
    private static func tableChecksum(source: ByteSource, extents: [CachedRegion.Extent]) throws -> UInt32 {
        var sum: UInt32 = 0
        for e in extents {
            var offset: UInt64 = 0
            while offset < e.length {
                let n = Int(min(1 << 20, e.length - offset))
                let bytes = try source.read(at: e.start + offset, count: n)
                for b in bytes { sum = (sum & 1 != 0 ? 0x8000_0000 : 0) &+ (sum >> 1) &+ UInt32(b) }
                offset += UInt64(n)
            }
        }
        return sum
    }

    static func truncated(_ what: String, needs: UInt64, has: UInt64) -> FileSystemError {
        .corrupt(structure: what, reason: tr(.xcTheImageIsTruncatedIt, ["has": "\(has)", "what": "\(what)", "needs": "\(needs)"]))
    }

    /// The volume flags as `info` details hold them: fixed English words, which `--json` gives as
    /// they are and the text `info` words in the run's language (`info.value.*`).
    private static func flagsText(_ boot: BootSector) -> String {
        var parts = [boot.volumeDirty ? "dirty" : "clean"]
        if boot.mediaFailure { parts.append("media failure") }
        if boot.clearToZero { parts.append("clear to zero") }
        return parts.joined(separator: ", ")
    }

    /// §7.5.3: a GUID in the usual text form (first three fields little-endian).
    static func guidString(_ b: [UInt8]) -> String {
        guard b.count == 16 else { return hex(b) }
        func h(_ bytes: [UInt8]) -> String { hexDigits(bytes) }
        return "\(h([b[3], b[2], b[1], b[0]]))-\(h([b[5], b[4]]))-\(h([b[7], b[6]]))-\(h(Array(b[8..<10])))-\(h(Array(b[10..<16])))"
    }
}
