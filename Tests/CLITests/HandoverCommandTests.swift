import Foundation
import Testing
import TestSupport

/// `sdcustody handover` and `log register` end to end (issue 14 items 2–6): an export of the
/// bundled FAT32 sample handed over, the report rendered by headless Chromium to PDF and PNG and
/// read back with pdftotext, a tampered bag refused, the registers read by Python's csv module.
@Suite(.requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
struct HandoverCommandTests {
    static let fields = [
        "--agency", "警視庁 渋谷警察署 刑事課", "--requester", "巡査部長 山田 太郎", "--contact", "03-0000-0000",
        "--request-document", "捜査関係事項照会書 第123号 2026-11-21", "--legal-basis", "刑事訴訟法第197条第2項",
        "--purpose", "窃盗事件の捜査", "--identity-check", "警察手帳を確認し署に電話で在籍確認",
        "--approved-by", "会長 鈴木 一郎", "--approval-route", "manager", "--witness", "副会長 田中 花子",
        "--medium", "USBメモリ SN 1234-ABCD", "--association", "渋谷一丁目商店会", "--manager", "鈴木 一郎",
        "--request-from", "2026-11-20 21:25", "--request-to", "2026-11-20 21:45",
    ]

    /// A card image, its acquisition (so --original taken has the card's hash), a clock check and an export.
    static func exported(_ cli: CLI, acquire: Bool = true) throws -> String {
        let image = cli.home.path("card.img")
        let gz = TestEnvironment.samples.appendingPathComponent("fat32-mbr.img.gz").path
        #expect(try runProcess(["sh", "-c", "gzip -dc \"$0\" > \"$1\"", gz, image]).status == 0)
        var source = image
        if acquire {
            source = cli.home.path("master.img")
            let a = try cli.run(["acquire", image, "--out", source])
            #expect(a.status == 0, "\(a.stderrText)")
        }
        #expect(try cli.run(["clock", "--camera", "CAM-07", "--camera-time", "2026-11-21 10:02:43",
                             "--reference-time", "2026-11-21 10:00:30", "--reference", "NTP on a phone"]).status == 0)
        let bag = cli.home.path("bag")
        let e = try cli.run(["export", source, "--out", bag, "--case", "K-2026-0142", "--exhibit", "E-1", "--camera-id", "CAM-07",
                             "--location", "北門", "--from", "2026-11-20 21:28", "--to", "2026-11-20 21:40"])
        #expect(e.status == 0, "\(e.stderrText)")
        return bag
    }

    static func logLines(_ cli: CLI) throws -> [[String: Any]] {
        try String(contentsOfFile: cli.log, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    static func sha256(_ path: String) throws -> String {
        let r = try runProcess(["sha256sum", path])
        return String(r.stdoutText.prefix(64))
    }

    @Test(.requires("chromium", "pdftotext", "pdfinfo"))
    func aHandoverWritesTheRecordAndAReportChromiumPrints() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let bag = try Self.exported(cli)
        let bagBefore = try runProcess(["sh", "-c", "cd \"$0\" && find . -type f -exec sha256sum {} + | sort", bag]).stdoutText
        let report = cli.home.path("report.html")
        let r = try cli.run(["handover", bag, "--out", report, "--original", "taken", "--pdf"] + Self.fields)
        #expect(r.status == 0, "\(r.stderrText)")
        #expect(r.stdoutText.contains("H2026-"), "\(r.stdoutText)")
        let jsonPath = cli.home.path("report.json"), pdfPath = cli.home.path("report.pdf")
        for p in [report, jsonPath, pdfPath] { #expect(FileManager.default.fileExists(atPath: p), "\(p)") }

        // The record: the bag's identity, the card's hash from the acquisition record, the log head.
        let record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: jsonPath))) as? [String: Any])
        #expect(record["format"] as? String == "sdcustody-handover/1")
        let bagInfo = try #require(record["bag"] as? [String: Any])
        let tagSHA = try Self.sha256(bag + "/tagmanifest-sha256.txt")
        #expect(bagInfo["tagmanifest_sha256"] as? String == tagSHA)
        #expect(bagInfo["bag_info_sha256"] as? String == (try Self.sha256(bag + "/bag-info.txt")))
        #expect(bagInfo["external_identifier"] as? String == "case K-2026-0142, exhibit E-1")
        let original = try #require(record["original"] as? [String: Any])
        #expect(original["card_sha256"] as? String == (try Self.sha256(cli.home.path("master.img"))))
        let clock = try #require(record["clock_check"] as? [String: Any])
        #expect(clock["clock_offset"] as? String == "+00:02:13")
        #expect(clock["checked_by"] as? String == "test operator")

        // The log: a handover entry carrying the record's SHA-256; the record names the head before it.
        let lines = try Self.logLines(cli)
        let last = try #require(lines.last)
        #expect(last["action"] as? String == "handover")
        #expect(last["result"] as? String == "ok")
        let details = try #require(last["details"] as? [String: String])
        #expect(details["record_sha256"] == (try Self.sha256(jsonPath)))
        #expect(details["agency"] == "警視庁 渋谷警察署 刑事課")
        let log = try #require(record["log"] as? [String: Any])
        #expect(log["head_hash"] as? String == lines[lines.count - 2]["hash"] as? String)
        #expect(log["public_key"] as? String == last["key"] as? String)
        #expect(try cli.run(["log", "verify"]).status == 0)

        // The bag is untouched and still verifies.
        #expect(try runProcess(["sh", "-c", "cd \"$0\" && find . -type f -exec sha256sum {} + | sort", bag]).stdoutText == bagBefore)
        #expect(try cli.run(["verify", bag]).status == 0)

        // The PDF: A4 pages, the hashes, the case, the requester, the Japanese labels, the footer.
        let info = try runProcess(["pdfinfo", pdfPath]).stdoutText
        let pages = Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
        #expect((2...8).contains(pages), "\(pages) pages")
        #expect(info.contains("(A4)"), "A4: \(info)")
        let text = try runProcess(["pdftotext", "-layout", pdfPath, "-"]).stdoutText
        let flat = text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\n", with: "")
        #expect(flat.contains(tagSHA), "tag-manifest SHA-256 in the PDF")
        #expect(flat.contains(try #require(bagInfo["manifest_sha256"] as? String)))
        #expect(text.contains("K-2026-0142"))
        #expect(flat.contains("巡査部長山田太郎"))
        for label in ["提供記録", "依頼機関", "法的根拠", "本人確認", "立会人", "署名", "利用の条件", "Requestingagencyandunit"] {
            #expect(flat.contains(label), "\(label)")
        }
        #expect(flat.contains("1/\(pages)ページ"), "page n of m in the footer")
        #expect(flat.contains("bag-info.txtSHA-256"))
        #expect(flat.contains(try #require(record["record_number"] as? String)))

        // A PNG of the page as a screen shows it, through the same Chromium.
        let png = cli.home.path("report.png")
        let shot = try runProcess(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                   "--user-data-dir=" + cli.home.path("chromium-profile"), "--screenshot=" + png,
                                   "--window-size=900,1270", URL(fileURLWithPath: report).absoluteString])
        #expect(shot.status == 0, "\(shot.stderrText)")
        let head = try #require(FileHandle(forReadingAtPath: png)?.readData(ofLength: 8))
        #expect(Array(head) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])

        // Nothing is overwritten.
        let again = try cli.run(["handover", bag, "--out", report, "--original", "kept"] + Self.fields)
        #expect(again.status == 2)
        #expect(again.stderrText.contains("already exists"))
    }

    /// The record's signature checked with jq and OpenSSL alone, as the README shows.
    @Test(.requires("jq", "openssl", "xxd"))
    func theRecordsSignatureVerifiesWithStandardTools() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let bag = try Self.exported(cli, acquire: false)
        let r = try cli.run(["handover", bag, "--out", cli.home.path("r.html"), "--original", "kept", "--json"] + Self.fields)
        #expect(r.status == 0, "\(r.stderrText)")
        let out = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
        #expect(out["record_sha256"] as? String == (try Self.sha256(cli.home.path("r.json"))))
        let script = """
            set -e
            jq -cjS 'del(.signature)' "$0" > "$1/signed.bin"
            test "$(sha256sum "$1/signed.bin" | cut -c1-64)" = "$(jq -r .signature.hash "$0")"
            jq -r .signature.value "$0" | xxd -r -p > "$1/sig.bin"
            (printf '302a300506032b6570032100'; jq -r .log.public_key "$0") | xxd -r -p > "$1/pub.der"
            openssl pkeyutl -verify -pubin -keyform DER -inkey "$1/pub.der" -rawin -in "$1/signed.bin" -sigfile "$1/sig.bin"
            """
        let check = try runProcess(["sh", "-c", script, cli.home.path("r.json"), cli.home.url.path])
        #expect(check.status == 0, "\(check.stdoutText) \(check.stderrText)")
        #expect(check.stdoutText.contains("Signature Verified Successfully"))
    }

    @Test(.requires("chromium", "pdftotext"))
    func anEnglishReportHasEnglishLabelsOnly() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let bag = try Self.exported(cli, acquire: false)
        let report = cli.home.path("en.html")
        let r = try cli.run(["handover", bag, "--out", report, "--original", "kept", "--pdf", "--lang", "en"] + Self.fields)
        #expect(r.status == 0, "\(r.stderrText)")
        let text = try runProcess(["pdftotext", cli.home.path("en.pdf"), "-"]).stdoutText
        #expect(text.contains("Footage handover record"))
        #expect(text.contains("Requesting agency and unit"))
        #expect(!text.contains("依頼機関・部署"))
        #expect(text.contains("警視庁"))   // the values stay as given
    }

    @Test func aTamperedBagIsRefusedAndNothingIsWritten() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let bag = try Self.exported(cli, acquire: false)
        let manifest = try String(contentsOfFile: bag + "/manifest-sha256.txt", encoding: .utf8)
        let first = try #require(manifest.split(separator: "\n").first?.split(separator: " ", maxSplits: 1).last)
        let victim = bag + "/" + first.trimmingCharacters(in: .whitespaces)
        let handle = try #require(FileHandle(forWritingAtPath: victim))
        handle.seek(toFileOffset: 100)
        handle.write(Data([0x42]))
        try handle.close()
        let report = cli.home.path("report.html")
        let r = try cli.run(["handover", bag, "--out", report, "--original", "kept"] + Self.fields)
        #expect(r.status == 1, "\(r.stderrText)")
        #expect(r.stderrText.contains("nothing was written"))
        let left = try FileManager.default.contentsOfDirectory(atPath: cli.home.url.path).filter { $0.hasPrefix("report") || $0.hasPrefix(".report") }
        #expect(left.isEmpty, "\(left)")
        let last = try #require(try Self.logLines(cli).last)
        #expect(last["action"] as? String == "handover")
        #expect(last["result"] as? String == "failed")
    }

    @Test func missingFieldsAndATakenCardWithoutItsHashAreUsageErrors() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let bag = try Self.exported(cli, acquire: false)
        let report = cli.home.path("report.html")
        // Without a terminal, the first missing required field is named.
        let missing = try cli.run(["handover", bag, "--out", report, "--agency", "渋谷警察署"])
        #expect(missing.status == 2)
        #expect(missing.stderrText.contains("--requester"), "\(missing.stderrText)")
        // The request file supplies the fields; --original taken needs the card's hash.
        let file = cli.home.path("request.json")
        var members: [String] = []
        var i = 0
        while i + 1 < Self.fields.count {
            let name = String(Self.fields[i].dropFirst(2))
            members.append("\"\(name)\": \"\(Self.fields[i + 1])\"")
            i += 2
        }
        try Data(("{" + members.joined(separator: ", ") + ", \"original\": \"taken\"}").utf8).write(to: URL(fileURLWithPath: file))
        let taken = try cli.run(["handover", bag, "--out", report, "--request-file", file])
        #expect(taken.status == 2)
        #expect(taken.stderrText.contains("--card SOURCE"), "\(taken.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: report))
        // With --card the card is hashed (and audited); the handover goes through.
        let ok = try cli.run(["handover", bag, "--out", report, "--request-file", file, "--card", cli.home.path("card.img")])
        #expect(ok.status == 0, "\(ok.stderrText)")
        let record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cli.home.path("report.json")))) as? [String: Any])
        let original = try #require(record["original"] as? [String: Any])
        #expect(original["card_sha256"] as? String == (try Self.sha256(cli.home.path("card.img"))))
        #expect(record["security_findings"] is [Any])
        let request = try #require(record["request"] as? [String: Any])
        #expect(request["purpose"] as? String == "窃盗事件の捜査")
        // A bad route is a usage error.
        let route = try cli.run(["handover", bag, "--out", cli.home.path("r2.html"), "--request-file", file, "--original", "kept", "--approval-route", "chairman"])
        #expect(route.status == 2)
    }

    /// On a terminal the missing fields are asked for (script(1) gives the command a terminal).
    @Test(.requires("script"))
    func onATerminalMissingFieldsAreAskedFor() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let bag = try Self.exported(cli, acquire: false)
        let binary = try #require(TestEnvironment.sdcustodyBinary).path
        let report = cli.home.path("asked.html")
        let answers = "巡査 佐藤\n照会書 第7号\n刑事訴訟法第197条第2項\n捜査\n警察手帳\n会長\nmanager\nDVD-R 1枚\nkept\n"
        let r = try runProcess(["script", "-qec", "'\(binary)' handover '\(bag)' --out '\(report)' --agency 渋谷警察署", "/dev/null"],
                               environment: ["SDCUSTODY_LOG": cli.log, "XDG_DATA_HOME": cli.home.path("xdg"),
                                             "SDCUSTODY_OPERATOR": "test operator", "NO_COLOR": "1"],
                               stdin: Data(answers.utf8))
        #expect(r.status == 0, "\(r.stdoutText) \(r.stderrText)")
        #expect(r.stdoutText.contains("--requester"))
        let record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cli.home.path("asked.json")))) as? [String: Any])
        let request = try #require(record["request"] as? [String: Any])
        #expect(request["requester"] as? String == "巡査 佐藤")
        #expect(record["medium"] as? String == "DVD-R 1枚")
    }

    @Test func aSealedArchiveIsCheckedAgainstItsSidecar() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let bag = try Self.exported(cli, acquire: false)
        let key = cli.home.path("key.txt")
        let k = try cli.run(["keygen", "--out", key])
        #expect(k.status == 0, "\(k.stderrText)")
        let recipient = try #require(k.stdoutText.split(whereSeparator: \.isNewline).compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("age1") }.map(String.init)
        }.first)
        let archive = cli.home.path("bag.age")
        let s = try cli.run(["seal", bag, "--out", archive, "--recipient", recipient])
        #expect(s.status == 0, "\(s.stderrText)")
        let r = try cli.run(["handover", archive, "--out", cli.home.path("sealed.html"), "--original", "kept"] + Self.fields)
        #expect(r.status == 0, "\(r.stderrText)")
        let record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cli.home.path("sealed.json")))) as? [String: Any])
        let b = try #require(record["bag"] as? [String: Any])
        #expect(b["kind"] as? String == "sealed_archive")
        #expect(b["archive_sha256"] as? String == (try Self.sha256(archive)))
        // A changed archive no longer matches its sidecar: refused.
        let handle = try #require(FileHandle(forWritingAtPath: archive))
        handle.seekToEndOfFile()
        handle.write(Data([0]))
        try handle.close()
        let bad = try cli.run(["handover", archive, "--out", cli.home.path("bad.html"), "--original", "kept"] + Self.fields)
        #expect(bad.status == 1, "\(bad.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: cli.home.path("bad.html")))
    }

    @Test(.requires("python3"))
    func theRegistersComeFromTheLog() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let bag = try Self.exported(cli, acquire: false)
        #expect(try cli.run(["handover", bag, "--out", cli.home.path("a.html"), "--original", "kept"] + Self.fields).status == 0)
        #expect(try cli.run(["handover", bag, "--out", cli.home.path("b.html"), "--original", "held", "--purpose", "器物損壊事件の捜査"] + Self.fields).status == 0)
        let text = try cli.run(["log", "register", "provisions"])
        #expect(text.status == 0, "\(text.stderrText)")
        #expect(text.stdoutText.contains("刑事訴訟法第197条第2項"))
        // The camera-time window is the delivered window on the camera's clock (+00:02:13 fast),
        // not the span of the files' starts; the tables' time form; the codes in words.
        #expect(text.stdoutText.contains("2026-11-20 21:30:13 – 2026-11-20 21:42:13"), "\(text.stdoutText)")
        #expect(!text.stdoutText.contains("T21:"), "\(text.stdoutText)")
        let ja = try cli.run(["log", "register", "provisions", "--lang", "ja"])
        #expect(!ja.stdoutText.contains(" kept") && !ja.stdoutText.contains(" manager"), "\(ja.stdoutText)")
        let jaViewings = try cli.run(["log", "register", "viewings", "--lang", "ja"])
        #expect(jaViewings.stdoutText.contains("証拠パッケージ") && !jaViewings.stdoutText.contains(" files)"), "\(jaViewings.stdoutText)")
        let csvPath = cli.home.path("provisions.csv")
        let csv = try cli.run(["log", "register", "provisions", "--csv", "--lang", "ja"])
        #expect(csv.status == 0)
        try csv.stdout.write(to: URL(fileURLWithPath: csvPath))
        #expect(Array(csv.stdout.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let python = try #require(TestEnvironment.python3)
        let read = try runProcess([python, "-c", """
            import csv, json, sys
            with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
                print(json.dumps(list(csv.DictReader(f)), ensure_ascii=False))
            """, csvPath])
        #expect(read.status == 0, "\(read.stderrText)")
        let rows = try #require(try JSONSerialization.jsonObject(with: read.stdout) as? [[String: String]])
        #expect(rows.count == 2)
        #expect(rows.first?["依頼機関・部署"] == "警視庁 渋谷警察署 刑事課")
        #expect(rows.first?["元のカード"] == "kept")
        // Command-line values win over… the first --purpose given: both handovers are listed with theirs.
        let summary = try cli.run(["log", "register", "provisions", "--summary", "--fiscal-year", "2026", "--csv"])
        #expect(summary.status == 0)
        #expect(summary.stdoutText.contains("警視庁 渋谷警察署 刑事課"))
        let viewings = try cli.run(["log", "register", "viewings"])
        #expect(viewings.status == 0)
        #expect(viewings.stdoutText.contains("export"))
        #expect(try cli.run(["log", "register", "provisions", "--fiscal-year", "2019"]).stdoutText.contains("Nothing recorded"))
        #expect(try cli.run(["log", "register", "nonsense"]).status == 2)
    }
}
