import Foundation
import OpenSSL
import Testing
import TestSupport
@testable import AccessLog

@Suite struct ExcerptTests {
    /// Case A's entries among case B's: the excerpt holds A's only, verifies alone, and shows the gaps.
    func mixedLog() throws -> (TestLog, [LogEntry]) {
        let t = try TestLog()
        var entries: [LogEntry] = []
        entries.append(try t.log.append(TestLog.record(1, caseID: "A", exhibit: "1", source: "/dev/sdb")))
        entries.append(try t.log.append(TestLog.record(2, caseID: "A", exhibit: "1")))
        entries.append(try t.log.append(TestLog.record(3, caseID: "B", exhibit: "9")))
        entries.append(try t.log.append(TestLog.record(4, source: "/dev/sdb")))  // no case: matched by source path
        entries.append(try t.log.append(TestLog.record(5, caseID: "B")))
        entries.append(try t.log.append(TestLog.record(6, caseID: "A", exhibit: "2")))  // other exhibit
        entries.append(try t.log.append(TestLog.record(7, caseID: "A", exhibit: "1")))
        return (t, entries)
    }

    @Test func excerptHoldsTheMatchingEntriesAndVerifies() throws {
        let (t, entries) = try mixedLog()
        defer { t.remove() }
        let excerpt = try t.log.excerpt(concerning: ExcerptCriteria(caseID: "A", exhibit: "1", paths: ["/dev/sdb"]))
        let parsed = try LogExcerpt.parse(excerpt.serialized())
        #expect(parsed == excerpt)
        #expect(parsed.publicKey == entries[0].key)
        #expect(parsed.chainFrom == LogEntry.chainStart)
        #expect(parsed.logHead == entries[6].hash)
        #expect(parsed.logHeadSeq == 7)
        let result = parsed.verify()
        #expect(result.problem == nil)
        #expect(result.entries.map(\.seq) == [1, 2, 4, 7])
        #expect(result.gaps == [3...3, 5...6])
        #expect(parsed.verify(trustedKey: entries[0].key).problem == nil)
        #expect(parsed.verify(trustedKey: String(repeating: "1", count: 64)).problem != nil)
    }

    @Test func excerptChainsFromTheEntryBeforeIt() throws {
        let (t, entries) = try mixedLog()
        defer { t.remove() }
        let excerpt = try t.log.excerpt(concerning: ExcerptCriteria(caseID: "B"))
        #expect(excerpt.chainFrom == entries[1].hash)
        #expect(excerpt.verify().entries.map(\.seq) == [3, 5])
    }

    @Test func changedExcerptEntryIsNamed() throws {
        let (t, _) = try mixedLog()
        defer { t.remove() }
        var excerpt = try t.log.excerpt(concerning: ExcerptCriteria(caseID: "A", exhibit: "1"))
        let text = String(decoding: excerpt.lines[1], as: UTF8.self).replacingOccurrences(of: "tester", with: "someone")
        excerpt.lines[1] = Array(text.utf8)
        #expect(excerpt.verify().problem == .changed(seq: 2, line: 3))
    }

    @Test func removedReorderedOrSwappedExcerptEntriesAreNamed() throws {
        let (t, entries) = try mixedLog()
        defer { t.remove() }
        let excerpt = try t.log.excerpt(concerning: ExcerptCriteria(caseID: "A", exhibit: "1"))
        #expect(excerpt.hashes == [entries[0].hash, entries[1].hash, entries[6].hash])
        var swapped = excerpt
        swapped.lines.swapAt(0, 1)
        #expect(swapped.verify().problem == .excerptHeader("line 2 holds entry 2, which the signed header does not list there"))
        // A genuine entry of the same log, about other evidence, put in place of one of ours.
        var replaced = excerpt
        replaced.lines[2] = Array(t.lines[5].utf8)
        #expect(replaced.verify().problem == .excerptHeader("line 4 holds entry 6, which the signed header does not list there"))
        var dropped = excerpt
        dropped.lines.removeLast()
        #expect(dropped.verify().problem == .excerptCount(expected: 3, found: 2))
        // Dropping it from the header too needs the key.
        dropped.hashes.removeLast()
        #expect(dropped.verify().problem == .excerptHeader("its signature is not valid: the header was changed"))
        var moved = excerpt
        moved.logHead = entries[5].hash
        moved.logHeadSeq = 6
        #expect(moved.verify().problem == .excerptHeader("its signature is not valid: the header was changed"))
        // Re-signed by someone else's key: the key is what the police were told to trust.
        var resigned = excerpt
        resigned.hashes.removeLast()
        resigned.lines.removeLast()
        try resigned.sign(with: try Ed25519Key.generate())
        #expect(resigned.verify().problem != nil)
    }

    @Test(.timeLimit(.minutes(1))) func damagedExcerptFilesAreRejected() throws {
        let (t, _) = try mixedLog()
        defer { t.remove() }
        let bytes = try t.log.excerpt(concerning: ExcerptCriteria(caseID: "A")).serialized()
        #expect(throws: AccessLogError.self) { try LogExcerpt.parse(Array(bytes.dropLast(10))) }
        #expect(throws: AccessLogError.self) { try LogExcerpt.parse(Array(bytes.dropLast())) }
        // One entry line removed: the header's count no longer matches.
        var lines = bytes.split(separator: 0x0a).map(Array.init)
        lines.remove(at: 2)
        #expect(throws: AccessLogError.self) { try LogExcerpt.parse(Array(lines.joined(separator: [0x0a])) + [0x0a]) }
        #expect(throws: AccessLogError.self) { try LogExcerpt.parse([]) }
    }

    /// Every single-byte change of an excerpt file is either refused by the parser or caught by verify.
    @Test func everyByteOfAnExcerptIsCovered() throws {
        let (t, _) = try mixedLog()
        defer { t.remove() }
        let bytes = try t.log.excerpt(concerning: ExcerptCriteria(caseID: "A")).serialized()
        #expect(try LogExcerpt.parse(bytes).verify().isValid)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<400 {
            var m = bytes
            let at = Int.random(in: 0..<m.count, using: &generator)
            m[at] ^= UInt8.random(in: 1...255, using: &generator)
            if let parsed = try? LogExcerpt.parse(m) {
                #expect(!parsed.verify().isValid, "a change at byte \(at) went unnoticed")
            }
        }
    }

    @Test func excerptOfATamperedLogIsRefused() throws {
        let (t, _) = try mixedLog()
        defer { t.remove() }
        var lines = t.lines
        lines.remove(at: 3)
        try t.write(lines: lines)
        #expect(throws: AccessLogError.invalidLog(.removed(from: 4, to: 4, line: 4))) {
            try t.log.excerpt(concerning: ExcerptCriteria(caseID: "A"))
        }
    }

    @Test func excerptOfAnEmptyLogNamesTheInstallationKey() throws {
        let t = try TestLog()
        defer { t.remove() }
        try FileManager.default.createDirectory(atPath: t.dir.path("data/sdcustody"), withIntermediateDirectories: true)
        try t.write(bytes: [])
        let excerpt = try t.log.excerpt(concerning: ExcerptCriteria(caseID: "A"))
        #expect(excerpt.lines.isEmpty)
        let first = try t.log.append(TestLog.record(1))
        #expect(excerpt.publicKey == first.key)
        #expect(try LogExcerpt.parse(excerpt.serialized()).verify().problem == nil)
    }
}

@Suite struct FilterTests {
    @Test func caseAndSince() throws {
        let at = { (s: String) in LogTime.parse(s) ?? -1 }
        func entry(_ seq: Int64, _ time: String, _ caseID: String?) -> LogEntry {
            LogEntry(format: LogEntry.currentFormat, seq: seq, time: time, operatorName: "o", host: "h", toolVersion: "v",
                     commandLine: [], action: "ls", source: nil, outputs: [], caseID: caseID, exhibit: nil, result: "ok",
                     reason: nil, details: nil, prev: "", key: "", hash: "", signature: "")
        }
        let entries = [entry(1, "2026-01-01T00:00:00.000Z", "A"), entry(2, "2026-01-02T12:00:00.000Z", "B"),
                       entry(3, "2026-01-03T00:00:00.000Z", "A"), entry(4, "garbled", "A")]
        #expect(entries.filter(LogFilter(caseID: "A").matches).map(\.seq) == [1, 3, 4])
        #expect(entries.filter(LogFilter(sinceMilliseconds: at("2026-01-02T12:00Z")).matches).map(\.seq) == [2, 3, 4])
        #expect(entries.filter(LogFilter(caseID: "A", sinceMilliseconds: at("2026-01-02T21:00+09:00")).matches).map(\.seq) == [3, 4])
    }
}

@Suite struct TimeTests {
    @Test func formatAndParse() {
        #expect(LogTime.format(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(LogTime.format(milliseconds: 1_780_000_000_123) == "2026-05-28T20:26:40.123Z")
        #expect(LogTime.parse("2026-05-28T20:26:40.123Z") == 1_780_000_000_123)
        #expect(LogTime.parse("2026-05-29T05:26:40+09:00") == 1_780_000_000_000)
        #expect(LogTime.parse("2026-05-28 20:26Z") == 1_779_999_960_000)
        #expect(LogTime.parse("1970-01-01Z") == 0)
        for bad in ["", "2026", "2026-13-01Z", "2026-01-01T25:00Z", "2026-01-01T00:00:00.1Z", "2026-01-01Zjunk", "2026-01-01T00:00+9"] {
            #expect(LogTime.parse(bad) == nil, "\(bad)")
        }
        let now = LogTime.now()
        #expect(LogTime.parse(now).map { LogTime.format(milliseconds: $0) } == now)
        // Without a zone: local time; with TZ unset in tests this is still a valid time.
        #expect(LogTime.parse("2026-05-28") != nil)
    }
}

@Suite struct RedactionTests {
    @Test func passphraseOptionsAndMarkedSecretsAreRemoved() {
        let argv = ["sdcustody", "seal", "bag", "--out", "x.age", "--passphrase-file", "/home/me/pass.txt",
                    "--passphrase-fd=3", "--recipient", "age1abc", "--token", "hunter2", "note=hunter2!"]
        let out = CommandLineRedaction.redact(argv, secretOptions: ["--token"], secretValues: ["hunter2"])
        #expect(out == ["sdcustody", "seal", "bag", "--out", "x.age", "--passphrase-file", "<redacted>",
                        "--passphrase-fd=<redacted>", "--recipient", "age1abc", "--token", "<redacted>", "<redacted>"])
        #expect(!out.joined().contains("hunter2"))
        #expect(!out.joined().contains("pass.txt"))
    }

    @Test func aSecretNeverReachesTheLogFile() throws {
        let t = try TestLog()
        defer { t.remove() }
        var record = TestLog.record(1)
        record.commandLine = CommandLineRedaction.redact(["sdcustody", "decrypt", "--passphrase-file", "s3cret-path"], secretValues: ["s3cret"])
        try t.log.append(record)
        #expect(!String(decoding: t.bytes, as: UTF8.self).contains("s3cret"))
    }

    @Test func nothingElseIsTouched() {
        let argv = ["sdcustody", "export", "/dev/sdb", "--out", "bag", "--case", "2026-17", "--", "--passphrase-file"]
        #expect(CommandLineRedaction.redact(argv) == argv)
    }
}
