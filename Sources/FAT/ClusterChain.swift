import CardFileSystem
import Messages

/// A walk along a FAT cluster chain, coalesced into runs of consecutive clusters.
///
/// Every step checks the index it reads and the value it gets, and the walk stops at `limit`
/// clusters, so a chain that loops or points outside the volume ends with a reason, not a hang.
struct ClusterChain {
    enum Stop: Equatable {
        /// The chain ended with an end-of-chain mark.
        case end
        /// `limit` clusters were collected; the chain may go on.
        case limit
        /// The chain came back to a cluster it already used.
        case loop(at: UInt32)
        /// An entry on the chain is free (0): the chain is broken.
        case free(at: UInt32)
        /// An entry on the chain is marked bad.
        case bad(at: UInt32)
        /// An entry points at a cluster number that is not on the volume.
        case outside(value: UInt32, at: UInt32)
        /// The first cluster itself is not a data cluster.
        case badStart(UInt32)
    }

    var runs: [(first: UInt32, count: UInt32)] = []
    var clusterCount: UInt32 = 0
    var stop: Stop = .end

    /// Walks from `first` until the chain ends or `limit` clusters are collected.
    /// Throws only for read errors on the FAT itself.
    init(fat: FATTable, first: UInt32, limit: UInt32) throws {
        let geometry = fat.geometry
        guard geometry.isValidCluster(first) else { stop = .badStart(first); return }
        var visited = VisitedClusters(maxCluster: geometry.maxCluster)
        var current = first
        // The bound: a chain can never hold more clusters than the volume has.
        let bound = min(limit, geometry.clusterCount)
        while true {
            guard visited.insert(current) else { stop = .loop(at: current); return }
            if let last = runs.last, last.first &+ last.count == current {
                runs[runs.count - 1].count += 1
            } else {
                runs.append((current, 1))
            }
            clusterCount += 1
            if clusterCount >= bound {
                stop = clusterCount >= limit ? .limit : .loop(at: current)
                if stop == .limit { return }
                // Collected as many clusters as exist: only an end mark may follow.
                if case .endOfChain = try fat.entry(current) { stop = .end }
                return
            }
            switch try fat.entry(current) {
            case .endOfChain: stop = .end; return
            case .free: stop = .free(at: current); return
            case .bad: stop = .bad(at: current); return
            case .invalid(let v): stop = .outside(value: v, at: current); return
            case .next(let n): current = n
            }
        }
    }

    /// One line for a chain that stopped for a reason other than its end or the limit.
    func problem(geometry: FATGeometry) -> String? {
        switch stop {
        case .end, .limit: return nil
        case .loop(let c): return tr(.chainLoopsBack, ["cluster": String(c)])
        case .free(let c): return tr(.chainFree, ["cluster": String(c)])
        case .bad(let c): return tr(.chainBad, ["cluster": String(c)])
        case let .outside(v, c):
            return tr(.chainOutside, ["from": String(c), "to": String(v), "max": String(geometry.maxCluster)])
        case .badStart(let c):
            return tr(.chainBadStart, ["cluster": String(c), "max": String(geometry.maxCluster)])
        }
    }
}
