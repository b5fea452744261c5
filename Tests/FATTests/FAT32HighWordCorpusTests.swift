import Foundation
import Testing
import TestSupport
import CardIO
import CardFileSystem
@testable import FAT

/// Issue 12 item 6 for the FAT32 zeroed-high-word case: the volume must have clusters past
/// 65,535, so it is over 33 MB, and the corpus holds it as a `SparseImage`
/// (Tests/Corpus/FuzzFAT/damage-fat32-high-word.sparse, about 23 KB) that the fuzz target
/// expands on read. `SDCUSTODY_RECORD_CORPUS=1` builds it again with mkfs.vfat and mtools:
///
/// - KEEP.MP4 (3,000 bytes, live) at cluster 3;
/// - CLIP.MP4 (10,000 bytes) at cluster 65,539 and CLIP2.MP4 (6,000 bytes) after it, both
///   deleted with mdel and then with DIR_FstClusHI cleared, as Windows deletes. CLIP's low word
///   (3) is KEEP's cluster, so 65,539 is the only free candidate; CLIP2's low word names a free
///   cluster too, so it is ambiguous and must say so.
@Suite(.timeLimit(.minutes(1))) struct FAT32HighWordCorpusTests {
    static let url = FuzzAndPropertyTests.corpus.appendingPathComponent("damage-fat32-high-word.sparse")
    static let keep = XorShift.content(seed: 3, 3000)
    static let clip = XorShift.content(seed: 65539, 10_000)
    static let clip2 = XorShift.content(seed: 65559, 6000)

    /// mkfs.vfat, then mtools with FSInfo's FSI_Nxt_Free hint moved past cluster 65,535 so the
    /// clips are allocated there; mdel; DIR_FstClusHI of both deleted entries cleared.
    static func build() throws -> [UInt8] {
        let dir = try TemporaryDirectory("fat32-high-corpus")
        defer { dir.remove() }
        let image = dir.path("fat32.img")
        try FATTools.mkfs(image, fatBits: 32, kilobytes: 36864, extra: ["-s", "1"])
        func put(_ data: Data, _ name: String) throws {
            let local = dir.path(name)
            try data.write(to: URL(fileURLWithPath: local))
            try FATTools.mcopy(image, local, name)
        }
        try put(keep, "KEEP.MP4")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: image)))
        let fsInfo = 512 * (Int(bytes[48]) | Int(bytes[49]) << 8)
        for i in 0..<4 { bytes[fsInfo + 492 + i] = UInt8(truncatingIfNeeded: UInt32(65538) >> (8 * UInt32(i))) }
        try Data(bytes).write(to: URL(fileURLWithPath: image))
        try put(clip, "CLIP.MP4")
        try put(clip2, "CLIP2.MP4")
        try FATTools.mdel(image, "CLIP.MP4")
        try FATTools.mdel(image, "CLIP2.MP4")
        bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: image)))
        let listing = try FATVolume(source: MemoryByteSource(bytes)).listing(includeDeleted: true)
        for entry in listing.entries where entry.deleted && !entry.isDirectory {
            bytes[Int(entry.entryOffset) + 20] = 0
            bytes[Int(entry.entryOffset) + 21] = 0
        }
        return bytes
    }

    static func corpusSource() throws -> SparseByteSource {
        if ProcessInfo.processInfo.environment["SDCUSTODY_RECORD_CORPUS"] == "1" {
            try Data(SparseImage.encode(try build())).write(to: url)
        }
        return try #require(SparseImage.decode([UInt8](try Data(contentsOf: url))), "not a sparse image")
    }

    static func deleted(_ volume: FATVolume, size: UInt64) throws -> CardEntry {
        try #require(try volume.listing(includeDeleted: true).entries.first { $0.deleted && $0.size == size })
    }

    @Test func corpusHoldsTheZeroedHighWordCase() throws {
        let source = try Self.corpusSource()
        let volume = try FATVolume(source: source)
        #expect(volume.geometry.kind == .fat32)
        #expect(volume.geometry.maxCluster > 0xFFFF)
        let live = try #require(try volume.listing(includeDeleted: false).entries.first { $0.path == "KEEP.MP4" })
        #expect(try readAll(volume, live) == Self.keep)

        let clip = try Self.deleted(volume, size: 10_000)
        #expect(clip.firstCluster == 3, "the high word must read as cleared")
        let plan = try volume.contentPlan(for: clip)
        #expect(plan.runs.first?.firstCluster == 65539)
        #expect(plan.warnings.contains { $0.contains("high 16 bits") && $0.contains("only candidate") }, "\(plan.warnings)")
        #expect(try readAll(volume, clip) == Self.clip)

        let clip2 = try Self.deleted(volume, size: 6000)
        #expect(clip2.firstCluster <= 0xFFFF)
        let plan2 = try volume.contentPlan(for: clip2)
        #expect(plan2.warnings.contains { $0.contains("high 16 bits") && $0.contains("2 candidates are free") }, "\(plan2.warnings)")
        // The fuzz entry point takes the sparse bytes as they are committed.
        FATFuzzing.exercise([UInt8](try Data(contentsOf: Self.url)))
    }

    /// The expanded image as independent tools see it: fsck.fat finds a consistent volume
    /// (deleted entries are free space to it), fls lists both deleted clips with their sizes.
    @Test(.requires(tools: ["fsck.fat", "fls"]))
    func expandedImageIsAValidFAT32VolumeForFsckAndFls() throws {
        let dir = try TemporaryDirectory("fat32-high-expanded")
        defer { dir.remove() }
        let image = dir.path("expanded.img")
        try Data(try Self.corpusSource().expanded()).write(to: URL(fileURLWithPath: image))
        let fsck = try runProcess([TestEnvironment.which("fsck.fat") ?? "fsck.fat", "-n", image])
        #expect(fsck.status == 0, "fsck.fat -n: \(fsck.stdoutText) \(fsck.stderrText)")
        let fls = try FATTools.fls(image)
        #expect(fls.contains { $0.path == "KEEP.MP4" && !$0.deleted && $0.size == 3000 })
        #expect(fls.contains { $0.path.hasSuffix("LIP.MP4") && $0.deleted && $0.size == 10_000 }, "\(fls.map(\.path))")
        #expect(fls.contains { $0.path.hasSuffix("LIP2.MP4") && $0.deleted && $0.size == 6000 }, "\(fls.map(\.path))")
    }
}

/// Sparse images: what `encode` writes `decode` reads back byte for byte, and hostile headers
/// are refused (so the fuzz target falls back to raw bytes) rather than trusted.
@Suite struct SparseImageTests {
    @Test func roundTripsRandomMostlyZeroImages() throws {
        var rng = SplitMix64(seed: 20261201)
        for _ in 0..<50 {
            var image = [UInt8](repeating: 0, count: Int(rng.next() % 40_000))
            for _ in 0..<Int(rng.next() % 12) where !image.isEmpty {
                let at = Int(rng.next() % UInt64(image.count))
                for i in at..<min(image.count, at + Int(rng.next() % 900)) { image[i] = UInt8(truncatingIfNeeded: rng.next() | 1) }
            }
            let source = try #require(SparseImage.decode(SparseImage.encode(image)))
            #expect(source.size == UInt64(image.count))
            #expect(source.expanded() == image)
            // Reads at random offsets and lengths, across extent edges.
            for _ in 0..<20 where !image.isEmpty {
                let at = Int(rng.next() % UInt64(image.count))
                let n = Int(rng.next() % 3000)
                var got = [UInt8](repeating: 0xEE, count: n)
                let read = try got.withUnsafeMutableBytes { try source.read(at: UInt64(at), into: $0) }
                #expect(read == min(n, image.count - at))
                #expect(got.prefix(read) == image[at..<(at + read)])
            }
        }
    }

    @Test func hostileHeadersAreNotSparseImages() throws {
        let good = SparseImage.encode([0, 0, 7, 7] + [UInt8](repeating: 0, count: 2000) + [9], block: 4)
        #expect(SparseImage.decode(good) != nil)
        #expect(SparseImage.decode(Array(good.prefix(15))) == nil)
        var tooBig = good
        tooBig[15] = 0x01   // size 2^56
        #expect(SparseImage.decode(tooBig) == nil)
        #expect(SparseImage.decode(Array(good.dropLast())) == nil, "an extent cut short")
        var pastEnd = good
        pastEnd[23] = 0xF0  // first extent's offset past the size
        #expect(SparseImage.decode(pastEnd) == nil)
        // Random mutations never trap, and whatever decodes reads within its size.
        var rng = SplitMix64(seed: 12)
        for _ in 0..<500 {
            var b = good
            for _ in 0..<Int(rng.next() % 4 + 1) { b[Int(rng.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: rng.next()) }
            if let s = SparseImage.decode(b) { _ = try s.read(at: s.size / 2, count: Int(s.size - s.size / 2)) }
            FATFuzzing.exercise(b)
        }
    }
}

extension XorShift {
    static func content(seed: UInt64, _ count: Int) -> Data {
        var rng = XorShift(seed: seed)
        return Data(rng.bytes(count))
    }
}
