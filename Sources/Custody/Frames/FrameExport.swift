import Card
import Foundation
import CardFileSystem
import CardIO
import Codecs
import MediaProtocol
import Messages
import OpenSSL
import SystemIO
#if canImport(Glibc)
import Glibc
#endif

/// What `frames` was asked for.
public struct FramesRequest {
    /// The SOURCE as given (for the sidecars and the log).
    public var sourcePath: String
    public var out: String
    public var selection: MediaJob.Selection
    public var sheet: Bool
    public var helper: MediaHelper?

    public init(sourcePath: String, out: String, selection: MediaJob.Selection = .ends, sheet: Bool = false, helper: MediaHelper? = nil) {
        self.sourcePath = sourcePath
        self.out = out
        self.selection = selection
        self.sheet = sheet
        self.helper = helper
    }
}

/// One picture written by `frames`.
public struct WrittenPicture: Sendable {
    /// The picture's path (under `--out`).
    public let file: String
    public let sha256: String
    /// Presentation time (seconds from the clip's first frame); for a sheet, its first cell's.
    public let seconds: Double
    public let cameraTime: String?
    public let isKeyFrame: Bool
    public let sidecar: String
}

/// What `frames` wrote.
public struct FramesResult {
    public let location: ClipLocation
    public let masterSHA256: String
    public let pictures: [WrittenPicture]
    public let sheet: WrittenPicture?
    public let summary: ClipSummary

    /// The access log's `frames` details (PRODUCT.md's viewing register reads these keys):
    /// `source`, `path`, `recording` (object, for a recording), `frames` (array of objects
    /// `{pts, camera_time, file, sha256}`), `out`. The log keeps string values, so `recording`
    /// and `frames` are compact JSON text.
    public func logDetails(source: String, out: String) -> [String: String] {
        var d: [String: String] = ["source": source, "path": location.path, "out": out,
                                   "master_sha256": masterSHA256]
        if let r = location.recordingJSON { d["recording"] = r.serialized(pretty: false) }
        let frames: [JSONValue] = (pictures + (sheet.map { [$0] } ?? [])).map { p in
            .object([("pts", .double(p.seconds)), ("camera_time", .from(p.cameraTime)), ("file", .string(p.file)), ("sha256", .string(p.sha256))])
        }
        d["frames"] = JSONValue.array(frames).serialized(pretty: false)
        return d
    }
}

/// `sdcustody frames`: pictures of a clip's frames, each a derived file named with its
/// presentation time and camera time, written under a temporary name and linked into place
/// (never over an existing file), hashed, with a sidecar naming the master bytes it came from.
public enum FrameExport {
    public static let sidecarFormat = "sdcustody-frame/1"

    public static func run(_ request: FramesRequest, location: ClipLocation) throws -> FramesResult {
        try makeFolder(request.out)
        let masterSHA = try location.sha256()
        let base = baseName(location)
        // Pictures are written as they arrive (memory holds one); their sidecars, which name what
        // FFmpeg made of the whole clip, once the helper has finished.
        var pending: [(picture: WrittenPicture, fields: [(String, JSONValue)], size: Int)] = []
        var used = Set<String>()
        func write(_ jpeg: [UInt8], name: String, seconds: Double, camera: String?, key: Bool, fields: [(String, JSONValue)]) throws {
            let file = request.out + "/" + name + ".jpg"
            pending.append((try publishPicture(jpeg, file: file, seconds: seconds, camera: camera, key: key), fields, jpeg.count))
        }
        var sheetIndex: Int? = nil
        let summary = try ClipFrames.stream(of: location.bytes, selection: request.selection, sheet: request.sheet,
                                            cameraStart: location.start, helper: request.helper,
            picture: { p in
                let camera = location.cameraTime(p.seconds)
                var name = "\(base)_t\(secondsText(p.seconds))" + (camera.map { "_" + fileTime($0) } ?? "")
                if used.contains(name) { name += "_\(pending.count + 1)" }
                used.insert(name)
                try write(p.jpeg, name: name, seconds: p.seconds, camera: camera?.isoWithMilliseconds, key: p.isKeyFrame, fields: [
                    ("pts", .double(p.seconds)), ("key_frame", .bool(p.isKeyFrame)),
                    ("requested", p.requested.map { .double($0) } ?? .null),
                    ("camera_time", .from(camera?.isoWithMilliseconds)), ("camera_time_source", .from(location.startSource)),
                    ("width", .int(Int64(p.width))), ("height", .int(Int64(p.height))),
                ])
            },
            contactSheet: { sheet in
                let cells: [JSONValue] = sheet.seconds.map { s in
                    .object([("pts", .double(s)), ("camera_time", .from(location.cameraTime(s)?.isoWithMilliseconds))])
                }
                let first = sheet.seconds.first ?? 0
                sheetIndex = pending.count
                try write(sheet.jpeg, name: "\(base)_sheet", seconds: first, camera: location.cameraTime(first)?.isoWithMilliseconds,
                          key: true, fields: [
                    ("contact_sheet", .bool(true)),
                    ("cells_left_to_right", .array(cells)),
                    ("note", .string("the frames side by side, each with its time printed under it (camera time where the start is known, else the time in the clip)")),
                    ("camera_time_source", .from(location.startSource)),
                    ("width", .int(Int64(sheet.width))), ("height", .int(Int64(sheet.height))),
                ])
            })
        for p in pending {
            try publishSidecar(p.picture, fields: p.fields, size: p.size, request: request, location: location, masterSHA: masterSHA, summary: summary)
        }
        var pictures = pending.map(\.picture)
        var sheetFile: WrittenPicture? = nil
        if let i = sheetIndex { sheetFile = pictures.remove(at: i) }
        guard !pictures.isEmpty else { throw CustodyError.input(tr(.framesNone, ["path": location.path])) }
        return FramesResult(location: location, masterSHA256: masterSHA, pictures: pictures, sheet: sheetFile, summary: summary)
    }

    /// Writes one picture under a temporary name, synced, linked into place, and re-read.
    static func publishPicture(_ jpeg: [UInt8], file: String, seconds: Double, camera: String?, key: Bool) throws -> WrittenPicture {
        let sidecar = file + ".json"
        if FileIO.exists(file) || FileIO.exists(sidecar) { throw CustodyError.input(tr(.framesExists, ["file": file])) }
        let sha = Hex.encode(try Digest.hash(.sha256, jpeg))
        do {
            try AtomicFile.write(jpeg, to: file, mode: 0o644)
        } catch {
            throw CustodyError.input("\(file): \(error)")
        }
        // Re-read what was written: a picture that is not what was hashed must not be listed.
        let back = try FileByteSource(path: file)
        let reread = try back.read(at: 0, count: Int(clamping: min(back.size, UInt64(MediaMessage.maxPayload))))
        guard Hex.encode(try Digest.hash(.sha256, reread)) == sha else { throw CustodyError.input(tr(.framesRereadFailed, ["file": file])) }
        return WrittenPicture(file: file, sha256: sha, seconds: seconds, cameraTime: camera, isKeyFrame: key, sidecar: sidecar)
    }

    /// The picture's sidecar (`sdcustody-frame/1`): what it is and which master bytes it came from.
    static func publishSidecar(_ p: WrittenPicture, fields: [(String, JSONValue)], size: Int, request: FramesRequest,
                               location: ClipLocation, masterSHA: String, summary: ClipSummary) throws {
        var master: [(String, JSONValue)] = [
            ("source", .string(request.sourcePath)), ("path", .string(location.path)),
        ]
        if let r = location.recordingJSON { master.append(("recording", r)) }
        master += [("size", .uint(location.bytes.size)), ("sha256", .string(masterSHA)),
                   ("extents", location.extentsJSON),
                   ("start", .from(location.start?.iso)), ("start_source", .from(location.startSource))]
        let doc: JSONValue = .object([
            ("format", .string(sidecarFormat)),
            ("tool", .string(CustodyTool.agent)),
            ("written_at", .string(UTCTime.format(seconds: Int64(time(nil))))),
            ("derived", .string("a decoded picture of the master's footage; a working file, not evidence itself")),
            ("picture", .object([("file", .string(FileIO.lastComponent(of: p.file))), ("sha256", .string(p.sha256)),
                                 ("size", .int(Int64(size)))] + fields)),
            ("master", .object(master)),
            ("decoded", .object([("format", .string(summary.format)), ("codec", .string(summary.codec)),
                                 ("width", .int(Int64(summary.width))), ("height", .int(Int64(summary.height))),
                                 ("duration", summary.duration.map { .double($0) } ?? .null),
                                 ("key_frames", .int(Int64(summary.keyFrames)))])),
        ])
        do {
            try AtomicFile.write(doc.bytes(pretty: true) + [0x0A], to: p.sidecar, mode: 0o644)
        } catch {
            throw CustodyError.input("\(p.sidecar): \(error)")
        }
    }

    static func makeFolder(_ path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            guard st.st_mode & S_IFMT == S_IFDIR else { throw CustodyError.input(tr(.framesOutNotFolder, ["path": path])) }
            return
        }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw CustodyError.input("\(path): \(String(cString: strerror(errno)))")
        }
    }

    /// The clip's name for its pictures: its file name (and the recording's offset), with any
    /// byte a file name should not hold replaced.
    static func baseName(_ location: ClipLocation) -> String {
        var name = FileIO.lastComponent(of: location.path)
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = String(name[..<dot]) + "_" + String(name[name.index(after: dot)...]) }
        if let r = location.recording { name += "_at\(r.offset)" }
        let safe = name.unicodeScalars.map { s -> Character in
            (s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_")) ? Character(s) : "_"
        }
        return String(String(safe).prefix(120))
    }

    /// `0012.480s`: seconds with milliseconds, padded so pictures sort by time.
    static func secondsText(_ s: Double) -> String {
        let ms = Int64((max(0, s) * 1000).rounded())
        let whole = String(ms / 1000), frac = String(ms % 1000)
        return String(repeating: "0", count: max(0, 4 - whole.count)) + whole + "." + String(repeating: "0", count: 3 - frac.count) + frac + "s"
    }

    /// `2026-11-20T21-34-12.480`: the camera time with `-` for `:` (file names on FAT and Windows).
    static func fileTime(_ t: CardTimestamp) -> String {
        String(t.isoWithMilliseconds.prefix(23)).replacingOccurrences(of: ":", with: "-")
    }
}

extension CardTimestamp {
    /// `YYYY-MM-DDTHH:MM:SS.mmm` (zone where the card records one).
    var isoWithMilliseconds: String {
        let plain = CardTimestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        let ms = String(nanosecond / 1_000_000)
        var s = plain.iso + "." + String(repeating: "0", count: 3 - ms.count) + ms
        if let off = utcOffsetMinutes {
            s += CardTimestamp(year: 2000, month: 1, day: 1, utcOffsetMinutes: off).iso.dropFirst(19)
        }
        return s
    }
}
