/// Where a FAT or exFAT volume keeps its data clusters (fatgen103 §3.5 / exFAT spec §3.1.9
/// ClusterHeapOffset): cluster N (N ≥ 2) starts `heapOffset + (N − 2) × clusterSize` bytes into
/// the volume. Carving needs it to turn free clusters into byte ranges.
public struct ClusterHeapLayout: Sendable, Equatable {
    /// Byte offset of cluster 2 within the volume.
    public var heapOffset: UInt64
    public var clusterSize: UInt32
    /// Data clusters; valid numbers are 2 ... clusterCount + 1.
    public var clusterCount: UInt32

    public init(heapOffset: UInt64, clusterSize: UInt32, clusterCount: UInt32) {
        self.heapOffset = heapOffset; self.clusterSize = clusterSize; self.clusterCount = clusterCount
    }

    /// Byte offset of `cluster` in the volume; the caller checked 2 ≤ cluster ≤ clusterCount + 1.
    public func offset(ofCluster cluster: UInt32) -> UInt64 {
        heapOffset + UInt64(cluster - 2) * UInt64(clusterSize)
    }

    /// The cluster holding volume byte `offset`, or nil outside the heap.
    public func cluster(atByte offset: UInt64) -> UInt32? {
        guard offset >= heapOffset, clusterSize > 0 else { return nil }
        let index = (offset - heapOffset) / UInt64(clusterSize)
        guard index < UInt64(clusterCount) else { return nil }
        return UInt32(index) + 2
    }
}

/// A run of clusters no file holds according to the allocation structures (the FAT, or exFAT's
/// allocation bitmap): where deleted and overwritten footage still lies.
public struct FreeClusterRun: Sendable, Equatable {
    public var firstCluster: UInt32
    public var clusterCount: UInt32
    public init(firstCluster: UInt32, clusterCount: UInt32) {
        self.firstCluster = firstCluster; self.clusterCount = clusterCount
    }
}

/// A volume whose cluster heap and allocation state can be read in bulk, for carving.
public protocol ClusterHeapVolume: CardVolume {
    var clusterHeap: ClusterHeapLayout { get }
    /// Every maximal run of unallocated clusters, in cluster order, read from the allocation
    /// structures in large reads. Throws when they cannot tell free clusters from used ones.
    func freeClusterRuns() throws -> [FreeClusterRun]
}

extension ClusterHeapVolume {
    /// One `isAllocated` question per cluster: correct for any volume, used where the volume has
    /// no faster way.
    public func freeClusterRunsByQuery() throws -> [FreeClusterRun] {
        var runs: [FreeClusterRun] = []
        let last = UInt64(clusterHeap.clusterCount) + 1
        var c: UInt64 = 2
        var start: UInt64?
        while c <= last {
            if try isAllocated(cluster: UInt32(c)) {
                if let s = start { runs.append(FreeClusterRun(firstCluster: UInt32(s), clusterCount: UInt32(c - s))); start = nil }
            } else if start == nil {
                start = c
            }
            c += 1
        }
        if let s = start { runs.append(FreeClusterRun(firstCluster: UInt32(s), clusterCount: UInt32(c - s))) }
        return runs
    }
}
