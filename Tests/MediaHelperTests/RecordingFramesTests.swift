import Custody
import Foundation
import TestSupport
import Testing

/// A Hikvision/EZVIZ card (index00.bin and a 256 MiB hiv00000.mp4, as a mounted folder) whose two
/// recordings are real MPEG program streams made by ffmpeg: `frames --recording` reads only the
/// recording's byte range and dates pictures from the index; `export --playable` makes a working
/// copy of each recording.
@Suite(.serialized, .requires("ffmpeg", "ffprobe"),
       .requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil),
       .requires("the built sdcustody-media helper", available: Media.haveHelper))
struct RecordingFramesTests {
    static let t0 = UInt32(CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, minute: 34).wallClockSeconds)
    static let second: UInt64 = 0x10_0000

    static func card(in dir: TemporaryDirectory) throws -> String {
        let root = dir.path("card")
        let folder = root + "/datadir0"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let ps = Media.Clip(file: "rec.mpg", args: ["-c:v", "libx264", "-g", "25", "-bf", "0", "-f", "vob"], audio: false)
        let a = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try Media.make(ps, seconds: 3, in: dir.url.path))))
        let container = folder + "/hiv00000.mp4"
        #expect(FileManager.default.createFile(atPath: container, contents: nil))
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: container))
        try h.write(contentsOf: Data(a))
        try h.seek(toOffset: second)
        try h.write(contentsOf: Data(a))
        try h.truncate(atOffset: HikvisionRecorder.containerSize)
        try h.close()
        var b = HikvisionIndexBuilder(containers: 1, counter: 7, next: 0, beingWritten: 0xFFFF_FFFF)
        b.container(0, lastValid: 1, start: t0, end: t0 + 13)
        b.segment(0, 0, start: (t0, 0), end: (t0 + 3, 0), keyClock: 0, startOffset: 0, endOffset: UInt32(a.count))
        b.segment(0, 1, start: (t0 + 10, 0), end: (t0 + 13, 0), keyClock: 0, startOffset: UInt32(second), endOffset: UInt32(second) + UInt32(a.count))
        try Data(b.bytes).write(to: URL(fileURLWithPath: folder + "/index00.bin"))
        return root
    }

    @Test func framesOfARecording() throws {
        let dir = try TemporaryDirectory("frames-recording")
        defer { dir.remove() }
        let card = try Self.card(in: dir)
        let log = dir.path("access.jsonl")
        let r = try FramesCommandTests.sdcustody(["frames", card, "datadir0/hiv00000.mp4", "--recording", String(Self.second),
                                                  "--out", dir.path("p"), "--json"], log: log)
        try #require(r.status == 0, "\(r.stderrText)")
        let doc = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
        let recording = try #require(doc["recording"] as? [String: Any])
        #expect((recording["offset"] as? NSNumber)?.uint64Value == Self.second)
        let frames = try #require(doc["frames"] as? [[String: Any]])
        #expect(frames.count == 3)
        // Camera time: the index's start (21:34:10) plus the picture's time in the recording.
        #expect(frames.first?["camera_time"] as? String == "2026-11-20T21:34:10.000")
        #expect((frames.last?["camera_time"] as? String)?.hasPrefix("2026-11-20T21:34:12") == true)
        let details = try #require(try FramesCommandTests.lastEntry(log)["details"] as? [String: String])
        let recordingText = try #require(details["recording"])
        let logged = try #require(try JSONSerialization.jsonObject(with: Data(recordingText.utf8)) as? [String: Any])
        #expect(logged["container"] as? String == "datadir0/hiv00000.mp4")
        // A recording that is not there: one line naming those that are.
        let bad = try FramesCommandTests.sdcustody(["frames", card, "datadir0/hiv00000.mp4", "--recording", "5", "--out", dir.path("q")], log: log)
        #expect(bad.status == 2)
        #expect(bad.stderrText.contains("0, \(Self.second)"), "\(bad.stderrText)")
    }

    @Test func playableCopiesOfRecordings() throws {
        let dir = try TemporaryDirectory("playable-recording")
        defer { dir.remove() }
        let card = try Self.card(in: dir)
        let r = try FramesCommandTests.sdcustody(["export", card, "--out", dir.path("bag"), "--case", "C", "--exhibit", "E",
                                                  "--from", "2026-11-20 21:30", "--to", "2026-11-20 21:40", "--playable"],
                                                 log: dir.path("access.jsonl"))
        try #require(r.status == 0, "\(r.stderrText)")
        let provenance = try ProvenanceDocument.read([UInt8](try Data(contentsOf: URL(fileURLWithPath: dir.path("bag/" + Exporter.provenanceFile)))))
        let copies = try #require(provenance.workingCopies)
        #expect(copies.count == 2, "\(r.stdoutText)")
        #expect(Set(copies.map(\.masterOffset)) == [0, Self.second])
        for c in copies {
            #expect(c.masterStoredPath.hasPrefix("data/recordings/"))
            try PlayableTests.agree(copy: dir.path("bag/" + c.storedPath), master: dir.path("bag/" + c.masterStoredPath))
        }
        let verify = try runProcess([try #require(TestEnvironment.sdcustodyBinary).path, "verify", dir.path("bag")])
        #expect(verify.status == 0, "\(verify.stdoutText)\(verify.stderrText)")
    }
}
