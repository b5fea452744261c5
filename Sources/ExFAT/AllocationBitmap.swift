import CardFileSystem
import CardIO
import Messages

/// The Allocation Bitmap (exFAT specification §7.1): bit N-2 says whether cluster N is in use.
/// The bitmap, not the FAT, is what says a cluster is free on exFAT (§7.1.5).
final class AllocationBitmap {
    let boot: BootSector
    private let region: CachedRegion

    /// Why the bitmap is not used (it is shorter than ClusterCount needs), or nil.
    let unusable: String?

    /// `extents` hold at least ceil(ClusterCount / 8) bytes, checked by the caller.
    init(source: ByteSource, boot: BootSector, extents: [CachedRegion.Extent]) {
        self.boot = boot
        region = CachedRegion(source: source, extents: extents, what: tr(.xcAllocationBitmap))
        unusable = nil
    }

    /// A bitmap that is not read: live files need only their chains, but nothing can say which
    /// clusters are free (§7.1.5), so every question about allocation throws `reason`.
    init(unusable reason: String, source: ByteSource, boot: BootSector) {
        self.boot = boot
        region = CachedRegion(source: source, extents: [], what: tr(.xcAllocationBitmap))
        unusable = reason
    }

    func isAllocated(_ cluster: UInt32) throws -> Bool {
        if let unusable {
            throw FileSystemError.corrupt(structure: tr(.geoStructBitmap),
                                          reason: tr(.geoBitmapUnusable, ["reason": unusable]))
        }
        guard boot.isValidCluster(cluster) else {
            throw FileSystemError.corrupt(structure: tr(.geoStructBitmap),
                                          reason: tr(.geoBitmapOutside, ["cluster": String(cluster), "max": String(boot.lastCluster)]))
        }
        let index = UInt64(cluster - 2)
        let byte = try region.byte(at: index / 8)
        return byte & (1 << UInt8(index % 8)) != 0
    }

    /// Clusters whose bit is clear, counted in large reads straight from the source.
    func freeClusters(source: ByteSource, extents: [CachedRegion.Extent]) throws -> UInt32 {
        var remainingBits = UInt64(boot.clusterCount)
        var used: UInt64 = 0
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        for e in extents where remainingBits > 0 {
            var offset: UInt64 = 0
            while offset < e.length && remainingBits > 0 {
                let wantBytes = min(UInt64(chunk), e.length - offset, (remainingBits + 7) / 8)
                let n = Int(wantBytes)
                let at = e.start + offset
                let got = try buffer.withUnsafeMutableBytes { try source.readFully(at: at, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<n])) }
                if got < n {
                    throw CardIOError.truncated(source: tr(.xcAllocationBitmap2, ["name": "\(source.name)"]), offset: at + UInt64(got), wanted: UInt64(n - got), available: 0)
                }
                for i in 0..<n {
                    var byte = buffer[i]
                    if remainingBits < 8 { byte &= UInt8((1 << remainingBits) - 1) }
                    used += UInt64(byte.nonzeroBitCount)
                    remainingBits -= min(8, remainingBits)
                }
                offset += wantBytes
            }
        }
        return UInt32(UInt64(boot.clusterCount) - min(used, UInt64(boot.clusterCount)))
    }
}
