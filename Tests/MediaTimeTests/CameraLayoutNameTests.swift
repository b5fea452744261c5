import CardFileSystem
@testable import MediaTime
import Testing
import TestSupport

/// Issue 11, item 7 (the layouts added in s4): Xiaomi, COWON, Sony SNC and Tuya, each from its
/// documented example, with near-misses that must not match.
struct CameraLayoutNameTests {
    typealias Row = NamePatternTests.Row
    static let tuyaEvent = ["DCIM", "CHAN0", "2022", "10", "14", "1665732067_0014"]

    static let rows: [Row] = [
        // Xiaomi/Mijia: MIJIA_RECORD_VIDEO/YYYYMMDDHH/MMmSSs_<Unix seconds>.mp4 (a card's file, as
        // public Xiaomi merge scripts list it: 1747065120 is 2025-05-12 15:52:00 UTC).
        Row("52M00S_1747065120.mp4", ["MIJIA_RECORD_VIDEO", "2025051223"], "xiaomi-MMmSSs_epoch", "2025-05-12T23:52:00"),
        Row("30m05s_1795177805.mp4", ["2026112021"], "xiaomi-MMmSSs_epoch", "2026-11-20T21:30:05"),
        Row("52M00S_1747065120.mp4", ["20250512"], nil),              // a day folder, not an hour folder
        Row("52M00S_1747065120.mp4", [], nil),                        // no folder at all
        Row("52M00S_1747065120.mp4", ["2025051224"], nil),            // hour 24
        Row("52M00S_1747065120.mp4", ["2025133023"], nil),            // month 13
        Row("60M00S_1747065120.mp4", ["2025051223"], nil),            // minute 60
        Row("52M00S_174706512.mp4", ["2025051223"], nil),             // nine digits of Unix time
        Row("52M00S_17470651200.mp4", ["2025051223"], nil),           // eleven
        Row("52M00_1747065120.mp4", ["2025051223"], nil),             // no S
        // COWON (AE1 and AW1 manuals): AUTOCAPSULE/Recordings/{Normal,Event}/yyyymmdd-hhmmss_KIND_Mn.
        Row("20130501-121010_NOR_D1.avi", ["AUTOCAPSULE", "Recordings", "Normal"], "cowon-yyyymmdd-hhmmss_KIND_Mn", "2013-05-01T12:10:10"),
        Row("20130501-121010_EVT_D1.avi", ["AUTOCAPSULE", "Recordings", "Event"], "cowon-yyyymmdd-hhmmss_KIND_Mn", "2013-05-01T12:10:10"),
        Row("20130501-121010_MOT_P1.avi", ["AUTOCAPSULE", "Recordings", "Normal"], "cowon-yyyymmdd-hhmmss_KIND_Mn", "2013-05-01T12:10:10"),
        Row("20130501-121010_IMG_C1.jpg", ["AUTOCAPSULE", "Images"], "cowon-yyyymmdd-hhmmss_KIND_Mn", "2013-05-01T12:10:10"),
        Row("20121109-230735_EVT_P.mp4", ["Recordings"], "cowon-yyyymmdd-hhmmss_KIND_Mn", "2012-11-09T23:07:35"),
        Row("20130501-121010_XYZ_D1.avi", [], nil),                   // no such kind
        Row("20130501-121010_NOR_Q1.avi", [], nil),                   // no such mode
        Row("20131301-121010_NOR_D1.avi", [], nil),                   // month 13
        Row("20130501-126010_NOR_D1.avi", [], nil),                   // minute 60
        // Sony SNC: the file name set in the camera, then the date & time suffix yymmddhhmmss + nn.
        Row("Alarm26112021300500.m4f", [], "sony-snc-name_yymmddhhmmssnn", "2026-11-20T21:30:05"),
        Row("26112021300501.jpf", ["261120_0001"], "sony-snc-name_yymmddhhmmssnn", "2026-11-20T21:30:05"),
        Row("cam-1_26112021300502.M4F", [], "sony-snc-name_yymmddhhmmssnn", "2026-11-20T21:30:05"),
        Row("Alarm26112021300500.mp4", [], nil),                      // not a Sony SNC extension
        Row("Alarm000000000100.m4f", [], nil),                        // the sequence-number suffix: no time
        Row("Alarm.m4f", [], nil),                                    // no suffix at all
        Row("Alarm26132021300500.m4f", [], nil),                      // month 13
        Row("ThirteenChars26112021300500.m4f", [], nil),              // a name longer than the camera allows
        // Tuya (IPC local storage documentation): DCIM/CHAN0/YYYY/MM/DD/<Unix time>_<seconds>/NNNN.media.
        Row("0000.media", tuyaEvent, "tuya-epoch_seconds", "2022-10-14T07:21:07Z", end: "2022-10-14T07:21:21Z", channel: "0"),
        Row("0010.media", tuyaEvent, "tuya-epoch_seconds", "2022-10-14T07:21:17Z", end: "2022-10-14T07:21:21Z", channel: "0"),
        Row("1665732067.jpg", tuyaEvent, "tuya-epoch_seconds", "2022-10-14T07:21:07Z", end: "2022-10-14T07:21:21Z", channel: "0"),
        Row("0020.media", tuyaEvent, nil),                            // starts after the event ends
        Row("0000.media", ["DCIM", "CHAN0", "2021", "10", "14", "1665732067_0014"], nil),  // date a year off
        Row("0000.media", ["DCIM", "CHAN0", "1665732067_0014"], nil),                      // no date folders
        Row("0000.media", ["DCIM", "CHAN0", "2022", "10", "14", "166573206_0014"], nil),   // nine digits
        Row("0000.media", ["DCIM", "CHAN0", "2022", "10", "14", "1665732067-0014"], nil),  // not an underscore
        Row("1665732068.jpg", tuyaEvent, nil),                        // not the event's own thumbnail
    ]

    @Test(arguments: rows)
    func row(_ row: Row) {
        let m = NamePatternTable.match(fileName: row.name, folders: row.folders)
        #expect(m?.patternID == row.pattern)
        #expect(m?.start.iso == row.start)
        #expect(m?.end?.iso == row.end)
        #expect(m?.channel == row.channel)
    }

    @Test func fieldsFitTheMatchersLanes() {
        // Two Int16 lanes per field in NameMatcher.spans (a SIMD32).
        #expect(NameField.allCases.count * 2 <= 32)
    }

    /// The Xiaomi name's Unix time against its local folder gives the camera's zone.
    @Test(arguments: [
        ("52M00S_1747065120.mp4", "2025051223", 480),       // China, UTC+08:00
        ("30m05s_1795177805.mp4", "2026112021", 540),       // Japan, UTC+09:00
        ("30m05s_1795224605.mp4", "2026112021", -240),      // UTC−04:00: the UTC day is the next one
    ] as [(String, String, Int)])
    func xiaomiZone(_ name: String, _ folder: String, _ zone: Int) {
        let m = NamePatternTable.match(fileName: name, folders: [folder])
        #expect(m?.utcOffsetMinutes == zone)
        #expect(m?.start.iso == "\(folder.prefix(4))-\(folder.dropFirst(4).prefix(2))-\(folder.dropFirst(6).prefix(2))T\(folder.suffix(2)):\(name.prefix(2)):\(name.dropFirst(3).prefix(2))")
    }

    @Test func zoneRounding() {
        let local = CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, minute: 30, second: 5)
        let s = local.wallClockSeconds
        #expect(NamePatternTable.zoneMinutes(local: local, utcSeconds: s - 9 * 3600) == 540)
        #expect(NamePatternTable.zoneMinutes(local: local, utcSeconds: s - 9 * 3600 - 30) == 540)     // half a minute of drift
        #expect(NamePatternTable.zoneMinutes(local: local, utcSeconds: s + 3 * 3600 + 1800) == -210)  // Newfoundland
        #expect(NamePatternTable.zoneMinutes(local: local, utcSeconds: s - 5 * 3600 - 2700) == 345)   // Nepal
        #expect(NamePatternTable.zoneMinutes(local: local, utcSeconds: s) == 0)
        #expect(NamePatternTable.zoneMinutes(local: local, utcSeconds: s - 14 * 3600) == 840)
        #expect(NamePatternTable.zoneMinutes(local: local, utcSeconds: s - 15 * 3600) == nil)         // no zone is +15
        #expect(NamePatternTable.zoneMinutes(local: local, utcSeconds: s - 9 * 3600 - 400) == nil)    // clocks 7 minutes apart
        #expect(NamePatternTable.zoneMinutes(local: local, utcSeconds: Int64.min) == nil)
        #expect(NamePatternTable.zoneMinutes(local: local, utcSeconds: Int64.max) == nil)
    }

    /// A name whose Unix time is a year away from its folder (as when the camera's clock was
    /// set after recording began): the local time stands, the zone is unknown and said so.
    @Test func xiaomiClocksThatDisagree() {
        let m = NamePatternTable.match(fileName: "30m05s_1763641805.mp4", folders: ["2026112021"])
        #expect(m?.start.iso == "2026-11-20T21:30:05")
        #expect(m?.utc?.iso == "2025-11-20T12:30:05Z")
        #expect(m?.utcOffsetMinutes == nil)
        let (r, _) = Media.read(Array("not media".utf8), name: "30m05s_1763641805.mp4", folders: ["2026112021"])
        #expect(r.utcOffsetMinutes == nil)
        #expect(r.evidence.contains { $0.note.contains("zone is unknown") })
    }

    /// Through the reader: the start is local, the zone is reported (`utc_offset` in JSON).
    @Test func xiaomiThroughTheReader() throws {
        let (r, _) = Media.read(Array("not media".utf8), name: "52M00S_1747065120.mp4", folders: ["MIJIA_RECORD_VIDEO", "2025051223"])
        #expect(r.timeSource == .fileName("xiaomi-MMmSSs_epoch"))
        #expect(r.start?.iso == "2025-05-12T23:52:00")
        #expect(r.utcOffsetMinutes == 480)
        #expect(r.utcOffset == "+08:00")
        #expect(r.evidence.contains { $0.note.contains("Unix time in the name: 2025-05-12T15:52:00Z") && $0.note.contains("UTC+08:00") })
        var west = RecordingTime(); west.utcOffsetMinutes = -210
        #expect(west.utcOffset == "-03:30")
    }

    /// Tuya: proprietary content, the time from the event folder's name.
    @Test func tuyaThroughTheReader() {
        let (r, _) = Media.read(Array(repeating: 0x5A, count: 600), name: "0010.media", folders: Self.tuyaEvent)
        #expect(r.timeSource == .folderName("tuya-epoch_seconds"))
        #expect(r.start?.iso == "2022-10-14T07:21:17Z")
        #expect(r.end?.iso == "2022-10-14T07:21:21Z")
        #expect(r.content == .proprietary)
    }

    /// Sony SNC without a time in its name: listed, layout said, time unknown.
    @Test func sonyWithoutTime() {
        let (r, _) = Media.read(Array(repeating: 0x5A, count: 600), name: "Alarm000000000100.m4f")
        #expect(r.timeSource == .unknown)
        #expect(r.content == .proprietary)
        #expect(r.unknownBecause.contains { $0.contains("Sony SNC") })
        let (t, _) = Media.read(Array(repeating: 0x5A, count: 600), name: "Alarm26112021300500.jpf")
        #expect(t.timeSource == .fileName("sony-snc-name_yymmddhhmmssnn"))
    }
}

/// Property test: names and folders made by mutating the s4 layouts' examples never crash the
/// table, and whatever matches gives a valid time, a zone within ±14 h, and a Tuya end after
/// its start.
struct CameraLayoutNameFuzzTests {
    static let seeds: [(String, [String])] = [
        ("52M00S_1747065120.mp4", ["MIJIA_RECORD_VIDEO", "2025051223"]),
        ("20130501-121010_NOR_D1.avi", ["AUTOCAPSULE", "Recordings", "Normal"]),
        ("Alarm26112021300500.m4f", ["261120_0001"]),
        ("0010.media", CameraLayoutNameTests.tuyaEvent),
        ("1665732067.jpg", CameraLayoutNameTests.tuyaEvent),
    ]
    static let alphabet = Array("0123456789_-.mMsSaA/\u{0663}é")

    static func mutate(_ s: String, _ rng: inout SplitMix64) -> String {
        var c = Array(s)
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let at = c.isEmpty ? 0 : Int.random(in: 0..<c.count, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: if !c.isEmpty { c.remove(at: at) }
            case 1: c.insert(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)], at: at)
            default: if !c.isEmpty { c[at] = alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
            }
        }
        return String(c)
    }

    @Test(arguments: 0..<3)
    func mutatedLayoutsStaySane(_ seed: Int) {
        var rng = SplitMix64(state: UInt64(seed) &+ 0x5EED_0004)
        var matched = 0
        for _ in 0..<3000 {
            let (name, folders) = Self.seeds[Int.random(in: 0..<Self.seeds.count, using: &rng)]
            var n = name, f = folders
            if Bool.random(using: &rng) { n = Self.mutate(n, &rng) }
            if !f.isEmpty, Bool.random(using: &rng) { let i = Int.random(in: 0..<f.count, using: &rng); f[i] = Self.mutate(f[i], &rng) }
            guard let m = NamePatternTable.match(fileName: n, folders: f) else { continue }
            matched += 1
            #expect(m.start.isValid)
            if let z = m.utcOffsetMinutes { #expect(abs(z) <= 14 * 60 && z % 15 == 0) }
            if let e = m.end { #expect(m.start <= e) }
        }
        #expect(matched > 300, "\(matched) of 3000 matched")
    }
}
