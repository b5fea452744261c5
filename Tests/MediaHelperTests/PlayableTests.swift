import BagIt
@testable import Custody
import Foundation
import TestSupport
import Testing

/// `export --playable`: working copies that ffprobe reads, with the master's frame count and
/// duration within one frame, listed in the provenance and bag-info, masters byte-identical.
@Suite(.serialized, .requires("ffmpeg", "ffprobe"), .requires("the built sdcustody-media helper", available: Media.haveHelper))
struct PlayableTests {
    static func sha256(_ path: String) throws -> String {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        return Hex.encode(try Digest.hash(.sha256, bytes))
    }

    static func agree(copy: String, master: String) throws {
        let c = try Media.counted(copy), m = try Media.counted(master)
        #expect(c.frames > 0 && abs(c.frames - m.frames) <= 1, "\(copy): \(c.frames) frames, master \(m.frames)")
        let frame = 1 / m.rate
        // A program stream carries time stamps on some packets only, and ffprobe's stream duration
        // for it is an estimate from them (2.76 s for 75 frames at 25/s); the frames it counts
        // by decoding are the master's real length then.
        let byFrames = Double(m.frames) / m.rate
        let masterDuration = m.duration.flatMap { abs($0 - byFrames) <= frame + 1e-6 ? $0 : nil } ?? byFrames
        let copyDuration = try #require(c.duration, "\(copy) has no duration")
        #expect(abs(copyDuration - masterDuration) <= frame + 1e-6, "\(copy): \(copyDuration) s, master \(masterDuration) s")
    }

    @Test func exportWritesWorkingCopies() throws {
        let dir = try TemporaryDirectory("media-playable")
        defer { dir.remove() }
        let card = dir.path("card")
        try FileManager.default.createDirectory(atPath: card, withIntermediateDirectories: true)
        var masters: [String: String] = [:]
        for clip in Media.clips where clip.file != "clip.mp4" {
            let path = try Media.make(clip, seconds: 3, in: card)
            masters[clip.file] = try Self.sha256(path)
        }
        let playable = try Media.make(Media.clips[0], seconds: 2, in: card)
        masters["clip.mp4"] = try Self.sha256(playable)

        var request = ExportRequest(sourcePath: card, output: dir.path("bag"), caseID: "C-13", exhibit: "E-1", operatorName: "tester")
        request.playable = true
        request.mediaHelper = try Media.helper()
        let result = try Exporter(request).run(card: try CardSource(path: card))
        // Every format but the MP4 gets a copy.
        #expect(Set(result.workingCopies.map(\.masterCardPath)) == Set(masters.keys.filter { $0 != "clip.mp4" }), "\(result.warnings)")
        for c in result.workingCopies {
            let copyPath = dir.path("bag/" + c.storedPath)
            let masterPath = dir.path("bag/" + c.masterStoredPath)
            #expect(c.storedPath.hasPrefix("data/playable/") && c.storedPath.contains(".working-copy."))
            #expect(c.container == "mp4", "\(c.storedPath): \(c.container)")
            #expect(try Self.sha256(copyPath) == c.sha256)
            // The master in the bag and on the card are the bytes they were.
            #expect(try Self.sha256(masterPath) == masters[c.masterCardPath])
            #expect(try Self.sha256(card + "/" + c.masterCardPath) == masters[c.masterCardPath])
            #expect(c.masterSHA256 == masters[c.masterCardPath])
            try Self.agree(copy: copyPath, master: masterPath)
            if c.masterCardPath == "hevc.ts" { #expect(try Media.counted(copyPath).tag == "hvc1") }
        }
        // The provenance names them (and verify checks them), bag-info lists them.
        let report = BagVerification.verify(dir.path("bag")).report
        #expect(report.verdict == .valid, "\(report.problems)")
        let provenance = try ProvenanceDocument.read([UInt8](try Data(contentsOf: URL(fileURLWithPath: dir.path("bag/" + Exporter.provenanceFile)))))
        #expect(provenance.workingCopies?.count == result.workingCopies.count)
        let info = try String(contentsOfFile: dir.path("bag/bag-info.txt"), encoding: .utf8)
        #expect(info.components(separatedBy: "Playable-Working-Copy: ").count - 1 == result.workingCopies.count)
        // bagit.py and sha256sum would read the same manifest: every copy is in it.
        let manifest = try String(contentsOfFile: dir.path("bag/manifest-sha256.txt"), encoding: .utf8)
        for c in result.workingCopies { #expect(manifest.contains("\(c.sha256)  \(c.storedPath)")) }
    }

    /// G.711 A-law audio does not go in MP4: the copy is MOV, audio kept.
    @Test func alawAudioMakesMOV() throws {
        let dir = try TemporaryDirectory("media-alaw")
        defer { dir.remove() }
        let clip = Media.Clip(file: "alaw.avi", args: ["-c:v", "libx264", "-g", "25", "-c:a", "pcm_alaw"], audio: true)
        let path = try Media.make(clip, seconds: 2, in: dir.url.path)
        let writer = try BagWriter(destination: dir.path("bag"), softwareAgent: "test")
        let record = try writer.addFile(relativePath: "card/alaw.avi", contents: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        var used = Set<String>()
        let copy = try #require(try PlayableCopies.copy(
            PlayableMaster(storedPath: record.bagPath, cardPath: "alaw.avi", offset: 0, length: record.size, sha256: record.digests[.sha256] ?? ""),
            writer: writer, helper: try Media.helper(), used: &used))
        _ = try writer.finish()
        #expect(copy.container == "mov")
        #expect(copy.streams == ["h264", "pcm_alaw"])
        let out = dir.path("bag/" + copy.storedPath)
        let audio = try Media.probe(out, ["-select_streams", "a:0", "-show_entries", "stream=codec_name"])["streams"] as? [[String: Any]]
        #expect(audio?.first?["codec_name"] as? String == "pcm_alaw")
        try Self.agree(copy: out, master: path)
    }

    @Test func whichFilesNeedACopy() {
        #expect(PlayableCopies.needsCopy(cardPath: "record/hiv00003.mp4", storedPath: "data/card/record/hiv00003.mp4"))
        #expect(PlayableCopies.needsCopy(cardPath: "x", storedPath: "data/recordings/ch01/20261120_213000.ps"))
        #expect(PlayableCopies.needsCopy(cardPath: "DAV/ch1.dav", storedPath: "data/card/DAV/ch1.dav"))
        #expect(PlayableCopies.needsCopy(cardPath: "a/b.H264", storedPath: "data/card/a/b.H264"))
        #expect(!PlayableCopies.needsCopy(cardPath: "DCIM/CLIP0001.MP4", storedPath: "data/card/DCIM/CLIP0001.MP4"))
        #expect(!PlayableCopies.needsCopy(cardPath: "index00.bin", storedPath: "data/card/index00.bin"))
    }
}
