import CardIO
import CardFileSystem

/// A cluster heap in memory with a chosen allocation state: the fuzz target's volume, and the
/// property tests'.
package final class MemoryClusterHeap: ClusterHeapVolume {
    package let source: ByteSource
    package let clusterHeap: ClusterHeapLayout
    private let allocated: Set<UInt32>

    /// Clusters of `clusterSize` bytes from byte 0 of `bytes`; `allocated` are in use.
    package init(_ bytes: [UInt8], clusterSize: UInt32, allocated: Set<UInt32> = []) {
        source = MemoryByteSource(bytes, name: "memory heap")
        clusterHeap = ClusterHeapLayout(heapOffset: 0, clusterSize: clusterSize, clusterCount: UInt32(bytes.count) / max(1, clusterSize))
        self.allocated = allocated
    }

    package var description: VolumeDescription {
        VolumeDescription(kind: .exfat, label: nil, serialNumber: 0, bytesPerSector: 512, clusterSize: clusterHeap.clusterSize,
                          clusterCount: clusterHeap.clusterCount, freeClusters: nil, volumeSize: source.size)
    }
    package func listing(includeDeleted: Bool) throws -> VolumeListing { VolumeListing() }
    package func contentPlan(for entry: CardEntry) throws -> ContentPlan { ContentPlan(runs: [], size: 0, dataLength: 0) }
    package func isAllocated(cluster: UInt32) throws -> Bool { allocated.contains(cluster) }
    package func freeClusterRuns() throws -> [FreeClusterRun] { try freeClusterRunsByQuery() }
}

/// The fuzz and property-test entry point: the input is a cluster heap (its first byte picks the
/// cluster size, its second which clusters are in use) scanned by the carver, which must end
/// without a trap, with every find inside a free run.
package enum CarvingFuzzing {
    package static func exercise(_ data: [UInt8]) {
        guard data.count >= 2 else { return }
        let clusterSize = UInt32(512) << UInt32(data[0] % 4)
        let every = Int(data[1] % 8)
        let clusters = UInt32(data.count) / clusterSize
        var allocated = Set<UInt32>()
        if every > 0 && clusters > 0 {
            for c in stride(from: 2, through: Int(clusters) + 1, by: every + 1) { allocated.insert(UInt32(c)) }
        }
        let carver = Carver(volume: MemoryClusterHeap(data, clusterSize: clusterSize, allocated: allocated), chunkSize: 64 << 10)
        let result = carver.scan()
        for f in result.finds {
            precondition(f.length > 0 && f.volumeEnd <= UInt64(data.count), "a find outside the input")
        }
    }
}
