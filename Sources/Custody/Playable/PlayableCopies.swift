import BagIt
import CardIO
import Codecs
import Foundation
import MediaProtocol
import Messages
import Records
import SystemIO
#if canImport(Glibc)
import Glibc
#endif

/// A master in a bag being written that may get a working copy.
public struct PlayableMaster: Sendable {
    /// `data/card/...` or `data/recordings/...`.
    public var storedPath: String
    public var cardPath: String
    public var offset: UInt64
    public var length: UInt64
    public var sha256: String

    public init(storedPath: String, cardPath: String, offset: UInt64, length: UInt64, sha256: String) {
        self.storedPath = storedPath
        self.cardPath = cardPath
        self.offset = offset
        self.length = length
        self.sha256 = sha256
    }
}

/// `export --playable` (issue 13): for every exported master an ordinary player cannot open
/// (Hikvision program streams, Dahua DAV, XM raw H.264, MPEG-PS/TS), a stream copy into MP4 (MOV
/// where the audio needs it) under `data/playable/`, made by the sandboxed helper from the bag's
/// already-verified copy of the master, which it only reads.
public enum PlayableCopies {
    public static let method = "stream copy (remux) by FFmpeg's libavformat in sdcustody-media; no re-encoding"

    /// File name endings of footage players cannot open as it is.
    static let unplayableExtensions: Set<String> = ["dav", "h264", "264", "h265", "265", "hevc", "mpg", "mpeg", "vob", "ps", "ts", "m2ts", "mts", "mpegps"]

    /// Whether `cardPath` (or a recording stored at `storedPath`) needs a working copy.
    public static func needsCopy(cardPath: String, storedPath: String) -> Bool {
        // Recordings of a ring recorder are program-stream byte ranges whatever their container is called.
        if storedPath.hasPrefix("data/recordings/") { return true }
        let name = FileIO.lastComponent(of: cardPath).lowercased()
        // Hikvision/EZVIZ containers hiv00000.mp4 hold an MPEG program stream, not ISO BMFF.
        if name.hasPrefix("hiv") && name.hasSuffix(".mp4") { return true }
        guard let dot = name.lastIndex(of: ".") else { return false }
        return unplayableExtensions.contains(String(name[name.index(after: dot)...]))
    }

    public struct Outcome {
        public var copies: [WorkingCopyRecord] = []
        /// One line per master that got no copy (the export goes on without it).
        public var failures: [(path: String, reason: String)] = []
    }

    /// Makes the working copies of `masters` into `writer`'s bag (reading each master from the
    /// bag's own folder); a master that cannot be copied is a line in `failures`, never an error.
    public static func make(_ masters: [PlayableMaster], writer: BagWriter, helper: MediaHelper?,
                            shouldStop: () -> Bool = { false }) throws -> Outcome {
        var outcome = Outcome()
        let wanted = masters.filter { needsCopy(cardPath: $0.cardPath, storedPath: $0.storedPath) }
        guard !wanted.isEmpty else { return outcome }
        let runner: MediaHelper
        do { runner = try helper ?? MediaHelper.locate() } catch {
            for m in wanted { outcome.failures.append((m.storedPath, "\(error)")) }
            return outcome
        }
        var used = Set<String>()
        for m in wanted {
            if shouldStop() { throw CustodyError.input(tr(.exportInterrupted)) }
            do {
                if let copy = try copy(m, writer: writer, helper: runner, used: &used) { outcome.copies.append(copy) }
            } catch let e as MediaHelperError {
                outcome.failures.append((m.storedPath, e.description))
            } catch let e as CustodyError {
                throw e
            } catch {
                outcome.failures.append((m.storedPath, "\(error)"))
            }
        }
        return outcome
    }

    static func copy(_ m: PlayableMaster, writer: BagWriter, helper: MediaHelper, used: inout Set<String>) throws -> WorkingCopyRecord? {
        let masterPath = writer.temporaryPath + "/" + m.storedPath
        let source = try FileByteSource(path: masterPath, name: m.storedPath)
        // The helper reads the bag's copy of the master through a descriptor it can only read
        // (one pread per 1 MiB, no round trip through us), and hands its output back over the
        // pipe; we write it straight into the payload file, at the offsets the muxer chose (it
        // goes back once, at the end, to patch the `mdat` size), and hash the finished file.
        let clip = open(masterPath, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard clip >= 0 else { throw CustodyError.input("\(m.storedPath): \(String(cString: strerror(errno)))") }
        defer { close(clip) }
        let limit = source.size &* 2 &+ (64 << 20)
        // data/playable/<the master's path below data/>.working-copy.mp4
        let below = m.storedPath.hasPrefix("data/") ? String(m.storedPath.dropFirst(5)) : m.storedPath
        var names = used
        var container = "mp4"
        var file: PayloadFileWriter? = nil
        var finished = false
        // A helper that fails half-way leaves no half copy: the file and its folders go again.
        defer { if !finished { file?.discard() } }
        var handlers = MediaHelper.Handlers()
        handlers.begin = { info in
            guard file == nil else { throw MediaHelperError.protocolViolation("a second output") }
            container = info["container"]?.stringValue == "mov" ? "mov" : "mp4"
            var relative = "playable/\(below).working-copy.\(container)"
            var n = 2
            while names.contains(relative) { relative = "playable/\(below).working-copy-\(n).\(container)"; n += 1 }
            names.insert(relative)
            file = try writer.beginFile(relativePath: relative, readable: true)
        }
        handlers.write = { offset, bytes in
            guard let file else { throw MediaHelperError.protocolViolation("output before its description") }
            let (end, overflow) = offset.addingReportingOverflow(UInt64(bytes.count))
            guard !overflow, end <= limit else { throw MediaHelperError.protocolViolation("working copy larger than allowed") }
            try bytes.withUnsafeBytes { try file.write(at: offset, $0) }
        }
        var limited = helper
        limited.limits = MediaLimits.forClip(size: source.size)
        let summary = try limited.run(MediaJob(operation: .remux, size: source.size), source: source, inputFD: clip, handlers: handlers)
        used = names
        guard let file else { throw MediaHelperError.protocolViolation("the helper wrote no working copy") }
        let record = try file.finish()
        finished = true
        return WorkingCopyRecord(
            storedPath: record.bagPath, size: record.size, sha256: record.digests[.sha256] ?? "", container: container, method: method,
            masterStoredPath: m.storedPath, masterCardPath: m.cardPath, masterOffset: m.offset, masterLength: m.length,
            masterSHA256: m.sha256, streams: (summary["streams"]?.arrayValue ?? []).compactMap(\.stringValue),
            dropped: (summary["dropped"]?.arrayValue ?? []).compactMap(\.stringValue),
            videoPackets: summary["video_packets"]?.integerValue ?? 0)
    }
}
