import Foundation
import Testing
import TestSupport
@testable import AccessLog

/// The access-log entry as a typed record: a log written by the release before the restructure
/// still verifies and reads back; random records appended come back field for field, and their
/// lines are written again byte for byte.
@Suite struct EntryRecordTests {
    static var goldenLog: URL {
        TestEnvironment.packageRoot.appendingPathComponent("Tests/AccessLogTests/Golden/access-log.jsonl")
    }

    @Test func aLogWrittenBeforeStillVerifies() throws {
        let dir = try TemporaryDirectory("golden-log")
        defer { dir.remove() }
        try FileManager.default.copyItem(atPath: Self.goldenLog.path, toPath: dir.path("access.jsonl"))
        let log = AccessLog(path: dir.path("access.jsonl"), keyPath: dir.path("unused-key.pem"))
        let report = try log.verify()
        #expect(report.problem == nil, "\(String(describing: report.problem))")
        #expect(report.entryCount >= 5)
        let read = try log.readEntries()
        #expect(read.unreadableLines.isEmpty && !read.tornTail)
        #expect(read.entries.map(\.action).contains("export"))
        #expect(read.entries.map(\.action).contains("seal"))
        // Each entry's canonical bytes, written again, are the line that was read.
        let lines = try String(contentsOf: Self.goldenLog, encoding: .utf8).split(separator: "\n").map(String.init)
        for (entry, line) in zip(read.entries, lines) {
            #expect(String(decoding: try entry.lineBytes(), as: UTF8.self) == line)
        }
    }

    @Test func randomRecordsRoundTrip() throws {
        var rng = SplitMix64(seed: 0x10C_0001)
        func text() -> String {
            let alphabet = Array("ab c/9-_.\"\\\t\n\u{1}テスト🎥")
            return String((0..<Int(rng.next() % 10)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
        }
        let t = try TestLog()
        defer { t.remove() }
        var records: [AccessRecord] = []
        for i in 0..<60 {
            let record = AccessRecord(
                action: ["export", "seal", "verify"][i % 3], operatorName: text(), host: text(), toolVersion: "0.1.0",
                commandLine: (0..<Int(rng.next() % 5)).map { _ in text() },
                source: rng.next() % 2 == 0 ? nil : SourceRecord(path: text(), size: Int64(rng.next() % 1_000_000),
                                                                  sha256: String(repeating: "cd", count: 32),
                                                                  cardIdentity: rng.next() % 2 == 0 ? nil : ["sd_cid": text()]),
                outputs: (0..<Int(rng.next() % 3)).map { _ in OutputRecord(path: text(), size: Int64(rng.next() % 1000)) },
                caseID: rng.next() % 2 == 0 ? nil : text(), exhibit: rng.next() % 2 == 0 ? nil : text(),
                outcome: rng.next() % 4 == 0 ? .failed(text()) : .ok, details: ["k": text()])
            records.append(record)
            _ = try t.log.append(record)
        }
        let read = try t.log.readEntries()
        #expect(read.entries.count == records.count)
        for (entry, record) in zip(read.entries, records) {
            #expect(entry.format == LogEntry.currentFormat)
            #expect(entry.action == record.action)
            #expect(entry.operatorName == record.operatorName)
            #expect(entry.host == record.host)
            #expect(entry.commandLine == record.commandLine)
            #expect(entry.source == record.source)
            #expect(entry.outputs == record.outputs)
            #expect(entry.caseID == record.caseID)
            #expect(entry.exhibit == record.exhibit)
        }
        #expect(try t.log.verify().problem == nil)
        for (entry, line) in zip(read.entries, t.lines) {
            #expect(String(decoding: try entry.lineBytes(), as: UTF8.self) == line)
        }
    }
}

extension EntryRecordTests {
    @Test func anotherFormatVersionIsRefused() throws {
        let line = try String(contentsOf: Self.goldenLog, encoding: .utf8).split(separator: "\n")[0]
        #expect(try LogEntry.read(line: Array(line.utf8)).format == LogEntry.currentFormat)
        let newer = line.replacingOccurrences(of: LogEntry.currentFormat, with: "sdcustody-access-log/2")
        do {
            _ = try LogEntry.read(line: Array(newer.utf8))
            Issue.record("an entry of another format must be refused")
        } catch let e as AccessLogError {
            #expect("\(e)".contains("sdcustody-access-log/2"))
        }
    }
}
