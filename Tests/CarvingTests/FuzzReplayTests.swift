import Foundation
import Testing
import TestSupport
import CardIO
import CardFileSystem
@testable import Carving

/// The FuzzCarving target's corpus (Tests/Corpus/FuzzCarving) replayed through its entry point,
/// and random mutations of the seeds: no trap, no hang, every find inside the input.
@Suite(.timeLimit(.minutes(1))) struct CarvingFuzzReplayTests {
    static let corpus = TestEnvironment.packageRoot.appendingPathComponent("Tests/Corpus/FuzzCarving")

    static func files() -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).sorted().map { corpus.appendingPathComponent($0) }
    }

    @Test func corpusReplaysThroughExercise() throws {
        let files = Self.files()
        #expect(files.count >= 6, "Tests/Corpus/FuzzCarving should hold the seeds")
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: file))
            #expect(bytes.count < 200 << 10, "\(file.lastPathComponent) is too large to commit")
            CarvingFuzzing.exercise(bytes)
        }
    }

    /// Each seed is one file at cluster 2 of a 512-byte-cluster heap: the carver finds it whole
    /// (the one whose clusters are partly in use, cut short).
    @Test func seedsAreFound() throws {
        let expected: [String: CarvedKind] = ["jpeg-exif.bin": .jpeg, "mp4-moov-last.bin": .mp4, "mov-qt.bin": .mov,
                                               "mpeg-ps.bin": .mpegPS, "dhav-frames.bin": .dhav]
        for (name, kind) in expected {
            let bytes = [UInt8](try Data(contentsOf: Self.corpus.appendingPathComponent(name)))
            let result = Carver(volume: MemoryClusterHeap(bytes, clusterSize: 512)).scan()
            let f = try #require(result.finds.first, "\(name): nothing found")
            #expect(f.kind == kind && f.volumeOffset == 512 && f.complete, "\(name): \(f)")
        }
        let cut = [UInt8](try Data(contentsOf: Self.corpus.appendingPathComponent("jpeg-cut-by-allocation.bin")))
        // Byte 1 = 3: every fourth cluster from cluster 2 is in use, so the JPEG at cluster 3 runs into cluster 6.
        let result = Carver(volume: MemoryClusterHeap(cut, clusterSize: 512, allocated: [2, 6, 10, 14, 18, 22, 26, 30, 34, 38])).scan()
        #expect(result.finds.first.map { $0.kind == .jpeg && !$0.complete && $0.length == 3 * 512 } == true, "\(result.finds)")
    }

    @Test func randomMutationsNeverTrap() throws {
        var rng = SplitMix64(seed: 4)
        let seeds = try Self.files().map { [UInt8](try Data(contentsOf: $0)) }
        for round in 0..<200 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<(1 + rng.next() % 24) {
                // Mostly near the file's headers, where a change alters the walk.
                let span = min(bytes.count, rng.next() % 2 == 0 ? 2048 : bytes.count)
                bytes[Int(rng.next() % UInt64(span))] = UInt8(truncatingIfNeeded: rng.next())
            }
            if rng.next() % 5 == 0 { bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count)))) }
            CarvingFuzzing.exercise(bytes)
        }
    }
}
