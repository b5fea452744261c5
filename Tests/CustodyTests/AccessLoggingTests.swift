import AccessLog
import Foundation
import Testing
import TestSupport
@testable import Custody

/// The rule commands follow when they record themselves (`AccessLogging.run`).
@Suite struct AccessLoggingTests {
    func freshLog(_ dir: TemporaryDirectory) -> AccessLog {
        AccessLog(path: dir.path("log/access.jsonl"), keyPath: dir.path("log/key.pem"))
    }

    @Test func successIsRecordedWithWhatTheCommandFilledIn() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let log = freshLog(dir)
        let value = try AccessLogging.run(action: "export", logOption: nil, operatorOption: "officer", producesEvidence: true,
                                          log: log) { draft -> Int in
            draft.source = SourceRecord(path: "/dev/sdb", size: 8, sha256: String(repeating: "0", count: 64))
            draft.outputs = [OutputRecord(path: "bag")]
            draft.caseID = "C-1"
            draft.exhibit = "E-2"
            return 42
        }
        #expect(value == 42)
        let entry = try #require(try log.readEntries().entries.first)
        #expect(entry.action == "export" && entry.result == "ok" && entry.operatorName == "officer")
        #expect(entry.source?.path == "/dev/sdb" && entry.outputs.map(\.path) == ["bag"])
        #expect(entry.caseID == "C-1" && entry.exhibit == "E-2")
        #expect(entry.toolVersion == CustodyTool.version)
        #expect(try log.verify().isValid)
    }

    @Test func failureIsRecordedAndTheCommandsOwnErrorPassesThrough() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let log = freshLog(dir)
        #expect(throws: CustodyError.self) {
            try AccessLogging.run(action: "verify", logOption: nil, operatorOption: "o", producesEvidence: false, log: log) { _ in
                throw CustodyError.evidence("data/card/a.mp4: hash differs\nsecond line")
            }
        }
        let entry = try #require(try log.readEntries().entries.first)
        #expect(entry.result == "failed")
        #expect(entry.reason == "data/card/a.mp4: hash differs second line")
    }

    @Test func anUnwritableLogFailsEvidenceCommandsOnly() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // A file where the log's folder should be: the log cannot be created.
        FileManager.default.createFile(atPath: dir.path("blocker"), contents: Data())
        let log = AccessLog(path: dir.path("blocker/access.jsonl"), keyPath: dir.path("key.pem"))
        do {
            try AccessLogging.run(action: "acquire", logOption: nil, operatorOption: "o", producesEvidence: true, log: log) { _ in }
            Issue.record("an evidence command must fail when its handling cannot be logged")
        } catch let error as CustodyError {
            #expect(error.status == 2)
            #expect(error.message.contains("access log"))
        }
        // A read-only command keeps its own (successful) outcome.
        try AccessLogging.run(action: "ls", logOption: nil, operatorOption: "o", producesEvidence: false, log: log) { _ in }
    }

    @Test func operatorAndLocationResolution() {
        #expect(AccessLogging.operatorName(option: "given") == "given")
        #expect(!AccessLogging.operatorName(option: nil).isEmpty)
        #expect(!AccessLogging.hostName().isEmpty)
        #expect(LogLocation.logPath(option: "/x/log", environment: ["SDCUSTODY_LOG": "/y"]) == "/x/log")
        #expect(LogLocation.logPath(option: nil, environment: ["SDCUSTODY_LOG": "/y", "XDG_DATA_HOME": "/d"]) == "/y")
        #expect(LogLocation.logPath(option: nil, environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/sdcustody/access.jsonl")
        #expect(LogLocation.logPath(option: nil, environment: ["XDG_DATA_HOME": "rel", "HOME": "/h"]) == "/h/.local/share/sdcustody/access.jsonl")
        #expect(LogLocation.keyPath(environment: ["HOME": "/h"]) == "/h/.local/share/sdcustody/signing-key.pem")
        #expect(LogLocation.keyPath(environment: ["SDCUSTODY_KEY": "/k.pem", "HOME": "/h"]) == "/k.pem")
    }
}
