import Card
import CardFileSystem
import CardIO
import Codecs
import MediaTime
import Messages
import OpenSSL
import Recorders

/// Where a clip's bytes are in the master: a card file (its cluster runs) or a recording (a byte
/// range of its container), with what the card says of its start. The sidecar of every picture
/// made from it repeats this, so the picture can be traced to the exact master bytes.
public struct ClipLocation {
    /// The card path of the file (the container, for a recording).
    public let path: String
    /// The recording, when the clip is one of a container's.
    public let recording: Recording?
    /// Random access to exactly the clip's bytes, read-only.
    public let bytes: ByteSource
    /// The clip's bytes as `(source offset, length)` runs of the SOURCE (image or device); nil for
    /// a mounted folder, where the system hides them.
    public let extents: [(offset: UInt64, length: UInt64)]?
    /// The camera's recorded start, and where it came from.
    public let start: CardTimestamp?
    public let startSource: String?

    /// Finds `path` (and the recording at byte `recordingOffset` of it, when given) on the card.
    public static func resolve(tree: FileTree, slot: CardSource.VolumeSlot?, path: String, recordingOffset: UInt64?) throws -> ClipLocation {
        let listing: VolumeListing
        do { listing = try tree.listing(includeDeleted: false) } catch { throw CustodyError.input("\(error)") }
        let entry = try EntryLookup.find(path, in: listing, deleted: false)
        if entry.isDirectory { throw CustodyError.input(tr(.catIsAFolder, ["path": entry.path])) }
        let content: FileContent
        do { content = try tree.content(of: entry) } catch { throw CustodyError.input("\(entry.path): \(error)") }
        let partitionStart = slot?.partition?.startByte ?? 0
        let runs = content.plan.map { plan in
            plan.runs.map { (offset: partitionStart &+ $0.byteOffset, length: $0.byteLength) }
        }
        guard let recordingOffset else {
            let item = Footage.item(entry, tree: tree, offset: nil)
            return ClipLocation(path: entry.path, recording: nil, bytes: content.source,
                                extents: runs.map { clip($0, from: 0, length: content.size) },
                                start: item.recording?.start, startSource: item.recording.map { $0.timeSource.rawName })
        }
        let layouts = Recordings.layouts(listing: listing, tree: tree)
        let all = layouts.flatMap(\.recordings).filter { $0.container == entry.path }
        guard let r = all.first(where: { $0.offset == recordingOffset }) else {
            let known = all.map { String($0.offset) }.prefix(12).joined(separator: ", ")
            throw CustodyError.input(tr(.framesNoRecording, ["path": entry.path, "offset": String(recordingOffset),
                                                              "known": known.isEmpty ? "—" : known]))
        }
        let slice: ByteSource
        do {
            slice = try SliceSource(content.source, start: r.offset, length: r.length, name: "\(entry.path)@\(r.offset)", clamp: true)
        } catch { throw CustodyError.input("\(entry.path)@\(r.offset): \(error)") }
        return ClipLocation(path: entry.path, recording: r, bytes: slice,
                            extents: runs.map { clip($0, from: r.offset, length: slice.size) },
                            start: r.start.timestamp, startSource: r.timeSource)
    }

    /// The part `[from, from + length)` of a file laid out in `runs`, as source runs.
    static func clip(_ runs: [(offset: UInt64, length: UInt64)], from: UInt64, length: UInt64) -> [(offset: UInt64, length: UInt64)] {
        var out: [(UInt64, UInt64)] = []
        var at: UInt64 = 0
        let end = from &+ length
        for run in runs {
            let runEnd = at &+ run.length
            let lo = max(at, from), hi = min(runEnd, end)
            if lo < hi { out.append((run.offset &+ (lo - at), hi - lo)) }
            at = runEnd
            if at >= end { break }
        }
        return out
    }

    /// SHA-256 of the clip's bytes, read once in large pieces.
    public func sha256() throws -> String {
        let digest = try Digest(.sha256)
        let chunk = 4 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        var at: UInt64 = 0
        while at < bytes.size {
            let n = Int(min(UInt64(chunk), bytes.size - at))
            let got = try buffer.withUnsafeMutableBytes { try bytes.readFully(at: at, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<n])) }
            if got < n { throw CardIOError.truncated(source: bytes.name, offset: at &+ UInt64(got), wanted: UInt64(n - got), available: 0) }
            try buffer.withUnsafeBytes { try digest.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            at += UInt64(n)
        }
        return Hex.encode(try digest.finish())
    }

    /// The recording's description as the access log and the sidecar give it.
    public var recordingJSON: JSONValue? {
        recording.map { r in
            .object([("container", .string(r.container)), ("offset", .uint(r.offset)), ("length", .uint(r.length)),
                     ("start", .string(r.start.iso)), ("end", .from(r.end?.iso)), ("index_slot", .int(Int64(r.slot))),
                     ("channel", r.channel.map { .int(Int64($0)) } ?? .null)])
        }
    }

    public var extentsJSON: JSONValue {
        extents.map { .array($0.map { .object([("source_offset", .uint($0.offset)), ("length", .uint($0.length))]) }) } ?? .null
    }

    /// The camera's time `seconds` after the clip's start, when the start is known.
    public func cameraTime(_ seconds: Double) -> CardTimestamp? {
        guard let start, seconds.isFinite, seconds >= 0, seconds < 1e9 else { return nil }
        let nanos = Int64(start.nanosecond) + Int64((seconds * 1e9).rounded())
        return CardTimestamp(wallClockSeconds: start.wallClockSeconds &+ nanos / 1_000_000_000,
                             nanosecond: Int(nanos % 1_000_000_000), utcOffsetMinutes: start.utcOffsetMinutes)
    }
}
