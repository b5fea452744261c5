import Foundation
import Testing
import TestSupport

/// `sdcustody clock`: a clock check in the access log, and exports of that camera using it.
@Suite(.requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
struct ClockCommandTests {
    static func provenanceSelection(_ bag: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: bag + "/sdcustody-provenance.json"))
        let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(doc["selection"] as? [String: Any])
    }

    @Test func aClockCheckIsLoggedAndUsedByTheNextExportOfThatCamera() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let image = cli.home.path("card.img")
        let gz = TestEnvironment.samples.appendingPathComponent("fat32-mbr.img.gz").path
        #expect(try runProcess(["sh", "-c", "gzip -dc \"$0\" > \"$1\"", gz, image]).status == 0)

        let check = try cli.run(["clock", "--camera", "CAM-07", "--camera-time", "2026-11-21 10:02:43",
                                 "--reference-time", "2026-11-21 10:00:30", "--reference", "NTP on a phone"])
        #expect(check.status == 0, "\(check.stderrText)")
        #expect(check.stdoutText.contains("Clock offset: +00:02:13"))
        #expect(check.stdoutText.contains("runs 2 min 13 s fast"))
        let ja = try cli.run(["clock", "--camera", "CAM-09", "--camera-time", "2026-11-21 10:00:00",
                              "--reference-time", "2026-11-21 10:00:05", "--reference", "117 時報", "--lang", "ja"])
        #expect(ja.stdoutText.contains("5 秒遅れています"), "\(ja.stdoutText)")

        // No --clock-offset: the check's offset is used, and the provenance names the check.
        let used = try cli.run(["export", image, "--out", cli.home.path("bag1"), "--case", "K", "--exhibit", "E",
                                "--camera-id", "CAM-07", "--from", "2026-11-20 21:25", "--to", "2026-11-20 21:40"])
        #expect(used.status == 0, "\(used.stderrText)")
        #expect(used.stderrText.contains("clock check of camera CAM-07"))
        let s1 = try Self.provenanceSelection(cli.home.path("bag1"))
        #expect(s1["clock_offset"] as? String == "+00:02:13")
        let c1 = try #require(s1["clock_check"] as? [String: Any])
        #expect(c1["used"] as? Bool == true)
        #expect(c1["reference"] as? String == "NTP on a phone")
        #expect((c1["log_entry_hash"] as? String)?.count == 64)

        // An explicit offset wins; the provenance still records the check, as not used.
        let explicit = try cli.run(["export", image, "--out", cli.home.path("bag2"), "--case", "K", "--exhibit", "E",
                                    "--camera-id", "CAM-07", "--clock-offset", "+00:00:30"])
        #expect(explicit.status == 0, "\(explicit.stderrText)")
        let s2 = try Self.provenanceSelection(cli.home.path("bag2"))
        #expect(s2["clock_offset"] as? String == "+00:00:30")
        #expect((s2["clock_check"] as? [String: Any])?["used"] as? Bool == false)

        // Another camera has no check: no offset, no clock_check.
        let other = try cli.run(["export", image, "--out", cli.home.path("bag3"), "--case", "K", "--exhibit", "E", "--camera-id", "CAM-01"])
        #expect(other.status == 0)
        let s3 = try Self.provenanceSelection(cli.home.path("bag3"))
        #expect(s3["clock_check"] == nil)
        #expect(s3["clock_offset"] is NSNull)

        // The bags verify, and the log holds the checks with their details.
        #expect(try cli.run(["verify", cli.home.path("bag1")]).status == 0)
        let log = try String(contentsOfFile: cli.log, encoding: .utf8)
        #expect(log.contains("\"action\":\"clock\""))
        #expect(log.contains("\"clock_offset\":\"+00:02:13\""))
    }

    @Test func badTimesAreBadUsage() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let bad = try cli.run(["clock", "--camera", "C", "--camera-time", "yesterday", "--reference-time", "2026-11-21 10:00", "--reference", "GPS"])
        #expect(bad.status == 2)
        let far = try cli.run(["clock", "--camera", "C", "--camera-time", "2000-01-01 00:00", "--reference-time", "2026-11-21 10:00", "--reference", "GPS"])
        #expect(far.status == 2)
        #expect(far.stderrText.contains("more than a year apart"))
    }
}
