import CardIO
import Codecs
import MediaProtocol

/// One picture the helper decoded from a clip.
public struct ClipPicture: Sendable, Equatable {
    /// Seconds from the clip's first frame (its presentation time stamp).
    public let seconds: Double
    /// Whether the picture is a key frame.
    public let isKeyFrame: Bool
    /// The time asked for (`--at`, `--every`), when one was.
    public let requested: Double?
    public let width: Int
    public let height: Int
    public let jpeg: [UInt8]
}

/// A contact sheet: the chosen frames side by side (no text is drawn on it; the times of its
/// cells, left to right, are `seconds`, and go in its sidecar).
public struct ContactSheet: Sendable, Equatable {
    public let seconds: [Double]
    public let width: Int
    public let height: Int
    public let jpeg: [UInt8]
}

/// What the helper found in a clip, besides its pictures.
public struct ClipSummary: Sendable, Equatable {
    public var format: String
    public var codec: String
    public var width: Int
    public var height: Int
    public var duration: Double?
    public var frameCount: Int?
    public var keyFrames: Int

    init(_ json: JSONValue) {
        format = json["format"]?.stringValue ?? "?"
        codec = json["codec"]?.stringValue ?? "?"
        width = Int(clamping: json["width"]?.integerValue ?? 0)
        height = Int(clamping: json["height"]?.integerValue ?? 0)
        duration = json["duration"].flatMap(MediaJob.number)
        frameCount = json["frame_count"]?.integerValue.map { Int(clamping: $0) }
        keyFrames = Int(clamping: json["key_frames"]?.integerValue ?? 0)
    }
}

/// Pictures of a clip, decoded in the sandboxed helper (`MediaHelper`) from a read-only byte
/// source: an image's file, a recording's byte range, or a plain file such as a bag's
/// `data/card/x.mp4`. The handover report and `frames` both come here.
public enum ClipFrames {
    /// The first, middle and last key frames of the clip as JPEG bytes with their presentation
    /// times (fewer when the clip has fewer key frames).
    public static func keyFrames(of source: ByteSource, helper: MediaHelper? = nil) throws -> [ClipPicture] {
        try pictures(of: source, selection: .ends, helper: helper).pictures
    }

    /// The same for a plain file (opened read-only).
    public static func keyFrames(ofFile path: String, helper: MediaHelper? = nil) throws -> [ClipPicture] {
        try keyFrames(of: try FileByteSource(path: path), helper: helper)
    }

    /// The chosen frames, and the contact sheet when `sheet` is set.
    public static func pictures(of source: ByteSource, selection: MediaJob.Selection, sheet: Bool = false, maxWidth: Int? = nil,
                                helper: MediaHelper? = nil) throws -> (pictures: [ClipPicture], sheet: ContactSheet?, summary: ClipSummary) {
        let runner = try helper ?? MediaHelper.locate()
        var pictures: [ClipPicture] = []
        var contact: ContactSheet? = nil
        var handlers = MediaHelper.Handlers()
        handlers.frame = { info, jpeg in
            let width = Int(clamping: info["width"]?.integerValue ?? 0), height = Int(clamping: info["height"]?.integerValue ?? 0)
            if info["kind"]?.stringValue == "sheet" {
                contact = ContactSheet(seconds: (info["pts"]?.arrayValue ?? []).compactMap(MediaJob.number),
                                       width: width, height: height, jpeg: Array(jpeg))
                return
            }
            guard pictures.count < 100_000 else { throw MediaHelperError.protocolViolation("too many pictures") }
            pictures.append(ClipPicture(seconds: info["pts"].flatMap(MediaJob.number) ?? 0, isKeyFrame: info["key"]?.boolValue ?? false,
                                        requested: info["requested"].flatMap(MediaJob.number), width: width, height: height,
                                        jpeg: Array(jpeg)))
        }
        let job = MediaJob(operation: .frames, size: source.size, selection: selection, sheet: sheet, maxWidth: maxWidth)
        var limited = runner
        if helper == nil { limited.limits = MediaLimits.forClip(size: source.size) }
        let summary = try limited.run(job, source: source, handlers: handlers)
        return (pictures, contact, ClipSummary(summary))
    }
}
