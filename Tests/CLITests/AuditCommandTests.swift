import Foundation
import Testing
import TestSupport

/// `sdcustody audit` on cards `tools/make-audit-card` writes, run as a user runs it: what it finds,
/// in both languages, its exit statuses, its access-log entry, and that no secret on the card
/// reaches any output, the log or an error.
@Suite(.serialized,
       .requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil),
       .requires("mkfs.fat", "mcopy", "mmd", "mdel"))
struct AuditCommandTests {
    /// A card with every kind of finding, whose non-default passwords all contain `secret`.
    static func makeCard(_ path: String, secret: String? = nil, plain: Bool = false) throws {
        var argv = ["bash", TestEnvironment.packageRoot.appendingPathComponent("tools/make-audit-card").path, path]
        if let secret { argv += ["--secret", secret] }
        if plain { argv.append("--plain") }
        let r = try runProcess(argv)
        try #require(r.status == 0, "make-audit-card: \(r.stderrText)")
    }

    /// A marker no program would print by chance.
    static func marker() -> String {
        var rng = SplitMix64(seed: UInt64(UInt32(truncatingIfNeeded: getpid())) &* 0x9E37_79B9 &+ 2026)
        return "Mk" + String(rng.next() % 1_000_000_007, radix: 36) + "Zq"
    }

    func findings(_ object: [String: Any]) throws -> [[String: Any]] {
        try #require(object["findings"] as? [[String: Any]], "audit --json has a findings array")
    }

    @Test func findsEveryKindTheCardRevealsWithChecklistAndAdvice() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let card = cli.home.path("card.img")
        try Self.makeCard(card)
        let before = try Fingerprint(card)

        let live = try findings(cli.json(["audit", card, "--json"]))
        let kinds = Set(live.compactMap { $0["kind"] as? String })
        #expect(kinds == ["wifi_credentials", "default_password", "wireless_download", "autorun_script", "firmware",
                          "time_zone", "server_function", "cloud_service"], "\(kinds)")
        for f in live {
            for field in ["path", "kind", "severity", "checklist", "advice", "advice_code"] {
                #expect((f[field] as? String)?.isEmpty == false, "\(field) missing in \(f)")
            }
            #expect(f["deleted"] as? Bool == false)
        }
        func details(_ f: [String: Any]) -> [String: Any] { f["details"] as? [String: Any] ?? [:] }
        let ap = try #require(live.first { $0["kind"] as? String == "wifi_credentials" && details($0)["ssid"] as? String == "BlackVue750S-5D2A1C" })
        #expect(ap["path"] as? String == "Config/config.ini")
        #expect(details(ap)["role"] as? String == "access_point")
        #expect(details(ap)["secret"] as? String == "clear_text")
        #expect(details(ap)["known_default"] as? Bool == true)
        let office = try #require(live.first { details($0)["ssid"] as? String == "Shotengai-Office" })
        #expect(details(office)["role"] as? String == "joined_network")
        #expect(office["checklist"] as? String == "no_needless_internet")
        #expect(live.contains { details($0)["ssid"] as? String == "Home-Net" && details($0)["secret"] as? String == "hashed" })
        #expect(live.contains { details($0)["ssid"] as? String == "Shop-Backroom" && $0["path"] as? String == "wpa_supplicant.conf" })
        #expect(live.contains { $0["kind"] as? String == "default_password" && $0["path"] as? String == "settings.json" })
        let onstart = try #require(live.first { $0["kind"] as? String == "wireless_download" && $0["path"] as? String == "Config/config.ini" })
        #expect(onstart["checklist"] as? String == "pull_card_not_wireless")
        #expect(details(onstart)["key"] as? String == "onstart")
        let script = try #require(live.first { $0["kind"] as? String == "autorun_script" })
        #expect(script["path"] as? String == "autorun.sh")
        #expect(details(script)["starts_servers"] as? String == "telnet")
        let firmware = try #require(live.first { $0["kind"] as? String == "firmware" })
        #expect(details(firmware)["model"] as? String == "DR750S-2CH")
        #expect(details(firmware)["version"] as? String == "1.012")
        #expect(firmware["checklist"] as? String == "update_firmware")
        let zone = try #require(live.first { $0["kind"] as? String == "time_zone" })
        #expect(details(zone)["utc_offset"] as? String == "+09:00")
        #expect(details(zone)["summer_time"] as? Bool == false)
        // Sorted most urgent first.
        let ranks = live.compactMap { ["high": 0, "medium": 1, "low": 2, "info": 3][$0["severity"] as? String ?? ""] }
        #expect(ranks == ranks.sorted())

        // --deleted adds the deleted old settings file.
        let all = try findings(cli.json(["audit", card, "--deleted", "--json"]))
        #expect(all.count > live.count)
        #expect(all.contains { $0["deleted"] as? Bool == true && $0["kind"] as? String == "wifi_credentials" })

        // Text: grouped by severity, with the checklist item and the advice.
        let text = try cli.run(["audit", card])
        #expect(text.status == 0, "\(text.stderrText)")
        #expect(text.stdoutText.hasPrefix("Security check of \(card): \(live.count) findings"))
        #expect(text.stdoutText.contains("High risk ("))
        #expect(text.stdoutText.contains("For your information ("))
        #expect(text.stdoutText.contains("Checklist: Change the password from the maker's default."))
        #expect(text.stdoutText.contains("What to do: "))
        #expect(text.stdoutText.contains("\"Shotengai-Office\""))
        #expect(try Fingerprint(card) == before, "the card changed")

        // The access log has one entry per run, with what was found, by kind.
        let log = try String(contentsOfFile: cli.log, encoding: .utf8)
        let entries = log.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(entries.count == 3)
        let logged = try #require(entries.last)
        #expect(logged["action"] as? String == "audit", "\(logged)")
        #expect(log.contains("finding_kinds"))
        #expect(log.contains("default_password:"))
        #expect(try cli.run(["log", "verify"]).status == 0)
    }

    /// Issue 16: a secret is never revealed. Every password on this card that is not a known
    /// default contains one marker; no output of any run, no log line and no error holds it.
    @Test func noSecretReachesAnyOutputTheLogOrAnError() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let secret = Self.marker()
        let card = cli.home.path("card.img")
        try Self.makeCard(card, secret: secret)
        // The card really holds it (else this test proves nothing).
        let raw = try Data(contentsOf: URL(fileURLWithPath: card))
        #expect(raw.range(of: Data(secret.utf8)) != nil)

        var outputs: [(String, Data)] = []
        for args in [["audit", card], ["audit", card, "--json"], ["audit", card, "--deleted"], ["audit", card, "--deleted", "--json"],
                     ["audit", card, "--lang", "ja"], ["audit", card, "--deleted", "--lang", "ja"]] {
            let r = try cli.run(args)
            #expect(r.status == 0, "\(args): \(r.stderrText)")
            outputs.append(("stdout of \(args)", r.stdout))
            outputs.append(("stderr of \(args)", r.stderr))
        }
        // Cards cut short (in the middle of the first secret, and at half): files cannot be
        // read, warnings and errors are written.
        let first = try #require(raw.range(of: Data(secret.utf8))?.lowerBound)
        for (name, length) in [("cut-in-secret.img", first + 3), ("cut-half.img", raw.count / 2)] {
            let cut = cli.home.path(name)
            try Data(raw.prefix(length)).write(to: URL(fileURLWithPath: cut))
            for args in [["audit", cut], ["audit", cut, "--json", "--deleted"], ["audit", cut, "--lang", "ja"]] {
                let r = try cli.run(args)
                outputs.append(("stdout of \(args)", r.stdout))
                outputs.append(("stderr of \(args)", r.stderr))
            }
        }
        let warned = try cli.run(["audit", cli.home.path("cut-in-secret.img")])
        #expect(warned.stderrText.contains("Config/config.ini"), "the unread file is named: \(warned.stderrText)")
        #expect(!warned.stdoutText.contains("Nothing found"), "a partial check does not claim nothing is there")
        // An export of the footage alone: its provenance carries the findings, and no file of the
        // bag (provenance, bag-info, manifests, the log excerpt) carries the secret.
        let bag = cli.home.path("bag")
        let exported = try cli.run(["export", card, "--out", bag, "--case", "2026-16", "--exhibit", "SD-1",
                                    "--operator", "Officer Sato", "--include", "DCIM/*", "--deleted"])
        #expect(exported.status == 0, "\(exported.stderrText)")
        outputs.append(("stdout of export", exported.stdout))
        outputs.append(("stderr of export", exported.stderr))
        let bagFiles = FileManager.default.enumerator(atPath: bag)?.compactMap { $0 as? String } ?? []
        #expect(bagFiles.contains("sdcustody-provenance.json"))
        for name in bagFiles {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: bag + "/" + name, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            outputs.append(("the bag's \(name)", try Data(contentsOf: URL(fileURLWithPath: bag + "/" + name))))
        }
        let provenance = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: bag + "/sdcustody-provenance.json"))) as? [String: Any])
        let security = try #require(provenance["security_findings"] as? [[String: Any]], "the provenance has security_findings")
        #expect(security.contains { $0["kind"] as? String == "default_password" })
        #expect(security.contains { $0["deleted"] as? Bool == true })
        #expect(try cli.run(["verify", bag]).status == 0)
        // The handover report has the findings as a section, from the provenance, and from
        // auditing the card itself with --card: the record and the report hold no secret either.
        for (i, extra) in [[], ["--card", card]].enumerated() {
            let report = cli.home.path("handover\(i).html"), record = cli.home.path("handover\(i).json")
            let r = try cli.run(["handover", bag, "--out", report, "--original", "kept"] + extra + HandoverCommandTests.fields)
            #expect(r.status == 0, "\(r.stderrText)")
            outputs.append(("stdout of handover \(extra)", r.stdout))
            outputs.append(("stderr of handover \(extra)", r.stderr))
            let html = try Data(contentsOf: URL(fileURLWithPath: report))
            outputs.append(("the handover report \(extra)", html))
            outputs.append(("the handover record \(extra)", try Data(contentsOf: URL(fileURLWithPath: record))))
            #expect(String(decoding: html, as: UTF8.self).contains("<code>default_password</code>"), "the report's findings section")
        }
        for args in [["log", "show"], ["log", "show", "--json"], ["log", "verify"]] {
            let r = try cli.run(args)
            outputs.append(("stdout of \(args)", r.stdout))
            outputs.append(("stderr of \(args)", r.stderr))
        }
        outputs.append(("the access log", try Data(contentsOf: URL(fileURLWithPath: cli.log))))
        for (what, bytes) in outputs {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "the secret is in \(what)")
        }
        // The findings still say where the secrets are and how long they are.
        let json = try findings(cli.json(["audit", card, "--json"]))
        let office = try #require(json.first { ($0["details"] as? [String: Any])?["ssid"] as? String == "Shotengai-Office" })
        #expect((office["details"] as? [String: Any])?["length"] as? Int == secret.count + "-office".count)
    }

    @Test func japaneseIsTheLocalesAndTheStatusesAreTheSame() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let card = cli.home.path("card.img")
        try Self.makeCard(card)
        let ja = try cli.run(["audit", card], environment: ["LANG": "ja_JP.UTF-8"])
        #expect(ja.status == 0, "\(ja.stderrText)")
        #expect(ja.stdoutText.contains("の安全点検: 指摘"), "\(ja.stdoutText)")
        #expect(ja.stdoutText.contains("危険度 高"))
        #expect(ja.stdoutText.contains("チェック項目: パスワードを初期設定のままにせず、変更する。"))
        #expect(ja.stdoutText.contains("SDカードを抜き取って"))
        #expect(ja.stdoutText.contains("カメラを不必要にインターネットに接続しない"))
        #expect(!ja.stdoutText.contains("What to do"))

        // JSON codes are the same in every language; advice in JSON is English with its code.
        let jsonJa = try cli.run(["audit", card, "--json"], environment: ["LANG": "ja_JP.UTF-8"])
        let jsonEn = try cli.run(["audit", card, "--json"])
        #expect(jsonJa.status == 0 && jsonEn.status == 0)
        let a = try findings(try #require(JSONSerialization.jsonObject(with: jsonJa.stdout) as? [String: Any]))
        let b = try findings(try #require(JSONSerialization.jsonObject(with: jsonEn.stdout) as? [String: Any]))
        #expect(a.map { "\($0["kind"] ?? "")|\($0["advice_code"] ?? "")|\($0["advice"] ?? "")" }
                == b.map { "\($0["kind"] ?? "")|\($0["advice_code"] ?? "")|\($0["advice"] ?? "")" })

        // Bad input: 2 in both languages, the error line in the chosen one.
        let missing = cli.home.path("no-such.img")
        let badJa = try cli.run(["audit", missing], environment: ["LANG": "ja_JP.UTF-8"])
        let badEn = try cli.run(["audit", missing])
        #expect(badJa.status == 2 && badEn.status == 2)
        #expect(badJa.stderrText.hasPrefix("sdcustody: エラー: "), "\(badJa.stderrText)")
        #expect(badEn.stderrText.hasPrefix("sdcustody: error: "))
        let zeros = cli.home.path("zeros.img")
        try Data(count: 1 << 20).write(to: URL(fileURLWithPath: zeros))
        #expect(try cli.run(["audit", zeros]).status == 2)
        #expect(try cli.run(["audit", card, "--no-such-flag"]).status == 2)

        // --help in both.
        let helpJa = try cli.run(["audit", "--help"], environment: ["LANG": "ja_JP.UTF-8"])
        #expect(helpJa.status == 0)
        #expect(helpJa.stdoutText.contains("パスワードは表示しません"), "\(helpJa.stdoutText)")
        let helpEn = try cli.run(["audit", "--help"])
        #expect(helpEn.stdoutText.contains("never shows a password"))
        #expect(helpEn.stdoutText.contains("--deleted"))
        #expect(try cli.run(["--help"]).stdoutText.contains("audit"))
    }

    /// The bundled sample cards hold footage only: nothing to report, and they stay as they were.
    @Test(.requires("the bundled sample images", available: !((try? CardImage.all()) ?? []).isEmpty))
    func theSampleCardsHaveNoFindings() throws {
        let cli = try CLI()
        defer { cli.remove() }
        for image in try CardImage.all() where !image.name.contains("/") {
            let before = try Fingerprint(image.path)
            let json = try cli.json(["audit", image.path, "--json", "--deleted"])
            #expect(try findings(json).isEmpty, "\(image)")
            #expect(try Fingerprint(image.path) == before, "\(image): the source changed")
        }
    }

    @Test func aCardWithNoneOfTheseHasNoFindings() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let card = cli.home.path("plain.img")
        try Self.makeCard(card, plain: true)
        let json = try cli.json(["audit", card, "--json", "--deleted"])
        #expect(try findings(json).isEmpty)
        #expect(json["complete"] as? Bool == true)
        let text = try cli.run(["audit", card])
        #expect(text.status == 0)
        #expect(text.stdoutText.contains("Nothing found"))
        let ja = try cli.run(["audit", card], environment: ["LANG": "ja_JP.UTF-8"])
        #expect(ja.status == 0)
        #expect(ja.stdoutText.contains("指摘はありません"))
    }
}
