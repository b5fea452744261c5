import Custody
import HandoverReport
import Messages

/// The handover report's key frames from the `frames` library: for each video payload file of a
/// verified bag, its first, middle and last key frames, decoded by the sandboxed media helper.
/// A clip the helper cannot read (not video, damaged, a helper failure) simply has no pictures:
/// the report then says so for that file, and the handover goes on.
struct HandoverKeyFrames: KeyFrameSource {
    /// The bag's folder; payload paths (`data/card/…`) are taken from its verified manifest.
    let bag: String
    let language: Language
    /// Pictures are scaled down to this width: the report must stay a file one can mail.
    static let maxWidth = 480
    /// Extensions of files players or the helper may read as video.
    static let videoExtensions: Set<String> = ["mp4", "mov", "m4v", "avi", "ts", "mts", "m2ts", "mpg", "mpeg", "vob",
                                               "dav", "h264", "264", "h265", "265", "mkv", "3gp"]

    func keyFrames(forPayloadPath path: String) -> [KeyFrame] {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), Self.videoExtensions.contains(name[name.index(after: dot)...].lowercased()),
              !path.hasPrefix("data/playable/") else { return [] }
        guard let result = try? ClipFrames.pictures(of: try FileByteSource(path: bag + "/" + path), selection: .ends,
                                                    maxWidth: Self.maxWidth) else { return [] }
        let localizer = Localizer(language)
        let keys: [MessageKey] = [.handoverFrameFirst, .handoverFrameMiddle, .handoverFrameLast]
        return result.pictures.prefix(3).enumerated().map { i, picture in
            let key = result.pictures.count == 3 ? keys[i] : (i == 0 ? keys[0] : keys[2])
            return KeyFrame(label: localizer.text(key, ["time": Self.clipTime(picture.seconds)]), jpeg: picture.jpeg)
        }
    }

    /// `0:07.5`: minutes and seconds into the clip.
    static func clipTime(_ seconds: Double) -> String {
        let tenths = Int((max(0, seconds) * 10).rounded())
        let m = tenths / 600, s = tenths % 600 / 10, t = tenths % 10
        return "\(m):\(s < 10 ? "0" : "")\(s).\(t)"
    }
}
