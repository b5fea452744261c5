import Foundation
import Testing
import TestSupport

/// `acquire --verify SOURCE --record IMAGE.acquisition.json` end to end: a card that came back
/// unchanged, one changed by a single byte, one that cannot be read, and the access-log entry
/// the provision register reads.
@Suite struct AcquireVerifyCommandTests {
    /// A 3 MiB card image (seeded bytes) acquired into `copy.img`, with its record.
    static func acquired(_ cli: CLI) throws -> (source: String, record: String, bytes: [UInt8]) {
        var rng = SplitMix64(seed: 0xACC_0514)
        let bytes = rng.bytes(3 << 20)
        let source = cli.home.path("card.img")
        try Data(bytes).write(to: URL(fileURLWithPath: source))
        let out = cli.home.path("copy.img")
        let r = try cli.run(["acquire", source, "--out", out])
        #expect(r.status == 0, "\(r.stderrText)")
        return (source, out + ".acquisition.json", bytes)
    }

    static func lastLogEntry(_ cli: CLI) throws -> [String: Any] {
        let lines = try String(contentsOfFile: cli.log, encoding: .utf8).split(separator: "\n")
        let last = try #require(lines.last)
        return try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
    }

    static func recordTime(_ record: String) throws -> String {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: record))) as? [String: Any])
        return try #require(json["finished"] as? String)
    }

    @Test(.requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil), .requires("sha256sum"))
    func unchangedCardSaysUnchangedAndIsLogged() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let (source, record, _) = try Self.acquired(cli)
        let r = try cli.run(["acquire", "--verify", source, "--record", record])
        #expect(r.status == 0, "\(r.stderrText)")
        #expect(r.stdoutText.contains("unchanged"), "\(r.stdoutText)")
        let sum = String(try runProcess(["sha256sum", source]).stdoutText.prefix(64))

        let entry = try Self.lastLogEntry(cli)
        #expect(entry["action"] as? String == "acquire-verify")
        let details = try #require(entry["details"] as? [String: String])
        #expect(Set(details.keys) == ["record", "image_sha256", "source_sha256", "result", "acquired_at"])
        #expect(details["record"] == record)
        #expect(details["image_sha256"] == sum)
        #expect(details["source_sha256"] == sum)
        #expect(details["result"] == "unchanged")
        #expect(details["acquired_at"] == (try Self.recordTime(record)))
        #expect(try cli.run(["log", "verify"]).status == 0)

        // --json for scripts.
        let j = try cli.run(["acquire", "--verify", source, "--record", record, "--json"])
        #expect(j.status == 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: j.stdout) as? [String: Any])
        #expect(doc["result"] as? String == "unchanged")
        #expect(doc["source_sha256"] as? String == sum)

        // In Japanese, through the catalogue.
        let ja = try cli.run(["acquire", "--verify", source, "--record", record, "--lang", "ja"])
        #expect(ja.status == 0)
        #expect(ja.stdoutText.contains("変更なし"), "\(ja.stdoutText)")
    }

    @Test(.requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil), .requires("sha256sum"))
    func oneChangedByteSaysChangedSinceTheAcquisition() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let (source, record, bytes) = try Self.acquired(cli)
        var changed = bytes
        changed[1_234_567] ^= 0x01
        try Data(changed).write(to: URL(fileURLWithPath: source))
        let date = try Self.recordTime(record)

        let r = try cli.run(["acquire", "--verify", source, "--record", record])
        #expect(r.status == 1, "\(r.stdoutText) \(r.stderrText)")
        #expect(r.stdoutText.contains("changed since \(date)"), "\(r.stdoutText)")
        #expect(r.stderrText.split(separator: "\n").count == 1, "\(r.stderrText)")
        let entry = try Self.lastLogEntry(cli)
        let details = try #require(entry["details"] as? [String: String])
        #expect(details["result"] == "changed")
        #expect(details["source_sha256"] == String(try runProcess(["sha256sum", source]).stdoutText.prefix(64)))
        #expect(details["source_sha256"] != details["image_sha256"])

        let j = try cli.run(["acquire", "--verify", source, "--record", record, "--json"])
        #expect(j.status == 1)
        let doc = try #require(try JSONSerialization.jsonObject(with: j.stdout) as? [String: Any])
        #expect(doc["result"] as? String == "changed")
        #expect(doc["acquired_at"] as? String == date)

        // A card that grew (or shrank) changed too, even where its first bytes are the same.
        try Data(bytes + [0]).write(to: URL(fileURLWithPath: source))
        #expect(try cli.run(["acquire", "--verify", source, "--record", record]).status == 1)
    }

    /// A card whose reads fail (`BadReadShim`) and a card that is not there: exit 2, one line.
    @Test(.requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil), .requires("gcc"))
    func unreadableCardIsExitTwo() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let (source, record, _) = try Self.acquired(cli)
        let shim = try BadReadShim(in: cli.home)
        let r = try cli.run(["acquire", "--verify", source, "--record", record],
                            environment: shim.environment(file: source, ranges: [BadReadShim.Range(2 << 20, 2 << 20 + 512)]))
        #expect(r.status == 2, "\(r.stderrText)")
        #expect(r.stderrText.contains("cannot read"), "\(r.stderrText)")
        #expect(r.stderrText.split(separator: "\n").count == 1)
        let entry = try Self.lastLogEntry(cli)
        #expect(entry["action"] as? String == "acquire-verify")
        let details = try #require(entry["details"] as? [String: String])
        #expect(details["result"] == nil && details["source_sha256"] == nil)
        #expect(details["record"] == record)

        let gone = try cli.run(["acquire", "--verify", cli.home.path("missing.img"), "--record", record])
        #expect(gone.status == 2)
        // A record that is not one.
        let bogus = cli.home.path("bogus.json")
        try Data("{}".utf8).write(to: URL(fileURLWithPath: bogus))
        let bad = try cli.run(["acquire", "--verify", source, "--record", bogus])
        #expect(bad.status == 2)
        #expect(bad.stderrText.contains("acquisition record"), "\(bad.stderrText)")
    }

    @Test(.requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
    func usageErrors() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let (source, record, _) = try Self.acquired(cli)
        #expect(try cli.run(["acquire", "--verify", source]).status == 2)
        #expect(try cli.run(["acquire", "--verify", source, "--record", record, "--out", cli.home.path("x.img")]).status == 2)
        #expect(try cli.run(["acquire", source, "--record", record]).status == 2)
        #expect(try cli.run(["acquire", source]).status == 2)
        let help = try cli.run(["acquire", "--help"])
        #expect(help.stdoutText.contains("--verify") && help.stdoutText.contains("--record"))
    }

    /// A card acquired with an unreadable sector: the image and its hash hold zeros there, so the
    /// check compares zeros there too, without reading the sector: unchanged whether the sector
    /// still fails or reads again now.
    @Test(.requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil), .requires("gcc"))
    func sectorsUnreadableAtAcquisitionAreComparedAsZeros() throws {
        let cli = try CLI()
        defer { cli.remove() }
        var rng = SplitMix64(seed: 0xBAD5EC)
        let source = cli.home.path("card.img")
        try Data(rng.bytes(3 << 20)).write(to: URL(fileURLWithPath: source))
        let shim = try BadReadShim(in: cli.home)
        let failing = shim.environment(file: source, ranges: [BadReadShim.Range(1 << 20 + 100, 1 << 20 + 101)])
        let out = cli.home.path("copy.img")
        let a = try cli.run(["acquire", source, "--out", out, "--json"], environment: failing)
        #expect(a.status == 0, "\(a.stderrText)")
        let record = try #require(try JSONSerialization.jsonObject(with: a.stdout) as? [String: Any])
        #expect((record["bad_sectors"] as? [Any])?.count == 1)

        let still = try cli.run(["acquire", "--verify", source, "--record", out + ".acquisition.json"], environment: failing)
        #expect(still.status == 0, "\(still.stdoutText) \(still.stderrText)")
        let healed = try cli.run(["acquire", "--verify", source, "--record", out + ".acquisition.json"])
        #expect(healed.status == 0, "\(healed.stdoutText) \(healed.stderrText)")
        #expect(healed.stdoutText.contains("unchanged"))
        // A byte changed elsewhere is still a change.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: source)))
        bytes[100] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: source))
        #expect(try cli.run(["acquire", "--verify", source, "--record", out + ".acquisition.json"]).status == 1)
    }
}
