import CardIO
import CardFileSystem

/// The free clusters of an exFAT volume for carving: those whose allocation-bitmap bit is clear
/// (exFAT specification §7.1.5). A bitmap set aside as unusable makes this throw, as deleted-file
/// recovery does: nothing can then tell free clusters from used ones.
extension ExFATVolume: ClusterHeapVolume {
    public var clusterHeap: ClusterHeapLayout {
        ClusterHeapLayout(heapOffset: boot.heapStart, clusterSize: boot.bytesPerCluster, clusterCount: boot.clusterCount)
    }

    public func freeClusterRuns() throws -> [FreeClusterRun] { try freeClusterRunsByQuery() }
}
