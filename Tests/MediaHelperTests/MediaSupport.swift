import Custody
import Foundation
import TestSupport
import Testing

/// Clips made with ffmpeg during the test run, the built helper, and ffprobe's view of a file
/// (the independent tool the helper's answers are compared with).
enum Media {
    static var helperPath: String? { TestEnvironment.builtExecutable(MediaHelper.executableName)?.path }
    static var haveHelper: Bool { helperPath != nil }

    static func helper(_ limits: MediaLimits = MediaLimits()) throws -> MediaHelper {
        MediaHelper(path: try #require(helperPath, "sdcustody-media is not built"), limits: limits)
    }

    static let video = ["-f", "lavfi", "-i", "testsrc=size=320x240:rate=25"]
    static let tone = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000"]

    struct Clip: CustomStringConvertible, Sendable {
        let file: String
        let args: [String]
        let audio: Bool
        var description: String { file }
    }

    /// What cameras write, by format: H.264 in MP4, MPEG-PS (VOB, MPEG-2 and H.264), MPEG-TS,
    /// raw H.264 (XM), HEVC in TS.
    static let clips: [Clip] = [
        Clip(file: "clip.mp4", args: ["-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-bf", "2"], audio: false),
        Clip(file: "clip.vob", args: ["-c:v", "mpeg2video", "-g", "25", "-c:a", "mp2", "-f", "vob"], audio: true),
        Clip(file: "h264.mpg", args: ["-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-bf", "0", "-f", "vob"], audio: false),
        Clip(file: "clip.ts", args: ["-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac", "-f", "mpegts"], audio: true),
        Clip(file: "clip.h264", args: ["-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-bf", "0", "-f", "h264"], audio: false),
        Clip(file: "hevc.ts", args: ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error:keyint=25:pools=1", "-f", "mpegts"], audio: false),
    ]

    /// Makes `clip` (`seconds` long) in `dir`; returns its path.
    static func make(_ clip: Clip, seconds: Double = 4, in dir: String) throws -> String {
        let path = dir + "/" + clip.file
        let inputs = video + (clip.audio ? tone : [])
        let r = try runProcess(["ffmpeg", "-y", "-v", "error", "-threads", "1"] + inputs + ["-t", String(seconds), "-pix_fmt", "yuv420p"] + clip.args + [path])
        try #require(r.status == 0, "ffmpeg \(clip.file): \(r.stderrText)")
        return path
    }

    /// ffprobe's JSON for `args` on `path`.
    static func probe(_ path: String, _ args: [String]) throws -> [String: Any] {
        let r = try runProcess(["ffprobe", "-v", "error", "-of", "json"] + args + [path])
        try #require(r.status == 0, "ffprobe \(path): \(r.stderrText)")
        return try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
    }

    static func double(_ v: Any?) -> Double? {
        if let s = v as? String { return Double(s) }
        return (v as? NSNumber)?.doubleValue
    }

    /// The video stream's key-frame times (seconds from its start), per ffprobe.
    static func keyFrameTimes(_ path: String) throws -> [Double] {
        let start = try videoStream(path)["start_time"].flatMap(double) ?? 0
        let frames = try probe(path, ["-select_streams", "v:0", "-skip_frame", "nokey", "-show_entries", "frame=pts_time,best_effort_timestamp_time"])["frames"] as? [[String: Any]] ?? []
        return frames.compactMap { double($0["pts_time"]) ?? double($0["best_effort_timestamp_time"]) }.map { $0 - start }.sorted()
    }

    static func videoStream(_ path: String) throws -> [String: Any] {
        let streams = try probe(path, ["-select_streams", "v:0", "-show_entries", "stream"])["streams"] as? [[String: Any]] ?? []
        return try #require(streams.first, "no video stream in \(path)")
    }

    /// Video frames counted by decoding, the stream's duration, its codec tag, frame rate.
    static func counted(_ path: String) throws -> (frames: Int, duration: Double?, tag: String?, rate: Double) {
        let streams = try probe(path, ["-count_frames", "-select_streams", "v:0", "-show_entries",
                                       "stream=nb_read_frames,duration,codec_tag_string,avg_frame_rate,r_frame_rate"])["streams"] as? [[String: Any]] ?? []
        let s = try #require(streams.first)
        let rateText = (s["avg_frame_rate"] as? String).flatMap { $0 == "0/0" ? nil : $0 } ?? (s["r_frame_rate"] as? String) ?? "25/1"
        let parts = rateText.split(separator: "/").compactMap { Double($0) }
        let rate = parts.count == 2 && parts[1] > 0 ? parts[0] / parts[1] : 25
        return (Int((s["nb_read_frames"] as? String) ?? "") ?? -1, double(s["duration"]), s["codec_tag_string"] as? String, rate)
    }

    /// What ffprobe makes of JPEG bytes.
    static func jpegSize(_ bytes: [UInt8], dir: String) throws -> (codec: String?, width: Int, height: Int) {
        let path = dir + "/probe-\(UUID().uuidString).jpg"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let s = try videoStream(path)
        return (s["codec_name"] as? String, (s["width"] as? NSNumber)?.intValue ?? 0, (s["height"] as? NSNumber)?.intValue ?? 0)
    }
}
