import CardFileSystem
@testable import MediaTime
import Testing

/// ISO BMFF headers in true UTC beside a file name in the camera's wall clock (the bundled
/// fat32-mbr sample's `EVENT/240915_143027_001_FH.MP4`): the header is read as UTC and the start
/// is the local moment with its zone, so a window on the camera's clock finds the clip.
struct HeaderZoneTests {
    static func header(_ t: CardTimestamp, _ source: TimeSource = .mp4Mvhd) -> TimeEvidence {
        TimeEvidence(source: source, start: t, end: t.adding(seconds: 2), duration: 2, note: "mvhd v0, timescale 1000, camera local time")
    }

    @Test func aWholeNumberOfQuarterHoursIsTheZone() {
        let name = CardTimestamp(year: 2024, month: 9, day: 15, hour: 14, minute: 30, second: 27)
        #expect(RecordingTimeReader.utcZone(movieHeader: Self.header(CardTimestamp(year: 2024, month: 9, day: 15, hour: 5, minute: 30, second: 27)), nameStart: name) == 540)
        // A second apart (name and header written a moment apart) is still +09:00.
        #expect(RecordingTimeReader.utcZone(movieHeader: Self.header(CardTimestamp(year: 2024, month: 9, day: 15, hour: 5, minute: 30, second: 26)), nameStart: name) == 540)
        // India (+05:30) and Nepal (+05:45) are quarter hours too; the Americas are behind UTC.
        #expect(RecordingTimeReader.utcZone(movieHeader: Self.header(CardTimestamp(year: 2024, month: 9, day: 15, hour: 8, minute: 45, second: 27)), nameStart: name) == 345)
        #expect(RecordingTimeReader.utcZone(movieHeader: Self.header(CardTimestamp(year: 2024, month: 9, day: 15, hour: 19, minute: 30, second: 27)), nameStart: name) == -300)
    }

    @Test func anythingElseIsTheWallClockAsBefore() {
        let name = CardTimestamp(year: 2024, month: 9, day: 15, hour: 14, minute: 30, second: 27)
        for h in [CardTimestamp(year: 2024, month: 9, day: 15, hour: 14, minute: 30, second: 27),   // agrees
                  CardTimestamp(year: 2024, month: 9, day: 15, hour: 14, minute: 21, second: 0),    // a clock off by minutes
                  CardTimestamp(year: 2024, month: 9, day: 14, hour: 5, minute: 30, second: 27)] {  // more than 14 h
            #expect(RecordingTimeReader.utcZone(movieHeader: Self.header(h), nameStart: name) == nil)
        }
        // Only ISO BMFF header times, and only those without a zone of their own.
        #expect(RecordingTimeReader.utcZone(movieHeader: Self.header(CardTimestamp(year: 2024, month: 9, day: 15, hour: 5, minute: 30, second: 27), .aviIDIT), nameStart: name) == nil)
    }

    @Test func theRecordingTimeCarriesTheZone() {
        var findings = MediaFindings()
        findings.evidence = [Self.header(CardTimestamp(year: 2024, month: 9, day: 15, hour: 5, minute: 30, second: 27))]
        let r = RecordingTimeReader.combine(findings, fileName: "240915_143027_001_FH.MP4", folders: ["EVENT"], modified: nil)
        #expect(r.start?.iso == "2024-09-15T14:30:27+09:00")
        #expect(r.utcOffset == "+09:00")
        #expect(r.timeSource == .mp4Mvhd)
        #expect(r.evidence.first?.note.contains("read as UTC after all") == true)
    }
}
