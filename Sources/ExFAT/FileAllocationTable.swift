import CardFileSystem
import CardIO
import Messages

/// A run of consecutive clusters.
struct ClusterSpan: Equatable {
    var first: UInt32
    var count: UInt32
    /// One past the last cluster (may be ClusterCount + 2).
    var end: UInt64 { UInt64(first) + UInt64(count) }
}

/// The File Allocation Table (exFAT specification §4): one 32-bit entry per cluster, read
/// through a bounded cache.
///
/// Every chain walk checks both the index it reads and the value it gets, stops at the length
/// the caller needs, and is capped at ClusterCount steps; a chain that loops is caught by Brent's
/// cycle detection (constant memory) and by an overlap check of the runs it produced.
final class FileAllocationTable {
    /// §4.1.4: FatEntry values.
    static let badCluster: UInt32 = 0xFFFF_FFF7
    static let endOfChain: UInt32 = 0xFFFF_FFFF

    let boot: BootSector
    private let region: CachedRegion

    init(source: ByteSource, boot: BootSector) {
        self.boot = boot
        // The active FAT (§3.1.13.1); the boot sector check put it inside the volume.
        let start = boot.fatStart(boot.activeFat)
        region = CachedRegion(source: source, extents: [.init(start: start, length: boot.fatBytes)],
                              what: "FAT \(boot.activeFat + 1)")
    }

    /// The raw FAT entry of a valid cluster.
    func entry(_ cluster: UInt32) throws -> UInt32 {
        try region.u32(at: UInt64(cluster) * 4)
    }

    /// The outcome of a chain walk: the runs read so far, and why the walk stopped early if it
    /// did. Directories use the partial runs; file content turns `error` into a thrown error.
    struct Walk {
        var spans: [ClusterSpan] = []
        var clusters: UInt64 = 0
        var error: FileSystemError?
        /// Why the walk stopped, for naming a file's damage (`FileDamage`).
        var stop: Stop = .end
    }

    enum Stop: Equatable {
        /// An end-of-chain mark (early or not: `error` says which).
        case end
        /// `limit` clusters were collected.
        case limit
        case loop
        /// The first cluster or a FatEntry value lies outside the heap (§4.1.4).
        case outside
        /// A cluster of the chain is marked bad (§4.1.4, 0xFFFFFFF7): the last span's last cluster.
        case bad
        /// The FAT itself could not be read.
        case unreadable
    }

    /// Follows the chain from `first` for `limit` clusters, or to its end-of-chain mark when
    /// `limit` is nil. Ending before `limit` is an error.
    func walk(from first: UInt32, limit: UInt64?, what: @autoclosure () -> String) -> Walk {
        var w = Walk()
        guard boot.isValidCluster(first) else {
            w.error = .corrupt(structure: what(), reason: tr(.chainExFATBadStart, ["cluster": String(first), "max": String(boot.lastCluster)]))
            w.stop = .outside
            return w
        }
        let cap = min(limit ?? UInt64(boot.clusterCount), UInt64(boot.clusterCount))
        var current = first
        // Brent: `saved` jumps to the current cluster after 1, 2, 4, 8 … steps; meeting it again
        // means the chain loops.
        var saved = first
        var power: UInt64 = 1
        var sinceSave: UInt64 = 0
        while true {
            if let last = w.spans.last, last.end == UInt64(current), last.count < UInt32.max {
                w.spans[w.spans.count - 1].count += 1
            } else {
                w.spans.append(ClusterSpan(first: current, count: 1))
            }
            w.clusters += 1
            if w.clusters >= cap {
                if let limit, w.clusters < limit {
                    // Asked for more clusters than the volume has.
                    w.error = .chainLoop(firstCluster: first)
                    w.stop = .loop
                } else {
                    w.stop = .limit
                }
                break
            }
            let next: UInt32
            do {
                next = try entry(current)
            } catch {
                w.error = .corrupt(structure: what(), reason: tr(.chainExFATUnreadable, ["cluster": String(current), "reason": "\(error)"]))
                w.stop = .unreadable
                return w
            }
            if next == Self.endOfChain {
                if let limit, w.clusters < limit {
                    w.error = .corrupt(structure: what(), reason: tr(.chainExFATEndsEarly, ["clusters": String(w.clusters), "needed": String(limit)]))
                }
                return w
            }
            if next == Self.badCluster {
                w.error = .corrupt(structure: what(), reason: tr(.chainExFATBadNext, ["cluster": String(current)]))
                w.stop = .bad
                return w
            }
            guard boot.isValidCluster(next) else {
                w.error = .corrupt(structure: what(), reason: tr(.chainExFATOutside, ["from": String(current), "to": String(next), "max": String(boot.lastCluster)]))
                w.stop = .outside
                return w
            }
            if next == saved {
                w.error = .chainLoop(firstCluster: first)
                w.stop = .loop
                return w
            }
            sinceSave += 1
            if sinceSave == power {
                saved = next
                power = power &* 2
                sinceSave = 0
            }
            current = next
        }
        // Stopped at `limit`: Brent may not have met a long loop yet, but any loop within the
        // walked part repeats a cluster, so two runs overlap.
        if w.error == nil && Self.overlaps(w.spans) {
            w.error = .chainLoop(firstCluster: first)
            w.stop = .loop
        }
        return w
    }

    /// True when two spans share a cluster.
    static func overlaps(_ spans: [ClusterSpan]) -> Bool {
        guard spans.count > 1 else { return false }
        let sorted = spans.sorted { $0.first < $1.first }
        for i in 1..<sorted.count where UInt64(sorted[i].first) < sorted[i - 1].end {
            return true
        }
        return false
    }
}
