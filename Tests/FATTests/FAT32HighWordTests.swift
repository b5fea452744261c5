import Foundation
import Testing
import TestSupport
import CardIO
import CardFileSystem
@testable import FAT

/// Issue 12: a FAT32 entry deleted by Windows loses the high 16 bits of its first cluster
/// (fatgen103 §6 DIR_FstClusHI). On a volume of more than 65,536 clusters the candidates are
/// LO + k·65536; the allocation state picks the right one when only one is free.
@Suite(.timeLimit(.minutes(1))) struct FAT32HighWordTests {
    @Test(.requires(tools: FATTools.mtools))
    func deletedEntryWithClearedHighWordIsRecoveredFromTheRightCluster() throws {
        let dir = try TemporaryDirectory("fat32-high")
        defer { dir.remove() }
        let image = dir.path("fat32.img")
        // 40 MiB with 512-byte clusters: about 80,000 clusters.
        try FATTools.mkfs(image, fatBits: 32, kilobytes: 40960, extra: ["-s", "1"])
        var rng = XorShift(seed: 65536)
        let filler = dir.path("filler")
        try Data(rng.bytes(34 << 20)).write(to: URL(fileURLWithPath: filler))
        try FATTools.mcopy(image, filler, "FILLER.BIN")
        let content = Data(rng.bytes(10_000))
        let local = dir.path("clip")
        try content.write(to: URL(fileURLWithPath: local))
        try FATTools.mcopy(image, local, "CLIP.MP4")
        let before = try FATVolume(source: MemoryByteSource([UInt8](try Data(contentsOf: URL(fileURLWithPath: image)))))
        let live = try #require(try before.listing(includeDeleted: false).entries.first { $0.path == "CLIP.MP4" })
        try #require(live.firstCluster > 0xFFFF, "the clip must lie past cluster 65535 (it is at \(live.firstCluster))")
        try FATTools.mdel(image, "CLIP.MP4")

        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: image)))
        let deleted = try #require(try FATVolume(source: MemoryByteSource(bytes)).listing(includeDeleted: true).entries
            .first { $0.deleted && $0.size == 10_000 })
        // As Windows deletes: DIR_FstClusHI (bytes 20-21 of the short entry) cleared.
        let at = Int(deleted.entryOffset)
        bytes[at + 20] = 0
        bytes[at + 21] = 0
        let volume = try FATVolume(source: MemoryByteSource(bytes))
        let entry = try #require(try volume.listing(includeDeleted: true).entries.first { $0.deleted && $0.size == 10_000 })
        #expect(entry.firstCluster == live.firstCluster & 0xFFFF)
        let plan = try volume.contentPlan(for: entry)
        #expect(plan.runs.first?.firstCluster == live.firstCluster)
        #expect(plan.warnings.contains { $0.contains("high 16 bits") && $0.contains("only candidate") }, "\(plan.warnings)")
        #expect(try readAll(volume, entry) == content)
    }
}
