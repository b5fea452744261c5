import CardFileSystem
import CardIO
import Foundation
import Testing
import TestSupport
@testable import ExFAT

/// The fuzz target's body on the committed corpus and on random mutations of the seed.
@Suite(.timeLimit(.minutes(1))) struct FuzzCorpusTests {
    static var corpusFiles: [URL] {
        let files = (try? FileManager.default.contentsOfDirectory(at: Fixtures.corpus, includingPropertiesForKeys: nil)) ?? []
        return files.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test func corpusIsPresentAndSmall() throws {
        let files = Self.corpusFiles
        #expect(files.count >= 2)
        for f in files {
            let size = try FileManager.default.attributesOfItem(atPath: f.path)[.size] as? Int ?? 0
            #expect(size < 200 << 10, "\(f.lastPathComponent)")
        }
    }

    @Test(arguments: FuzzCorpusTests.corpusFiles)
    func replay(file: URL) throws {
        ExFATFuzzing.exercise([UInt8](try Data(contentsOf: file)))
    }

    /// Random byte changes, weighted towards the boot region, FAT and folders where the
    /// structure is; 400 inputs, deterministic.
    @Test func randomMutationsNeverTrap() throws {
        let seed = try Fixtures.seedSmall()
        var rng = SplitMix64(state: 0x5D_C0DE)
        for round in 0..<400 {
            var b = seed
            let changes = Int.random(in: 1...24, using: &rng)
            for _ in 0..<changes {
                let region = Int.random(in: 0..<4, using: &rng)
                let at: Int
                switch region {
                case 0: at = Int.random(in: 0..<512, using: &rng)           // boot sector
                case 1: at = Int.random(in: 12_288..<14_336, using: &rng)   // FAT
                case 2: at = Int.random(in: 13_312..<40_000, using: &rng)   // bitmap, up-case, folders
                default: at = Int.random(in: 0..<b.count, using: &rng)
                }
                b[at] = UInt8.random(in: 0...255, using: &rng)
            }
            // Half the time keep the boot checksum right so the damage reaches the deeper layers.
            if round % 2 == 0 { Patch.fixBootChecksum(&b) }
            if round % 7 == 0 { b = Array(b.prefix(Int.random(in: 0..<b.count, using: &rng))) }
            ExFATFuzzing.exercise(b)
        }
    }
}
