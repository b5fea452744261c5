import Foundation
import Testing
import TestSupport

/// The committed camera-layouts sample card (tools/make-recorder-samples; issue 11, item 7, s4)
/// through the built binary: Xiaomi's zone, COWON and Sony SNC names, Tuya's event folder, and a
/// windowed export that selects by those times.
@Suite(.requires("gzip"), .requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
struct CameraLayoutCardTests {
    static func files(_ doc: [String: Any]) -> [String: [String: Any]] {
        var out: [String: [String: Any]] = [:]
        for f in (doc["files"] as? [[String: Any]]) ?? [] { if let p = f["path"] as? String { out[p] = f } }
        return out
    }

    @Test func lsReadsEachLayoutsTimes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let img = try RecorderFrameCardTests.sample("camera-layouts", into: dir)
        let cli = try CLI()
        defer { cli.remove() }
        let f = Self.files(try cli.json(["ls", img, "--json"]))
        let xiaomi = try #require(f["MIJIA_RECORD_VIDEO/2026112021/30M05S_1795177805.mp4"])
        #expect(xiaomi["start"] as? String == "2026-11-20T21:30:05")
        #expect(xiaomi["time_source"] as? String == "file_name:xiaomi-MMmSSs_epoch")
        #expect(xiaomi["utc_offset"] as? String == "+09:00")
        let cowon = try #require(f["AUTOCAPSULE/Recordings/Event/20261120-213130_EVT_D1.avi"])
        #expect(cowon["start"] as? String == "2026-11-20T21:31:30")
        #expect(cowon["time_source"] as? String == "file_name:cowon-yyyymmdd-hhmmss_KIND_Mn")
        #expect(cowon["utc_offset"] == nil)
        let sony = try #require(f["261120_0001/Alarm26112021320000.m4f"])
        #expect(sony["start"] as? String == "2026-11-20T21:32:00" && sony["content"] as? String == "proprietary")
        let sonyUnknown = try #require(f["261120_0001/Alarm000000000100.m4f"])
        #expect(sonyUnknown["time_source"] as? String == "filesystem_modified")
        #expect((sonyUnknown["time_unknown_because"] as? [String])?.contains { $0.contains("Sony SNC") } == true)
        let tuya = try #require(f["DCIM/CHAN0/2026/11/20/1795178100_0014/0010.media"])
        #expect(tuya["start"] as? String == "2026-11-20T12:35:10Z" && tuya["end"] as? String == "2026-11-20T12:35:14Z")
        #expect(tuya["time_source"] as? String == "folder_name:tuya-epoch_seconds" && tuya["content"] as? String == "proprietary")
        let text = try cli.run(["ls", img])
        #expect(text.stdoutText.contains("[proprietary content, time from the folder name]"))
    }

    @Test func aWindowSelectsByTheNamesTimes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let img = try RecorderFrameCardTests.sample("camera-layouts", into: dir)
        let cli = try CLI()
        defer { cli.remove() }
        let doc = try cli.json(["ls", img, "--json", "--from", "2026-11-20 21:30:00", "--to", "2026-11-20 21:31:10"])
        let paths = Set(((doc["files"] as? [[String: Any]]) ?? []).compactMap { $0["path"] as? String }.filter { !$0.hasSuffix("/") })
        #expect(paths.contains("MIJIA_RECORD_VIDEO/2026112021/30M05S_1795177805.mp4"))
        #expect(paths.contains("AUTOCAPSULE/Recordings/Normal/20261120-213100_NOR_D1.avi"))
        #expect(!paths.contains("AUTOCAPSULE/Recordings/Event/20261120-213130_EVT_D1.avi"))
    }
}
