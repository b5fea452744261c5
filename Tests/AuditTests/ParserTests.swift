import Foundation
import Testing
import TestSupport
@testable import Audit

/// The settings parsers and the rules over them, on files written here.
@Suite struct ParserTests {
    static func findings(_ text: String, json: Bool = false) -> [AuditFinding] {
        let buffer = WipedBuffer(Array(text.utf8))
        return CardAuditor.settingsFindings(path: "f", deleted: false, bytes: buffer.bytes, json: json)
    }

    static let blackVue = """
        [TimeSet]
        TimeSet=0
        TimeZone=9
        Daylight=0
        [Wifi]
        ap_ssid=BlackVue750S-5D2A1C
        ap_pw=blackvue
        onstart=1
        [Cloud]
        sta_ssid=Shotengai-Office
        sta_pw=secret-office-1
        sta2_ssid=Home-Net
        sta2_pw=5f4dcc3b5aa765d61d8327deb882cf99
        sta3_ssid=
        sta3_pw=

        """

    @Test func blackVueConfigGivesEachNetworkAndTheDefault() throws {
        let buffer = WipedBuffer(Array(Self.blackVue.utf8))
        let pairs = LineConfigParser.pairs(in: buffer.bytes)
        #expect(pairs.map(\.key) == ["timeset", "timezone", "daylight", "ap_ssid", "ap_pw", "onstart",
                                     "sta_ssid", "sta_pw", "sta2_ssid", "sta2_pw", "sta3_ssid", "sta3_pw"])
        #expect(pairs.first { $0.key == "ap_pw" }?.section == "wifi")

        let found = Self.findings(Self.blackVue)
        let wifi = found.filter { $0.kind == .wifiCredentials }
        #expect(wifi.count == 3, "\(found)")
        let ap = try #require(wifi.first { $0.text("ssid") == "BlackVue750S-5D2A1C" })
        #expect(ap.text("role") == "access_point")
        #expect(ap.text("secret") == "clear_text")
        #expect(ap.text("length") == "8")
        #expect(ap.fact("known_default") == .bool(true))
        let office = try #require(wifi.first { $0.text("ssid") == "Shotengai-Office" })
        #expect(office.text("role") == "joined_network")
        #expect(office.checklist == .noNeedlessInternet)
        #expect(office.fact("known_default") == .bool(false))
        let home = try #require(wifi.first { $0.text("ssid") == "Home-Net" })
        #expect(home.text("secret") == "hashed")
        #expect(home.severity == .medium)

        let defaults = found.filter { $0.kind == .defaultPassword }
        #expect(defaults.count == 1)
        #expect(defaults.first?.text("key") == "ap_pw")
        #expect(defaults.first?.checklist == .changeDefaultPassword)
        #expect(found.contains { $0.kind == .wirelessDownload && $0.text("key") == "onstart" })
        #expect(!found.contains { $0.kind == .cloudService })
        let cloud = Self.findings("[Cloud]\nCloudService=1\nsta_ssid=\n")
        #expect(cloud.map(\.kind) == [.cloudService])
        #expect(cloud.first?.checklist == .noNeedlessInternet)
        #expect(cloud.first?.text("key") == "CloudService")
        let zone = try #require(found.first { $0.kind == .timeZone })
        #expect(zone.text("utc_offset") == "+09:00")
        #expect(zone.fact("summer_time") == .bool(false))
        #expect(zone.advice == .readTimesInZone)
    }

    @Test func wpaSupplicantNetworksAreJoinedAndTheirKeysClassified() {
        let text = """
            ctrl_interface=/var/run/wpa_supplicant
            network={
                ssid="Shop-Backroom"
                psk="clear words here"
                key_mgmt=WPA-PSK
            }
            network={
                ssid="Open-Cafe"
                psk=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            }
            network={
                mode=2
                ssid="cam-ap"
                psk="12345678"
            }
            """
        let wifi = Self.findings(text).filter { $0.kind == .wifiCredentials }
        #expect(wifi.map { $0.text("ssid") } == ["Shop-Backroom", "Open-Cafe", "cam-ap"])
        #expect(wifi.map { $0.text("role") } == ["joined_network", "joined_network", "access_point"])
        #expect(wifi.map { $0.text("secret") } == ["clear_text", "hashed", "clear_text"])
        #expect(Self.findings(text).filter { $0.kind == .defaultPassword }.count == 1)
        #expect(!Self.findings(text).contains { $0.text("key") == "key_mgmt" })
    }

    @Test func jsonAndYamlPairsKeepTheirObjects() {
        let json = #"{"wifi": {"ssid": "CAM-AP-03", "password": "admin", "enable": true}, "list": [1, {"a": "b"}], "rtsp_enable": 1}"#
        let found = Self.findings(json, json: true)
        #expect(found.contains { $0.kind == .wifiCredentials && $0.text("ssid") == "CAM-AP-03" })
        #expect(found.contains { $0.kind == .defaultPassword })
        #expect(found.contains { $0.kind == .wirelessDownload })
        #expect(found.contains { $0.kind == .serverFunction && $0.text("server") == "rtsp" })

        let yaml = """
            network:
              wifi:
                ssid: Street-Cam-North
                password: "long yaml secret"
              other: x
            networks:
              - ssid: A
                password: ""
              - ssid: B
                psk: 888888
            """
        let wifi = Self.findings(yaml).filter { $0.kind == .wifiCredentials }
        #expect(wifi.map { $0.text("ssid") } == ["Street-Cam-North", "A", "B"])
        #expect(wifi.map { $0.text("secret") } == ["clear_text", "empty", "clear_text"])
        #expect(Self.findings(yaml).filter { $0.kind == .defaultPassword }.count == 2)
    }

    @Test(arguments: [("9", 540), ("540", 540), ("+9", 540), ("GMT+9", 540), ("UTC+09:00", 540), ("+0900", 540),
                      ("JST-9", 540), ("Asia/Tokyo", 540), ("-5", -300), ("GMT", 0), ("CST6", -360), ("99999", nil), ("x", nil)]
          as [(String, Int?)])
    func zoneOffsets(text: String, minutes: Int?) {
        let buffer = WipedBuffer(Array(text.utf8))
        #expect(ZoneOffset.minutes(buffer.bytes, 0..<buffer.count) == minutes, "\(text)")
    }

    @Test func theBufferIsZeroedWhenWiped() {
        let buffer = WipedBuffer(Array("ap_pw=secret".utf8))
        let base = buffer.bytes.baseAddress
        buffer.wipe()
        #expect(buffer.count == 0)
        if let base { #expect(UnsafeRawBufferPointer(start: base, count: 12).allSatisfy { $0 == 0 }) }
    }

    /// Random bytes and random mixtures of settings syntax: the parsers never crash, every range
    /// they return lies in the buffer, and they stay within their caps.
    @Test func randomBytesNeverCrashAndStayBounded() {
        var rng = SplitMix64(seed: 0x5EC0_2026)
        let pieces = ["[", "]", "=", ":", " ", "\n", "{", "}", "\"", "'", "-", "ssid", "pw", "psk", "password", "network={",
                      "onstart=1", "\\", ",", "[Wifi]", "  ", "#", "true", "TimeZone=9"]
        for round in 0..<400 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = rng.bytes(Int(rng.next() % 2048))
            } else {
                bytes = []
                for _ in 0..<Int(rng.next() % 300) { bytes += Array(pieces[Int(rng.next() % UInt64(pieces.count))].utf8) }
            }
            let buffer = WipedBuffer(bytes)
            for pairs in [LineConfigParser.pairs(in: buffer.bytes), JSONPairScanner.pairs(in: buffer.bytes)] {
                #expect(pairs.count <= ParseLimits.maxPairs)
                for p in pairs { #expect(p.value.lowerBound >= 0 && p.value.upperBound <= buffer.count, "round \(round)") }
            }
            for json in [false, true] {
                _ = CardAuditor.settingsFindings(path: "r", deleted: false, bytes: buffer.bytes, json: json)
            }
            _ = FirmwareCheck.findings(path: "v", deleted: false, bytes: buffer.bytes)
            _ = ScriptCheck.finding(path: "s", deleted: false, size: UInt64(bytes.count), bytes: buffer.bytes)
        }
    }

    /// Deep nesting and very long lines are cut off, not followed.
    @Test func hostileShapesAreCapped() {
        let deep = WipedBuffer(Array((String(repeating: "{\"a\":", count: 10_000) + "\"x\"").utf8))
        #expect(JSONPairScanner.pairs(in: deep.bytes).isEmpty)
        let long = WipedBuffer(Array(("ap_pw=" + String(repeating: "x", count: 10_000) + "\nap_ssid=n\n").utf8))
        #expect(LineConfigParser.pairs(in: long.bytes).map(\.key) == ["ap_ssid"])
        let many = WipedBuffer(Array(String(repeating: "a=b\n", count: 20_000).utf8))
        #expect(LineConfigParser.pairs(in: many.bytes).count <= ParseLimits.maxPairs)
    }
}

@Suite struct FileRoleTests {
    @Test func jsonIsToldFromINIByHowItStarts() {
        func json(_ name: String, _ text: String) -> Bool {
            let b = WipedBuffer(Array(text.utf8))
            return FileRoles.looksLikeJSON(name, b.bytes)
        }
        #expect(!json("config.ini", "[TimeSet]\nTimeZone=9\n"))
        #expect(json("config.ini", "  {\"a\": 1}"))
        #expect(json("list", "[ {\"a\": 1} ]"))
        #expect(json("x.json", "[Wifi]"))
        #expect(!json("x.conf", ""))
    }
}

/// The library's side of issue 16's rule: no fact of any finding holds a secret's bytes, whatever
/// syntax the secret was written in.
@Suite struct SecretTests {
    @Test func noFactHoldsTheSecret() {
        let secret = "Qv7-unique-44-marker"
        let files: [(String, Bool)] = [
            ("[Wifi]\nap_ssid=cam\nap_pw=\(secret)\n[Cloud]\nsta_ssid=office\nsta_pw=\(secret)\nadmin_password=\(secret)\n", false),
            ("network={\n ssid=\"x\"\n psk=\"\(secret)\"\n}\n", false),
            ("wifi:\n  ssid: y\n  password: '\(secret)'\n", false),
            ("{\"ssid\": \"z\", \"wpa_key\": \"\(secret)\", \"token\": \"\(secret)\"}", true),
            ("password=\(secret)\n", false),
        ]
        // Version files are shown as their first line only where they hold no settings.
        for text in ["{\"version\": \"1\", \"admin_pw\": \"\(secret)\"}", "admin_pw=\(secret)\n", "\u{1}pw: \(secret)\u{0}"] {
            let buffer = WipedBuffer(Array(text.utf8))
            for f in FirmwareCheck.findings(path: "version.json", deleted: false, bytes: buffer.bytes) {
                for fact in f.facts { #expect(f.text(fact.name)?.contains(secret) != true, "\(text)") }
            }
        }
        var total = 0
        for (text, json) in files {
            let buffer = WipedBuffer(Array(text.utf8))
            let found = CardAuditor.settingsFindings(path: "p", deleted: false, bytes: buffer.bytes, json: json)
            total += found.count
            #expect(!found.isEmpty, "\(text)")
            for f in found {
                for fact in f.facts { #expect(f.text(fact.name)?.contains(secret) != true, "\(fact.name) of \(f.kind)") }
                #expect(!f.path.contains(secret))
            }
        }
        #expect(total >= 7)
    }
}

/// The fuzz corpus (Tests/Corpus/FuzzAuditSettings), replayed as an ordinary test: every seed
/// and every crash libFuzzer ever saved there runs through the readers without trapping.
@Suite struct AuditCorpusTests {
    @Test func everyCorpusFileRuns() throws {
        let dir = TestEnvironment.packageRoot.appendingPathComponent("Tests/Corpus/FuzzAuditSettings")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names.count >= 4)
        for name in names {
            let data = try Data(contentsOf: dir.appendingPathComponent(name))
            AuditFuzzing.exerciseSettings([UInt8](data))
        }
    }
}
