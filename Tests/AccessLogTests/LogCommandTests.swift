import Foundation
import Testing
import TestSupport
@testable import AccessLog

/// `sdcustody log …` end to end, through the built binary. The environment points the log and
/// key into a temporary XDG_DATA_HOME, so the user's own log is never touched.
@Suite(.requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
struct LogCommandTests {
    struct Env {
        let dir: TemporaryDirectory
        var env: [String: String] {
            ["XDG_DATA_HOME": dir.path("xdg"), "SDCUSTODY_OPERATOR": "clerk", "SDCUSTODY_LOG": "", "SDCUSTODY_KEY": "", "NO_COLOR": "1"]
        }
        var logPath: String { dir.path("xdg/sdcustody/access.jsonl") }

        init() throws { dir = try TemporaryDirectory("accesslog-cli") }

        func run(_ args: String...) throws -> ProcessResult {
            try runProcess([try #require(TestEnvironment.sdcustodyBinary).path] + args, environment: env)
        }

        /// Appends test entries through the test-only `log-append-test` tool, as another process.
        func append(_ args: String...) throws -> ProcessResult {
            try runProcess([try #require(TestEnvironment.logAppendTestBinary).path] + args, environment: env)
        }
    }

    @Test func defaultLocationIsCreatedPrivate() throws {
        let e = try Env()
        defer { e.dir.remove() }
        #expect(try e.append("--count", "3").status == 0)
        #expect(mode(e.dir.path("xdg")) == 0o700)
        #expect(mode(e.dir.path("xdg/sdcustody")) == 0o700)
        #expect(mode(e.logPath) == 0o600)
        #expect(mode(e.dir.path("xdg/sdcustody/signing-key.pem")) == 0o600)
        let entries = try AccessLog(path: e.logPath, keyPath: "").readEntries().entries
        #expect(entries.map(\.operatorName) == ["clerk", "clerk", "clerk"])
        #expect(entries.first?.commandLine == ["sdcustody", "--count", "3"])
    }

    @Test func verifyHeadAndShow() throws {
        let e = try Env()
        defer { e.dir.remove() }
        #expect(try e.append("--count", "4").status == 0)

        let verify = try e.run("log", "verify")
        #expect(verify.status == 0, "\(verify.stderrText)")
        #expect(verify.stdoutText.contains("4 entries"))

        let head = try e.run("log", "head")
        #expect(head.status == 0)
        let hash = head.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(hash.count == 64)
        #expect(try e.run("log", "verify", "--head", hash).status == 0)

        // `log` alone is `log show`, and --log is taken there too (PRODUCT.md: `log [show|verify] [--log FILE]`).
        let show = try e.run("log", "--log", e.logPath)
        #expect(show.status == 0, "\(show.stderrText)")
        #expect(show.stdoutText.split(separator: "\n").count == 5)
        #expect(show.stdoutText.contains("append-test"))

        let json = try e.run("log", "show", "--json")
        let doc = try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any]
        #expect((doc?["entries"] as? [Any])?.count == 4)

        // Remove the last line: the chain still holds, but the written-down head is gone.
        let lines = try String(contentsOfFile: e.logPath, encoding: .utf8).split(separator: "\n")
        try (lines.dropLast().joined(separator: "\n") + "\n").write(toFile: e.logPath, atomically: false, encoding: .utf8)
        #expect(try e.run("log", "verify").status == 0)
        let missing = try e.run("log", "verify", "--head", hash)
        #expect(missing.status == 1)
        #expect(missing.stderrText.contains(hash))
    }

    @Test func verifyNamesTheChangedEntryWithStatus1() throws {
        let e = try Env()
        defer { e.dir.remove() }
        #expect(try e.append("--count", "3").status == 0)
        let text = try String(contentsOfFile: e.logPath, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        lines[1] = lines[1].replacingOccurrences(of: "clerk", with: "thief")
        try (lines.joined(separator: "\n") + "\n").write(toFile: e.logPath, atomically: false, encoding: .utf8)
        let r = try e.run("log", "verify")
        #expect(r.status == 1)
        #expect(r.stderrText.contains("entry 2 (line 2) was changed"))
        #expect(r.stderrText.split(separator: "\n").count == 1)
        // An append after the damage is still possible (the tail is fine) and does not hide it.
        #expect(try e.append().status == 0)
        #expect(try e.run("log", "verify").status == 1)
    }

    @Test func tornTailIsReportedAndNotAppendedTo() throws {
        let e = try Env()
        defer { e.dir.remove() }
        #expect(try e.append("--count", "2").status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: e.logPath))
        try bytes.dropLast(30).write(to: URL(fileURLWithPath: e.logPath))
        let r = try e.run("log", "verify")
        #expect(r.status == 1)
        #expect(r.stderrText.contains("torn tail: line 2"))
        let append = try e.append()
        #expect(append.status == 2)
        #expect(append.stderrText.contains("incomplete line"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: e.logPath)) == bytes.dropLast(30))
    }

    @Test func missingLogAndBadHeadAreUsageErrors() throws {
        let e = try Env()
        defer { e.dir.remove() }
        #expect(try e.run("log", "verify").status == 2)
        #expect(try e.run("log", "show").status == 2)
        #expect(try e.run("log", "head").status == 2)
        #expect(!FileManager.default.fileExists(atPath: e.logPath), "reading commands never create the log")
        #expect(try e.append().status == 0)
        #expect(try e.run("log", "verify", "--head", "xyz").status == 2)
        #expect(try e.run("log", "show", "--since", "yesterday").status == 2)
    }

    @Test func excerptVerifiesThroughTheCommand() throws {
        let e = try Env()
        defer { e.dir.remove() }
        #expect(try e.append("--count", "2", "--case", "K-1").status == 0)
        #expect(try e.append("--count", "1", "--case", "other").status == 0)
        #expect(try e.append("--count", "1", "--case", "K-1").status == 0)
        let log = AccessLog(path: e.logPath, keyPath: e.dir.path("xdg/sdcustody/signing-key.pem"))
        let excerpt = try log.excerpt(concerning: ExcerptCriteria(caseID: "K-1"))
        #expect(excerpt.lines.count == 3)
        let file = e.dir.path(LogExcerpt.fileName)
        try Data(excerpt.serialized()).write(to: URL(fileURLWithPath: file))
        let ok = try e.run("log", "verify", "--excerpt", file)
        #expect(ok.status == 0, "\(ok.stderrText)")
        #expect(ok.stdoutText.contains("3 entries"))
        #expect(ok.stdoutText.contains("left out (other evidence): 3"))

        let show = try e.run("log", "show", "--case", "K-1")
        #expect(show.stdoutText.split(separator: "\n").count == 4)

        var broken = excerpt
        broken.lines[1] = Array(String(decoding: broken.lines[1], as: UTF8.self).replacingOccurrences(of: "clerk", with: "other").utf8)
        try Data(broken.serialized()).write(to: URL(fileURLWithPath: file))
        let bad = try e.run("log", "verify", "--excerpt", file)
        #expect(bad.status == 1)
        #expect(bad.stderrText.contains("entry 2"))
    }
}

enum TestLogLines {
    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }
}
