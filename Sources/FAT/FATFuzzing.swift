import CardIO
import CardFileSystem

/// The fuzz and property-test entry point: every path a hostile image can reach, with errors
/// swallowed (they are the expected outcome); only a trap or a hang is a failure.
package enum FATFuzzing {
    private struct Enough: Error {}

    /// `data` is a raw image, or a `SparseImage` (how the corpus holds FAT32 volumes, which are
    /// over 33 MB when they have clusters past 65,535).
    package static func exercise(_ data: [UInt8]) {
        let source: ByteSource = SparseImage.decode(data) ?? MemoryByteSource(data, name: "fuzz input")
        _ = FATVolume.looksLikeFAT((try? source.read(at: 0, count: Int(min(source.size, 512)))) ?? [])
        guard let volume = try? FATVolume(source: source) else { return }
        _ = volume.description
        guard let listing = try? volume.listing(includeDeleted: true) else { return }
        for entry in listing.entries where !entry.isDirectory {
            _ = try? volume.isAllocated(cluster: entry.firstCluster)
            // The whole-file plan, the salvage of a broken chain, and an unclosed file's chain.
            let plans = [try? volume.contentPlan(for: entry), try? volume.salvagePlan(for: entry),
                         (try? volume.unclosedPlan(for: entry)) ?? nil]
            for plan in plans.compactMap({ $0 }) {
                var seen = 0
                let stream = ContentStream(source: source, plan: plan, chunkSize: 16 << 10)
                do {
                    try stream.forEachChunk { chunk in
                        seen += chunk.count
                        if seen >= 64 << 10 { throw Enough() }
                    }
                } catch {}
            }
        }
    }
}
