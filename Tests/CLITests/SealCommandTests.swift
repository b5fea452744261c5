import Foundation
import OpenSSL
import Testing
import TestSupport

/// `sdcustody seal` / `unseal` / `verify FILE.age` run as a user would, checked against the
/// standard tools: `age -d … | tar -x` must give a bag `bagit.py --validate` accepts.
@Suite("sdcustody seal/unseal", .requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
struct SealCommandTests {
    /// A small BagIt 1.0 bag written by hand (so the test does not rely on our own writer):
    /// two payload files in two folders, sha256 manifests, bag-info with External-Identifier.
    static func makeBag(_ path: String, identifier: String = "CASE-2026-7 / EXHIBIT-3") throws -> [String: [UInt8]] {
        let fm = FileManager.default
        var payload: [String: [UInt8]] = [
            "data/card/DCIM/100MEDIA/20261120_101500.mp4": try SecureRandom.bytes(700_000),
            "data/card/notes.txt": Array("camera 4, north gate\n".utf8),
        ]
        payload["data/card/empty.bin"] = []
        var manifest = ""
        var octets = 0
        for (rel, bytes) in payload.sorted(by: { $0.key < $1.key }) {
            let url = URL(fileURLWithPath: path).appendingPathComponent(rel)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
            manifest += "\(try Digest.hash(.sha256, bytes).hex)  \(rel)\n"
            octets += bytes.count
        }
        let tags: [(String, String)] = [
            ("bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"),
            ("bag-info.txt", "Bag-Software-Agent: test\nBagging-Date: 2026-11-27\nContact-Name: Officer Sato\n"
                + "External-Identifier: \(identifier)\nPayload-Oxum: \(octets).\(payload.count)\n"),
            ("manifest-sha256.txt", manifest),
        ]
        var tagManifest = ""
        for (name, text) in tags {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path).appendingPathComponent(name))
            tagManifest += "\(try Digest.hash(.sha256, Array(text.utf8)).hex)  \(name)\n"
        }
        try Data(tagManifest.utf8).write(to: URL(fileURLWithPath: path).appendingPathComponent("tagmanifest-sha256.txt"))
        return payload
    }

    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int) ?? -1
    }

    static func listing(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    static func logEntries(_ cli: CLI) throws -> [[String: Any]] {
        let text = (try? String(contentsOfFile: cli.log, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// A key pair made by sdcustody itself; returns the recipient.
    static func keygen(_ cli: CLI, _ path: String) throws -> String {
        let r = try cli.run(["keygen", "--out", path])
        #expect(r.status == 0, "\(r.stderrText)")
        return r.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("seal → age -d | tar -x → bagit.py accepts it; unseal gives the same bytes; sidecar, modes, log",
          .requires("age", "tar", "bagit.py"))
    func sealOpensWithStandardTools() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let dir = cli.home
        let payload = try Self.makeBag(dir.path("evidence-bag"))
        let recipient = try Self.keygen(cli, dir.path("key.txt"))

        let s = try cli.run(["seal", dir.path("evidence-bag"), "--out", dir.path("x.age"), "--recipient", recipient])
        #expect(s.status == 0, "\(s.stderrText)")
        #expect(Self.mode(dir.path("x.age")) == 0o600)
        #expect(Self.mode(dir.path("x.age.json")) == 0o644)
        #expect(!Self.listing(dir.url.path).contains { $0.hasPrefix(".") }, "no temporary files left")

        // The standard tools open it.
        try FileManager.default.createDirectory(atPath: dir.path("std"), withIntermediateDirectories: false)
        let std = try runProcess(["sh", "-c", "age -d -i \"$0\" \"$1\" | tar -x -C \"$2\"", dir.path("key.txt"), dir.path("x.age"), dir.path("std")])
        #expect(std.status == 0, "\(std.stderrText)")
        #expect(Self.listing(dir.path("std")) == ["evidence-bag"])
        let v = try runProcess(["bagit.py", "--validate", dir.path("std/evidence-bag")])
        #expect(v.status == 0, "bagit.py: \(v.stderrText)")

        // The sidecar: hash and size of the ciphertext, the bag's identity, public keys only.
        let sidecarData = try Data(contentsOf: dir.url.appendingPathComponent("x.age.json"))
        let sidecar = try #require(try JSONSerialization.jsonObject(with: sidecarData) as? [String: Any])
        let ciphertext = try Data(contentsOf: dir.url.appendingPathComponent("x.age"))
        let c = try #require(sidecar["ciphertext"] as? [String: Any])
        #expect(c["sha256"] as? String == (try Digest.hash(.sha256, [UInt8](ciphertext))).hex)
        #expect((c["size"] as? NSNumber)?.intValue == ciphertext.count)
        let bag = try #require(sidecar["bag"] as? [String: Any])
        #expect(bag["name"] as? String == "evidence-bag")
        let octets = payload.values.reduce(0) { $0 + $1.count }
        #expect(bag["payload_oxum"] as? String == "\(octets).\(payload.count)")
        let info = try #require(bag["bag_info"] as? [String: Any])
        #expect(info["External-Identifier"] as? String == "CASE-2026-7 / EXHIBIT-3")
        #expect(sidecar["recipients"] as? [String] == [recipient])
        #expect(sidecar["format"] as? String == "sdcustody-sealed-archive/1")
        #expect(!String(decoding: sidecarData, as: UTF8.self).contains("AGE-SECRET-KEY"))

        // unseal gives the same bytes.
        let u = try cli.run(["unseal", dir.path("x.age"), "--out", dir.path("opened"), "--identity", dir.path("key.txt")])
        #expect(u.status == 0, "\(u.stderrText)")
        for (rel, bytes) in payload {
            #expect([UInt8](try Data(contentsOf: dir.url.appendingPathComponent("opened/" + rel))) == bytes, "\(rel)")
        }
        for tag in ["bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt"] {
            #expect(try Data(contentsOf: dir.url.appendingPathComponent("opened/" + tag))
                    == Data(contentsOf: dir.url.appendingPathComponent("evidence-bag/" + tag)))
        }
        #expect(!Self.listing(dir.url.path).contains { $0.hasPrefix(".") }, "no temporary folder left")

        // The log: the sealed archive with its hash, the case from External-Identifier.
        let entries = try Self.logEntries(cli)
        let seal = try #require(entries.first { $0["action"] as? String == "seal" })
        #expect(seal["result"] as? String == "ok")
        #expect(seal["case"] as? String == "CASE-2026-7 / EXHIBIT-3")
        let outputs = try #require(seal["outputs"] as? [[String: Any]])
        #expect(outputs.first?["sha256"] as? String == c["sha256"] as? String)
        let unseal = try #require(entries.first { $0["action"] as? String == "unseal" })
        #expect(unseal["result"] as? String == "ok")
        #expect(entries.contains { $0["action"] as? String == "keygen" })
        #expect(try cli.run(["log", "verify"]).status == 0)
    }

    @Test("passphrase seal/unseal with --passphrase-file; the passphrase never reaches the log or stderr")
    func passphrase() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let dir = cli.home
        let payload = try Self.makeBag(dir.path("bag"))
        try Data("correct horse s3cret\n".utf8).write(to: dir.url.appendingPathComponent("pw"))
        try Data("wrong horse\n".utf8).write(to: dir.url.appendingPathComponent("bad"))

        let s = try cli.run(["seal", dir.path("bag"), "--out", dir.path("p.age"), "--passphrase-file", dir.path("pw"), "--work-factor", "10"])
        #expect(s.status == 0, "\(s.stderrText)")
        let sidecar = try String(contentsOfFile: dir.path("p.age.json"), encoding: .utf8)
        #expect(sidecar.contains("passphrase (scrypt, work factor 10)"))

        let wrong = try cli.run(["unseal", dir.path("p.age"), "--out", dir.path("out"), "--passphrase-file", dir.path("bad")])
        #expect(wrong.status == 2)
        #expect(wrong.stderrText.contains("passphrase"))
        #expect(!FileManager.default.fileExists(atPath: dir.path("out")))

        let u = try cli.run(["unseal", dir.path("p.age"), "--out", dir.path("out"), "--passphrase-file", dir.path("pw")])
        #expect(u.status == 0, "\(u.stderrText)")
        for (rel, bytes) in payload {
            #expect([UInt8](try Data(contentsOf: dir.url.appendingPathComponent("out/" + rel))) == bytes)
        }
        // encrypt/decrypt with the same file are logged too.
        #expect(try cli.run(["encrypt", dir.path("pw"), "--out", dir.path("pw.age"), "--passphrase-file", dir.path("pw"), "--work-factor", "10"]).status == 0)
        #expect(try cli.run(["decrypt", dir.path("pw.age"), "--out", dir.path("pw.out"), "--passphrase-file", dir.path("pw")]).status == 0)

        let log = try String(contentsOfFile: cli.log, encoding: .utf8)
        for text in [s.stderrText, s.stdoutText, wrong.stderrText, u.stderrText, u.stdoutText, log, sidecar] {
            #expect(!text.contains("s3cret") && !text.contains("correct horse"))
        }
        // The passphrase file's name is redacted from the logged command line too.
        let sealEntry = try #require(try Self.logEntries(cli).first)
        let commandLine = try #require(sealEntry["command_line"] as? [String])
        #expect(commandLine.contains("<redacted>") && !commandLine.contains(dir.path("pw")))
        let actions = try Self.logEntries(cli).map { "\($0["action"] ?? "") \($0["result"] ?? "")" }
        #expect(actions == ["seal ok", "unseal failed", "unseal ok", "encrypt ok", "decrypt ok"])
        let decrypt = try #require(try Self.logEntries(cli).last)
        let out = try #require((decrypt["outputs"] as? [[String: Any]])?.first)
        #expect(out["sha256"] as? String == (try Digest.hash(.sha256, Array("correct horse s3cret\n".utf8))).hex)
    }

    @Test("verify FILE.age checks the sidecar: 0 when it matches, 1 after one flipped byte, 2 without a sidecar")
    func verifySidecar() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let dir = cli.home
        _ = try Self.makeBag(dir.path("bag"))
        let recipient = try Self.keygen(cli, dir.path("key"))
        #expect(try cli.run(["seal", dir.path("bag"), "--out", dir.path("x.age"), "-r", recipient]).status == 0)

        let ok = try cli.run(["verify", dir.path("x.age")])
        #expect(ok.status == 0, "\(ok.stdoutText)\(ok.stderrText)")
        #expect(ok.stdoutText.contains("valid"))
        let json = try cli.json(["verify", dir.path("x.age.json"), "--json"])
        #expect(json["verdict"] as? String == "valid")

        var bytes = [UInt8](try Data(contentsOf: dir.url.appendingPathComponent("x.age")))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: dir.url.appendingPathComponent("x.age"))
        let flipped = try cli.run(["verify", dir.path("x.age")])
        #expect(flipped.status == 1)
        #expect(flipped.stdoutText.contains("SHA-256"))

        try FileManager.default.copyItem(atPath: dir.path("x.age"), toPath: dir.path("lonely.age"))
        let lonely = try cli.run(["verify", dir.path("lonely.age")])
        #expect(lonely.status == 2)
        #expect(lonely.stderrText.contains("sidecar"))
        // A bag folder still goes to the bag check.
        #expect(try cli.run(["verify", dir.path("bag")]).status == 0)
    }

    /// An archive swapped for another valid one (same bag, sealed again: different ciphertext)
    /// still decrypts, but it is not the archive its sidecar records: exit 1, nothing left.
    @Test("unseal checks the archive against its sidecar: a swapped archive gives exit 1")
    func unsealChecksSidecar() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let dir = cli.home
        _ = try Self.makeBag(dir.path("bag"))
        let recipient = try Self.keygen(cli, dir.path("key"))
        #expect(try cli.run(["seal", dir.path("bag"), "--out", dir.path("x.age"), "-r", recipient]).status == 0)
        #expect(try cli.run(["seal", dir.path("bag"), "--out", dir.path("y.age"), "-r", recipient]).status == 0)
        let good = try cli.run(["unseal", dir.path("x.age"), "--out", dir.path("opened"), "-i", dir.path("key")])
        #expect(good.status == 0, "\(good.stderrText)")
        // y.age's bytes under x.age's name, beside x.age's sidecar.
        try FileManager.default.removeItem(atPath: dir.path("x.age"))
        try FileManager.default.copyItem(atPath: dir.path("y.age"), toPath: dir.path("x.age"))
        let swapped = try cli.run(["unseal", dir.path("x.age"), "--out", dir.path("opened2"), "-i", dir.path("key")])
        #expect(swapped.status == 1, "\(swapped.stderrText)")
        #expect(swapped.stderrText.contains("sidecar"))
        #expect(!FileManager.default.fileExists(atPath: dir.path("opened2")))
        #expect(!Self.listing(dir.url.path).contains { $0.contains("unseal-") })
    }

    @Test("existing outputs are never overwritten; an invalid bag is not sealed")
    func neverOverwrite() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let dir = cli.home
        _ = try Self.makeBag(dir.path("bag"))
        let recipient = try Self.keygen(cli, dir.path("key"))
        try Data("keep me".utf8).write(to: dir.url.appendingPathComponent("taken.age"))
        let s1 = try cli.run(["seal", dir.path("bag"), "--out", dir.path("taken.age"), "-r", recipient])
        #expect(s1.status == 2)
        #expect(try String(contentsOfFile: dir.path("taken.age"), encoding: .utf8) == "keep me")
        #expect(!FileManager.default.fileExists(atPath: dir.path("taken.age.json")))

        try Data("{}".utf8).write(to: dir.url.appendingPathComponent("side.age.json"))
        #expect(try cli.run(["seal", dir.path("bag"), "--out", dir.path("side.age"), "-r", recipient]).status == 2)
        #expect(!FileManager.default.fileExists(atPath: dir.path("side.age")))

        #expect(try cli.run(["seal", dir.path("bag"), "--out", dir.path("x.age"), "-r", recipient]).status == 0)
        try FileManager.default.createDirectory(atPath: dir.path("existing"), withIntermediateDirectories: false)
        try Data("mine".utf8).write(to: dir.url.appendingPathComponent("existing/file"))
        let u = try cli.run(["unseal", dir.path("x.age"), "--out", dir.path("existing"), "-i", dir.path("key")])
        #expect(u.status == 2)
        #expect(Self.listing(dir.path("existing")) == ["file"])

        // Not a bag at all: exit 2, nothing written.
        try FileManager.default.createDirectory(atPath: dir.path("plain"), withIntermediateDirectories: false)
        let plain = try cli.run(["seal", dir.path("plain"), "--out", dir.path("plain.age"), "-r", recipient])
        #expect(plain.status == 2, "\(plain.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: dir.path("plain.age")))

        // A changed payload file: the bag is invalid, nothing is sealed, exit 1.
        try Data("changed".utf8).write(to: dir.url.appendingPathComponent("bag/data/card/notes.txt"))
        let bad = try cli.run(["seal", dir.path("bag"), "--out", dir.path("bad.age"), "-r", recipient])
        #expect(bad.status == 1, "\(bad.stderrText)")
        #expect(bad.stderrText.contains("notes.txt"))
        #expect(!FileManager.default.fileExists(atPath: dir.path("bad.age")))
        #expect(!Self.listing(dir.url.path).contains { $0.hasPrefix(".") })
    }

    /// Builds a tar with Python's tarfile from a small description, then encrypts it with the
    /// standard age tool: an archive sdcustody itself would never write.
    static func hostileArchive(_ kind: String, dir: TemporaryDirectory, recipient: String) throws -> String {
        let script = """
        import io, sys, tarfile
        kind, out, outside = sys.argv[1], sys.argv[2], sys.argv[3]
        t = tarfile.open(out, "w", format=tarfile.PAX_FORMAT)
        def add_dir(name):
            i = tarfile.TarInfo(name); i.type = tarfile.DIRTYPE; i.mode = 0o755; t.addfile(i)
        def add_file(name, data=b"evil\\n"):
            i = tarfile.TarInfo(name); i.size = len(data); t.addfile(i, io.BytesIO(data))
        add_dir("bag")
        add_file("bag/bagit.txt", b"BagIt-Version: 1.0\\nTag-File-Character-Encoding: UTF-8\\n")
        if kind == "dotdot":
            add_file("bag/../../x")
        elif kind == "absolute":
            add_file(outside + "/abs")
        elif kind == "symlink":
            i = tarfile.TarInfo("bag/link"); i.type = tarfile.SYMTYPE; i.linkname = outside; t.addfile(i)
            add_file("bag/link/through")
        elif kind == "hardlink":
            i = tarfile.TarInfo("bag/hard"); i.type = tarfile.LNKTYPE; i.linkname = outside + "/victim"; t.addfile(i)
        elif kind == "device":
            i = tarfile.TarInfo("bag/null"); i.type = tarfile.CHRTYPE; i.devmajor = 1; i.devminor = 3; t.addfile(i)
        elif kind == "twice":
            add_file("bag/data/a.txt", b"first\\n")
            add_file("bag/data/a.txt", b"second\\n")
        t.close()
        """
        try Data(script.utf8).write(to: dir.url.appendingPathComponent("make.py"))
        let tar = dir.path("\(kind).tar")
        let made = try runProcess(["python3", dir.path("make.py"), kind, tar, dir.path("outside")])
        #expect(made.status == 0, "\(made.stderrText)")
        let age = dir.path("\(kind).age")
        let enc = try runProcess(["age", "-r", recipient, "-o", age, tar])
        #expect(enc.status == 0, "\(enc.stderrText)")
        return age
    }

    @Test("hostile archives are refused with exit 2, nothing written outside DIR, no DIR left", .timeLimit(.minutes(1)),
          .requires("age", "python3"),
          arguments: ["dotdot", "absolute", "symlink", "hardlink", "device", "twice"])
    func hostile(kind: String) throws {
        let cli = try CLI()
        defer { cli.remove() }
        let dir = cli.home
        // The archive's "outside" is a folder beside the work folder, watched for writes.
        try FileManager.default.createDirectory(atPath: dir.path("outside"), withIntermediateDirectories: false)
        try Data("victim".utf8).write(to: dir.url.appendingPathComponent("outside/victim"))
        let recipient = try Self.keygen(cli, dir.path("key"))
        let archive = try Self.hostileArchive(kind, dir: dir, recipient: recipient)
        try FileManager.default.createDirectory(atPath: dir.path("work"), withIntermediateDirectories: false)
        let parentBefore = Self.listing(dir.url.deletingLastPathComponent().path)
        let homeBefore = Self.listing(dir.url.path)

        let r = try cli.run(["unseal", archive, "--out", dir.path("work/opened"), "-i", dir.path("key")])
        #expect(r.status == 2, "\(kind): \(r.stderrText)")
        #expect(r.stderrText.contains("refused"), "\(kind): \(r.stderrText)")
        #expect(Self.listing(dir.path("work")) == [], "\(kind): no DIR and no temporary folder left")
        #expect(Self.listing(dir.path("outside")) == ["victim"], "\(kind)")
        #expect(try String(contentsOfFile: dir.path("outside/victim"), encoding: .utf8) == "victim")
        #expect(Self.listing(dir.url.path) == homeBefore, "\(kind)")
        // `bag/../../x` would land in work/ or the test's home: both are checked above. Above
        // them only new entries count (the shared temporary folder may hold an unrelated `x`).
        #expect(!FileManager.default.fileExists(atPath: dir.path("x")) && !FileManager.default.fileExists(atPath: dir.path("work/x")))
        #expect(Self.listing(dir.url.deletingLastPathComponent().path).filter { !parentBefore.contains($0) }.allSatisfy { !$0.hasPrefix("x") })
        let entry = try #require(try Self.logEntries(cli).last)
        #expect(entry["action"] as? String == "unseal" && entry["result"] as? String == "failed")
    }

    @Test("a bag tampered inside the archive fails verification after extraction: exit 1, nothing left",
          .requires("age", "tar"))
    func tamperedInside() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let dir = cli.home
        _ = try Self.makeBag(dir.path("bag"))
        try Data("altered after bagging\n".utf8).write(to: dir.url.appendingPathComponent("bag/data/card/notes.txt"))
        let recipient = try Self.keygen(cli, dir.path("key"))
        let enc = try runProcess(["sh", "-c", "tar --format=pax -c -C \"$0\" bag | age -r \"$1\" -o \"$2\"",
                                  dir.url.path, recipient, dir.path("t.age")])
        #expect(enc.status == 0, "\(enc.stderrText)")
        try FileManager.default.createDirectory(atPath: dir.path("work"), withIntermediateDirectories: false)
        let r = try cli.run(["unseal", dir.path("t.age"), "--out", dir.path("work/opened"), "-i", dir.path("key")])
        #expect(r.status == 1, "\(r.stderrText)")
        #expect(r.stderrText.contains("notes.txt"))
        #expect(r.stderrText.contains("failed verification"))
        #expect(Self.listing(dir.path("work")) == [])
    }

    @Test("a damaged archive or the wrong key: exit 2, nothing left",
          .requires("age"))
    func damaged() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let dir = cli.home
        _ = try Self.makeBag(dir.path("bag"))
        let recipient = try Self.keygen(cli, dir.path("key"))
        _ = try Self.keygen(cli, dir.path("other"))
        #expect(try cli.run(["seal", dir.path("bag"), "--out", dir.path("x.age"), "-r", recipient]).status == 0)
        try FileManager.default.createDirectory(atPath: dir.path("work"), withIntermediateDirectories: false)
        let wrong = try cli.run(["unseal", dir.path("x.age"), "--out", dir.path("work/o"), "-i", dir.path("other")])
        #expect(wrong.status == 2)
        var bytes = [UInt8](try Data(contentsOf: dir.url.appendingPathComponent("x.age")))
        bytes[bytes.count - 100] ^= 0x80
        try Data(bytes).write(to: dir.url.appendingPathComponent("d.age"))
        let damaged = try cli.run(["unseal", dir.path("d.age"), "--out", dir.path("work/o"), "-i", dir.path("key")])
        #expect(damaged.status == 2)
        #expect(damaged.stderrText.contains("damaged"), "\(damaged.stderrText)")
        try Data(bytes.prefix(bytes.count / 2)).write(to: dir.url.appendingPathComponent("short.age"))
        let short = try cli.run(["unseal", dir.path("short.age"), "--out", dir.path("work/o"), "-i", dir.path("key")])
        #expect(short.status == 2)
        #expect(Self.listing(dir.path("work")) == [])
    }
}
