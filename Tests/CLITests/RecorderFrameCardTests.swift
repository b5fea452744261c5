import Foundation
import Testing
import TestSupport

/// The committed Dahua and XM sample cards (tools/make-recorder-samples; issue 11, items 5–9)
/// through the built binary: ls, info and a windowed export, checked against ffprobe.
@Suite(.requires("gzip")) struct RecorderFrameCardTests {
    /// The sample image, uncompressed into a folder of the test's own.
    static func sample(_ name: String, into dir: TemporaryDirectory) throws -> String {
        let gz = TestEnvironment.samples.appendingPathComponent("recorders/\(name).img.gz").path
        let img = dir.path("\(name).img")
        let r = try runProcess(["sh", "-c", "gzip -dc \"$1\" > \"$2\"", "sh", gz, img])
        #expect(r.status == 0, "\(r.stderrText)")
        return img
    }

    /// Frames of a DAV file, walked by their lengths (independent of the reader under test).
    static func dhavFrames(_ bytes: [UInt8]) -> Int {
        var at = 0, n = 0
        while at + 24 <= bytes.count, bytes[at] == 0x44, bytes[at + 1] == 0x48 {
            let length = Int(bytes[at + 12]) | Int(bytes[at + 13]) << 8 | Int(bytes[at + 14]) << 16 | Int(bytes[at + 15]) << 24
            guard length >= 32, at + length <= bytes.count else { break }
            at += length
            n += 1
        }
        return n
    }

    @Test func lsListsTheDahuaTreeFromItsFrames() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let img = try Self.sample("dahua-tree", into: dir)
        let cli = try CLI()
        defer { cli.remove() }
        let doc = try cli.json(["ls", img, "--json"])
        let recordings = try #require(doc["recordings"] as? [[String: Any]])
        #expect(recordings.count == 3)
        #expect(recordings.allSatisfy { $0["time_source"] as? String == "dhav_frames" && $0["offset"] as? Int == 0 })
        #expect(recordings.map { $0["state"] as? String } == ["complete", "complete", "recording"])
        #expect(recordings.map { $0["kind"] as? String } == ["continuous", "motion", "continuous"])
        // The open file's name says 21:40:40; its last whole frame is 4.6 s after its first.
        #expect(recordings.last?["end"] as? String == "2026-11-20T21:30:44.600000")
        let files = try #require(doc["files"] as? [[String: Any]])
        let dav = files.filter { ($0["path"] as? String)?.hasSuffix(".dav") == true }
        #expect(dav.count == 2 && dav.allSatisfy { $0["time_source"] as? String == "dhav_frames" })
        let layouts = try #require(doc["recorder_layouts"] as? [[String: Any]])
        #expect(layouts.first?["layout"] as? String == "dahua")
        let text = try cli.run(["ls", img])
        #expect(text.stdoutText.contains("Recordings (Dahua recorder, times from each file's own bytes):\n  2026-11-20/001/dav/21/21.30.00-21.30.06[R][0@0][0].dav\n    complete   2026-11-20 21:30:00 – 2026-11-20 21:30:05.800000"))
        let info = try cli.run(["info", img])
        #expect(info.stdoutText.contains("  Dahua recorder: 3 files, 3 recordings 2026-11-20 – 2026-11-20, 1 being recorded\n"))
        let ja = try cli.run(["info", img, "--lang", "ja"])
        #expect(ja.stdoutText.contains("Dahua 方式の録画機: ファイル 3 個、録画 3 件"))
    }

    @Test func aWindowedExportCopiesTheOpenFileAsItIsAndFlagsIt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let img = try Self.sample("dahua-tree", into: dir)
        let cli = try CLI()
        defer { cli.remove() }
        let bag = cli.home.path("bag")
        let r = try cli.run(["export", img, "--out", bag, "--case", "C-11", "--exhibit", "SD-3",
                             "--from", "2026-11-20 21:30:21", "--to", "2026-11-20 21:30:42"])
        #expect(r.status == 0, "\(r.stderrText)")
        let folder = bag + "/data/card/2026-11-20/001/dav/21"
        let copied = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        // Whole files under their own names, never cut; the 21:30:00 file ends before the window.
        #expect(copied == ["21.30.20-21.30.24[M][0@0][0].dav", "21.30.40-21.40.40[R][0@0][0].dav_"])
        #expect(!FileManager.default.fileExists(atPath: bag + "/data/recordings"))
        let info = try String(contentsOfFile: bag + "/bag-info.txt", encoding: .utf8)
        #expect(info.contains("21.30.40-21.40.40[R][0@0][0].dav_:"), "\(info)")
        #expect(info.contains("state recording"))
        let verify = try cli.run(["verify", bag])
        #expect(verify.status == 0, "\(verify.stdoutText)\(verify.stderrText)")
    }

    /// FFmpeg's `dhav` demuxer reads the sample's files and counts the frames we wrote.
    @Test(.requires("ffprobe")) func ffprobeAgreesOnTheFrameCount() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let img = try Self.sample("dahua-tree", into: dir)
        let cli = try CLI()
        defer { cli.remove() }
        let path = "2026-11-20/001/dav/21/21.30.00-21.30.06[R][0@0][0].dav"
        let cat = try cli.run(["cat", img, path])
        #expect(cat.status == 0, "\(cat.stderrText)")
        let file = dir.path("clip.dav")
        try cat.stdout.write(to: URL(fileURLWithPath: file))
        let probe = try runProcess(["ffprobe", "-v", "error", "-f", "dhav", "-count_packets", "-select_streams", "v:0",
                                    "-show_entries", "stream=nb_read_packets,codec_name", "-of", "csv=p=0", file])
        #expect(probe.status == 0, "\(probe.stderrText)")
        let frames = Self.dhavFrames([UInt8](cat.stdout))
        #expect(frames == 30)
        #expect(probe.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "h264,\(frames)")
    }

    @Test func theXMTreeAndItsEncryptedFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let img = try Self.sample("xm-tree", into: dir)
        let cli = try CLI()
        defer { cli.remove() }
        let doc = try cli.json(["ls", img, "--json"])
        let recordings = try #require(doc["recordings"] as? [[String: Any]])
        #expect(recordings.map { $0["time_source"] as? String } == ["xm_frames", "xm_frames", "xm_file_name"])
        #expect(recordings.map { $0["end"] as? String } == ["2026-11-20T21:30:05", "2026-11-20T21:30:23", "2026-11-20T21:31:05"])
        #expect(recordings.last?["content"] as? String == "encrypted")
        let files = try #require(doc["files"] as? [[String: Any]])
        let encrypted = files.filter { $0["content"] as? String == "encrypted" }
        #expect(encrypted.count == 1)
        #expect(files.allSatisfy { ($0["damage"] as? [Any])?.isEmpty ?? true }, "encrypted is not damage")
        let text = try cli.run(["ls", img])
        #expect(text.stdoutText.contains("[encrypted: cannot be read without the camera's key]"))
        let ja = try cli.run(["ls", img, "--lang", "ja"])
        #expect(ja.stdoutText.contains("暗号化されています: カメラの鍵がないと読めません"))
        // The reader's problem lines come in the officer's language too.
        #expect(ja.stderrText.contains("録画ファイル: 2026-11-20/001/21.31.00-21.31.05[R][@1a4][0].h264: 暗号化されています: カメラの鍵がないと読めません。時刻はファイル名から"), "\(ja.stderrText)")
        let info = try cli.run(["info", img])
        #expect(info.stdoutText.contains("  XM (Xiongmai) recorder: 3 files, 3 recordings 2026-11-20 – 2026-11-20, 0 being recorded\n"))
        #expect(info.stdoutText.contains("1 of them encrypted: cannot be read without the camera's key"))
    }

    /// The Hikvision ring sample: wrapped once, one first-pass record overwritten by newer data,
    /// one intact (`old`), the segment cut off when the card was pulled (`recording`).
    @Test(.requires("xz", "ffprobe")) func theRingSample() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let xz = TestEnvironment.samples.appendingPathComponent("recorders/hikvision-ring.img.xz").path
        let img = dir.path("ring.img")
        let unpacked = try runProcess(["sh", "-c", "xz -dc \"$1\" > \"$2\"", "sh", xz, img])
        #expect(unpacked.status == 0, "\(unpacked.stderrText)")
        let cli = try CLI()
        defer { cli.remove() }
        let doc = try cli.json(["ls", img, "--json", "--deleted"])
        let recordings = try #require(doc["recordings"] as? [[String: Any]])
        #expect(recordings.map { $0["state"] as? String } == ["old", "complete", "complete", "recording"])
        #expect(recordings.allSatisfy { $0["checked_against_bytes"] as? Bool == true })
        let layout = try #require((doc["recorder_layouts"] as? [[String: Any]])?.first)
        #expect(layout["overwritten_index_records"] as? Int == 1)
        let info = try cli.run(["info", img])
        #expect(info.stdoutText.contains("Hikvision/EZVIZ ring recorder: 1 container, 3 recordings 2026-11-19 – 2026-11-20, 1 being recorded, 1 overwritten index record"))
        // Every exported recording opens in ffprobe and lasts what the index says, within a second.
        let bag = cli.home.path("bag")
        let r = try cli.run(["export", img, "--out", bag, "--case", "C", "--exhibit", "E", "--from", "2026-11-20 21:29:00", "--to", "2026-11-20 21:31:00"])
        #expect(r.status == 0, "\(r.stderrText)")
        let stored = try FileManager.default.contentsOfDirectory(atPath: bag + "/data/recordings").sorted()
        #expect(stored == ["2026-11-20_213000_hiv00000_slot000.mpg", "2026-11-20_213006_hiv00000_slot001.mpg", "2026-11-20_213010_hiv00000_slot002.mpg"])
        for (name, seconds) in zip(stored, [6.0, 4.0, 2.6]) {
            let probe = try runProcess(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "default=nw=1:nk=1", bag + "/data/recordings/" + name])
            let d = Double(probe.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            #expect(abs(d - seconds) <= 1, "\(name): ffprobe \(d) s, index \(seconds) s")
        }
    }
}
