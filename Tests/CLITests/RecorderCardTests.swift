import Foundation
import Testing
import CardFileSystem
import TestSupport
import Custody

/// A Hikvision/EZVIZ card in a FAT32 image, built at test time (nothing large is committed):
/// `index00.bin`, `index01.bin` and one real-size `hiv00000.mp4` whose program-stream packs sit
/// where the index says. Container 0 is being written: slots 0 and 1 are complete, slot 2 is
/// being recorded (the live record), slot 3 is from the ring's earlier pass and still intact;
/// container 1 is empty.
enum RecorderCard {
    static func t(_ day: Int, _ h: Int, _ m: Int, _ s: Int) -> UInt32 {
        UInt32(CardTimestamp(year: 2026, month: 11, day: day, hour: h, minute: m, second: s).wallClockSeconds)
    }

    static func index() -> HikvisionIndexBuilder {
        var b = HikvisionIndexBuilder(containers: 2, counter: 7, next: 1, beingWritten: 0)
        b.container(0, lastValid: 3, start: t(19, 10, 0, 0), end: t(19, 10, 1, 0))
        b.container(1, channel: 0xFFFF, lastValid: 0, start: 0, end: 0)
        b.live(0, container: 0, slot: 2, start: t(20, 21, 29, 0), lastUpdate: t(20, 21, 30, 50))
        b.segment(0, 0, start: (t(20, 21, 29, 0), 0), end: (t(20, 21, 30, 25), 0), keyClock: 500_000, startOffset: 0, endOffset: 0x10_0000)
        b.segment(0, 1, start: (t(20, 21, 30, 25), 0), end: (t(20, 21, 30, 50), 500_000), keyClock: 1_000_000, startOffset: 0x10_0000, endOffset: 0x20_0000)
        b.segment(0, 2, start: (t(20, 21, 30, 50), 0), end: (0, 0), keyClock: 1_500_000, startOffset: 0x20_0000, endOffset: 0)
        b.segment(0, 3, start: (t(19, 10, 0, 0), 0), end: (t(19, 10, 1, 0), 0), keyClock: 2_000_000, startOffset: 0x80_0000, endOffset: 0x90_0000)
        return b
    }

    /// Where each segment's stream begins and its SCR (twice the 45 kHz key-frame clock).
    static let streams: [(offset: UInt64, scr: UInt64, packs: Int)] = [(0, 1_000_000, 3), (0x10_0000, 2_000_000, 3), (0x20_0000, 3_000_000, 5), (0x80_0000, 4_000_000, 3)]

    static let image: String? = try? build(index: index().bytes,
                                           pieces: streams.map { ($0.offset, ProgramStreamBytes.stream(scr: $0.scr, packs: $0.packs)) })

    /// A FAT32 image holding `index` as both index copies and one container with `pieces` at their offsets.
    static func build(index: [UInt8], pieces: [(UInt64, [UInt8])], label: String = "hikvision") throws -> String {
        let dir = try ProcessScratch.folder(label)
        for name in ["index00.bin", "index01.bin"] { try Data(index).write(to: dir.appendingPathComponent(name)) }
        let container = dir.appendingPathComponent("hiv00000.mp4")
        FileManager.default.createFile(atPath: container.path, contents: nil)
        let h = try FileHandle(forWritingTo: container)
        for (offset, bytes) in pieces {
            try h.seek(toOffset: offset)
            try h.write(contentsOf: Data(bytes))
        }
        try h.truncate(atOffset: 268_435_456)
        try h.close()
        let img = dir.appendingPathComponent("hikvision.img").path
        let script = """
        set -e
        truncate -s 300M "$1"
        mkfs.fat -F 32 -n HIKVISION "$1" >/dev/null
        mcopy -i "$1" "$2/index00.bin" "$2/index01.bin" "$2/hiv00000.mp4" ::/
        """
        let r = try runProcess(["sh", "-c", script, "sh", img, dir.path])
        guard r.status == 0 else { throw MissingRequirement("a FAT32 image (\(r.stderrText))") }
        try? FileManager.default.removeItem(at: container)
        return img
    }
}

@Suite(.requires("mkfs.fat", "mcopy"), .requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
struct RecorderCardTests {
    @Test func lsJSONListsTheRecordingsBesideTheFiles() throws {
        let img = try #require(RecorderCard.image)
        let cli = try CLI()
        defer { cli.remove() }
        let doc = try cli.json(["ls", img, "--json"])
        let files = try #require(doc["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == ["index00.bin", "index01.bin", "hiv00000.mp4"])
        let recordings = try #require(doc["recordings"] as? [[String: Any]])
        #expect(recordings.map { $0["state"] as? String } == ["old", "complete", "complete", "recording"])
        let first = try #require(recordings.first)
        #expect(first["container"] as? String == "hiv00000.mp4")
        #expect(first["offset"] as? Int == 0x80_0000 && first["length"] as? Int == 0x10_0000)
        #expect(first["start"] as? String == "2026-11-19T10:00:00" && first["end"] as? String == "2026-11-19T10:01:00")
        #expect(first["time_source"] as? String == "hikvision_index" && first["channel"] as? Int == 1)
        #expect(recordings[2]["end"] as? String == "2026-11-20T21:30:50.500000")
        let live = try #require(recordings.last)
        #expect(live["end"] as? String == "2026-11-20T21:30:54")
        #expect(live["length"] as? Int == 5 * (14 + 14 + 1000))
        let layouts = try #require(doc["recorder_layouts"] as? [[String: Any]])
        #expect(layouts.count == 1)
        #expect(layouts.first?["layout"] as? String == "hikvision" && layouts.first?["containers"] as? Int == 2)
        #expect((layouts.first?["problems"] as? [Any])?.isEmpty == true)
        #expect(layouts.first?["overwritten"] == nil, "the detail comes with --deleted")
    }

    @Test func theWindowAndTheClockOffsetSelectRecordingsAsFiles() throws {
        let img = try #require(RecorderCard.image)
        let cli = try CLI()
        defer { cli.remove() }
        let window = ["--from", "2026-11-20 21:30:20", "--to", "2026-11-20 21:31:00"]
        let doc = try cli.json(["ls", img, "--json"] + window)
        let recordings = try #require(doc["recordings"] as? [[String: Any]])
        #expect(recordings.map { $0["start"] as? String } == ["2026-11-20T21:29:00", "2026-11-20T21:30:25", "2026-11-20T21:30:50"])
        // The three recordings cover the window but for the moment between the last one's end and 21:31:00.
        let gaps = try #require(doc["gaps"] as? [[String: Any]])
        #expect(gaps.map { $0["from"] as? String } == ["2026-11-20T21:30:54"])
        // A camera a minute slow: true = camera + 60 s, so only the first recording meets the window.
        let slow = try cli.json(["ls", img, "--json", "--clock-offset=-00:01:00"] + window)
        let selected = try #require(slow["recordings"] as? [[String: Any]])
        #expect(selected.map { $0["start"] as? String } == ["2026-11-20T21:29:00"])
        #expect(selected.first?["corrected_start"] as? String == "2026-11-20T21:30:00")
    }

    @Test func textLsAndInfoNameTheRecordings() throws {
        let img = try #require(RecorderCard.image)
        let cli = try CLI()
        defer { cli.remove() }
        let ls = try cli.run(["ls", img, "--from", "2026-11-20 21:30:20", "--to", "2026-11-20 21:31:00"])
        #expect(ls.status == 0, "\(ls.stderrText)")
        #expect(ls.stdoutText.contains("Recordings (Hikvision/EZVIZ ring recorder, times from index00.bin):\n"))
        // Grouped under their container (issue 11, item 3).
        #expect(ls.stdoutText.contains("times from index00.bin):\n  hiv00000.mp4\n    complete   2026-11-20 21:29:00 – "))
        #expect(ls.stdoutText.contains("\n    complete   2026-11-20 21:30:25 – 2026-11-20 21:30:50.500000  channel 1  bytes 1048576–2097152 (1048576 bytes)\n"))
        #expect(ls.stdoutText.contains("recording  2026-11-20 21:30:50 – 2026-11-20 21:30:54  channel 1"))
        #expect(ls.stdoutText.contains("3 recordings\n"))
        #expect(!ls.stdoutText.contains("no clip covers this\nGap"), "the recordings fill the window up to 21:30:54")
        let info = try cli.run(["info", img])
        #expect(info.status == 0, "\(info.stderrText)")
        #expect(info.stdoutText.contains("  Hikvision/EZVIZ ring recorder: 2 containers, 3 recordings 2026-11-19 – 2026-11-20, 1 being recorded, 0 overwritten index records\n"))
        let deleted = try cli.json(["ls", img, "--json", "--deleted"])
        let detail = try #require((deleted["recorder_layouts"] as? [[String: Any]])?.first?["overwritten"] as? [Any])
        #expect(detail.isEmpty, "every earlier-pass record of this card is intact")
        let infoJSON = try cli.json(["info", img, "--json"])
        let layouts = try #require(infoJSON["recorder_layouts"] as? [[String: Any]])
        #expect(layouts.first?["recordings"] as? Int == 4 && layouts.first?["old"] as? Int == 1)
        let ja = try cli.run(["info", img, "--lang", "ja"])
        #expect(ja.stdoutText.contains("録画 3 件（2026-11-19 ～ 2026-11-20）、録画中 1 件"))
    }

    @Test func aWindowedExportCopiesEachRecordingAsItsOwnFile() throws {
        let img = try #require(RecorderCard.image)
        let cli = try CLI()
        defer { cli.remove() }
        let bag = cli.home.path("bag")
        let r = try cli.run(["export", img, "--out", bag, "--case", "C-11", "--exhibit", "SD-1",
                             "--from", "2026-11-20 21:30:20", "--to", "2026-11-20 21:31:00"])
        #expect(r.status == 0, "\(r.stderrText)")
        let data = URL(fileURLWithPath: bag).appendingPathComponent("data")
        let card = try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("card").path).sorted()
        // The index always goes in; the 256 MiB container never does in a windowed export.
        #expect(card == ["index00.bin", "index01.bin"])
        let recordings = try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("recordings").path).sorted()
        #expect(recordings == ["2026-11-20_212900_hiv00000_slot000.mpg", "2026-11-20_213025_hiv00000_slot001.mpg",
                               "2026-11-20_213050_hiv00000_slot002.mpg"])
        // Exactly the container's bytes [offset, offset + length): the live segment is its stream.
        let live = try Data(contentsOf: data.appendingPathComponent("recordings/2026-11-20_213050_hiv00000_slot002.mpg"))
        #expect([UInt8](live) == ProgramStreamBytes.stream(scr: 3_000_000, packs: 5))
        let first = try Data(contentsOf: data.appendingPathComponent("recordings/2026-11-20_212900_hiv00000_slot000.mpg"))
        #expect(first.count == 0x10_0000)
        #expect([UInt8](first.prefix(3 * 1028)) == ProgramStreamBytes.stream(scr: 1_000_000, packs: 3))

        let provenance = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: bag).appendingPathComponent("sdcustody-provenance.json"))) as? [String: Any]
        let ranges = try #require(provenance?["recordings"] as? [[String: Any]])
        #expect(ranges.map { $0["state"] as? String } == ["complete", "complete", "recording"])
        #expect(ranges.map { $0["offset"] as? Int } == [0, 0x10_0000, 0x20_0000])
        #expect(ranges.allSatisfy { $0["container"] as? String == "hiv00000.mp4" && ($0["index_record"] as? String)?.count == 160 })
        #expect(ranges.allSatisfy { ($0["container_cluster_runs"] as? [Any])?.isEmpty == false })
        let sha = try runProcess(["sha256sum", data.appendingPathComponent("recordings/2026-11-20_213050_hiv00000_slot002.mpg").path])
        #expect(ranges.last?["sha256"] as? String == String(sha.stdoutText.prefix(64)))
        // The recording still being written is flagged where a person opening the bag looks first.
        let info = try String(contentsOfFile: bag + "/bag-info.txt", encoding: .utf8)
        #expect(info.contains("SDCustody-Recording-Flag: recordings/2026-11-20_213050_hiv00000_slot002.mpg:\n  state recording"))
        let verify = try cli.run(["verify", bag])
        #expect(verify.status == 0, "\(verify.stdoutText)\(verify.stderrText)")
    }
}

extension RecorderCardTests {
    @Test func aWindowWithoutRecordingsExportsNothing() throws {
        let img = try #require(RecorderCard.image)
        let cli = try CLI()
        defer { cli.remove() }
        let r = try cli.run(["export", img, "--out", cli.home.path("bag"), "--case", "C", "--exhibit", "E",
                             "--from", "2026-11-21 08:00:00", "--to", "2026-11-21 09:00:00"])
        #expect(r.status == 2)
        #expect(r.stderrText.contains("nothing to export"))
        #expect(!FileManager.default.fileExists(atPath: cli.home.path("bag")))
    }

    @Test func anExportWithoutAWindowCopiesEveryFileAndListsTheRecordings() throws {
        let img = try #require(RecorderCard.image)
        let cli = try CLI()
        defer { cli.remove() }
        let bag = cli.home.path("bag")
        let r = try cli.run(["export", img, "--out", bag, "--case", "C-11", "--exhibit", "SD-2"])
        #expect(r.status == 0, "\(r.stderrText)")
        let card = try FileManager.default.contentsOfDirectory(atPath: bag + "/data/card").sorted()
        #expect(card == ["hiv00000.mp4", "index00.bin", "index01.bin"])
        #expect(!FileManager.default.fileExists(atPath: bag + "/data/recordings"))
        let provenance = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: bag + "/sdcustody-provenance.json"))) as? [String: Any]
        let ranges = try #require(provenance?["recordings"] as? [[String: Any]])
        #expect(ranges.map { $0["state"] as? String } == ["old", "complete", "complete", "recording"])
        #expect(ranges.allSatisfy { $0["stored_path"] is NSNull && $0["sha256"] is NSNull })
        let verify = try cli.run(["verify", bag])
        #expect(verify.status == 0, "\(verify.stdoutText)\(verify.stderrText)")
    }
}

/// The same layout over real program streams written by ffmpeg (H.264 in MPEG-2 PS, `-f vob`),
/// so an independent reader can check what the export holds.
@Suite(.requires("mkfs.fat", "mcopy", "ffmpeg", "ffprobe"),
       .requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
struct RecorderCardFFmpegTests {
    static func clip(_ seconds: Int, in dir: TemporaryDirectory, _ name: String) throws -> [UInt8] {
        let out = dir.path(name)
        let r = try runProcess(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=\(seconds):size=160x120:rate=10",
                                "-c:v", "libx264", "-g", "10", "-f", "vob", out])
        #expect(r.status == 0, "\(r.stderrText)")
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))
    }

    static func duration(_ path: String) throws -> Double {
        let r = try runProcess(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "default=nw=1:nk=1", path])
        return Double(r.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test func exportedRecordingsOpenInFFprobeWithTheIndexDuration() throws {
        let tmp = try TemporaryDirectory("sdcustody-ffmpeg-clips")
        defer { tmp.remove() }
        let a = try Self.clip(6, in: tmp, "a.mpg"), b = try Self.clip(3, in: tmp, "b.mpg")
        let scrA = try #require(ProgramStream.packSCR(a[...])), scrB = try #require(ProgramStream.packSCR(b[...]))
        let t = RecorderCard.t(20, 21, 30, 0)
        var index = HikvisionIndexBuilder(containers: 1, counter: 3, beingWritten: 0)
        index.container(0, lastValid: 0, start: t, end: t + 6)
        index.live(0, container: 0, slot: 1, start: t, lastUpdate: t + 6)
        index.segment(0, 0, start: (t, 0), end: (t + 6, 0), keyClock: UInt32(scrA >> 1), startOffset: 0, endOffset: UInt32(a.count))
        index.segment(0, 1, start: (t + 10, 0), end: (0, 0), keyClock: UInt32(scrB >> 1), startOffset: 0x10_0000, endOffset: 0)
        let img = try RecorderCard.build(index: index.bytes, pieces: [(0, a), (0x10_0000, b)], label: "hikvision-ffmpeg")
        let cli = try CLI()
        defer { cli.remove() }
        let doc = try cli.json(["ls", img, "--json"])
        let recordings = try #require(doc["recordings"] as? [[String: Any]])
        #expect(recordings.map { $0["state"] as? String } == ["complete", "recording"])
        #expect(recordings.allSatisfy { $0["checked_against_bytes"] as? Bool == true })
        // The live segment ends where ffmpeg's stream ends (its program end code included).
        #expect(recordings.last?["length"] as? Int == b.count)
        // One container, one listed recording: the singular forms (s4), in both languages.
        let info = try cli.run(["info", img])
        #expect(info.stdoutText.contains("  Hikvision/EZVIZ ring recorder: 1 container, 1 recording 2026-11-20 – 2026-11-20, 1 being recorded, 0 overwritten index records\n"), "\(info.stdoutText)")
        let ja = try cli.run(["info", img, "--lang", "ja"])
        #expect(ja.stdoutText.contains("録画ファイル 1 個、録画 1 件（2026-11-20 ～ 2026-11-20）、録画中 1 件、上書きされた記録 0 件\n"), "\(ja.stdoutText)")

        let bag = cli.home.path("bag")
        let r = try cli.run(["export", img, "--out", bag, "--case", "C", "--exhibit", "E", "--from", "2026-11-20 21:29:00", "--to", "2026-11-20 21:31:00"])
        #expect(r.status == 0, "\(r.stderrText)")
        let dir = URL(fileURLWithPath: bag).appendingPathComponent("data/recordings")
        let first = dir.appendingPathComponent("2026-11-20_213000_hiv00000_slot000.mpg").path
        let live = dir.appendingPathComponent("2026-11-20_213010_hiv00000_slot001.mpg").path
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(a))
        #expect(abs(try Self.duration(first) - 6) <= 1, "the index says 6 s")
        let end = try #require(recordings.last?["end"] as? String)
        let endSeconds = Double(end.dropFirst("2026-11-20T21:30:".count)) ?? -1
        #expect(abs(try Self.duration(live) - (endSeconds - 10)) <= 1, "ls says it ends at \(end)")
    }
}

/// The real index (shared/testdata/hikvision, MIT) on a FAT card without its containers: `info`
/// gives the counts the issue names.
@Suite(.requires("mkfs.fat", "mcopy"), .requiresSharedTestData("hikvision"),
       .requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
struct RealIndexCardTests {
    @Test func infoNamesTheRealRing() throws {
        let dir = try TestEnvironment.requireSharedTestData("hikvision")
        let python = try #require(TestEnvironment.python3)
        let tmp = try TemporaryDirectory("sdcustody-real-index")
        defer { tmp.remove() }
        let script = """
        set -e
        "$1" -c 'import lzma,sys; open(sys.argv[2],"wb").write(lzma.open(sys.argv[1]).read())' "$2" "$3/index00.bin"
        truncate -s 64M "$3/card.img"
        mkfs.fat -F 16 "$3/card.img" >/dev/null
        mcopy -i "$3/card.img" "$3/index00.bin" ::/
        """
        let made = try runProcess(["sh", "-c", script, "sh", python, dir.appendingPathComponent("index00.bin.xz").path, tmp.url.path])
        #expect(made.status == 0, "\(made.stderrText)")
        let cli = try CLI()
        defer { cli.remove() }
        let info = try cli.run(["info", tmp.path("card.img")])
        #expect(info.status == 0, "\(info.stderrText)")
        #expect(info.stdoutText.contains("Hikvision/EZVIZ ring recorder: 55 containers, 2,131 recordings 2025-04-26 – 2025-05-25, 1 being recorded, 3,361 overwritten index records\n"))
        let ls = try cli.json(["ls", tmp.path("card.img"), "--json", "--from", "2025-05-25 22:00:00"])
        let recordings = try #require(ls["recordings"] as? [[String: Any]])
        #expect(recordings.last?["state"] as? String == "recording" && recordings.last?["container"] as? String == "hiv00042.mp4")
    }
}
