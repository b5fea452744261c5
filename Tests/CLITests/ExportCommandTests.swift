import Foundation
import Testing
import TestSupport

/// `export` and `verify` end to end on the bundled samples, checked with bagit.py and sha256sum.
@Suite(.serialized) struct ExportCommandTests {
    static let samples: [CardImage] = ((try? CardImage.all()) ?? []).filter { !$0.name.contains("/") }

    func export(_ cli: CLI, _ image: CardImage, _ extra: [String] = [], out: String? = nil) throws -> (ProcessResult, String) {
        let bag = out ?? cli.home.path("bag-\(UUID().uuidString.prefix(8))")
        let r = try cli.run(["export", image.path, "--out", bag, "--case", "2026-123", "--exhibit", "SD-1"] + extra)
        return (r, bag)
    }

    @Test(.requires("the bundled samples", available: !samples.isEmpty), arguments: samples)
    func bagsPassBagitPyAndSha256sum(image: CardImage) throws {
        let cli = try CLI()
        defer { cli.remove() }
        let before = try Fingerprint(image.path)
        _ = try cli.run(["ls", image.path])
        let (r, bag) = try export(cli, image, ["--deleted", "--also", "md5,sha512", "--camera-id", "CAM-7", "--location", "北口"])
        #expect(r.status == 0, "\(r.stderrText)")
        #expect(try cli.run(["verify", bag]).status == 0)
        if TestEnvironment.available("bagit.py") {
            let v = try runProcess(["bagit.py", "--validate", bag])
            #expect(v.status == 0, "bagit.py: \(v.stderrText.suffix(500))")
        }
        let sums = try runProcess(["sha256sum", "-c", "--quiet", "manifest-sha256.txt"], currentDirectory: URL(fileURLWithPath: bag))
        #expect(sums.status == 0, "\(sums.stdoutText)")
        // Every live file of the card is there, byte for byte as TSK reads it.
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: image.expected))) as? [String: Any]
        for f in (expected?["files"] as? [[String: Any]]) ?? [] where f["deleted"] as? Bool == false {
            guard let path = f["path"] as? String, let sha = f["sha256"] as? String else { continue }
            let stored = bag + "/data/card/" + path
            let digest = try runProcess(["sha256sum", stored]).stdoutText.prefix(64)
            #expect(String(digest) == sha, "\(path)")
        }
        let provenance = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: bag + "/sdcustody-provenance.json"))) as? [String: Any])
        let source = try #require(provenance["source"] as? [String: Any])
        #expect(source["sha256"] as? String == before.sha256)
        let info = try String(contentsOfFile: bag + "/bag-info.txt", encoding: .utf8)
        #expect(info.contains("SDCustody-Source-SHA256: \(before.sha256)"))
        #expect(info.contains("External-Identifier: case 2026-123, exhibit SD-1"))
        #expect(info.contains("SDCustody-Location: 北口"))
        #expect(FileManager.default.fileExists(atPath: bag + "/access-log.jsonl"), "the ls entry about this card goes into the bag")
        #expect(try Fingerprint(image.path) == before, "the source changed")
        // Existing outputs are never overwritten.
        let again = try cli.run(["export", image.path, "--out", bag, "--case", "2026-123", "--exhibit", "SD-1"])
        #expect(again.status == 2)
    }

    @Test(.requires("the bundled samples", available: !samples.isEmpty),
          arguments: ["byte", "delete", "add", "bag-info", "manifest", "provenance", "access-log"])
    func tamperingIsFoundAndNamed(kind: String) throws {
        let cli = try CLI()
        defer { cli.remove() }
        let image = try #require(Self.samples.first)
        _ = try cli.run(["info", image.path])
        let (r, bag) = try export(cli, image)
        #expect(r.status == 0, "\(r.stderrText)")
        let clip = bag + "/data/card/DCIM/100MEDIA/20261120_213000.mp4"
        var name = "20261120_213000.mp4"
        switch kind {
        case "byte":
            var d = try Data(contentsOf: URL(fileURLWithPath: clip))
            d[100] ^= 0x01
            try d.write(to: URL(fileURLWithPath: clip))
        case "delete":
            try FileManager.default.removeItem(atPath: clip)
        case "add":
            try Data("x".utf8).write(to: URL(fileURLWithPath: bag + "/data/card/extra.txt"))
            name = "extra.txt"
        case "bag-info":
            let p = bag + "/bag-info.txt"
            try (try String(contentsOfFile: p, encoding: .utf8)).replacingOccurrences(of: "SD-1", with: "SD-2").write(toFile: p, atomically: false, encoding: .utf8)
            name = "bag-info.txt"
        case "manifest":
            let p = bag + "/manifest-sha256.txt"
            var lines = try String(contentsOfFile: p, encoding: .utf8).split(separator: "\n").map(String.init)
            let i = try #require(lines.firstIndex { $0.hasSuffix(name) })
            lines[i] = String(repeating: "0", count: 64) + String(lines[i].dropFirst(64))
            try (lines.joined(separator: "\n") + "\n").write(toFile: p, atomically: false, encoding: .utf8)
            name = "manifest-sha256.txt"
        case "provenance":
            let p = bag + "/sdcustody-provenance.json"
            try (try String(contentsOfFile: p, encoding: .utf8)).replacingOccurrences(of: "\"case\": \"2026-123\"", with: "\"case\": \"2026-999\"").write(toFile: p, atomically: false, encoding: .utf8)
            name = "sdcustody-provenance.json"
        default:
            let p = bag + "/access-log.jsonl"
            try (try String(contentsOfFile: p, encoding: .utf8)).replacingOccurrences(of: "\"test operator\"", with: "\"someone else\"").write(toFile: p, atomically: false, encoding: .utf8)
            name = "access-log.jsonl"
        }
        let v = try cli.run(["verify", bag])
        #expect(v.status == 1, "\(kind): \(v.stdoutText)")
        #expect(v.stdoutText.contains(name), "\(kind): the report names \(name): \(v.stdoutText)")
        let json = try cli.run(["verify", bag, "--json"])
        #expect(json.status == 1)
        #expect((try? JSONSerialization.jsonObject(with: json.stdout)) != nil)
    }

    /// The sample's clips were made with known start and end times (content.json): a window
    /// exports exactly the ones that overlap it.
    @Test(.requires("the bundled samples", available: !samples.isEmpty), arguments: [
        ("2026-11-20T21:30", "2026-11-20T21:40", String?.none, "+00:00:00"),
        ("21:31:30", "21:35:01", "2026-11-20", "+00:00:00"),
        // The camera ran 10 minutes fast: true 21:24–21:26 is camera 21:34–21:36.
        ("2026-11-20 21:24:00", "2026-11-20 21:26:00", nil, "+00:10:00"),
    ] as [(String, String, String?, String)])
    func timeWindowExportsExactlyTheOverlappingClips(from: String, to: String, date: String?, offset: String) throws {
        let cli = try CLI()
        defer { cli.remove() }
        let image = try #require(Self.samples.first { $0.name == "fat32-mbr" } ?? Self.samples.first)
        let content = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: TestEnvironment.samples.appendingPathComponent(image.name + ".content.json").path))) as? [String: Any])
        let items = try #require(content["items"] as? [[String: Any]])
        func seconds(_ s: String) -> Int {
            let d = s.replacingOccurrences(of: "T", with: " ")
            let f = DateFormatter()
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = d.count == 16 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss"
            return Int(f.date(from: d)?.timeIntervalSince1970 ?? 0)
        }
        let shift = (Int(offset.dropFirst().prefix(2)) ?? 0) * 3600 + (Int(offset.dropFirst(4).prefix(2)) ?? 0) * 60 + (Int(offset.suffix(2)) ?? 0)
        let lo = seconds(date.map { "\($0) \(from)" } ?? from) + shift
        let hi = seconds(date.map { "\($0) \(to)" } ?? to) + shift
        let expected = Set(items.filter { i in
            guard i["deleted"] as? Bool == false, let s = i["start_local"] as? String, let e = i["end_local"] as? String else { return false }
            return seconds(e) >= lo && seconds(s) <= hi
        }.compactMap { $0["path"] as? String })
        var args = ["--from", from, "--to", to, "--clock-offset", offset]
        if let date { args += ["--date", date] }
        let (r, bag) = try export(cli, image, args)
        #expect(r.status == 0, "\(r.stderrText)")
        let manifest = try String(contentsOfFile: bag + "/manifest-sha256.txt", encoding: .utf8)
        let exported = Set(manifest.split(separator: "\n").map { String($0.dropFirst(66 + "data/card/".count)) })
        #expect(exported == expected)
        #expect(!expected.isEmpty)
    }

    /// A read error from the card (every pread of the source from the Nth on fails, as a card
    /// pulled mid-read does) ends the export with one error line and no bag.
    @Test(.requires("strace"), .requires("the bundled samples", available: !samples.isEmpty),
          arguments: [5, 40, 120])
    func readErrorLeavesNoBag(fromCall: Int) throws {
        let cli = try CLI()
        defer { cli.remove() }
        let image = try #require(Self.samples.first)
        let binary = try #require(TestEnvironment.sdcustodyBinary)
        let bag = cli.home.path("bag")
        let r = try runProcess(["strace", "-f", "-qq", "-o", "/dev/null", "-P", image.path, "-e", "trace=pread64",
                                "-e", "inject=pread64:error=EIO:when=\(fromCall)+",
                                binary.path, "export", image.path, "--out", bag, "--case", "C", "--exhibit", "E"],
                               environment: ["SDCUSTODY_LOG": cli.log, "XDG_DATA_HOME": cli.home.path("xdg"), "NO_COLOR": "1"])
        #expect(r.status == 2, "EIO from call \(fromCall): \(r.stderrText)")
        #expect(r.stderrText.contains("sdcustody: error:"))
        #expect(!FileManager.default.fileExists(atPath: bag))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.home.url.path).filter { $0.contains(".partial-") }
        #expect(leftovers.isEmpty, "temporary folder left: \(leftovers)")
    }

    /// A full disk: a 96 KiB tmpfs (root only; skipped with a reason elsewhere).
    @Test(.enabled(if: getuid() == 0, "needs root to mount a small tmpfs"), .requires("the bundled samples", available: !samples.isEmpty))
    func fullDiskLeavesNoBag() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let image = try #require(Self.samples.first)
        let small = cli.home.path("small")
        try FileManager.default.createDirectory(atPath: small, withIntermediateDirectories: true)
        let mount = try runProcess(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", small])
        guard mount.status == 0 else {
            try Test.cancel("cannot mount a tmpfs here: \(mount.stderrText)")
        }
        defer { _ = try? runProcess(["umount", small]) }
        let bag = small + "/bag"
        let r = try cli.run(["export", image.path, "--out", bag, "--case", "C", "--exhibit", "E"])
        #expect(r.status == 2, "\(r.stderrText)")
        #expect(r.stderrText.contains("No space left") || r.stderrText.contains("ENOSPC"), "\(r.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: bag))
        #expect(try FileManager.default.contentsOfDirectory(atPath: small).isEmpty)
    }

    /// kill -9 at random moments (the source's reads slowed so the export takes a while): a DIR
    /// that exists is always complete and valid; a rerun succeeds and removes the dead run's
    /// temporary folder.
    @Test(.requires("strace"), .requires("the bundled samples", available: !samples.isEmpty))
    func killedExportNeverLeavesAnIncompleteBag() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let image = try #require(Self.samples.first)
        let binary = try #require(TestEnvironment.sdcustodyBinary)
        for round in 0..<6 {
            let bag = cli.home.path("bag\(round)")
            let p = Process()
            p.executableURL = URL(fileURLWithPath: try #require(TestEnvironment.which("strace")))
            p.arguments = ["-f", "-qq", "-o", "/dev/null", "-P", image.path, "-e", "trace=pread64", "-e", "inject=pread64:delay_enter=20000",
                           binary.path, "export", image.path, "--out", bag, "--case", "C", "--exhibit", "E"]
            var env = ProcessInfo.processInfo.environment
            env["SDCUSTODY_LOG"] = cli.log
            env["XDG_DATA_HOME"] = cli.home.path("xdg")
            p.environment = env
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(UInt32.random(in: 100_000...1_500_000))
            _ = try runProcess(["pkill", "-KILL", "-f", "^\(binary.path) export \(image.path) --out \(bag) "])
            p.waitUntilExit()
            if FileManager.default.fileExists(atPath: bag) {
                #expect(try cli.run(["verify", bag]).status == 0, "round \(round): a bag that exists must be complete")
            }
            let rerun = try cli.run(["export", image.path, "--out", bag + "-again", "--case", "C", "--exhibit", "E"])
            #expect(rerun.status == 0, "\(rerun.stderrText)")
            let retry = FileManager.default.fileExists(atPath: bag) ? nil : try cli.run(["export", image.path, "--out", bag, "--case", "C", "--exhibit", "E"])
            if let retry { #expect(retry.status == 0, "\(retry.stderrText)") }
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.home.url.path).filter { $0.contains(".partial-") }
            #expect(leftovers.isEmpty, "round \(round): \(leftovers)")
        }
    }

    /// Regression: an export that failed early (its DIR exists) used to exit while the thread
    /// hashing the image was inside libcrypto, and libcrypto's exit-time cleanup crashed it
    /// (signal 11) now and then. Every failure must be a clean exit 2.
    @Test(.requires("the bundled samples", available: !samples.isEmpty))
    func failingEarlyNeverCrashes() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let image = try #require(Self.samples.first)
        let bag = cli.home.path("exists")
        try FileManager.default.createDirectory(atPath: bag, withIntermediateDirectories: true)
        for _ in 0..<25 {
            let r = try cli.run(["export", image.path, "--out", bag, "--case", "C", "--exhibit", "E"])
            #expect(r.status == 2, "\(r.stderrText)")
        }
    }

    @Test func mountedFolderGivesALogicalExport() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let card = cli.home.path("mounted")
        try FileManager.default.createDirectory(atPath: card + "/DCIM/100MEDIA", withIntermediateDirectories: true)
        try Data("clip".utf8).write(to: URL(fileURLWithPath: card + "/DCIM/100MEDIA/20261120_213000.mp4"))
        let bag = cli.home.path("bag")
        let r = try cli.run(["export", card, "--out", bag, "--case", "C", "--exhibit", "E"])
        #expect(r.status == 0, "\(r.stderrText)")
        #expect(r.stderrText.contains("mounted folder"))
        let provenance = try String(contentsOfFile: bag + "/sdcustody-provenance.json", encoding: .utf8)
        #expect(provenance.contains("logical"))
        #expect(try cli.run(["verify", bag]).status == 0)
    }

    @Test(.requiresSharedTestData("bagit-conformance"))
    func verifyAcceptsConformanceBags() throws {
        let shared = try TestEnvironment.requireSharedTestData()
        let cli = try CLI()
        defer { cli.remove() }
        for (folder, status) in [("bagit-conformance/v1.0/valid", Int32(0)), ("bagit-conformance/v1.0/invalid", 1)] {
            let dir = shared.appendingPathComponent(folder)
            for bag in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() {
                let r = try cli.run(["verify", dir.appendingPathComponent(bag).path])
                if status == 0 { #expect(r.status == 0, "\(folder)/\(bag): \(r.stdoutText)") }
                else { #expect(r.status != 0, "\(folder)/\(bag) must be rejected") }
            }
        }
    }
}
