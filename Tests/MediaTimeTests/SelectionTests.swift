import CardFileSystem
@testable import MediaTime
import Testing

struct SelectionTests {
    static func t(_ s: String) -> CardTimestamp { .ts(s) }

    @Test(arguments: [
        ("+00:02:00", 120), ("-00:00:30", -30), ("00:00:00", 0), ("+25:00:01", 90_001), ("−01:00:00", -3600),
    ] as [(String, Int64)])
    func clockOffsetParses(_ text: String, _ seconds: Int64) {
        #expect(ClockOffset(parsing: text)?.seconds == seconds)
    }

    @Test(arguments: ["", "2:00", "+00:60:00", "+00:00:60", "+aa:00:00", "++00:00:01", "+00:00:00:00", "+000000:00:00", "1:2:3"])
    func clockOffsetRejects(_ text: String) {
        #expect(ClockOffset(parsing: text) == nil)
    }

    @Test func clockOffsetApplies() throws {
        // Camera 2 minutes fast: true time is 2 minutes earlier than the camera says.
        let o = try #require(ClockOffset(parsing: "+00:02:00"))
        #expect(o.trueTime(Self.t("2026-11-20T21:32:00")) == Self.t("2026-11-20T21:30:00"))
        #expect(o.cameraTime(Self.t("2026-11-20T21:30:00")) == Self.t("2026-11-20T21:32:00"))
        #expect(o.description == "+00:02:00")
        // Across midnight, keeping the zone.
        let z = CardTimestamp(year: 2026, month: 11, day: 21, hour: 0, minute: 1, utcOffsetMinutes: 60)
        let back = try #require(o.trueTime(z))
        #expect(back == CardTimestamp(year: 2026, month: 11, day: 20, hour: 23, minute: 59, utcOffsetMinutes: 60))
    }

    @Test func windowForms() throws {
        let a = try TimeWindow.parse(from: "2026-11-20T21:30", to: "2026-11-20 22:00:00")
        #expect(a.from == Self.t("2026-11-20T21:30:00"))
        #expect(a.to == Self.t("2026-11-20T22:00:00"))
        let b = try TimeWindow.parse(from: "21:30", to: "22:00:30", date: "2026-11-20")
        #expect(b.from == Self.t("2026-11-20T21:30:00"))
        #expect(b.to == Self.t("2026-11-20T22:00:30"))
        // A bare --to before --from runs past midnight.
        let c = try TimeWindow.parse(from: "23:30", to: "00:30", date: "2026-11-20")
        #expect(c.to == Self.t("2026-11-21T00:30:00"))
        let open = try TimeWindow.parse(from: nil, to: "2026-11-20T22:00")
        #expect(open.from == nil)
    }

    @Test(arguments: [
        ("21:30", nil, nil), ("2026-11-20T25:00", nil, nil), ("2026-13-20T21:00", nil, nil), ("yesterday", nil, nil),
        ("2026-11-20T21:30", "2026-11-20T21:00", nil), ("21:30", "22:00", "2026-11-31"), ("2026-11-20", nil, nil),
    ] as [(String, String?, String?)])
    func windowRejects(_ from: String, _ to: String?, _ date: String?) {
        #expect(throws: TimeWindow.ParseError.self) { try TimeWindow.parse(from: from, to: to, date: date) }
    }

    static func span(_ path: String, _ s: String, _ e: String?, still: Bool = false, channel: String? = nil, folder: String = "") -> RecordingSpan {
        RecordingSpan(path: path, folder: folder, start: t(s), end: e.map { t($0) }, isStill: still, channel: channel)
    }

    @Test func overlapSelection() throws {
        let w = try TimeWindow.parse(from: "2026-11-20T21:30", to: "2026-11-20T22:00")
        let spans = [
            Self.span("before", "2026-11-20T21:00:00", "2026-11-20T21:29:59"),
            Self.span("touches start", "2026-11-20T21:20:00", "2026-11-20T21:30:00"),
            Self.span("inside", "2026-11-20T21:40:00", "2026-11-20T21:45:00"),
            Self.span("covers", "2026-11-20T21:00:00", "2026-11-20T23:00:00"),
            Self.span("touches end", "2026-11-20T22:00:00", "2026-11-20T22:10:00"),
            Self.span("after", "2026-11-20T22:00:01", "2026-11-20T22:10:00"),
            Self.span("still inside", "2026-11-20T21:31:00", nil, still: true),
            Self.span("still before", "2026-11-20T21:29:00", "2026-11-20T21:35:00", still: true),
            Self.span("no end, inside", "2026-11-20T21:50:00", nil),
        ]
        let picked = RecordingSelection.select(spans, in: w).map(\.path)
        #expect(picked == ["touches start", "inside", "covers", "touches end", "still inside", "no end, inside"])
    }

    /// --from/--to mean true time: a camera 10 minutes slow recorded 21:25 camera time at 21:35.
    @Test func selectionUsesCorrectedTime() throws {
        var rec = RecordingTime(start: Self.t("2026-11-20T21:25:00"), end: Self.t("2026-11-20T21:28:00"), duration: 180, timeSource: .mp4Mvhd)
        rec.channel = "F"
        let offset = try #require(ClockOffset(parsing: "-00:10:00"))
        let span = try #require(RecordingSpan(path: "a.mp4", folder: "DCIM", recording: rec, offset: offset))
        #expect(span.cameraStart == Self.t("2026-11-20T21:25:00"))
        #expect(span.start == Self.t("2026-11-20T21:35:00"))
        #expect(span.end == Self.t("2026-11-20T21:38:00"))
        let w = try TimeWindow.parse(from: "2026-11-20T21:30", to: "2026-11-20T22:00")
        #expect(RecordingSelection.overlaps(span, w))
        #expect(!RecordingSelection.overlaps(try #require(RecordingSpan(path: "a.mp4", folder: "DCIM", recording: rec)), w))
    }

    @Test func channelGroups() {
        let spans = [
            Self.span("F1", "2026-11-20T21:30:00", "2026-11-20T21:33:00", channel: "F"),
            Self.span("R1", "2026-11-20T21:30:01", "2026-11-20T21:33:01", channel: "R"),
            Self.span("I1", "2026-11-20T21:30:02", "2026-11-20T21:33:02", channel: "I"),
            Self.span("F2", "2026-11-20T21:33:00", "2026-11-20T21:36:00", channel: "F"),
            Self.span("R2", "2026-11-20T21:33:01", "2026-11-20T21:36:00", channel: "R"),
            Self.span("F3", "2026-11-20T21:33:01", "2026-11-20T21:36:00", channel: "F"),   // same channel twice
            Self.span("cam2", "2026-11-20T21:36:00", "2026-11-20T21:39:00", folder: "CH2"),
            Self.span("cam1", "2026-11-20T21:36:01", "2026-11-20T21:39:00", folder: "CH1"),
            Self.span("late", "2026-11-20T21:36:05", "2026-11-20T21:39:00", folder: "CH3"),
        ]
        let groups = ChannelGrouping.group(spans)
        #expect(groups.map { $0.members.map(\.path) } == [["F1", "R1", "I1"], ["F2", "R2"], ["F3"], ["cam2", "cam1"], ["late"]])
        #expect(groups[0].channels == ["F", "R", "I"])
    }

    @Test func gaps() throws {
        let w = try TimeWindow.parse(from: "2026-11-20T21:30", to: "2026-11-20T22:00")
        let spans = [
            Self.span("a", "2026-11-20T21:25:00", "2026-11-20T21:35:00"),
            Self.span("b", "2026-11-20T21:35:01", "2026-11-20T21:40:00"),
            Self.span("c", "2026-11-20T21:38:00", "2026-11-20T21:45:00"),
            Self.span("still", "2026-11-20T21:50:00", nil, still: true),
            Self.span("d", "2026-11-20T21:55:00", "2026-11-20T21:58:00"),
        ]
        let all = CoverageGaps.gaps(in: w, spans: spans)
        #expect(all.map { "\($0.from.iso)-\($0.to.iso)" } == [
            "2026-11-20T21:35:00-2026-11-20T21:35:01",
            "2026-11-20T21:45:00-2026-11-20T21:55:00",
            "2026-11-20T21:58:00-2026-11-20T22:00:00",
        ])
        let big = CoverageGaps.gaps(in: w, spans: spans, minimum: 2)
        #expect(big.count == 2)
        #expect(big[0].seconds == 600)
        #expect(CoverageGaps.gaps(in: w, spans: []).map(\.seconds) == [1800])
    }

    @Test func jsonShape() throws {
        let (r, _) = Media.read(Build.mp4(creation: Build.mp4Time(2026, 11, 20, 21, 30, 0)), name: "a.mp4")
        let data = try JSONEncoderShim.encode(r)
        #expect(data.contains("\"start\":\"2026-11-20T21:30:00\""))
        #expect(data.contains("\"end\":\"2026-11-20T21:30:10\""))
        #expect(data.contains("\"time_source\":\"mp4_mvhd\""))
    }
}

import Foundation
enum JSONEncoderShim {
    static func encode<T: Encodable>(_ v: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(v), as: UTF8.self)
    }
}
