import Custody
import Foundation
import Testing
import TestSupport

/// The registers built from the access log: provisions (with the card's return) and viewings,
/// their fiscal years, and the CSV Excel and Python read.
@Suite struct RegisterTests {
    static func log(_ dir: TemporaryDirectory) -> AccessLog { AccessLog(path: dir.path("access.jsonl"), keyPath: dir.path("key.pem")) }

    static func append(_ log: AccessLog, _ action: String, _ details: [String: String], argv: [String] = [], outputs: [OutputRecord] = []) throws {
        _ = try log.append(AccessRecord(action: action, operatorName: "佐藤", host: "h", toolVersion: "0.1.0",
                                        commandLine: ["sdcustody", action] + argv, outputs: outputs, caseID: "K-1", details: details))
    }

    static func filled(_ dir: TemporaryDirectory) throws -> [LogEntry] {
        let log = Self.log(dir)
        try append(log, "export", ["files": "6"], argv: ["card.img", "--camera-id", "CAM-07", "--from", "2026-11-20 21:28", "--to", "2026-11-20 21:40"],
                   outputs: [OutputRecord(path: "bag")])
        try append(log, "handover", ["record_number": "H2026-001", "agency": "渋谷警察署, 刑事課", "requester": "=HYPERLINK(\"x\")",
                                     "purpose": "窃盗事件の捜査", "files": "6", "bytes": "87503", "original": "taken",
                                     "card_sha256": String(repeating: "a", count: 64), "clock_offset": "+00:02:13",
                                     "camera_id": "CAM-07", "window_from": "2026-11-20T21:28:00", "window_to": "2026-11-20T21:40:00"])
        try append(log, "handover", ["record_number": "H2026-002", "agency": "渋谷警察署, 刑事課", "purpose": "窃盗事件の捜査",
                                     "files": "2", "bytes": "100", "original": "kept"])
        try append(log, "handover", ["record_number": "H2026-003", "agency": "新宿警察署", "purpose": "交通事故の捜査", "files": "1", "bytes": "5",
                                     "original": "kept"])
        try append(log, "cat", ["path": "DCIM/100MEDIA/20261120_213000.mp4"])
        try append(log, "frames", ["path": "EVENT/a.MP4", "out": "frames", "frames": #"[{"pts":0},{"pts":1},{"pts":2}]"#])
        try append(log, "acquire-verify", ["image_sha256": String(repeating: "a", count: 64), "result": "unchanged", "acquired_at": "2026-11-21T00:00:00Z"])
        return try log.readEntries().entries
    }

    @Test func provisionsShowTheCardsReturnAndTotalsByAgencyAndPurpose() throws {
        let dir = try TemporaryDirectory("sdcustody-register")
        defer { dir.remove() }
        let entries = try Self.filled(dir)
        let rows = Registers.provisions(entries)
        #expect(rows.map(\.recordNumber) == ["H2026-001", "H2026-002", "H2026-003"])
        #expect(rows[0].returned.hasPrefix("unchanged "))
        #expect(rows[1].returned.isEmpty)
        #expect(rows[0].handler == "佐藤")
        let year = rows[0].fiscalYear
        #expect(Registers.provisions(entries, fiscalYear: year).count == 3)
        #expect(Registers.provisions(entries, fiscalYear: year - 1).isEmpty)
        let totals = Registers.summary(rows)
        #expect(totals.count == 2)
        #expect(totals[0].count == 2 && totals[0].files == 8 && totals[0].bytes == 87603)

        let viewings = Registers.viewings(entries)
        #expect(viewings.map(\.action) == ["export", "cat", "frames"])
        #expect(viewings[0].camera == "CAM-07")
        #expect(viewings[0].window == "2026-11-20 21:28 – 2026-11-20 21:40")
        #expect(viewings[2].copies.contains("3 frames"))
    }

    @Test(.requires("python3")) func theCSVHasABOMAndPythonsCSVModuleReadsIt() throws {
        let dir = try TemporaryDirectory("sdcustody-register")
        defer { dir.remove() }
        let rows = Registers.provisions(try Self.filled(dir))
        let bytes = Registers.csv(header: ["No.", "依頼機関", "依頼者", "ずれ"],
                                  rows: rows.map { [String($0.number), $0.agency, $0.requester, $0.clockOffset] })
        #expect(bytes.prefix(3) == [0xEF, 0xBB, 0xBF])
        let path = dir.path("r.csv")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let script = """
        import csv, json, sys
        raw = open(sys.argv[1], 'rb').read()
        assert raw.startswith(b'\\xef\\xbb\\xbf'), 'no BOM'
        with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
            print(json.dumps(list(csv.reader(f)), ensure_ascii=False))
        """
        let python = try #require(TestEnvironment.python3)
        let r = try runProcess([python, "-c", script, path])
        #expect(r.status == 0, "\(r.stderrText)")
        let table = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [[String]])
        #expect(table.count == 4)
        #expect(table[0] == ["No.", "依頼機関", "依頼者", "ずれ"])
        #expect(table[1][1] == "渋谷警察署, 刑事課")          // quoted comma
        #expect(table[1][2] == "'=HYPERLINK(\"x\")")          // no formula
        #expect(table[1][3] == "'+00:02:13")
    }
}
