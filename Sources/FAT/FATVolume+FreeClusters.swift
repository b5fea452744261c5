import CardIO
import CardFileSystem

/// The free clusters of a FAT volume for carving: a cluster is free when its FAT entry is 0
/// (fatgen103 §4). Read from the active FAT in large reads, so a 32 GB card's FAT (a few MB)
/// costs a few reads, not one cached lookup per cluster.
extension FATVolume: ClusterHeapVolume {
    public var clusterHeap: ClusterHeapLayout {
        ClusterHeapLayout(heapOffset: UInt64(geometry.firstDataSector) * UInt64(geometry.bytesPerSector),
                          clusterSize: geometry.clusterSize, clusterCount: geometry.clusterCount)
    }

    public func freeClusterRuns() throws -> [FreeClusterRun] {
        let g = geometry
        // FAT12 packs two entries in three bytes: read it through the table, it is small.
        if g.kind == .fat12 { return try freeClusterRunsByQuery() }
        let width: UInt64 = g.kind == .fat16 ? 2 : 4
        let last = UInt64(g.maxCluster)
        let chunkEntries: UInt64 = 1 << 18
        var runs: [FreeClusterRun] = []
        var start: UInt64?
        var cluster: UInt64 = 2
        while cluster <= last {
            let count = min(chunkEntries, last + 1 - cluster)
            let bytes = try source.read(at: g.fatOffset(copy: g.activeFAT) + cluster * width, count: Int(count * width))
            bytes.withUnsafeBytes { raw in
                for i in 0..<Int(count) {
                    let free: Bool
                    if width == 2 {
                        free = raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self) == 0
                    } else {
                        free = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)) & 0x0FFF_FFFF == 0
                    }
                    let c = cluster + UInt64(i)
                    if free {
                        if start == nil { start = c }
                    } else if let s = start {
                        runs.append(FreeClusterRun(firstCluster: UInt32(s), clusterCount: UInt32(c - s)))
                        start = nil
                    }
                }
            }
            cluster += count
        }
        if let s = start { runs.append(FreeClusterRun(firstCluster: UInt32(s), clusterCount: UInt32(last + 1 - s))) }
        return runs
    }
}
