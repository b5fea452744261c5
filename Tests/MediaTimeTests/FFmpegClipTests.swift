import CardFileSystem
import Foundation
@testable import MediaTime
import TestSupport
import Testing

/// Clips made during the test run with ffmpeg, with a set `creation_time` and duration, must come
/// back exactly, and equal what ffprobe (`-show_format -show_streams`) reports.
@Suite(.requires("ffmpeg", "ffprobe"))
struct FFmpegClipTests {
    struct Clip: CustomStringConvertible, Sendable {
        let file: String
        let args: [String]
        let seconds: Double
        /// Where the start must come from; nil: the container records none (named by file name).
        let startSource: TimeSource?
        let durationSource: TimeSource
        /// ffprobe's format duration must match within this (seconds).
        let tolerance: Double
        var description: String { file }
    }

    static let creation = "2026-11-20T21:30:00Z"
    static let video = ["-f", "lavfi", "-i", "testsrc=size=160x120:rate=25"]

    static let clips: [Clip] = [
        Clip(file: "clip.mp4", args: ["-c:v", "mpeg4"], seconds: 3, startSource: .mp4Mvhd, durationSource: .mp4Mvhd, tolerance: 1e-6),
        Clip(file: "clip.mov", args: ["-c:v", "mpeg4"], seconds: 2.4, startSource: .mp4Mvhd, durationSource: .mp4Mvhd, tolerance: 1e-6),
        Clip(file: "clip.3gp", args: ["-c:v", "h263", "-s", "176x144"], seconds: 2, startSource: .mp4Mvhd, durationSource: .mp4Mvhd, tolerance: 1e-6),
        Clip(file: "frag.mp4", args: ["-c:v", "mpeg4", "-g", "25", "-movflags", "frag_keyframe+empty_moov"], seconds: 4.2,
             startSource: .mp4Mvhd, durationSource: .mp4Fragmented, tolerance: 1e-6),
        Clip(file: "mehd.mp4", args: ["-c:v", "mpeg4", "-g", "25", "-movflags", "frag_keyframe"], seconds: 3.6,
             startSource: .mp4Mvhd, durationSource: .mp4Fragmented, tolerance: 1e-6),
        Clip(file: "20261120_213000.avi", args: ["-c:v", "mpeg4"], seconds: 3, startSource: nil, durationSource: .aviAvih, tolerance: 1e-6),
        Clip(file: "20261120_213000.ts", args: ["-c:v", "mpeg4"], seconds: 3, startSource: nil, durationSource: .mpegPTS, tolerance: 1e-6),
        Clip(file: "20261120_213000.mpg", args: ["-c:v", "mpeg2video", "-f", "vob"], seconds: 3, startSource: nil, durationSource: .mpegPTS, tolerance: 1e-6),
        Clip(file: "20261120_213000.mpeg", args: ["-c:v", "mpeg1video", "-f", "mpeg"], seconds: 2, startSource: nil, durationSource: .mpegPTS, tolerance: 1e-6),
        Clip(file: "20261120_213000.m2ts", args: ["-c:v", "mpeg2video", "-mpegts_m2ts_mode", "1", "-f", "mpegts"], seconds: 2, startSource: nil, durationSource: .mpegPTS, tolerance: 1e-6),
    ]

    static func make(_ clip: Clip, in dir: TemporaryDirectory) throws -> String {
        let path = dir.path(clip.file)
        let r = try Tools.run(["ffmpeg", "-y", "-v", "error"] + video + ["-t", String(clip.seconds),
                               "-metadata", "creation_time=\(creation)"] + clip.args + [path])
        try #require(r.status == 0, "ffmpeg failed: \(r.stderrText)")
        return path
    }

    @Test(arguments: clips)
    func clipComesBack(_ clip: Clip) throws {
        let dir = try TemporaryDirectory("mediatime-ffmpeg")
        defer { dir.remove() }
        let path = try Self.make(clip, in: dir)
        let modified = CardTimestamp.ts("2026-11-21T08:00:00")
        let (r, bytes) = try Media.read(file: path, modified: modified)
        let probe = try Media.ffprobeFormat(path)
        #expect(bytes <= RecordingTimeReader.byteBudget)

        let expectedStart = CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, minute: 30, second: 0)
        #expect(r.start == expectedStart, "\(r)")
        if let source = clip.startSource {
            #expect(r.timeSource == source)
            // ffprobe shows the same wall-clock fields (it calls them UTC; we keep them zone-less).
            #expect(probe.creation?.hasPrefix("2026-11-20T21:30:00") == true)
        } else {
            #expect(r.timeSource == .fileName("yyyymmdd_hhmmss"))
        }
        #expect(r.durationSource == clip.durationSource, "\(r.evidence)")
        let duration = try #require(r.duration, "\(r.unknownBecause)")
        let probed = try #require(probe.duration)
        #expect(abs(duration - probed) <= clip.tolerance, "ours \(duration), ffprobe \(probed), \(r.evidence)")
        // Per stream (-show_streams): each ISO BMFF track's mdhd duration is a stream's duration.
        if clip.startSource == .mp4Mvhd, clip.durationSource == .mp4Mvhd {
            let streams = try Media.ffprobe(path)["streams"] as? [[String: Any]] ?? []
            #expect(!streams.isEmpty)
            for stream in streams {
                let d = try #require((stream["duration"] as? String).flatMap(Double.init))
                #expect(r.evidence.contains { $0.source == .mp4Mdhd && abs(($0.duration ?? -1) - d) <= 1e-6 }, "stream \(d): \(r.evidence)")
            }
        }
        if clip.tolerance < 1e-3 {
            #expect(abs(duration - clip.seconds) < 1e-6)
            #expect(r.end == expectedStart.adding(seconds: clip.seconds))
        }
    }

    /// A clip with audio: ffprobe's format duration is the longest stream; ours must match it
    /// within one audio frame for the formats that record a duration.
    @Test(arguments: ["a.mp4", "a.mov"])
    func clipWithAudio(_ file: String) throws {
        let dir = try TemporaryDirectory("mediatime-ffmpeg")
        defer { dir.remove() }
        let path = dir.path(file)
        let r0 = try Tools.run(["ffmpeg", "-y", "-v", "error"] + Self.video + ["-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=8000",
                                "-t", "2.5", "-metadata", "creation_time=2026-01-02T03:04:05Z", "-c:v", "mpeg4", "-c:a", "aac", path])
        try #require(r0.status == 0, "\(r0.stderrText)")
        let (r, _) = try Media.read(file: path)
        let probe = try Media.ffprobeFormat(path)
        #expect(r.start == CardTimestamp(year: 2026, month: 1, day: 2, hour: 3, minute: 4, second: 5))
        let d = try #require(r.duration)
        let p = try #require(probe.duration)
        #expect(abs(d - p) <= 1e-6, "ours \(d), ffprobe \(p)")
    }

    /// "Treat mvhd as local unless the file says UTC": a ©day with a zone naming the same instant
    /// says so; one that disagrees (the camera wrote local time into mvhd) does not.
    @Test(arguments: [
        ("u.mov", "2026-11-20T20:30:00Z", "2026-11-20T21:30:00+0100", "2026-11-20T21:30:00+01:00"),
        ("u.mp4", "2026-11-20T20:30:00Z", "2026-11-20T21:30:00+01:00", "2026-11-20T21:30:00+01:00"),
        ("z.mp4", "2026-11-20T21:30:00Z", "2026-11-20T21:30:00Z", "2026-11-20T21:30:00Z"),
        ("l.mov", "2026-11-20T21:30:00Z", "2026-11-20T21:30:00+0100", "2026-11-20T21:30:00"),
        ("n.mp4", "2026-11-20T21:30:00Z", "2026-11-20T21:30:00", "2026-11-20T21:30:00"),
    ])
    func userDataDateSaysUTC(_ file: String, _ creation: String, _ date: String, _ expected: String) throws {
        let dir = try TemporaryDirectory("mediatime-ffmpeg")
        defer { dir.remove() }
        let path = dir.path(file)
        let made = try Tools.run(["ffmpeg", "-y", "-v", "error"] + Self.video + ["-t", "1", "-metadata", "creation_time=\(creation)",
                                  "-metadata", "date=\(date)", "-c:v", "mpeg4", path])
        try #require(made.status == 0, "\(made.stderrText)")
        let (r, _) = try Media.read(file: path)
        #expect(r.timeSource == .mp4Mvhd)
        #expect(r.start?.iso == expected, "\(r.evidence) \(r.unknownBecause)")
        #expect(r.evidence.contains { $0.source == .mp4UserDataDate })
        let probe = try Media.ffprobe(path)
        let tags = (probe["format"] as? [String: Any])?["tags"] as? [String: Any]
        #expect(tags?["date"] as? String == date)
    }
}
