import CardIO
import CardFileSystem
import Messages

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
                reason: tr(.chainTooLarge, ["size": String(size), "area": String(g.dataBytes)]))
        }
        if size == 0 { return ContentPlan(runs: [], size: 0, dataLength: 0) }
        let cs = UInt64(g.clusterSize)
        // size <= dataBytes, so this fits in the cluster count.
        let needed = UInt32((size + cs - 1) / cs)
        if entry.deleted { return try recoveryPlan(entry, needed: needed) }

        let first = entry.firstCluster
        guard first != 0 else {
            throw FileSystemError.corrupt(structure: entry.path, reason: tr(.chainNoFirstCluster, ["size": String(size)]))
        }
        let chain = try ClusterChain(fat: fat, first: first, limit: needed)
        var warnings: [String] = []
        switch chain.stop {
        case .limit:
            if let last = chain.runs.last, try fat.entry(last.first + last.count - 1) != .endOfChain {
                warnings.append(tr(.chainGoesOn, ["size": String(size)]))
            }
        case .end:
            throw FileSystemError.corrupt(structure: entry.path,
                reason: tr(.chainEndsEarly, ["clusters": String(chain.clusterCount), "size": String(size), "needed": String(needed)]))
        case .loop:
            throw FileSystemError.chainLoop(firstCluster: first)
        default:
            throw FileSystemError.corrupt(structure: entry.path, reason: chain.problem(geometry: g) ?? tr(.chainBroken))
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
                reason: tr(.chainPastImage, ["end": String(r.byteOffset + r.byteLength), "size": String(source.size)]))
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
        var warnings = [tr(.fcDeletedFileRecoveryIsBest)]
        var first = entry.firstCluster
        if let choice = try highWordChoice(entry, needed: needed) {
            first = choice.cluster
            warnings.append(choice.note)
        }
        guard g.isValidCluster(first) else {
            warnings.append(tr(.fcFirstClusterIsNotOn, ["first": "\(first)", "size": "\(size)"]))
            return ContentPlan(runs: [], size: 0, dataLength: 0, unrecoverableBytes: size, warnings: warnings)
        }
        var count: UInt32 = 0
        var stopReason: String?
        var c = first
        while count < needed {
            guard c <= g.maxCluster else { stopReason = tr(.fcTheVolumeEndsAfterCluster, ["maxCluster": "\(g.maxCluster)"]); break }
            if try fat.entry(c) != .free { stopReason = tr(.fcClusterIsInUseAgain, ["c": "\(c)"]); break }
            count += 1
            c += 1
        }
        let offset = g.offset(ofCluster: first)
        var recovered = min(size, UInt64(count) * cs)
        if offset + recovered > source.size {
            recovered = source.size > offset ? source.size - offset : 0
            stopReason = tr(.fcTheImageIsTruncatedAt, ["size": "\(source.size)"])
        }
        let missing = size - recovered
        if missing > 0 {
            warnings.append(tr(.fcOfBytesCouldNotBe, ["missing": "\(missing)", "size": "\(size)", "v": "\(stopReason ?? "clusters unavailable")"]))
        }
        let runs = recovered > 0
            ? [ClusterRun(firstCluster: first, clusterCount: UInt32((recovered + cs - 1) / cs), byteOffset: offset, byteLength: recovered)]
            : []
        return ContentPlan(runs: runs, size: recovered, dataLength: recovered, unrecoverableBytes: missing, warnings: warnings)
    }

    /// fatgen103 §6 keeps a FAT32 first cluster in two words (DIR_FstClusHI, DIR_FstClusLO);
    /// Windows clears the high word when it deletes a file, so a deleted entry whose high word is
    /// 0 may have started at LO + k·65536 for any k. The allocation state decides: a candidate
    /// whose clusters are all free could be it. One such candidate is taken; several are named,
    /// and the recorded value is kept when it is one of them. nil when there is no choice to make.
    private func highWordChoice(_ entry: CardEntry, needed: UInt32) throws -> (cluster: UInt32, note: String)? {
        let g = geometry
        guard g.kind == .fat32, entry.firstCluster <= 0xFFFF, g.maxCluster > 0xFFFF, needed > 0 else { return nil }
        // Enough clusters to tell candidates apart without walking every candidate's whole run.
        let probe = min(needed, 64)
        var fits: [UInt32] = []
        var candidate = UInt64(entry.firstCluster)
        while candidate <= UInt64(g.maxCluster) {
            let c = UInt32(candidate)
            if g.isValidCluster(c), try freeRun(from: c, count: probe) { fits.append(c) }
            candidate += 0x1_0000
        }
        let recorded = entry.firstCluster
        if fits.count == 1, let only = fits.first, only != recorded {
            return (only, tr(.fcFAT32DeletedEntryTheHigh)
                        + tr(.fcClusterIsTheOnlyCandidate, ["only": "\(only)"]))
        }
        if fits.count > 1 {
            let shown = fits.prefix(8).map(String.init).joined(separator: ", ") + (fits.count > 8 ? ", …" : "")
            let used = fits.contains(recorded) ? recorded : fits[0]
            return (used, tr(.fcFAT32DeletedEntryItsFirst)
                        + tr(.fcCandidatesAreFreeClustersThe, ["count": "\(fits.count)", "shown": "\(shown)", "used": "\(used)"]))
        }
        return nil
    }

    /// True when `count` clusters from `first` are on the volume and free in the FAT.
    private func freeRun(from first: UInt32, count: UInt32) throws -> Bool {
        var c = UInt64(first)
        let end = UInt64(first) + UInt64(count)
        while c < end {
            guard c <= UInt64(geometry.maxCluster), try fat.entry(UInt32(c)) == .free else { return false }
            c += 1
        }
        return true
    }
}
