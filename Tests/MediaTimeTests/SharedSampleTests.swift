import CardFileSystem
import CardIO
import Foundation
@testable import MediaTime
import TestSupport
import Testing

/// exiftool's own test images in ../shared/testdata/media: values must equal ffprobe's and
/// exiftool's (and the README's).
@Suite(.requiresSharedTestData("media"))
struct SharedSampleTests {
    static func path(_ name: String) -> String {
        TestEnvironment.sharedTestData?.appendingPathComponent("media/\(name)").path ?? "/nonexistent/\(name)"
    }

    @Test func quickTimeMovie() throws {
        let (r, bytes) = try Media.read(file: Self.path("QuickTime.mov"))
        #expect(r.start == CardTimestamp(year: 2005, month: 8, day: 11, hour: 14, minute: 3, second: 54))
        #expect(r.timeSource == .mp4Mvhd)
        // mvhd: 2980 at timescale 600.
        #expect(r.duration == 2980.0 / 600.0)
        #expect(bytes < 64 * 1024)
        if TestEnvironment.available("ffprobe") {
            let probe = try Media.ffprobeFormat(Self.path("QuickTime.mov"))
            #expect(probe.creation?.hasPrefix("2005-08-11T14:03:54") == true)
            #expect(abs((probe.duration ?? 0) - (r.duration ?? -1)) < 1e-6)
        }
        #expect(r.evidence.contains { $0.source == .mp4Tkhd && $0.start == r.start })
    }

    @Test(arguments: [
        ("RIFF.avi", CardTimestamp(year: 2003, month: 3, day: 10, hour: 15, minute: 4, second: 43), 233.0 * 66_666 / 1e6),
        ("Pentax.avi", CardTimestamp(year: 2009, month: 10, day: 27, hour: 12, minute: 14, second: 34), 600.0 * 41_666 / 1e6),
    ])
    func aviHeaders(_ name: String, _ start: CardTimestamp, _ duration: Double) throws {
        let (r, _) = try Media.read(file: Self.path(name))
        #expect(r.start == start, "\(r.evidence) \(r.unknownBecause)")
        #expect(r.timeSource == .aviIDIT)
        #expect(r.durationSource == .aviAvih)
        #expect(abs((r.duration ?? 0) - duration) < 1e-9)
        if TestEnvironment.available("ffprobe") {
            // ffprobe reads IDIT into creation_time ("2003-03-10 15:04:43").
            let probe = try Media.ffprobeFormat(Self.path(name))
            #expect(probe.creation?.replacingOccurrences(of: " ", with: "T") == start.iso)
        }
        if TestEnvironment.available("exiftool") {
            // exiftool's Duration is avih frames × µs per frame.
            let e = try Media.exiftool(Self.path(name), ["n", "Duration"])
            #expect(abs((Double(e["Duration"] ?? "") ?? -1) - duration) < 1e-6)
        }
    }

    @Test func gpsStill() throws {
        let (r, _) = try Media.read(file: Self.path("GPS.jpg"))
        #expect(r.isStill)
        #expect(r.start == CardTimestamp(year: 2002, month: 7, day: 13, hour: 15, minute: 58, second: 28))
        #expect(r.timeSource == .exifDateTimeOriginal)
        #expect(r.end == nil)
        let exif = try #require(r.exif)
        #expect(exif.dateTimeOriginal == "2002:07:13 15:58:28")
        #expect(exif.gpsTimeStamp == "14:58:24")
        #expect(exif.gpsDateStamp == nil)
        #expect(exif.make == "FUJIFILM")
        #expect(exif.model == "FinePixS1Pro")
        #expect(exif.orientation == 1)
        #expect(r.unknownBecause.contains { $0.contains("GPSTimeStamp 14:58:24 UTC has no GPSDateStamp") })
        if TestEnvironment.available("exiftool") {
            let e = try Media.exiftool(Self.path("GPS.jpg"), ["n", "ThumbnailOffset", "ThumbnailLength", "DateTimeOriginal", "GPSTimeStamp", "Make", "Model", "Orientation"])
            #expect(exif.thumbnailOffset.map(String.init) == e["ThumbnailOffset"])
            #expect(exif.thumbnailLength.map(String.init) == e["ThumbnailLength"])
            #expect(exif.dateTimeOriginal == e["DateTimeOriginal"])
            #expect(exif.gpsTimeStamp == e["GPSTimeStamp"])
            #expect(exif.make == e["Make"])
            #expect(exif.model == e["Model"])
            #expect(exif.orientation.map(String.init) == e["Orientation"])
        }
    }
}
