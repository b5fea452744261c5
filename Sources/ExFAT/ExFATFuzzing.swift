import CardFileSystem
import CardIO

/// The fuzz target's body, kept in the library so the corpus can be replayed by a plain test.
///
/// Opens the bytes as an exFAT volume, lists everything including deleted entries, plans and
/// streams up to 64 KiB of each file (at most 256 files), and swallows the errors: only a
/// trap, a hang or a sanitizer report is a finding.
package enum ExFATFuzzing {
    static let bytesPerFile = 64 << 10
    static let filesPerInput = 256

    private struct Enough: Error {}

    package static func exercise(_ data: [UInt8]) {
        let source = MemoryByteSource(data, name: "fuzz input")
        // As a card is opened: a damaged main boot region falls back to the backup.
        guard let volume = try? ExFATVolume(source: source, allowBackupBootRegion: true) else { return }
        _ = volume.description
        for cluster in [UInt32(0), 1, 2, 3, volume.boot.lastCluster, volume.boot.lastCluster &+ 1] {
            _ = try? volume.isAllocated(cluster: cluster)
        }
        guard let listing = try? volume.listing(includeDeleted: true) else { return }
        for entry in listing.entries.filter({ !$0.isDirectory }).prefix(filesPerInput) {
            // The salvage of a broken chain and an unclosed file's whole chain, then the plan.
            for extra in [try? volume.salvagePlan(for: entry), (try? volume.unclosedPlan(for: entry)) ?? nil] {
                guard let extra else { continue }
                var seen = 0
                do {
                    try ContentStream(source: source, plan: extra, chunkSize: bytesPerFile).forEachChunk { chunk in
                        seen += chunk.count
                        if seen >= bytesPerFile { throw Enough() }
                    }
                } catch {}
            }
            guard let plan = try? volume.contentPlan(for: entry) else { continue }
            var seen = 0
            let stream = ContentStream(source: source, plan: plan, chunkSize: bytesPerFile)
            do {
                try stream.forEachChunk { chunk in
                    seen += chunk.count
                    if seen >= bytesPerFile { throw Enough() }
                }
            } catch {}
            let file = FileContentSource(volume: source, plan: plan, name: entry.path)
            if file.size > 0 { _ = try? file.read(at: file.size / 2, count: Int(min(file.size - file.size / 2, 512))) }
        }
    }
}
