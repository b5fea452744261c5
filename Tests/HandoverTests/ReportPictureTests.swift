import Custody
import Foundation
import HandoverReport
import Testing
import TestSupport

/// The report's pictures: the coverage timeline's time arithmetic, the QR code, and the page's
/// escaping, languages and key-frame slots.
@Suite struct ReportPictureTests {
    /// Property: the timeline's own date arithmetic agrees with Foundation's for random times.
    @Test func timelineSecondsAgreeWithFoundation() throws {
        var rng = SplitMix64(seed: 14)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for _ in 0..<2000 {
            let t = Int64(rng.next() % 8_000_000_000) - 2_000_000_000
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(t)))
            guard let y = c.year, y >= 1000, y <= 9999 else { continue }
            let text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", y, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
            #expect(CoverageTimeline.seconds(text) == t, "\(text)")
        }
    }

    /// Fuzz: random and truncated times are refused, never a crash.
    @Test func timelineSecondsRefuseGarbage() {
        var rng = SplitMix64(seed: 0x5449)
        let alphabet = Array("0123456789-T: .Z+x")
        for _ in 0..<3000 {
            let n = Int(rng.next() % 30)
            let s = String((0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            _ = CoverageTimeline.seconds(s)
        }
        #expect(CoverageTimeline.seconds("2026-13-01T00:00:00") == nil)
        #expect(CoverageTimeline.seconds("2026-11-20T21:31") == nil)
        #expect(CoverageTimeline.seconds("2026-11-20 21:31:00.5+09:00") == CoverageTimeline.seconds("2026-11-20T21:31:00"))
    }

    static func file(_ start: String?, _ end: String?) -> HandoverRecord.File {
        .init(path: "data/card/x.mp4", size: 1, sha256: nil, start: start, end: end, correctedStart: nil, correctedEnd: nil, timeSource: nil)
    }

    @Test func theTimelineDrawsRecordedGapsOutsideAndBothWindows() throws {
        let files = [Self.file("2026-11-20T21:20:00", "2026-11-20T21:30:00"), Self.file("2026-11-20T21:35:00", "2026-11-20T21:40:00")]
        let svg = try #require(CoverageTimeline.svg(files: files, requested: .init(from: "2026-11-20T21:25:00", to: "2026-11-20T21:45:00"),
                                                    delivered: .init(from: "2026-11-20T21:25:00", to: "2026-11-20T21:40:00"), camera: "CAM <1>"))
        #expect(svg.contains("#2e9d4f"))      // recorded inside the request
        #expect(svg.contains("#9aa0a6"))      // outside the request (21:20–21:25)
        #expect(svg.contains("url(#gap)"))    // the request's gaps
        #expect(svg.contains("stroke-dasharray"))  // the window asked for
        #expect(svg.contains("CAM &lt;1&gt;"))
        #expect(svg.contains(">21:25:00<") && svg.contains(">21:45:00<"))
        #expect(CoverageTimeline.svg(files: [Self.file(nil, nil)], requested: .init(from: nil, to: nil), delivered: .init(from: nil, to: nil), camera: "c") == nil)
    }

    @Test func theQRCodeIsASquareOfModulesWithTheFinderPatterns() throws {
        let rows = try #require(QRCodeSVG.modules("sdcustody-handover/1 H2026-001\nmanifest-sha256: " + String(repeating: "ab", count: 32)))
        #expect((rows.count - 17) % 4 == 0)
        #expect(rows.allSatisfy { $0.count == rows.count })
        // The top-left finder pattern: a dark 7×7 ring.
        #expect(rows[0].prefix(7).allSatisfy { $0 } && rows[6].prefix(7).allSatisfy { $0 })
        #expect(!rows[1][1] && rows[2][2])
        #expect(QRCodeSVG.modules(String(repeating: "x", count: 4000)) == nil)
        let svg = try #require(QRCodeSVG.svg("hello"))
        #expect(svg.hasPrefix("<svg") && svg.contains("<rect x="))
    }

    @Test func thePageEscapesValuesAndFollowsTheLanguage() throws {
        let url = TestEnvironment.packageRoot.appendingPathComponent("Tests/RecordsTests/Golden/handover.json")
        var record = try HandoverRecord.read(Array(try Data(contentsOf: url)))
        record.request.requester = "<script>alert(1)</script>"
        let frames = KeyFramesFromClosure { path in
            path.hasSuffix(".mp4") ? [KeyFrame(label: "first 21:31:00", jpeg: [0xFF, 0xD8, 0xFF, 0xD9])] : []
        }
        let ja = HandoverReportPage(record: record, language: .ja, keyFrames: frames).html()
        #expect(!ja.contains("<script>"))
        #expect(ja.contains("&lt;script&gt;"))
        #expect(ja.contains("依頼機関・部署") && ja.contains("Requesting agency and unit"))
        #expect(ja.contains("data:image/jpeg;base64,/9j/2Q=="))
        #expect(ja.contains("代表画面：ありません"))    // the .ts and .avi clips have none
        let bagInfo = try #require(record.bag.bagInfoSHA256)
        #expect(ja.contains("@page") && ja.contains("counter(pages)") && ja.contains(bagInfo))
        // Self-contained: nothing is fetched.
        for fetch in ["src=\"http", "href=\"http", "url(http", "<link", "<script", "@import"] { #expect(!ja.contains(fetch), "\(fetch)") }
        let en = HandoverReportPage(record: record, language: .en).html()
        #expect(en.contains("Requesting agency and unit"))
        #expect(!en.contains("依頼機関"))
        #expect(en.contains("key frames: not available"))
        #expect(en.contains("<html lang=\"en\">"))
    }

    /// Issue 16: the audit's findings as a section, in the city's words, never with a secret.
    @Test func theFindingsSectionUsesTheChecklistsWords() throws {
        let url = TestEnvironment.packageRoot.appendingPathComponent("Tests/RecordsTests/Golden/handover.json")
        var record = try HandoverRecord.read(Array(try Data(contentsOf: url)))
        record.securityFindings = [.init(path: "Config/config.ini", deleted: false, kind: "default_password", severity: "high",
                                         checklist: "change_default_password", adviceCode: "change_default_password")]
        let ja = HandoverReportPage(record: record, language: .ja).html()
        #expect(ja.contains(Localizer(.ja).text(MessageKey("audit.advice.change_default_password"))))
        #expect(ja.contains(Localizer(.ja).text(MessageKey("audit.severity.high"))))
        #expect(ja.contains("Config/config.ini"))
        let en = HandoverReportPage(record: record, language: .en).html()
        let checklist = Localizer(.en).text(MessageKey("audit.checklist.change_default_password"))
            .replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "'", with: "&#39;").replacingOccurrences(of: "\"", with: "&quot;")
        #expect(en.contains(checklist))
        record.securityFindings = nil
        #expect(HandoverReportPage(record: record, language: .en).html().contains("The card was not audited"))
    }
}
