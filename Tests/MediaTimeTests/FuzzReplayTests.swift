import Foundation
@testable import MediaTime
import TestSupport
import Testing

/// Replays the fuzz seeds (and any crash reproducer saved beside them) through the same entry
/// points the libFuzzer targets call.
@Suite(.timeLimit(.minutes(1)))
struct FuzzReplayTests {
    static let targets: [(String, @Sendable ([UInt8]) -> Void)] = [
        ("FuzzMP4", MediaFuzzing.exerciseMP4),
        ("FuzzAVI", MediaFuzzing.exerciseAVI),
        ("FuzzMPEGTS", MediaFuzzing.exerciseMPEGTS),
        ("FuzzEXIF", MediaFuzzing.exerciseEXIF),
    ]

    @Test func replayCorpus() throws {
        var replayed = 0
        for (dir, run) in Self.targets {
            let url = TestEnvironment.packageRoot.appendingPathComponent("Tests/Corpus/\(dir)")
            let files = try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
            #expect(!files.isEmpty, "no seeds in \(dir)")
            for f in files {
                let data = try #require(FileManager.default.contents(atPath: url.appendingPathComponent(f).path))
                // Every target gets every input: a seed for one parser is hostile input to another.
                for (_, other) in Self.targets { other(Array(data)) }
                run(Array(data))
                replayed += 1
            }
        }
        #expect(replayed >= 8)
    }

    /// Issue 12 item 6: the `unfinalised` damage case is in the corpora too: an MP4 whose `moov`
    /// was never written, an AVI with RIFF size 0 and one without `idx1` (each made from the
    /// tiny seed beside it).
    @Test func unfinalisedSeedsReadAsUnfinalised() throws {
        let root = TestEnvironment.packageRoot.appendingPathComponent("Tests/Corpus")
        for path in ["FuzzMP4/damage-unfinalised.mp4", "FuzzAVI/damage-riff-size-0.avi", "FuzzAVI/damage-no-idx1.avi"] {
            let (r, _) = try Media.read(file: root.appendingPathComponent(path).path)
            #expect(r.unfinalised, "\(path): \(r.evidence) \(r.unknownBecause)")
        }
        let (whole, _) = try Media.read(file: root.appendingPathComponent("FuzzMP4/tiny.mp4").path)
        #expect(!whole.unfinalised)
    }

    /// The seeds themselves read back as what they are.
    @Test func seedsAreValid() throws {
        let root = TestEnvironment.packageRoot.appendingPathComponent("Tests/Corpus")
        for (path, expected) in [("FuzzMP4/tiny.mp4", TimeSource.mp4Mvhd), ("FuzzAVI/idit-strd-odml.avi", .aviIDIT),
                                 ("FuzzEXIF/stamped.jpg", .exifDateTimeOriginal)] {
            let (r, _) = try Media.read(file: root.appendingPathComponent(path).path)
            #expect(r.timeSource == expected, "\(path): \(r.evidence) \(r.unknownBecause)")
        }
        let (ts, _) = try Media.read(file: root.appendingPathComponent("FuzzMPEGTS/tiny.ts").path)
        #expect(ts.durationSource == .mpegPTS)
    }
}
