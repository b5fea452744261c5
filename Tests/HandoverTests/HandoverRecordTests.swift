import Custody
import Foundation
import HandoverReport
import Testing
import TestSupport

/// The handover record's signature (made like an access-log entry's), and the request fields.
@Suite struct HandoverSigningTests {
    static func golden() throws -> HandoverRecord {
        let url = TestEnvironment.packageRoot.appendingPathComponent("Tests/RecordsTests/Golden/handover.json")
        return try HandoverRecord.read(Array(try Data(contentsOf: url)))
    }

    @Test func theGoldenRecordsSignatureVerifies() throws {
        let record = try Self.golden()
        #expect(HandoverRecording.signatureVerifies(record))
        // Any change to a signed field breaks it.
        var changed = record
        changed.request.purpose += " "
        #expect(!HandoverRecording.signatureVerifies(changed))
        var unsigned = record
        unsigned.signature = nil
        #expect(!HandoverRecording.signatureVerifies(unsigned))
    }

    @Test func aRecordSignedWithAnotherKeyDoesNotPassAsTheLogsKey() throws {
        var record = try Self.golden()
        let other = try Ed25519Key.generate()
        try HandoverRecording.sign(&record, key: other)
        // Signed by `other`, but naming the log's key: refused.
        #expect(!HandoverRecording.signatureVerifies(record))
        record.log.publicKey = try other.publicKeyBytes().hex
        try HandoverRecording.sign(&record, key: other)
        #expect(HandoverRecording.signatureVerifies(record))
        // The signature is Ed25519 over the canonical JSON without `signature`, checkable with OpenSSL alone.
        let value = try #require(record.signature?.value)
        let sig = try #require(Hex.decode(value))
        #expect(try other.publicKey().verify(signature: sig, message: record.signedBytes))
    }

    @Test func requestFilesNameEveryFieldAndRefuseUnknownOnes() throws {
        let dir = try TemporaryDirectory("sdcustody-handover")
        defer { dir.remove() }
        let good = dir.path("request.json")
        try Data("""
        {"agency": "渋谷警察署", "request_document": "照会書 第1号", "legal-basis": "刑事訴訟法第197条第2項",
         "witness": ["A", "B"], "player": "player.exe", "approval_route": "board", "received_at": null}
        """.utf8).write(to: URL(fileURLWithPath: good))
        var q = try HandoverRequest.read(file: good)
        #expect(q[.agency] == "渋谷警察署")
        #expect(q[.requestDocument] == "照会書 第1号")
        #expect(q[.legalBasis] == "刑事訴訟法第197条第2項")
        #expect(q.list(.witness) == ["A", "B"])
        #expect(q.list(.player) == ["player.exe"])
        #expect(q.missing.contains(.requester))
        #expect(!q.missing.contains(.agency))
        // Command-line values win; the file fills the rest.
        var cli = HandoverRequest()
        cli[.agency] = "新宿警察署"
        cli.fill(from: q)
        #expect(cli[.agency] == "新宿警察署")
        #expect(cli[.approvalRoute] == "board")
        q[.approvalRoute] = "chairman"
        #expect(q.invalidChoice?.contains("--approval-route") == true)

        let bad = dir.path("bad.json")
        try Data(#"{"agencyy": "x"}"#.utf8).write(to: URL(fileURLWithPath: bad))
        #expect(throws: CustodyError.self) { try HandoverRequest.read(file: bad) }
        try Data(#"{"agency": 3}"#.utf8).write(to: URL(fileURLWithPath: bad + "2"))
        #expect(throws: CustodyError.self) { try HandoverRequest.read(file: bad + "2") }
        try Data("[1]".utf8).write(to: URL(fileURLWithPath: bad + "3"))
        #expect(throws: CustodyError.self) { try HandoverRequest.read(file: bad + "3") }
    }

    @Test func fiscalYearsRunAprilToMarchInLocalTime() throws {
        let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))
        // 2027-03-31 23:59:59 JST = 14:59:59Z; one second later is April 1st in Tokyo.
        #expect(FiscalYear.of(seconds: 1_806_505_199, timeZone: tokyo) == 2026)
        #expect(FiscalYear.of(seconds: 1_806_505_200, timeZone: tokyo) == 2027)
        #expect(FiscalYear.of(seconds: 1_806_505_200, timeZone: TimeZone(identifier: "UTC") ?? tokyo) == 2026)
        #expect(FiscalYear.localText(seconds: 1_806_505_200, timeZone: tokyo) == "2027-04-01 00:00")
    }

    /// Fuzz: request files of random bytes and mutated JSON are read or refused, never a crash.
    @Test func randomRequestFilesNeverCrashTheReader() throws {
        let dir = try TemporaryDirectory("sdcustody-handover")
        defer { dir.remove() }
        var rng = SplitMix64(seed: 0x5245)
        let seed = Array(#"{"agency": "渋谷", "witness": ["A", "B"], "purpose": null, "request-from": "2026-11-20 21:25"}"#.utf8)
        for i in 0..<300 {
            var bytes = i % 2 == 0 ? seed : rng.bytes(Int(rng.next() % 200))
            for _ in 0..<Int(rng.next() % 3) where !bytes.isEmpty {
                bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
            let path = dir.path("r\(i).json")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            _ = try? HandoverRequest.read(file: path)
        }
    }
}
