import Foundation
import Testing
import TestSupport
import CardIO
import CardFileSystem
@testable import FAT

/// FAT32 structures the FAT12 seed lacks: FSInfo, the root cluster chain, BPB_ExtFlags.
@Suite struct FAT32Tests {
    static func build(_ dir: TemporaryDirectory) throws -> (path: String, content: Data) {
        let image = dir.path("fat32.img")
        try FATTools.mkfs(image, fatBits: 32, kilobytes: 36864, extra: ["-s", "1"])
        var rng = XorShift(seed: 32)
        let content = Data(rng.bytes(4000))
        let local = dir.path("clip")
        try content.write(to: URL(fileURLWithPath: local))
        try FATTools.mmd(image, "DCIM")
        try FATTools.mcopy(image, local, "DCIM/clip.mp4")
        return (image, content)
    }

    static func patched(_ path: String, _ change: (inout [UInt8]) -> Void) throws -> FATVolume {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        change(&bytes)
        return try FATVolume(source: MemoryByteSource(bytes))
    }

    @Test(.requires(tools: FATTools.mtools))
    func fsInfoIsReported() throws {
        let dir = try TemporaryDirectory("fat32")
        defer { dir.remove() }
        let (image, content) = try Self.build(dir)
        let v = try open(image)
        let d = v.description
        #expect(d.kind == .fat32)
        #expect(d.warnings.isEmpty, "\(d.warnings)")
        let details = Dictionary(d.details.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(details["fsinfo_free_clusters"] != nil)
        #expect(details["root_directory_cluster"] == "2")
        #expect(d.freeClusters.map { $0 > 0 && $0 < d.clusterCount } == true)
        let e = try #require(v.listing(includeDeleted: false).entries.first { $0.path == "DCIM/clip.mp4" })
        #expect(try readAll(v, e) == content)
    }

    @Test(.requires(tools: FATTools.mtools))
    func badFSInfoSignatureIsAWarning() throws {
        let dir = try TemporaryDirectory("fat32")
        defer { dir.remove() }
        let (image, _) = try Self.build(dir)
        let v = try Self.patched(image) { $0[512] = 0 }
        #expect(v.description.warnings.contains { $0.contains("FSInfo signature bad") })
        #expect(!v.description.details.contains { $0.key == "fsinfo_free_clusters" })
    }

    @Test(.requires(tools: FATTools.mtools))
    func differingCopiesAndActiveFAT() throws {
        let dir = try TemporaryDirectory("fat32")
        defer { dir.remove() }
        let (image, content) = try Self.build(dir)
        let clean = try open(image)
        let g = clean.geometry
        let e = try #require(clean.listing(includeDeleted: false).entries.first { $0.path == "DCIM/clip.mp4" })
        // Break the clip's chain in FAT 1 only.
        let fat1Entry = Int(g.fatOffset(copy: 0)) + Int(e.firstCluster) * 4
        let broken = try Self.patched(image) { b in for i in 0..<4 { b[fat1Entry + i] = 0 } }
        #expect(broken.description.warnings.contains("FAT copies 1 and 2 differ in 1 entries"), "\(broken.description.warnings)")
        #expect(throws: FileSystemError.self) { try broken.contentPlan(for: e) }
        // With mirroring off and FAT 2 active (BPB_ExtFlags = 0x81), the intact copy is used.
        let second = try Self.patched(image) { b in
            for i in 0..<4 { b[fat1Entry + i] = 0 }
            b[40] = 0x81; b[41] = 0
        }
        #expect(second.geometry.activeFAT == 1)
        #expect(try readAll(second, e) == content)
        #expect(second.description.warnings.contains("FAT copies 2 and 1 differ in 1 entries"))
    }

    @Test(.requires(tools: FATTools.mtools))
    func rootClusterOutsideTheVolumeIsAnError() throws {
        let dir = try TemporaryDirectory("fat32")
        defer { dir.remove() }
        let (image, _) = try Self.build(dir)
        let error = try #require(throws: FileSystemError.self) {
            try Self.patched(image) { b in b[44] = 0xFF; b[45] = 0xFF; b[46] = 0xFF; b[47] = 0x0F }
        }
        #expect("\(error)".contains("root directory cluster"))
    }

    /// mkfs.fat -F 32 on 4 MiB writes a FAT32 BPB with far fewer than 65525 clusters; The Sleuth
    /// Kit and mtools refuse it, we read it as FAT32 and warn.
    @Test(.requires(tools: FATTools.mtools))
    func fat32LayoutWithFewClustersIsReadWithAWarning() throws {
        let dir = try TemporaryDirectory("fat32-small")
        defer { dir.remove() }
        let image = dir.path("small.img")
        try FATTools.mkfs(image, fatBits: 32, kilobytes: 4096)
        let v = try open(image)
        #expect(v.description.kind == .fat32)
        #expect(v.description.warnings.contains { $0.contains("read as FAT32") })
        #expect(try v.listing(includeDeleted: true).problems.isEmpty)
    }
}
