import Custody
import Foundation
import TestSupport
import Testing

/// `sdcustody frames` end to end on a FAT image made with mkfs.fat and mcopy: pictures, sidecars
/// whose extents lead back to the master's bytes in the image, the viewing entry in the log.
@Suite(.serialized, .requires("ffmpeg", "ffprobe", "mkfs.fat", "mcopy"),
       .requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil),
       .requires("the built sdcustody-media helper", available: Media.haveHelper))
struct FramesCommandTests {
    static func image(with files: [(String, [UInt8])], in dir: TemporaryDirectory) throws -> String {
        let img = dir.path("card.img")
        #expect(FileManager.default.createFile(atPath: img, contents: nil))
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: img))
        try h.truncate(atOffset: 32 << 20)
        try h.close()
        try #require(try runProcess(["mkfs.fat", "-F", "16", "-n", "CAM", img]).status == 0)
        try #require(try runProcess(["mmd", "-i", img, "::DCIM"]).status == 0)
        for (name, bytes) in files {
            let local = dir.path(name)
            try Data(bytes).write(to: URL(fileURLWithPath: local))
            let r = try runProcess(["mcopy", "-i", img, local, "::DCIM/" + name])
            try #require(r.status == 0, "\(r.stderrText)")
        }
        return img
    }

    static func sdcustody(_ args: [String], log: String) throws -> ProcessResult {
        try runProcess([try #require(TestEnvironment.sdcustodyBinary).path] + args, environment: ["SDCUSTODY_LOG": log])
    }

    static func lastEntry(_ log: String) throws -> [String: Any] {
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        let last = try #require(lines.last)
        return try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
    }

    @Test func picturesSidecarsAndLog() throws {
        let dir = try TemporaryDirectory("frames-cli")
        defer { dir.remove() }
        let clip = try Media.make(Media.clips[0], seconds: 4, in: dir.url.path)
        let img = try Self.image(with: [("CLIP0001.MP4", [UInt8](try Data(contentsOf: URL(fileURLWithPath: clip))))], in: dir)
        let log = dir.path("access.jsonl")
        let out = dir.path("pictures")
        let r = try Self.sdcustody(["frames", img, "DCIM/CLIP0001.MP4", "--out", out, "--sheet", "--json"], log: log)
        try #require(r.status == 0, "\(r.stderrText)")
        let doc = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
        let frames = try #require(doc["frames"] as? [[String: Any]])
        #expect(frames.count == 3)
        let masterSHA = try #require(doc["master_sha256"] as? String)
        #expect(masterSHA == (try PlayableTests.sha256(clip)))
        let imageBytes = try Data(contentsOf: URL(fileURLWithPath: img))
        for f in frames {
            let file = try #require(f["file"] as? String)
            #expect(file.hasPrefix(out + "/CLIP0001_MP4_t"))
            #expect(try PlayableTests.sha256(file) == f["sha256"] as? String)
            // The sidecar's extents, read from the image, are the master's bytes.
            let sidecar = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file + ".json"))) as? [String: Any])
            #expect(sidecar["format"] as? String == FrameExport.sidecarFormat)
            let master = try #require(sidecar["master"] as? [String: Any])
            #expect(master["sha256"] as? String == masterSHA)
            var joined = Data()
            for e in try #require(master["extents"] as? [[String: Any]]) {
                let o = try #require((e["source_offset"] as? NSNumber)?.intValue), n = try #require((e["length"] as? NSNumber)?.intValue)
                joined.append(imageBytes.subdata(in: o..<(o + n)))
            }
            #expect(Hex.encode(try Digest.hash(.sha256, [UInt8](joined))) == masterSHA)
        }
        #expect(FileManager.default.fileExists(atPath: try #require((doc["sheet"] as? [String: Any])?["file"] as? String)))
        // The viewing register reads these keys.
        let entry = try Self.lastEntry(log)
        #expect(entry["action"] as? String == "frames")
        #expect(entry["result"] as? String == "ok")
        let details = try #require(entry["details"] as? [String: String])
        #expect(details["source"] == img)
        #expect(details["path"] == "DCIM/CLIP0001.MP4")
        #expect(details["out"] == out)
        let framesText = try #require(details["frames"])
        let logged = try #require(try JSONSerialization.jsonObject(with: Data(framesText.utf8)) as? [[String: Any]])
        #expect(logged.count == 4)
        for f in logged { #expect(Set(f.keys) == ["pts", "camera_time", "file", "sha256"]) }
        // Nothing is overwritten.
        let again = try Self.sdcustody(["frames", img, "DCIM/CLIP0001.MP4", "--out", out], log: log)
        #expect(again.status == 2)
        #expect(again.stderrText.contains("exists already"))
        #expect(try Self.verify(log))
    }

    static func verify(_ log: String) throws -> Bool {
        try runProcess([try #require(TestEnvironment.sdcustodyBinary).path, "log", "verify", "--log", log]).status == 0
    }

    /// A hostile clip: one error line, exit 2, the failure logged, and the next clip still works.
    @Test func hostileClipIsOneLine() throws {
        let dir = try TemporaryDirectory("frames-cli-bad")
        defer { dir.remove() }
        var rng = SplitMix64(seed: 99)
        let clip = try Media.make(Media.clips[1], seconds: 2, in: dir.url.path)
        let img = try Self.image(with: [("BAD.MP4", [0, 0, 0, 0x18] + Array("ftypisom".utf8) + rng.bytes(50_000)),
                                        ("GOOD.VOB", [UInt8](try Data(contentsOf: URL(fileURLWithPath: clip))))], in: dir)
        let log = dir.path("access.jsonl")
        let r = try Self.sdcustody(["frames", img, "DCIM/BAD.MP4", "--out", dir.path("p")], log: log)
        #expect(r.status == 2)
        let lines = r.stderrText.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains("DCIM/BAD.MP4: no pictures"), "\(r.stderrText)")
        #expect(try Self.lastEntry(log)["result"] as? String == "failed")
        let good = try Self.sdcustody(["frames", img, "DCIM/GOOD.VOB", "--out", dir.path("p"), "--lang", "ja"], log: log)
        #expect(good.status == 0, "\(good.stderrText)")
        #expect(good.stdoutText.contains("カメラの時刻"))
    }
}
