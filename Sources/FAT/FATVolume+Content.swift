import CardIO
import CardFileSystem

extension FATVolume {
    /// Where `entry`'s bytes are. A live file follows its cluster chain (bounded by the cluster
    /// count, a loop throws `chainLoop`); a deleted file is recovered from its first cluster on,
    /// contiguously, while the clusters are free.
    public func contentPlan(for entry: CardEntry) throws -> ContentPlan {
        if entry.isDirectory { throw FileSystemError.isDirectory(path: entry.path) }
        let size = entry.size
        let g = geometry
        guard size <= g.dataBytes else {
            throw FileSystemError.corrupt(structure: entry.path,
                reason: "size of \(size) bytes is larger than the volume's data area of \(g.dataBytes) bytes")
        }
        if size == 0 { return ContentPlan(runs: [], size: 0, dataLength: 0) }
        let cs = UInt64(g.clusterSize)
        // size <= dataBytes, so this fits in the cluster count.
        let needed = UInt32((size + cs - 1) / cs)
        if entry.deleted { return try recoveryPlan(entry, needed: needed) }

        let first = entry.firstCluster
        guard first != 0 else {
            throw FileSystemError.corrupt(structure: entry.path, reason: "file of \(size) bytes has no first cluster")
        }
        let chain = try ClusterChain(fat: fat, first: first, limit: needed)
        var warnings: [String] = []
        switch chain.stop {
        case .limit:
            if let last = chain.runs.last, try fat.entry(last.first + last.count - 1) != .endOfChain {
                warnings.append("cluster chain goes on past the file's size of \(size) bytes; the extra clusters are ignored")
            }
        case .end:
            throw FileSystemError.corrupt(structure: entry.path,
                reason: "cluster chain ends after \(chain.clusterCount) clusters; the size of \(size) bytes needs \(needed)")
        case .loop:
            throw FileSystemError.chainLoop(firstCluster: first)
        default:
            throw FileSystemError.corrupt(structure: entry.path, reason: chain.problem(geometry: g) ?? "cluster chain is broken")
        }
        var runs: [ClusterRun] = []
        var left = size
        for r in chain.runs {
            let bytes = min(left, UInt64(r.count) * cs)
            runs.append(ClusterRun(firstCluster: r.first, clusterCount: r.count,
                                   byteOffset: g.offset(ofCluster: r.first), byteLength: bytes))
            left -= bytes
        }
        for r in runs where r.byteOffset + r.byteLength > source.size {
            throw FileSystemError.corrupt(structure: entry.path,
                reason: "its data reaches byte \(r.byteOffset + r.byteLength), past the end of the truncated image (\(source.size) bytes)")
        }
        return ContentPlan(runs: runs, size: size, dataLength: size, warnings: warnings)
    }

    /// fatgen103 gives a deleted file no chain: the FAT entries were freed. The best guess, as
    /// recovery tools make it, is that the file was contiguous; take clusters from the first
    /// one on while the FAT still marks them free.
    private func recoveryPlan(_ entry: CardEntry, needed: UInt32) throws -> ContentPlan {
        let g = geometry
        let cs = UInt64(g.clusterSize)
        let size = entry.size
        var warnings = ["deleted file: recovery is best effort (its clusters are assumed contiguous from its first cluster and taken while unallocated)"]
        let first = entry.firstCluster
        guard g.isValidCluster(first) else {
            warnings.append("first cluster \(first) is not on the volume; none of its \(size) bytes could be recovered")
            return ContentPlan(runs: [], size: 0, dataLength: 0, unrecoverableBytes: size, warnings: warnings)
        }
        var count: UInt32 = 0
        var stopReason: String?
        var c = first
        while count < needed {
            guard c <= g.maxCluster else { stopReason = "the volume ends after cluster \(g.maxCluster)"; break }
            if try fat.entry(c) != .free { stopReason = "cluster \(c) is in use again"; break }
            count += 1
            c += 1
        }
        let offset = g.offset(ofCluster: first)
        var recovered = min(size, UInt64(count) * cs)
        if offset + recovered > source.size {
            recovered = source.size > offset ? source.size - offset : 0
            stopReason = "the image is truncated at byte \(source.size)"
        }
        let missing = size - recovered
        if missing > 0 {
            warnings.append("\(missing) of \(size) bytes could not be recovered: \(stopReason ?? "clusters unavailable")")
        }
        let runs = recovered > 0
            ? [ClusterRun(firstCluster: first, clusterCount: UInt32((recovered + cs - 1) / cs), byteOffset: offset, byteLength: recovered)]
            : []
        return ContentPlan(runs: runs, size: recovered, dataLength: recovered, unrecoverableBytes: missing, warnings: warnings)
    }
}
