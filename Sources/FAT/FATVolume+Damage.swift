import CardIO
import CardFileSystem
import Messages

/// Damage of live files, named per file, and reading a damaged file as far as its chain goes.
///
/// fatgen103 §4: a file's clusters are the chain from its first cluster (§6 DIR_FstClusHI/LO)
/// to an end-of-chain mark, and DIR_FileSize (§6) says how many of those bytes are the file's.
/// A camera that loses power after allocating clusters but before writing the size leaves a
/// size shorter than the chain (`unclosed`); a damaged FAT leaves a chain that stops early,
/// loops or leaves the volume.
extension FATVolume {
    /// How a live file's chain compares with its size. Every walk is capped at the clusters the
    /// size needs (and at the cluster count), so this costs at most one FAT read per cluster.
    struct ChainAssessment {
        var chain: ClusterChain?
        var needed: UInt32
        var damage: [FileDamage]
        /// One line for what makes the bytes unreadable in full; nil when they are whole.
        var reason: String?
    }

    func assess(_ entry: CardEntry) throws -> ChainAssessment {
        let g = geometry
        let size = entry.size
        let first = entry.firstCluster
        if size == 0 {
            // §6: an empty file has first cluster 0. One that points at an allocated cluster
            // was given clusters its size never came to cover.
            if first != 0, g.isValidCluster(first), try fat.entry(first) != .free {
                return ChainAssessment(chain: nil, needed: 0, damage: [.unclosed], reason: nil)
            }
            return ChainAssessment(chain: nil, needed: 0, damage: [], reason: nil)
        }
        let cs = UInt64(g.clusterSize)
        guard size <= g.dataBytes else {
            return ChainAssessment(chain: nil, needed: 0, damage: [.chainShort],
                                   reason: tr(.chainTooLargeIts, ["size": String(size), "area": String(g.dataBytes)]))
        }
        // size <= dataBytes, so this fits in the cluster count.
        let needed = UInt32((size + cs - 1) / cs)
        guard first != 0 else {
            return ChainAssessment(chain: nil, needed: needed, damage: [.chainShort],
                                   reason: tr(.chainNoFirstCluster, ["size": String(size)]))
        }
        let chain = try ClusterChain(fat: fat, first: first, limit: needed)
        let problem = chain.problem(geometry: g)
        switch chain.stop {
        case .limit:
            // The size is covered; a chain that goes on to a further data cluster means the
            // entry was never updated to the recording's real length.
            if let last = chain.runs.last, case .next = try fat.entry(last.first + last.count - 1) {
                return ChainAssessment(chain: chain, needed: needed, damage: [.unclosed], reason: nil)
            }
            return ChainAssessment(chain: chain, needed: needed, damage: [], reason: nil)
        case .end:
            return ChainAssessment(chain: chain, needed: needed, damage: [.chainShort],
                                   reason: tr(.chainEndsEarly, ["clusters": String(chain.clusterCount), "size": String(size), "needed": String(needed)]))
        case .free:
            return ChainAssessment(chain: chain, needed: needed, damage: [.chainShort], reason: problem)
        case .loop:
            return ChainAssessment(chain: chain, needed: needed, damage: [.chainLoop], reason: problem)
        case .bad, .outside, .badStart:
            return ChainAssessment(chain: chain, needed: needed, damage: [.chainOutside], reason: problem)
        }
    }

    /// The damage codes of a live file, for the listing; a FAT that cannot be read names nothing
    /// here (reading the file then gives the error).
    func damage(of entry: CardEntry) -> [FileDamage] {
        guard !entry.isDirectory, !entry.deleted else { return [] }
        return (try? assess(entry).damage) ?? []
    }

    /// `contentPlan`, except that a broken chain gives the clusters that could be followed.
    /// Clusters the FAT marks bad or free at the break are left out: nothing says they are the
    /// file's.
    public func salvagePlan(for entry: CardEntry) throws -> ContentPlan {
        if entry.isDirectory || entry.deleted { return try contentPlan(for: entry) }
        let a = try assess(entry)
        guard let reason = a.reason else {
            var plan = try truncationSalvage(entry)
            plan.damage = a.damage + plan.damage
            return plan
        }
        let g = geometry
        let cs = UInt64(g.clusterSize)
        var runs: [(first: UInt32, count: UInt32)] = a.chain?.runs ?? []
        switch a.chain?.stop {
        case .bad?, .free?:
            // The last cluster collected is the one whose own entry is bad or free.
            if let last = runs.last {
                if last.count > 1 { runs[runs.count - 1].count = last.count - 1 } else { runs.removeLast() }
            }
        default: break
        }
        var planRuns: [ClusterRun] = []
        var left = entry.size
        for r in runs where left > 0 {
            let bytes = min(left, UInt64(r.count) * cs)
            planRuns.append(ClusterRun(firstCluster: r.first, clusterCount: r.count,
                                       byteOffset: g.offset(ofCluster: r.first), byteLength: bytes))
            left -= bytes
        }
        var plan = ContentPlan.cutAtSourceEnd(planRuns, sourceSize: source.size, recordedSize: entry.size)
        plan.damage = a.damage
        plan.incompleteReason = reason + (plan.incompleteReason.map { "; \($0)" } ?? "")
        return plan
    }

    /// The whole chain of an unclosed file: fatgen103 §4 links every cluster the camera
    /// allocated, whatever the size in the entry says. Clusters the FAT marks bad or free at a
    /// break are left out.
    public func unclosedPlan(for entry: CardEntry) throws -> ContentPlan? {
        guard !entry.isDirectory, !entry.deleted, try assess(entry).damage == [.unclosed] else { return nil }
        let g = geometry
        let chain = try ClusterChain(fat: fat, first: entry.firstCluster, limit: g.clusterCount)
        var runs = chain.runs
        switch chain.stop {
        case .bad, .free:
            if let last = runs.last {
                if last.count > 1 { runs[runs.count - 1].count = last.count - 1 } else { runs.removeLast() }
            }
        default: break
        }
        let cs = UInt64(g.clusterSize)
        let planRuns = runs.map {
            ClusterRun(firstCluster: $0.first, clusterCount: $0.count, byteOffset: g.offset(ofCluster: $0.first),
                       byteLength: UInt64($0.count) * cs)
        }
        var plan = ContentPlan.cutAtSourceEnd(planRuns, sourceSize: source.size, recordedSize: 0)
        plan.damage = [.unclosed]
        plan.warnings.append(ContentPlan.unclosedNote(clusters: UInt64(chain.clusterCount), bytes: plan.size, recorded: entry.size))
        if let problem = chain.problem(geometry: g) { plan.warnings.append(tr(.warnChainStopsEarly, ["problem": "\(problem)"])) }
        return plan
    }

    /// A whole chain whose data runs past the end of a truncated image: the bytes before the end.
    private func truncationSalvage(_ entry: CardEntry) throws -> ContentPlan {
        do {
            return try contentPlan(for: entry)
        } catch let error as FileSystemError {
            guard entry.size > 0, let chain = try assess(entry).chain, chain.stop == .limit else { throw error }
            let g = geometry
            let cs = UInt64(g.clusterSize)
            var runs: [ClusterRun] = []
            var left = entry.size
            for r in chain.runs where left > 0 {
                let bytes = min(left, UInt64(r.count) * cs)
                runs.append(ClusterRun(firstCluster: r.first, clusterCount: r.count, byteOffset: g.offset(ofCluster: r.first), byteLength: bytes))
                left -= bytes
            }
            let plan = ContentPlan.cutAtSourceEnd(runs, sourceSize: source.size, recordedSize: entry.size)
            guard plan.incompleteReason != nil else { throw error }
            return plan
        }
    }
}
