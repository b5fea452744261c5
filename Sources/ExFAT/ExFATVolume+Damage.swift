import CardIO
import CardFileSystem
import Messages

/// Damage of live files, named per file, and reading a damaged file as far as its chain goes.
///
/// exFAT spec §7.6.3 FirstCluster and §7.6.5 DataLength say where a file is and how long; §4.1
/// FatEntry links its clusters unless NoFatChain (§7.6.2.2) says they are contiguous. A camera
/// that dies before closing a clip leaves allocated clusters its DataLength does not cover
/// (`unclosed`); a damaged FAT leaves a chain that ends early, loops, or leaves the heap.
extension ExFATVolume {
    struct ChainAssessment {
        /// The clusters that could be followed, in file order.
        var spans: [ClusterSpan]
        var damage: [FileDamage]
        /// What makes the bytes unreadable in full; nil when they are whole.
        var reason: String?
    }

    /// Capped at the clusters the size needs: at most one FAT read per cluster of the file.
    func assess(_ entry: CardEntry) throws -> ChainAssessment {
        let size = entry.size
        let first = entry.firstCluster
        if size == 0 {
            // §7.6.3: FirstCluster is 0 when DataLength is 0. An allocated first cluster was
            // given to a recording the entry never came to describe.
            if first != 0, boot.isValidCluster(first), try bitmap.isAllocated(first) {
                return ChainAssessment(spans: [], damage: [.unclosed], reason: nil)
            }
            return ChainAssessment(spans: [], damage: [], reason: nil)
        }
        guard size <= boot.heapBytes else {
            return ChainAssessment(spans: [], damage: [.chainShort],
                                   reason: tr(.xcSizeBytesIsLargerThan, ["size": "\(size)", "heapBytes": "\(boot.heapBytes)"]))
        }
        let needed = clustersFor(bytes: size)
        if entry.contiguous {
            if let span = contiguousSpan(first: first, count: needed) {
                return ChainAssessment(spans: [span], damage: [], reason: nil)
            }
            // As far as the heap goes: the clusters from FirstCluster to the heap's end.
            var spans: [ClusterSpan] = []
            if boot.isValidCluster(first) {
                spans = [ClusterSpan(first: first, count: boot.lastCluster - first + 1)]
            }
            return ChainAssessment(spans: spans, damage: [.chainOutside],
                                   reason: tr(.xcItsContiguousClustersFromCluster, ["needed": "\(needed)", "first": "\(first)", "lastCluster": "\(boot.lastCluster)"]))
        }
        let w = fat.walk(from: first, limit: needed, what: tr(.xcFilePlace, ["path": entry.path]))
        let reason = w.error.map { "\($0)" }
        switch w.stop {
        case .limit where w.error == nil:
            // The size is covered; a FAT entry linking on to another heap cluster means the
            // entry was never updated to the recording's real length.
            if let last = w.spans.last, last.count > 0 {
                let next = try fat.entry(UInt32(last.end - 1))
                if boot.isValidCluster(next) {
                    return ChainAssessment(spans: w.spans, damage: [.unclosed], reason: nil)
                }
            }
            return ChainAssessment(spans: w.spans, damage: [], reason: nil)
        case .limit, .end:
            return ChainAssessment(spans: w.spans, damage: w.error == nil ? [] : [.chainShort], reason: reason)
        case .loop:
            return ChainAssessment(spans: Self.untilRepeat(w.spans), damage: [.chainLoop], reason: reason)
        case .outside:
            return ChainAssessment(spans: w.spans, damage: [.chainOutside], reason: reason)
        case .bad:
            // The last cluster collected is the one marked bad: its bytes are not trusted.
            var spans = w.spans
            if let last = spans.last {
                if last.count > 1 { spans[spans.count - 1].count = last.count - 1 } else { spans.removeLast() }
            }
            return ChainAssessment(spans: spans, damage: [.chainOutside], reason: reason)
        case .unreadable:
            return ChainAssessment(spans: w.spans, damage: [], reason: reason)
        }
    }

    /// The spans up to the first cluster met twice. The walk was capped at the file's cluster
    /// count, so the set holds at most that many.
    static func untilRepeat(_ spans: [ClusterSpan]) -> [ClusterSpan] {
        var seen = Set<UInt32>()
        var out: [ClusterSpan] = []
        for span in spans {
            var c = UInt64(span.first)
            while c < span.end {
                if !seen.insert(UInt32(c)).inserted {
                    if c > UInt64(span.first) { out.append(ClusterSpan(first: span.first, count: UInt32(c - UInt64(span.first)))) }
                    return out
                }
                c += 1
            }
            out.append(span)
        }
        return out
    }

    /// The whole chain of an unclosed file (§4.1: FatEntry links every cluster allocated to it,
    /// whatever DataLength says), capped at ClusterCount. A cluster marked bad is left out.
    public func unclosedPlan(for entry: CardEntry) throws -> ContentPlan? {
        guard !entry.isDirectory, !entry.deleted, try assess(entry).damage == [.unclosed] else { return nil }
        let w = fat.walk(from: entry.firstCluster, limit: nil, what: tr(.xcFilePlace, ["path": entry.path]))
        var spans = w.spans
        switch w.stop {
        case .loop: spans = Self.untilRepeat(spans)
        case .bad:
            if let last = spans.last {
                if last.count > 1 { spans[spans.count - 1].count = last.count - 1 } else { spans.removeLast() }
            }
        default: break
        }
        let cs = UInt64(boot.bytesPerCluster)
        let runs = spans.map {
            ClusterRun(firstCluster: $0.first, clusterCount: $0.count, byteOffset: boot.clusterOffset($0.first),
                       byteLength: UInt64($0.count) * cs)
        }
        var plan = ContentPlan.cutAtSourceEnd(runs, sourceSize: source.size, recordedSize: 0)
        plan.damage = [.unclosed]
        let clusters = spans.reduce(UInt64(0)) { $0 + UInt64($1.count) }
        plan.warnings.append(ContentPlan.unclosedNote(clusters: clusters, bytes: plan.size, recorded: entry.size))
        if let error = w.error { plan.warnings.append(tr(.warnChainStopsEarly, ["problem": "\(error)"])) }
        return plan
    }

    /// The damage codes of a live file, for the listing.
    func damage(of entry: CardEntry) -> [FileDamage] {
        guard !entry.isDirectory, !entry.deleted else { return [] }
        return (try? assess(entry).damage) ?? []
    }

    /// `contentPlan`, except that a broken chain or a truncated image gives the bytes that could
    /// be followed, and says what is missing.
    public func salvagePlan(for entry: CardEntry) throws -> ContentPlan {
        if entry.isDirectory || entry.deleted { return try contentPlan(for: entry) }
        let a = try assess(entry)
        if a.reason == nil, let whole = try? contentPlan(for: entry) {
            var plan = whole
            plan.damage = a.damage
            return plan
        }
        let cs = UInt64(boot.bytesPerCluster)
        var runs: [ClusterRun] = []
        var left = entry.size
        for span in a.spans where left > 0 {
            let length = min(left, UInt64(span.count) * cs)
            runs.append(ClusterRun(firstCluster: span.first, clusterCount: span.count,
                                   byteOffset: boot.clusterOffset(span.first), byteLength: length))
            left -= length
        }
        var plan = ContentPlan.cutAtSourceEnd(runs, sourceSize: source.size, recordedSize: entry.size)
        // §7.6.5: past ValidDataLength the file reads as zeros, whatever the clusters hold.
        plan.dataLength = min(entry.validDataLength ?? entry.size, plan.size)
        plan.damage = a.damage
        let reasons = [a.reason, plan.incompleteReason].compactMap { $0 }
        plan.incompleteReason = !reasons.isEmpty ? reasons.joined(separator: "; ")
            : plan.unrecoverableBytes > 0 ? tr(.xcItsDataCouldNotBe) : nil
        return plan
    }
}
