import Foundation
import Testing
import Records
import Custody
import TestSupport

/// `ls --carve` and `export --carve` end to end on a card made by tools/make-carving-card: the
/// finds are listed with image offsets, types and times; exported under data/carved/ with their
/// clusters in the provenance and a bag-info line; the bag validates with bagit.py.
@Suite(.timeLimit(.minutes(2))) struct CarveCommandTests {
    static let tools = ["ffmpeg", "exiftool", "python3", "mkfs.vfat", "mcopy", "mdel", "mmd", "bagit.py"]

    static func makeCard(_ cli: CLI) throws -> String {
        let image = cli.home.path("carve.img")
        let script = TestEnvironment.packageRoot.appendingPathComponent("tools/make-carving-card").path
        let r = try runProcess([script, image, "--media", cli.home.path("media")])
        try #require(r.status == 0, "make-carving-card: \(r.stderrText)")
        return image
    }

    @Test(.requires(tools: tools)) func lsAndExportCarve() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let card = try Self.makeCard(cli)
        let before = try Fingerprint(card)

        let listing = try cli.json(["ls", card, "--carve", "--json"])
        let carved = try #require(listing["carved"] as? [[String: Any]])
        #expect(carved.map { $0["type"] as? String } == ["mp4", "jpeg", "mpeg_ps", "mov", "dhav"])
        let photo = try #require(carved.first { $0["type"] as? String == "jpeg" })
        #expect(photo["start"] as? String == "2026-11-20T21:31:00")
        #expect(photo["time_source"] as? String == "exif_datetimeoriginal")
        #expect((photo["offset"] as? Int ?? 0) > 0 && (photo["length"] as? Int ?? 0) > 0)
        // Without --carve there is no carved array (and nothing is scanned).
        #expect(try cli.json(["ls", card, "--json"])["carved"] == nil)

        // A window keeps the finds whose own time overlaps it, and the undated program stream.
        let windowed = try cli.json(["ls", card, "--carve", "--json", "--from", "2026-11-20T21:35:00", "--to", "2026-11-20T21:42:00"])
        let inWindow = try #require(windowed["carved"] as? [[String: Any]])
        #expect(inWindow.map { $0["type"] as? String } == ["mp4", "mpeg_ps"], "\(inWindow)")

        let text = try cli.run(["ls", card, "--carve"])
        #expect(text.status == 0)
        #expect(text.stdoutText.contains("Found in unallocated clusters: 5"), "\(text.stdoutText)")
        #expect(text.stdoutText.contains("2026-11-20 21:50:00  dhav_frame"))
        let ja = try cli.run(["ls", card, "--carve", "--lang", "ja"])
        #expect(ja.stdoutText.contains("未割り当て領域で見つかった映像: 5 件"))

        let bag = cli.home.path("bag")
        let r = try cli.run(["export", card, "--out", bag, "--case", "C-12", "--exhibit", "SD-4", "--carve"])
        #expect(r.status == 0, "\(r.stderrText)")
        #expect(r.stdoutText.contains("Carved from unallocated clusters: 5 finds"))
        let names = try FileManager.default.contentsOfDirectory(atPath: bag + "/data/carved").sorted()
        #expect(names.count == 5)
        #expect(names.contains { $0.hasSuffix("-jpeg-2026-11-20_213100.jpg") }, "\(names)")
        #expect(names.contains { $0.hasSuffix("-mpeg-ps-no-time.mpg") }, "\(names)")
        let info = try String(contentsOfFile: bag + "/bag-info.txt", encoding: .utf8)
        #expect(info.components(separatedBy: "SDCustody-Carved: data/carved/").count == 6, "\(info)")
        let provenance = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: bag + "/sdcustody-provenance.json"))) as? [String: Any])
        let records = try #require(provenance["carved"] as? [[String: Any]])
        #expect(records.count == 5)
        for rec in records {
            let runs = try #require(rec["cluster_runs"] as? [[String: Any]])
            #expect(runs.count == 1 && (runs.first?["first_cluster"] as? Int ?? 0) >= 2)
            #expect(names.contains { "data/carved/" + $0 == rec["stored_path"] as? String })
        }
        let v = try runProcess(["bagit.py", "--validate", bag])
        #expect(v.status == 0, "bagit.py: \(v.stderrText.suffix(500))")
        #expect(try cli.run(["verify", bag]).status == 0)
        #expect(try Fingerprint(card) == before, "the source changed")
        // The access log says the listing carved.
        let log = try String(contentsOfFile: cli.log, encoding: .utf8)
        #expect(log.contains("unallocated clusters scanned"))
    }

    /// Issue 13 with issue 12: a carved program stream is footage no player opens, so
    /// `--playable` gives it a working copy too, linked to the carved master.
    @Test(.requires(tools: tools)) func carvedProgramStreamsGetWorkingCopies() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let card = try Self.makeCard(cli)
        let bag = cli.home.path("bag")
        let r = try cli.run(["export", card, "--out", bag, "--case", "C-12", "--exhibit", "SD-4", "--carve", "--playable"])
        #expect(r.status == 0, "\(r.stderrText)")
        let provenance = try ProvenanceDocument.read([UInt8](try Data(contentsOf: URL(fileURLWithPath: bag + "/" + Exporter.provenanceFile))))
        let copies = try #require(provenance.workingCopies)
        let carved = copies.filter { $0.masterStoredPath.hasPrefix("data/carved/") }
        #expect(carved.contains { $0.masterStoredPath.hasSuffix("-mpeg-ps-no-time.mpg") }, "\(copies.map(\.masterStoredPath)) \(r.stderrText)")
        let records = try #require(provenance.carved)
        for c in carved {
            #expect(c.storedPath.hasPrefix("data/playable/carved/"))
            let master = try #require(records.first { $0.storedPath == c.masterStoredPath })
            #expect(c.masterSHA256 == master.sha256 && c.masterLength == master.length)
        }
        #expect(try cli.run(["verify", bag]).status == 0)
    }

    @Test func carveOnAMountedFolderIsOneClearError() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let folder = cli.home.path("mounted")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let r = try cli.run(["ls", folder, "--carve"])
        #expect(r.status == 2)
        #expect(r.stderrText.contains("--carve needs the card's raw bytes"), "\(r.stderrText)")
    }
}
