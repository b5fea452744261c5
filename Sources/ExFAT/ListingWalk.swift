import CardFileSystem
import CardIO
import Messages

/// One depth-first walk of the folder tree, parents before children, in directory order (as
/// `fls -r -p` prints it).
///
/// Bounds: depth (`ExFATVolume.maximumDepth`), a total entry budget, and a set of every folder
/// cluster already read, so a folder that contains itself, an ancestor or another folder's
/// clusters is named in `problems` and not entered. Each cluster enters the set once, so the
/// walk reads at most ClusterCount folder clusters.
struct ListingWalk {
    let volume: ExFATVolume
    let includeDeleted: Bool
    var budget = ExFATVolume.entryBudget
    var listing = VolumeListing()
    private var visited = Set<UInt32>()
    private var budgetReported = false

    init(volume: ExFATVolume, includeDeleted: Bool) {
        self.volume = volume
        self.includeDeleted = includeDeleted
    }

    mutating func markVisited(_ span: ClusterSpan) {
        var c = UInt64(span.first)
        while c < span.end {
            visited.insert(UInt32(c))
            c += 1
        }
    }

    mutating func list(extents: [CachedRegion.Extent], path: String, depth: Int, insideDeleted: Bool) {
        let place = path.isEmpty ? tr(.xcRootFolder) : tr(.xcFolderPlace, ["path": path])
        var stream = DirectoryStream(source: volume.source, extents: extents)
        // Inside a deleted folder the clusters may since hold anything: only sets whose
        // checksum still holds are believed.
        let parsed = DirectoryParser.parse(&stream, deletedSets: includeDeleted, requireChecksum: insideDeleted,
                                           budget: &budget, where: place)
        if !insideDeleted { listing.problems += parsed.problems }
        if parsed.budgetExhausted && !budgetReported {
            budgetReported = true
            listing.problems.append(tr(.xcTheListingStoppedAfterDirectory, ["place": "\(place)", "entryBudget": "\(ExFATVolume.entryBudget)"]))
        }
        for set in parsed.sets {
            let entry = makeEntry(set, parent: path, insideDeleted: insideDeleted)
            listing.entries.append(entry)
            guard entry.isDirectory else { continue }
            if let childExtents = childExtents(of: entry, depth: depth + 1) {
                list(extents: childExtents, path: entry.path, depth: depth + 1, insideDeleted: entry.deleted)
            }
        }
    }

    private func makeEntry(_ set: FileEntrySet, parent: String, insideDeleted: Bool) -> CardEntry {
        var notes: [String] = []
        let decoded = SafeName.decodeUTF16(set.nameUnits)
        if let note = decoded.note { notes.append(note) }
        let safe = SafeName.make(decoded.name)
        if let note = safe.note { notes.append(note) }
        if !set.checksumMatches {
            notes.append(tr(.noteExFATSetChecksum, ["stored": hex16(set.file.setChecksum), "computed": hex16(set.computedChecksum)]))
        }
        let s = set.stream
        if s.validDataLength > s.dataLength {
            notes.append(tr(.noteExFATValidData, ["valid": String(s.validDataLength), "length": String(s.dataLength)]))
        }
        if insideDeleted && !set.deleted {
            notes.append(tr(.noteFoundInsideDeletedFolder))
        }
        let f = set.file
        return CardEntry(
            path: parent.isEmpty ? safe.name : parent + "/" + safe.name,
            name: safe.name, isDirectory: f.isDirectory, size: s.dataLength, validDataLength: s.validDataLength,
            created: ExFATTimestamp.decode(f.createTimestamp, increment10ms: f.create10msIncrement, utcOffset: f.createUtcOffset),
            modified: ExFATTimestamp.decode(f.lastModifiedTimestamp, increment10ms: f.lastModified10msIncrement, utcOffset: f.lastModifiedUtcOffset),
            accessed: ExFATTimestamp.decode(f.lastAccessedTimestamp, utcOffset: f.lastAccessedUtcOffset),
            attributes: f.fileAttributes, deleted: set.deleted || insideDeleted, firstCluster: s.firstCluster,
            contiguous: s.noFatChain, entryOffset: set.volumeOffset, notes: notes)
    }

    /// Where a sub-folder's entries are, or nil (with a problem named for a live folder) when it
    /// must not be entered.
    private mutating func childExtents(of entry: CardEntry, depth: Int) -> [CachedRegion.Extent]? {
        let place = tr(.xcFolderPlace, ["path": entry.path])
        func problem(_ text: String) {
            if !entry.deleted { listing.problems.append("\(place): \(text)") }
        }
        if depth > ExFATVolume.maximumDepth {
            problem(tr(.xcNestedMoreThanLevelsDeep, ["maximumDepth": "\(ExFATVolume.maximumDepth)"]))
            return nil
        }
        if entry.size == 0 || entry.firstCluster == 0 { return nil }
        var bytes = entry.size
        if bytes > ExFATVolume.maximumDirectoryBytes {
            problem(tr(.xcDataLengthIsLargerThanThe2, ["bytes": "\(bytes)"]))
            bytes = ExFATVolume.maximumDirectoryBytes
        }
        let boot = volume.boot
        var spans: [ClusterSpan]
        if entry.deleted {
            guard let span = try? volume.recoverableSpan(first: entry.firstCluster, bytes: bytes) else { return nil }
            spans = [span]
        } else if entry.contiguous {
            guard let span = volume.contiguousSpan(first: entry.firstCluster, count: volume.clustersFor(bytes: bytes)) else {
                problem(tr(.xcItsClustersFromClusterLie, ["firstCluster": "\(entry.firstCluster)", "lastCluster": "\(boot.lastCluster)"]))
                return nil
            }
            spans = [span]
        } else {
            let w = volume.fat.walk(from: entry.firstCluster, limit: volume.clustersFor(bytes: bytes), what: place)
            if let error = w.error { problem(tr(.xcItsListingMayBeIncomplete, ["error": "\(error)"])) }
            spans = w.spans
        }
        // Cycle and cross-link check, cluster by cluster; cut the folder at the first repeat.
        var kept: [ClusterSpan] = []
        outer: for span in spans {
            var c = UInt64(span.first)
            while c < span.end {
                if visited.contains(UInt32(c)) {
                    if kept.isEmpty && c == UInt64(span.first) {
                        problem(tr(.xcContainsItselfOrOneOf, ["c": "\(c)"]))
                        return nil
                    }
                    problem(tr(.xcClusterAlsoBelongsToAnother, ["c": "\(c)"]))
                    if c > UInt64(span.first) { kept.append(ClusterSpan(first: span.first, count: UInt32(c - UInt64(span.first)))) }
                    break outer
                }
                visited.insert(UInt32(c))
                c += 1
            }
            kept.append(span)
        }
        let extents = ExFATVolume.extents(kept, boot: boot, byteLimit: bytes)
        // A folder past the end of a truncated image: say so instead of failing at the read.
        if let last = extents.last, last.start + last.length > volume.source.size {
            problem(tr(.xcItsClustersLiePastThe))
        }
        return extents
    }
}

func hex16(_ v: UInt16) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: max(0, 4 - s.count)) + s
}
