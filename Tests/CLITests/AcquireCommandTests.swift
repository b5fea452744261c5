import Foundation
import Testing
import TestSupport

/// `acquire` end to end: identical bytes, hashes equal to sha256sum's, a record beside the image,
/// and read errors injected into the real binary's system calls with strace.
@Suite(.serialized) struct AcquireCommandTests {
    static let images: [CardImage] = (try? CardImage.all()) ?? []

    @Test(.requires("a sample or shared card image", available: !images.isEmpty), arguments: images)
    func imagesAreIdenticalAndRecorded(image: CardImage) throws {
        let cli = try CLI()
        defer { cli.remove() }
        let before = try Fingerprint(image.path)
        let out = cli.home.path("copy.img")
        let r = try cli.run(["acquire", image.path, "--out", out, "--case", "2026-123", "--exhibit", "SD-1", "--hash", "sha1,md5", "--json"])
        #expect(r.status == 0, "\(r.stderrText)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: image.path)))
        let record = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
        let hashes = try #require(record["hashes"] as? [String: String])
        #expect(hashes["sha256"] == before.sha256)
        let md5 = try runProcess(["md5sum", image.path]).stdoutText.prefix(32)
        #expect(hashes["md5"] == String(md5))
        #expect(record["verified"] as? Bool == true)
        #expect(record["case"] as? String == "2026-123")
        #expect(FileManager.default.fileExists(atPath: out + ".acquisition.json"))
        #expect(try Fingerprint(image.path) == before, "the source changed")

        // The image is a source of its own, and `info` shows the record's hash.
        let info = try cli.json(["info", out, "--json"])
        let acquisition = try #require(info["acquisition"] as? [String: Any])
        #expect(acquisition["sha256"] as? String == before.sha256)

        // Never overwritten.
        let again = try cli.run(["acquire", image.path, "--out", out])
        #expect(again.status == 2)
        #expect(again.stderrText.contains("already exists"))
    }

    @Test(.requires("a sample or shared card image", available: !images.isEmpty))
    func splitImageReadsBackAsOneSource() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let image = try #require(Self.images.first)
        let out = cli.home.path("split.img")
        let r = try cli.run(["acquire", image.path, "--out", out, "--split", "4M"])
        #expect(r.status == 0, "\(r.stderrText)")
        let parts = try FileManager.default.contentsOfDirectory(atPath: cli.home.url.path).filter { $0.hasPrefix("split.img.0") }.sorted()
        #expect(parts.first == "split.img.001" && parts.count >= 2)
        let joined = try runProcess(["sh", "-c", "cat \"$0\".0* | sha256sum", out]).stdoutText.prefix(64)
        #expect(String(joined) == (try Fingerprint(image.path)).sha256)
        let a = try cli.json(["ls", image.path, "--json"])["files"] as? [[String: Any]]
        let b = try cli.json(["ls", out + ".001", "--json"])["files"] as? [[String: Any]]
        #expect(a.map { NSArray(array: $0) } == b.map { NSArray(array: $0) }, "the split image lists as the original")
        // The acquisition record's hash travels into the listing of the image.
        let listing = try cli.json(["ls", out + ".001", "--json"])
        #expect(listing["source_sha256"] as? String == (try Fingerprint(image.path)).sha256)
    }

    /// Every read of the sector at 4 MiB fails, as a bad card's does (`BadReadShim`): the block
    /// read fails, the passes that come back trim it down to that sector, which fails all three
    /// tries (then 2 retry passes) and becomes zeros.
    @Test(.requires("gcc"), .requires("a sample or shared card image", available: !images.isEmpty))
    func injectedReadErrorsAreZeroFilledAndMapped() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let image = try #require(InjectedReads.largeImage(Self.images))
        let out = cli.home.path("bad.img")
        let r = try InjectedReads.acquire(image.path, out: out, failing: [BadReadShim.Range(4 << 20, 4 << 20 + 512)], cli: cli)
        #expect(r.status == 0, "\(r.stderrText)")
        let record = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
        let bad = try #require(record["bad_sectors"] as? [[String: Any]])
        #expect(bad.count == 1)
        #expect((bad.first?["first_sector"] as? NSNumber)?.intValue == (4 << 20) / 512)
        #expect((bad.first?["sector_count"] as? NSNumber)?.intValue == 1)
        #expect((record["unreadable_bytes"] as? NSNumber)?.intValue == 512)
        var expected = try Data(contentsOf: URL(fileURLWithPath: image.path))
        expected.replaceSubrange((4 << 20)..<((4 << 20) + 512), with: Data(count: 512))
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == expected)
        #expect((record["verdict"] as? String)?.contains("unreadable") == true)
    }

    @Test(.requires("strace"), .requires("a sample or shared card image", available: !images.isEmpty))
    func noZeroFillStopsWithPartialAndRecord() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let image = try #require(InjectedReads.largeImage(Self.images))
        let binary = try #require(TestEnvironment.sdcustodyBinary)
        let out = cli.home.path("bad.img")
        let r = try runProcess(["strace", "-f", "-qq", "-o", "/dev/null", "-P", image.path, "-e", "trace=pread64",
                                "-e", "inject=pread64:error=EIO:when=2+", binary.path, "acquire", image.path, "--out", out, "--no-zero-fill"],
                               environment: ["SDCUSTODY_LOG": cli.log, "XDG_DATA_HOME": cli.home.path("xdg")])
        #expect(r.status == 2)
        #expect(r.stderrText.contains("incomplete"))
        #expect(FileManager.default.fileExists(atPath: out + ".partial"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let record = try Data(contentsOf: URL(fileURLWithPath: out + ".partial.acquisition.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: record) as? [String: Any])
        #expect(json["complete"] as? Bool == false)
    }
}

@Suite struct AcquireInterruptTests {
    /// Every pread of the source is slowed to 200 ms by strace, so SIGINT surely lands mid-run.
    @Test(.requires("strace"))
    func sigintLeavesPartialAndSaysSo() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let source = cli.home.path("card.img")
        try Data((0..<(24 << 20)).map { UInt8(truncatingIfNeeded: $0 >> 12) }).write(to: URL(fileURLWithPath: source))
        let binary = try #require(TestEnvironment.sdcustodyBinary)
        let out = cli.home.path("copy.img")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(TestEnvironment.which("strace")))
        p.arguments = ["-f", "-qq", "-o", "/dev/null", "-P", source, "-e", "trace=pread64", "-e", "inject=pread64:delay_enter=200000",
                       binary.path, "acquire", source, "--out", out]
        var env = ProcessInfo.processInfo.environment
        env["SDCUSTODY_LOG"] = cli.log
        env["XDG_DATA_HOME"] = cli.home.path("xdg")
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Wait until the partial image exists, then interrupt the whole process group's child.
        var waited = 0
        while !FileManager.default.fileExists(atPath: out + ".partial") && waited < 100 {
            usleep(50_000)
            waited += 1
        }
        // Only this test's process: other suites run acquire at the same time.
        let found = try runProcess(["pgrep", "-f", "^\(binary.path) acquire \(source) --out \(out)$"])
        let child = found.stdoutText.split(separator: "\n").compactMap { Int32($0) }
        #expect(!child.isEmpty, "pgrep found no acquire process: \(found.stderrText)")
        for pid in child { kill(pid, SIGINT) }
        p.waitUntilExit()
        #expect(p.terminationStatus == 2)
        #expect(FileManager.default.fileExists(atPath: out + ".partial"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let record = try Data(contentsOf: URL(fileURLWithPath: out + ".partial.acquisition.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: record) as? [String: Any])
        #expect(json["complete"] as? Bool == false)
        #expect((json["verdict"] as? String)?.contains("interrupted") == true)
        // The mapfile followed the run: the part read is finished, the rest non-tried.
        let map = try String(contentsOfFile: out + ".partial.mapfile", encoding: .utf8)
        #expect(map.contains("  ?\n"), "\(map)")
        if TestEnvironment.available("ddrescuelog") {
            #expect(try runProcess(["ddrescuelog", "--show-status", out + ".partial.mapfile"]).status == 0)
        }
    }
}

/// Issue 12: reads that fail and then succeed on retry are counted and their ranges recorded.
@Suite(.serialized) struct AcquireRetryTests {
    static let images: [CardImage] = (try? CardImage.all()) ?? []

    /// The first two reads of the sector at 4 MiB fail with EIO (`BadReadShim`): the block read
    /// (4 MiB at 4 MiB) and that sector's try when the block is trimmed; the first retry pass
    /// reads it. Every sector was read, 2 reads were made good by retrying, and the whole block
    /// is the range they covered.
    @Test(.requires("gcc"), .requires("a sample or shared card image", available: !images.isEmpty))
    func readsRecoveredByRetryAreCountedAndRecorded() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let image = try #require(InjectedReads.largeImage(Self.images))
        let out = cli.home.path("retried.img")
        let r = try InjectedReads.acquire(image.path, out: out, failing: [BadReadShim.Range(4 << 20, 4 << 20 + 512, failures: 2)],
                                          cli: cli, language: "en")
        #expect(r.status == 0, "\(r.stderrText)")
        let record = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
        #expect((record["bad_sectors"] as? [Any])?.isEmpty == true)
        let errors = try #require(record["read_errors"] as? [String: Any])
        #expect((errors["recovered_by_retry"] as? NSNumber)?.intValue == 2)
        let ranges = try #require(errors["ranges"] as? [[String: Any]])
        #expect(ranges.count == 1)
        #expect((ranges.first?["byte_offset"] as? NSNumber)?.intValue == 4 << 20)
        #expect((ranges.first?["byte_count"] as? NSNumber)?.intValue == 4 << 20)
        let verdict = try #require(record["verdict"] as? String)
        #expect(verdict.contains("every sector was read; 2 reads failed first and succeeded on retry: the card may be failing; image it again or replace it"), "\(verdict)")
        #expect(r.stderrText.contains("2 reads failed first and succeeded on retry"), "\(r.stderrText)")
        // The image is the source, byte for byte, and the record beside it says the same.
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: image.path)))
        let saved = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + ".acquisition.json"))) as? [String: Any])
        #expect((saved["read_errors"] as? [String: Any])?["recovered_by_retry"] as? NSNumber == 2)
    }

    /// A healthy read records no `read_errors` at all (records of healthy cards are unchanged).
    @Test(.requires("a sample or shared card image", available: !images.isEmpty))
    func healthyReadsRecordNoReadErrors() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let image = try #require(Self.images.first)
        let out = cli.home.path("ok.img")
        let r = try cli.run(["acquire", image.path, "--out", out, "--json"])
        #expect(r.status == 0, "\(r.stderrText)")
        let record = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
        #expect(record["read_errors"] == nil)
        #expect((record["verdict"] as? String)?.hasSuffix("every sector was read") == true)
    }

    /// The mapfile beside the image is GNU ddrescue's: ddrescuelog (gddrescue) reads it and lists
    /// the same unreadable sector the record names; a healthy image's map is all finished.
    @Test(.requires("gcc", "ddrescuelog"), .requires("a sample or shared card image", available: !images.isEmpty))
    func mapfileIsReadByDdrescuelog() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let image = try #require(InjectedReads.largeImage(Self.images))
        let out = cli.home.path("bad.img")
        let r = try InjectedReads.acquire(image.path, out: out, failing: [BadReadShim.Range(4 << 20, 4 << 20 + 512)], cli: cli)
        #expect(r.status == 0, "\(r.stderrText)")
        let map = out + ".mapfile"
        let bad = try runProcess(["ddrescuelog", "-b", "512", "--list-blocks=-", map])
        #expect(bad.status == 0, "\(bad.stderrText)")
        #expect(bad.stdoutText.split(separator: "\n") == ["\((4 << 20) / 512)"], "\(bad.stdoutText)")
        #expect(try runProcess(["ddrescuelog", "--done-status", map]).status != 0, "a map with a bad sector is not all done")

        let ok = cli.home.path("ok.img")
        #expect(try cli.run(["acquire", image.path, "--out", ok]).status == 0)
        let done = try runProcess(["ddrescuelog", "--done-status", ok + ".mapfile"])
        #expect(done.status == 0, "\(done.stdoutText) \(done.stderrText)")
        // An existing mapfile is never overwritten: acquire refuses.
        let again = cli.home.path("again.img")
        try Data("x".utf8).write(to: URL(fileURLWithPath: again + ".mapfile"))
        #expect(try cli.run(["acquire", image.path, "--out", again]).status == 2)
    }
}

/// Acquiring through strace with pread64 calls on the source failing as a bad card's do.
enum InjectedReads {
    /// The first image large enough to span the 4 MiB block the injected failures hit.
    static func largeImage(_ images: [CardImage]) -> CardImage? {
        images.first { ((try? FileManager.default.attributesOfItem(atPath: $0.path)[.size] as? Int) ?? 0) > 8 << 20 }
    }

    /// `sdcustody acquire SOURCE --out OUT --json` with every read of the source that touches
    /// one of `failing` failing with EIO (`BadReadShim`, compiled with gcc).
    static func acquire(_ source: String, out: String, failing: [BadReadShim.Range], cli: CLI, language: String? = nil) throws -> ProcessResult {
        let binary = try #require(TestEnvironment.sdcustodyBinary)
        let shim = try BadReadShim(in: cli.home)
        var env = shim.environment(file: source, ranges: failing)
        env["SDCUSTODY_LOG"] = cli.log
        env["XDG_DATA_HOME"] = cli.home.path("xdg")
        if let language { env["SDCUSTODY_LANG"] = language }
        return try runProcess([binary.path, "acquire", source, "--out", out, "--json"], environment: env)
    }

    /// `sdcustody acquire SOURCE --out OUT --json` with pread64 calls number `failing` (strace's
    /// `when=`) on the source failing with EIO.
    static func acquire(_ source: String, out: String, failing: String, cli: CLI, language: String? = nil) throws -> ProcessResult {
        let binary = try #require(TestEnvironment.sdcustodyBinary)
        var env = ["SDCUSTODY_LOG": cli.log, "XDG_DATA_HOME": cli.home.path("xdg")]
        if let language { env["SDCUSTODY_LANG"] = language }
        return try runProcess(["strace", "-f", "-qq", "-o", "/dev/null", "-P", source, "-e", "trace=pread64",
                               "-e", "inject=pread64:error=EIO:when=\(failing)", binary.path, "acquire", source, "--out", out, "--json"],
                              environment: env)
    }
}
