import CardFileSystem
import Foundation
@testable import MediaTime
import TestSupport
import Testing

/// JPEGs made with ffmpeg and stamped with exiftool: our fields must equal exiftool's.
@Suite(.requires("ffmpeg", "exiftool"))
struct StillTests {
    struct Stamp: CustomStringConvertible, Sendable {
        let label: String
        let args: [String]
        let start: CardTimestamp?
        let source: TimeSource
        var description: String { label }
    }

    static let stamps: [Stamp] = [
        Stamp(label: "full", args: ["-DateTimeOriginal=2026:11:20 21:30:15", "-SubSecTimeOriginal=123", "-OffsetTimeOriginal=+01:00",
                                    "-GPSDateStamp=2026:11:20", "-GPSTimeStamp=20:30:15.5", "-Make=Acme", "-Model=Doorcam 2", "-Orientation#=6"],
              start: CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, minute: 30, second: 15, nanosecond: 123_000_000, utcOffsetMinutes: 60),
              source: .exifDateTimeOriginal),
        Stamp(label: "plain", args: ["-DateTimeOriginal=2026:11:20 21:31:00", "-Make=Acme"],
              start: CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, minute: 31, second: 0), source: .exifDateTimeOriginal),
        Stamp(label: "gps only", args: ["-GPSDateStamp=2026:11:20", "-GPSTimeStamp=20:45:01", "-Model=X"],
              start: CardTimestamp(year: 2026, month: 11, day: 20, hour: 20, minute: 45, second: 1, utcOffsetMinutes: 0), source: .exifGPS),
        Stamp(label: "west zone", args: ["-DateTimeOriginal=2026:01:02 03:04:05", "-OffsetTimeOriginal=-05:30", "-SubSecTimeOriginal=5"],
              start: CardTimestamp(year: 2026, month: 1, day: 2, hour: 3, minute: 4, second: 5, nanosecond: 500_000_000, utcOffsetMinutes: -330),
              source: .exifDateTimeOriginal),
        Stamp(label: "no exif", args: [], start: nil, source: .unknown),
    ]

    @Test(arguments: stamps)
    func stampedStill(_ stamp: Stamp) throws {
        let dir = try TemporaryDirectory("mediatime-still")
        defer { dir.remove() }
        let path = dir.path("still.jpg")
        let thumb = dir.path("thumb.jpg")
        let made = try Tools.run(["ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240", "-frames:v", "1", path])
        try #require(made.status == 0, "\(made.stderrText)")
        if !stamp.args.isEmpty {
            _ = try Tools.run(["ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "1", thumb])
            let s = try Tools.run(["exiftool", "-q", "-overwrite_original"] + stamp.args + ["-ThumbnailImage<=\(thumb)", path])
            try #require(s.status == 0, "\(s.stderrText)")
        }
        let (r, bytes) = try Media.read(file: path)
        #expect(r.isStill)
        #expect(bytes < 128 * 1024)
        #expect(r.start == stamp.start, "\(r.evidence) \(r.unknownBecause)")
        #expect(r.timeSource == stamp.source)
        guard !stamp.args.isEmpty else {
            #expect(r.unknownBecause.contains { $0.contains("no EXIF") })
            return
        }
        let exif = try #require(r.exif)
        let e = try Media.exiftool(path, ["n", "DateTimeOriginal", "SubSecTimeOriginal", "OffsetTimeOriginal", "GPSDateStamp",
                                          "GPSTimeStamp", "Make", "Model", "Orientation", "ThumbnailOffset", "ThumbnailLength"])
        #expect(exif.dateTimeOriginal == e["DateTimeOriginal"])
        #expect(exif.subSecTimeOriginal == e["SubSecTimeOriginal"])
        #expect(exif.offsetTimeOriginal == e["OffsetTimeOriginal"])
        #expect(exif.gpsDateStamp == e["GPSDateStamp"])
        #expect(exif.gpsTimeStamp == e["GPSTimeStamp"])
        #expect(exif.make == e["Make"])
        #expect(exif.model == e["Model"])
        #expect(exif.orientation.map(String.init) == e["Orientation"])
        #expect(exif.thumbnailOffset.map(String.init) == e["ThumbnailOffset"])
        #expect(exif.thumbnailLength.map(String.init) == e["ThumbnailLength"])
        #expect(exif.thumbnailLength != nil)
    }
}
