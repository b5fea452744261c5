import Foundation
import Testing
import TestSupport
import CardIO
import CardFileSystem
@testable import FAT

/// The fuzz entry point over the committed corpus, and random mutations of a valid image.
/// Passing means: no trap, no hang (each input finishes; timings are not asserted).
@Suite(.timeLimit(.minutes(1))) struct FuzzAndPropertyTests {
    static let corpus = TestEnvironment.packageRoot.appendingPathComponent("Tests/Corpus/FuzzFAT")

    static func corpusFiles() -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
        return names.sorted().map { corpus.appendingPathComponent($0) }
    }

    @Test func corpusReplaysThroughExercise() throws {
        let files = Self.corpusFiles()
        #expect(!files.isEmpty, "Tests/Corpus/FuzzFAT should hold seed images")
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: file))
            #expect(bytes.count < 200 << 10, "\(file.lastPathComponent) is too large to commit")
            FATFuzzing.exercise(bytes)
        }
    }

    /// Several hundred images, each the FAT12 seed with 1–24 random bytes replaced, most of them
    /// in the boot sector, FATs and directories where damage changes the walk.
    @Test func randomMutationsNeverTrapOrHang() throws {
        let seed = [UInt8](try Data(contentsOf: Self.corpus.appendingPathComponent("fat12-small.img")))
        let volume = try FATVolume(source: MemoryByteSource(seed))
        let metaEnd = Int(volume.geometry.offset(ofCluster: 2)) + 8 * Int(volume.geometry.clusterSize)
        var rng = XorShift(seed: 20261120)
        for _ in 0..<400 {
            var bytes = seed
            let count = Int(rng.next() % 24) + 1
            for _ in 0..<count {
                let hot = rng.next() % 4 != 0
                let range = hot ? min(metaEnd, bytes.count) : bytes.count
                let at = Int(rng.next() % UInt64(range))
                bytes[at] = UInt8(truncatingIfNeeded: rng.next())
            }
            FATFuzzing.exercise(bytes)
        }
    }

    /// Truncations at every sector boundary of the seed's metadata.
    @Test func everyTruncationIsHandled() throws {
        let seed = [UInt8](try Data(contentsOf: Self.corpus.appendingPathComponent("fat12-small.img")))
        for cut in stride(from: 0, through: seed.count, by: 512) {
            FATFuzzing.exercise(Array(seed.prefix(cut)))
        }
    }

    /// A directory whose chain loops must not make the listing spin.
    @Test func loopingFolderChainEnds() throws {
        var img = try DamagedImageTests.Image(try DamagedImageTests.seed())
        let dcim = try img.entry("DCIM")
        img.setFAT(dcim.firstCluster, dcim.firstCluster)
        let listing = try img.open().listing(includeDeleted: true)
        #expect(listing.problems.contains { $0.contains("folder DCIM") && $0.contains("loops") }, "\(listing.problems)")
    }
}
