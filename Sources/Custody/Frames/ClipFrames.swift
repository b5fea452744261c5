import CardFileSystem
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

/// A contact sheet: the chosen frames side by side, each with its time printed under it (the
/// camera's time where the clip's start is known, else the time in the clip); the times of its
/// cells, left to right, are `seconds`, and go in its sidecar.
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

    /// The chosen frames, and the contact sheet when `sheet` is set, collected in memory (for a
    /// few pictures; `stream` hands them over one at a time).
    public static func pictures(of source: ByteSource, selection: MediaJob.Selection, sheet: Bool = false, maxWidth: Int? = nil,
                                helper: MediaHelper? = nil) throws -> (pictures: [ClipPicture], sheet: ContactSheet?, summary: ClipSummary) {
        var pictures: [ClipPicture] = []
        var contact: ContactSheet? = nil
        let summary = try stream(of: source, selection: selection, sheet: sheet, maxWidth: maxWidth, helper: helper,
                                 picture: { pictures.append($0) }, contactSheet: { contact = $0 })
        return (pictures, contact, summary)
    }

    /// Runs the helper over `source` and passes each picture to `picture` as it arrives, so
    /// memory holds one picture whatever the number asked for.
    public static func stream(of source: ByteSource, selection: MediaJob.Selection, sheet: Bool = false, maxWidth: Int? = nil,
                              cameraStart: CardTimestamp? = nil, helper: MediaHelper? = nil, picture: (ClipPicture) throws -> Void,
                              contactSheet: (ContactSheet) throws -> Void) throws -> ClipSummary {
        var runner = try helper ?? MediaHelper.locate()
        if helper == nil { runner.limits = MediaLimits.forClip(size: source.size) }
        return try withoutActuallyEscaping(picture) { picture in
            try withoutActuallyEscaping(contactSheet) { contactSheet in
                var count = 0
                var handlers = MediaHelper.Handlers()
                handlers.frame = { info, jpeg in
                    let width = Int(clamping: info["width"]?.integerValue ?? 0), height = Int(clamping: info["height"]?.integerValue ?? 0)
                    if info["kind"]?.stringValue == "sheet" {
                        try contactSheet(ContactSheet(seconds: (info["pts"]?.arrayValue ?? []).compactMap(MediaJob.number),
                                                      width: width, height: height, jpeg: Array(jpeg)))
                        return
                    }
                    count += 1
                    guard count <= 100_000 else { throw MediaHelperError.protocolViolation("too many pictures") }
                    try picture(ClipPicture(seconds: info["pts"].flatMap(MediaJob.number) ?? 0, isKeyFrame: info["key"]?.boolValue ?? false,
                                            requested: info["requested"].flatMap(MediaJob.number), width: width, height: height,
                                            jpeg: Array(jpeg)))
                }
                var job = MediaJob(operation: .frames, size: source.size, selection: selection, sheet: sheet, maxWidth: maxWidth)
                job.cameraStart = cameraStart.map { ($0.wallClockSeconds, $0.nanosecond) }
                return ClipSummary(try runner.run(job, source: source, handlers: handlers))
            }
        }
    }
}
