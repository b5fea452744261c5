import CardFileSystem
@testable import MediaTime
import Testing

/// One row per camera pattern, and near-misses that must not match.
struct NamePatternTests {
    struct Row: CustomStringConvertible, Sendable {
        let name: String
        let folders: [String]
        let pattern: String?
        let start: String?
        let end: String?
        let channel: String?
        var description: String { (folders + [name]).joined(separator: "/") }
        init(_ name: String, _ folders: [String] = [], _ pattern: String?, _ start: String? = nil, end: String? = nil, channel: String? = nil) {
            self.name = name; self.folders = folders; self.pattern = pattern; self.start = start; self.end = end; self.channel = channel
        }
    }

    static let rows: [Row] = [
        // The issue's patterns.
        Row("20261120_213000.mp4", [], "yyyymmdd_hhmmss", "2026-11-20T21:30:00"),
        Row("2026_1120_213000_001F.MP4", [], "yyyy_mmdd_hhmmss_nnnC", "2026-11-20T21:30:00", channel: "F"),
        Row("2026_1120_213002_001R.MP4", [], "yyyy_mmdd_hhmmss_nnnC", "2026-11-20T21:30:02", channel: "R"),
        Row("REC_261120-213000.ts", [], "prefix_yymmdd-hhmmss", "2026-11-20T21:30:00"),
        Row("240915_143027_001_FH.MP4", [], "yymmdd_hhmmss_nnn_CC", "2024-09-15T14:30:27", channel: "FH"),
        Row("20261120213000-20261120214000.mov", [], "yyyymmddhhmmss-yyyymmddhhmmss", "2026-11-20T21:30:00", end: "2026-11-20T21:40:00"),
        Row("21.30.00-21.40.00[R][0@0][0].dav", ["2026-11-20", "001", "dav", "21"], "hh.mm.ss-hh.mm.ss[dav]", "2026-11-20T21:30:00", end: "2026-11-20T21:40:00"),
        Row("23.55.00-00.05.00[M][0@0][0].dav", ["2026-11-20", "001", "dav", "23"], "hh.mm.ss-hh.mm.ss[dav]", "2026-11-20T23:55:00", end: "2026-11-21T00:05:00"),
        // Variants real cameras write.
        Row("VID_20261120_213000.mp4", [], "yyyymmdd_hhmmss", "2026-11-20T21:30:00"),
        Row("20261120_213000_NF.mp4", [], "yyyymmdd_hhmmss", "2026-11-20T21:30:00", channel: "F"),
        Row("20261120_213000_NR.mp4", [], "yyyymmdd_hhmmss", "2026-11-20T21:30:00", channel: "R"),
        Row("ch01_20261120213000.mp4", [], "yyyymmddhhmmss", "2026-11-20T21:30:00", channel: "CH01"),
        Row("2026-11-20_21-30-00.mp4", [], "yyyy-mm-dd_hh-mm-ss", "2026-11-20T21:30:00"),
        Row("2026_1120_213000.MOV", [], "yyyy_mmdd_hhmmss_nnnC", "2026-11-20T21:30:00"),
        // Issue 11, item 7: each from its documented example (reolink_aio's parser; the HomeHawk manual).
        Row("RecS02_DST20230426_145918_150032_2B14808_32F1DF.mp4", ["Mp4Record", "2023-04-26"], "reolink-dst", "2023-04-26T14:59:18", end: "2023-04-26T15:00:32"),
        Row("RecM01_20201222_075939_080140_6D28808_1A468F9.mp4", ["Mp4Record", "2020-12-22"], "reolink", "2020-12-22T07:59:39", end: "2020-12-22T08:01:40"),
        Row("1M123455.mp4", ["20261120"], "homehawk-1Thhmmss", "2026-11-20T12:34:55"),
        Row("21.40.00-21.50.00[M][0@0][0].dav_", ["2026-11-20", "001", "dav", "21"], "hh.mm.ss-hh.mm.ss[dav]", "2026-11-20T21:40:00"),
        Row("1M123455.mp4", [], nil),                         // HomeHawk without its date folder
        Row("RecS02_DST20231326_145918_150032_2B14808_32F1DF.mp4", [], nil),  // month 13
        // Near-misses: look like times, are not.
        Row("20261320_213000.mp4", [], nil),                  // month 13
        Row("20261131_213000.mp4", [], nil),                  // 31 November
        Row("20261120_256000.mp4", [], nil),                  // hour 25
        Row("20261120_216000.mp4", [], nil),                  // minute 60
        Row("12345678_213000.mp4", [], nil),                  // 8 digits, not a date
        Row("IMG_12345678.jpg", [], nil),                     // 8 digits, no time
        Row("DSC_20261120.jpg", [], nil),                     // date without time
        Row("MOVI0001.AVI", [], nil),
        Row("2026_1120_213000_001X.MP4", [], nil),            // unknown channel letter
        Row("REC_261320-213000.ts", [], nil),                 // month 13
        Row("21.30.00-21.40.00[R][0@0][0].dav", ["dav", "21"], nil),  // no date folder
        Row("21.61.00-21.40.00[R][0@0][0].dav", ["2026-11-20", "21"], nil),
        Row("20261120213000-20261120212000.mov", [], nil),     // ends before it starts
        Row("0000_0000_000000_001F.MP4", [], nil),
        Row("19691231_235959.mp4", [], nil),                   // before any camera
        Row("x20261120_213000.mp4extra", [], nil),
        Row("201611201_213000.mp4", [], nil),                  // 9 digits
    ]

    @Test func tableCompiles() {
        #expect(NamePatternTable.allCompile)
        // Every pattern's own example matches it.
        for p in NamePatternTable.patterns {
            let parts = p.example.split(separator: "/").map(String.init)
            let m = NamePatternTable.match(fileName: parts.last ?? "", folders: Array(parts.dropLast()))
            #expect(m?.patternID == p.id, "\(p.example)")
        }
    }

    @Test(arguments: rows)
    func row(_ row: Row) {
        let m = NamePatternTable.match(fileName: row.name, folders: row.folders)
        #expect(m?.patternID == row.pattern)
        #expect(m?.start.iso == row.start)
        #expect(m?.end?.iso == row.end)
        #expect(m?.channel == row.channel)
    }

    @Test(arguments: [
        (["DCIM", "20261120", "21"], "yyyymmdd/hh", "2026-11-20T21:00:00"),
        (["record", "2026-11-20"], "yyyy-mm-dd", "2026-11-20T00:00:00"),
        (["2026_11_20", "001", "dav", "07"], "yyyy-mm-dd/hh", "2026-11-20T07:00:00"),
        (["20261320", "21"], nil, nil),
        (["DCIM", "100MEDIA"], nil, nil),
        (["20261120", "24"], "yyyymmdd", "2026-11-20T00:00:00"),   // hour 24 is no hour
    ] as [([String], String?, String?)])
    func folders(_ folders: [String], _ id: String?, _ start: String?) {
        let f = NamePatternTable.folderTime(folders)
        #expect(f?.patternID == id)
        #expect(f?.start.iso == start)
    }

    /// Through the reader: the name is used when the media says nothing.
    @Test func nameOutranksFilesystemButNotMedia() {
        let modified = CardTimestamp(year: 2026, month: 11, day: 21, hour: 8)
        let (r, _) = Media.read(Array("not a media file".utf8), name: "2026_1120_213000_001F.MP4", modified: modified)
        #expect(r.timeSource == .fileName("yyyy_mmdd_hhmmss_nnnC"))
        #expect(r.channel == "F")
        #expect(r.evidence.contains { $0.source == .filesystemModified })
        let (r2, _) = Media.read(Array("xx".utf8), name: "clip.bin", folders: ["20261120", "21"],
                                 modified: CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, minute: 40))
        // Folder and modify time agree: the modify time is the finer one.
        #expect(r2.timeSource == .filesystemModified)
        let (r3, _) = Media.read(Array("xx".utf8), name: "clip.bin", folders: ["20261120", "21"], modified: modified)
        #expect(r3.timeSource == .folderName("yyyymmdd/hh"))
        #expect(r3.start == CardTimestamp(year: 2026, month: 11, day: 20, hour: 21))
    }
}
