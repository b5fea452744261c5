import Foundation
import OpenSSL
import Testing
import TestSupport
@testable import AccessLog

@Suite struct AppendTests {
    @Test func chainOfFiveVerifies() throws {
        let t = try TestLog()
        defer { t.remove() }
        let entries = try t.fill(5)
        #expect(entries.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(entries[0].prev == LogEntry.chainStart)
        for i in 1..<5 { #expect(entries[i].prev == entries[i - 1].hash) }
        #expect(Set(entries.map(\.key)).count == 1)
        let report = try t.log.verify()
        #expect(report.problem == nil)
        #expect(report.entryCount == 5)
        #expect(report.last == entries[4])
        #expect(try t.log.head() == entries[4])
        #expect(try t.log.verify(head: entries[2].hash).headEntry == entries[2])
        // What the file holds is exactly what append returned.
        let read = try t.log.readEntries()
        #expect(read.entries == entries)
        #expect(read.tornTail == false)
    }

    @Test func newLogIs0600InFoldersCreated0700() throws {
        let t = try TestLog()
        defer { t.remove() }
        #expect(!FileManager.default.fileExists(atPath: t.dir.path("data")))
        try t.fill(1)
        #expect(mode(t.log.path) == 0o600)
        #expect(mode(t.dir.path("data")) == 0o700)
        #expect(mode(t.dir.path("data/sdcustody")) == 0o700)
        #expect(mode(t.log.keyPath) == 0o600)
    }

    @Test func looseModeIsTightenedOnAppend() throws {
        let t = try TestLog()
        defer { t.remove() }
        try t.fill(1)
        chmod(t.log.path, 0o644)
        try t.log.append(TestLog.record(2))
        #expect(mode(t.log.path) == 0o600)
    }

    @Test func failedOutcomeIsRecordedWithItsReason() throws {
        let t = try TestLog()
        defer { t.remove() }
        let e = try t.log.append(TestLog.record(1, outcome: .failed("card unreadable at sector 8")))
        #expect(e.result == "failed")
        #expect(e.reason == "card unreadable at sector 8")
        #expect(try t.log.readEntries().entries.first?.reason == "card unreadable at sector 8")
    }

    @Test func aReplacedKeyIsRefused() throws {
        let t = try TestLog()
        defer { t.remove() }
        try t.fill(2)
        try FileManager.default.removeItem(atPath: t.log.keyPath)
        #expect(throws: AccessLogError.keyMismatch(logPath: t.log.path, keyPath: t.log.keyPath)) {
            try t.log.append(TestLog.record(3))
        }
        #expect(t.lines.count == 2)
    }

    @Test func emptyLogVerifiesWithNoEntries() throws {
        let t = try TestLog()
        defer { t.remove() }
        try FileManager.default.createDirectory(atPath: t.dir.path("data/sdcustody"), withIntermediateDirectories: true)
        try t.write(bytes: [])
        let report = try t.log.verify()
        #expect(report.isValid && report.entryCount == 0)
        #expect(try t.log.head() == nil)
        #expect(throws: AccessLogError.notFound(t.dir.path("missing"))) {
            try AccessLog(path: t.dir.path("missing"), keyPath: t.log.keyPath).verify()
        }
    }

    @Test func awkwardTextSurvivesTheRoundTrip() throws {
        let t = try TestLog()
        defer { t.remove() }
        var record = TestLog.record(1, caseID: "事件/2026\u{7f}\"\\\n\t\u{01}", source: "/DCIM/ü 😀.mp4")
        record.commandLine.append("--include=*.MP4 \"quoted\"")
        let e = try t.log.append(record)
        #expect(try t.log.readEntries().entries == [e])
        #expect(try t.problem() == nil)
    }
}

/// The issue's tamper cases: each is detected and named (entry and line).
@Suite struct TamperTests {
    @Test func editingOneFieldIsNamed() throws {
        let t = try TestLog()
        defer { t.remove() }
        try t.fill(5)
        var lines = t.lines
        lines[2] = lines[2].replacingOccurrences(of: "\"operator\":\"tester\"", with: "\"operator\":\"mallory\"")
        try t.write(lines: lines)
        #expect(try t.problem() == .changed(seq: 3, line: 3))
    }

    @Test func editingAndRehashingWithoutTheKeyIsNamed() throws {
        let t = try TestLog()
        defer { t.remove() }
        try t.fill(5)
        var lines = t.lines
        var m = try object(lines[2])
        m["operator"] = .string("mallory")
        lines[2] = try forge(m, signWith: nil)
        try t.write(lines: lines)
        #expect(try t.problem() == .badSignature(seq: 3, line: 3))
    }

    @Test func reformattingIsAnEdit() throws {
        let t = try TestLog()
        defer { t.remove() }
        try t.fill(3)
        var lines = t.lines
        lines[1] = lines[1].replacingOccurrences(of: ",\"seq\":", with: ", \"seq\":")
        try t.write(lines: lines)
        #expect(try t.problem() == .notCanonical(seq: 2, line: 2))
    }

    @Test func deletingALineIsNamed() throws {
        let t = try TestLog()
        defer { t.remove() }
        try t.fill(5)
        var lines = t.lines
        lines.remove(at: 2)
        try t.write(lines: lines)
        #expect(try t.problem() == .removed(from: 3, to: 3, line: 3))
    }

    @Test func deletingTheFirstLineIsNamed() throws {
        let t = try TestLog()
        defer { t.remove() }
        try t.fill(3)
        try t.write(lines: Array(t.lines.dropFirst()))
        #expect(try t.problem() == .removed(from: 1, to: 1, line: 1))
    }

    @Test func swappingTwoLinesIsNamed() throws {
        let t = try TestLog()
        defer { t.remove() }
        try t.fill(5)
        var lines = t.lines
        lines.swapAt(2, 3)
        try t.write(lines: lines)
        #expect(try t.problem() == .reordered(seq: 4, expected: 3, line: 3))
    }

    @Test func truncatingMidLineIsATornTail() throws {
        let t = try TestLog()
        defer { t.remove() }
        try t.fill(5)
        let bytes = t.bytes
        let lastLineStart = bytes.dropLast().lastIndex(of: 0x0a).map { $0 + 1 } ?? 0
        try t.write(bytes: Array(bytes[..<(lastLineStart + 40)]))
        #expect(try t.problem() == .tornTail(line: 5, offset: Int64(lastLineStart)))
        // And it is never merged: the next append refuses and leaves the file as it is.
        let before = t.bytes
        #expect(throws: AccessLogError.tornTail(path: t.log.path, line: 5, offset: Int64(lastLineStart))) {
            try t.log.append(TestLog.record(6))
        }
        #expect(t.bytes == before)
        #expect(throws: AccessLogError.self) { try t.log.head() }
    }

    @Test func droppingOnlyTheFinalNewlineIsATornTail() throws {
        let t = try TestLog()
        defer { t.remove() }
        try t.fill(3)
        try t.write(bytes: Array(t.bytes.dropLast()))
        #expect(try t.problem() == .tornTail(line: 3, offset: Int64(t.lines.dropLast().joined(separator: "\n").utf8.count + 1)))
    }

    @Test func forgedLineWithAGoodChainButNoValidSignatureIsNamed() throws {
        let t = try TestLog()
        defer { t.remove() }
        let entries = try t.fill(5)
        var m = try object(t.lines[4])
        m["seq"] = .int(6)
        m["prev"] = .string(entries[4].hash)
        m["action"] = .string("cat")
        m["details"] = .object(["index": .string("6")])
        // Signed, but by a key of the forger's: the `key` member still names ours.
        let line = try forge(m, signWith: try Ed25519Key.generate())
        try t.write(lines: t.lines + [line])
        #expect(try t.problem() == .badSignature(seq: 6, line: 6))
        // The forged entry chains correctly: only the signature gives it away.
        #expect(try object(line)["prev"]?.stringValue == entries[4].hash)
    }

    @Test func forgedLineSignedWithAnotherKeyIsNamed() throws {
        let t = try TestLog()
        defer { t.remove() }
        let entries = try t.fill(3)
        let forger = try Ed25519Key.generate()
        var m = try object(t.lines[2])
        m["seq"] = .int(4)
        m["prev"] = .string(entries[2].hash)
        m["key"] = .string(try forger.publicKeyBytes().hex)
        try t.write(lines: t.lines + [try forge(m, signWith: forger)])
        #expect(try t.problem() == .wrongKey(seq: 4, line: 4))
    }

    @Test func aWholeLogRewrittenWithAnotherKeyFailsAgainstTheTrustedKey() throws {
        let t = try TestLog()
        defer { t.remove() }
        let entries = try t.fill(2)
        let forger = try Ed25519Key.generate()
        var prev = LogEntry.chainStart
        var lines: [String] = []
        for line in t.lines {
            var m = try object(line)
            m["prev"] = .string(prev)
            m["key"] = .string(try forger.publicKeyBytes().hex)
            let forged = try forge(m, signWith: forger)
            prev = try object(forged)["hash"]?.stringValue ?? ""
            lines.append(forged)
        }
        try t.write(lines: lines)
        // Self-consistent: only an outside anchor (the trusted key, or a written-down head) catches it.
        #expect(try t.problem() == nil)
        #expect(try t.log.verify(trustedKey: entries[0].key).problem == .wrongKey(seq: 1, line: 1))
        #expect(try t.log.verify(head: entries[1].hash).problem == .headNotFound(hash: entries[1].hash))
    }

    @Test func insertingACopiedLineIsNamed() throws {
        let t = try TestLog()
        defer { t.remove() }
        try t.fill(4)
        var lines = t.lines
        lines.insert(lines[1], at: 3)
        try t.write(lines: lines)
        #expect(try t.problem() == .inserted(seq: 2, line: 4))
    }

    @Test func garbageLineIsNamed() throws {
        let t = try TestLog()
        defer { t.remove() }
        try t.fill(3)
        var lines = t.lines
        lines.insert("not json", at: 1)
        try t.write(lines: lines)
        let problem = try t.problem()
        guard case .unreadable(let line, _) = problem else {
            Issue.record("expected unreadable, got \(String(describing: problem))")
            return
        }
        #expect(line == 2)
    }

    @Test func anOverlongLineIsNamedWithoutReadingItWhole() throws {
        let t = try TestLog()
        defer { t.remove() }
        try t.fill(3)
        var lines = t.lines
        lines.insert(String(repeating: "x", count: LogFile.maxLineBytes + 100), at: 1)
        try t.write(lines: lines)
        let problem = try t.problem()
        #expect(problem == .unreadable(line: 2, reason: "longer than \(LogFile.maxLineBytes) bytes"), "\(String(describing: problem))")
        let read = try t.log.readEntries()
        #expect(read.entries.count == 3)
        #expect(read.unreadableLines == [2])
    }

    @Test func deletingTheLastLineIsCaughtByTheWrittenDownHead() throws {
        let t = try TestLog()
        defer { t.remove() }
        let entries = try t.fill(4)
        let head = try #require(try t.log.head()).hash
        #expect(head == entries[3].hash)
        try t.write(lines: Array(t.lines.dropLast()))
        #expect(try t.problem() == nil)  // a shorter, intact chain
        #expect(try t.log.verify(head: head).problem == .headNotFound(hash: head))
        #expect(try t.log.verify(head: entries[2].hash).problem == nil)
    }

    @Test func changedHeadEntryIsNotFound() throws {
        let t = try TestLog()
        defer { t.remove() }
        let entries = try t.fill(3)
        var lines = t.lines
        lines[1] = lines[1].replacingOccurrences(of: "testhost", with: "otherhost")
        try t.write(lines: lines)
        let report = try t.log.verify(head: entries[1].hash)
        #expect(report.problem == .changed(seq: 2, line: 2))
        #expect(report.headEntry == nil)
    }

    /// Any single-byte change anywhere in the file is detected.
    @Test func everySingleByteFlipIsDetected() throws {
        let t = try TestLog()
        defer { t.remove() }
        try t.fill(3)
        let original = t.bytes
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var bytes = original
            let at = Int.random(in: 0..<bytes.count, using: &generator)
            bytes[at] ^= UInt8.random(in: 1...255, using: &generator)
            try t.write(bytes: bytes)
            #expect(try t.problem() != nil, "flip at byte \(at) went unnoticed")
        }
    }
}
