import CardIO
import CardFileSystem

/// What a recording's state is, as `ls --json` writes it (PRODUCT.md, `recordings[].state`).
public enum RecordingState: String, Sendable, Equatable, CaseIterable {
    /// Closed by the camera: its end time and end offset are in the index.
    case complete
    /// Being written when the card was pulled: the index has no end yet.
    case recording
    /// From an earlier pass of the ring whose bytes still check out.
    case old
}

/// A camera-time instant read from a recorder's index: naive local wall-clock time (the camera's
/// zone is not recorded) with microseconds where the index has them.
public struct RecorderTime: Equatable, Comparable, Sendable {
    /// Seconds since 1970-01-01T00:00:00 of the camera's wall clock (not UTC).
    public let wallClockSeconds: Int64
    /// 0 ..< 1,000,000.
    public let microseconds: Int

    public init(wallClockSeconds: Int64, microseconds: Int) {
        self.wallClockSeconds = wallClockSeconds
        self.microseconds = microseconds
    }

    /// As the card's other times are kept (fields, no zone).
    public var timestamp: CardTimestamp {
        CardTimestamp(wallClockSeconds: wallClockSeconds, nanosecond: microseconds * 1000)
    }

    /// `YYYY-MM-DDTHH:MM:SS`, with `.ffffff` where the microseconds are not zero (issue 11's contract).
    public var iso: String {
        let base = CardTimestamp(wallClockSeconds: wallClockSeconds).iso
        guard microseconds != 0 else { return base }
        let digits = String(microseconds)
        return base + "." + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// Seconds as a floating number, for durations.
    public var seconds: Double { Double(wallClockSeconds) + Double(microseconds) / 1_000_000 }

    public static func < (a: RecorderTime, b: RecorderTime) -> Bool {
        (a.wallClockSeconds, a.microseconds) < (b.wallClockSeconds, b.microseconds)
    }
}

/// One recording on a recorder card: a byte range of a container file and the camera-time span
/// the recorder's index gives it.
public struct Recording: Equatable, Sendable {
    /// Card path of the container (`/`-separated from the volume root).
    public var container: String
    /// Byte offset of the first byte in the container.
    public var offset: UInt64
    /// Byte count; for a recording still being written, as far as its bytes were found to run.
    public var length: UInt64
    public var start: RecorderTime
    /// Nil while unknown (a recording still being written whose end could not be found).
    public var end: RecorderTime?
    /// Where the times came from, e.g. `hikvision_index`.
    public var timeSource: String
    public var state: RecordingState
    /// Nil where the index does not say (the SQLite index has no channel).
    public var channel: Int?
    /// Continuous, motion, alarm, where the layout says; nil where it does not.
    public var kind: String?
    /// Which index record describes it: the container's number and the slot in its table.
    public var containerNumber: Int
    public var slot: Int
    /// The index record's bytes, for the provenance (hex there).
    public var indexRecord: [UInt8]
    /// True when its first bytes were checked against the container (a pack whose clock agrees),
    /// false when they were not checked (the container could not be read).
    public var checkedAgainstBytes: Bool
    /// Content no reader understands (issue 11, item 8): `encrypted` or `proprietary`; nil for
    /// footage whose frames were read.
    public var content: String?

    public init(container: String, offset: UInt64, length: UInt64, start: RecorderTime, end: RecorderTime?,
                timeSource: String, state: RecordingState, channel: Int?, kind: String? = nil,
                containerNumber: Int, slot: Int, indexRecord: [UInt8], checkedAgainstBytes: Bool, content: String? = nil) {
        self.content = content
        self.container = container; self.offset = offset; self.length = length
        self.start = start; self.end = end; self.timeSource = timeSource; self.state = state
        self.channel = channel; self.kind = kind; self.containerNumber = containerNumber; self.slot = slot
        self.indexRecord = indexRecord; self.checkedAgainstBytes = checkedAgainstBytes
    }
}

/// Which recorder layout a card shows.
public enum RecorderLayoutKind: String, Sendable, Equatable {
    case hikvision = "hikvision"
    /// Dahua: one `.dav` (or `.mp4`) file per recording under `YYYY-MM-DD/NNN/dav/HH/`.
    case dahua = "dahua"
    /// XM (Xiongmai): one `.h264` file per recording under `YYYY-MM-DD/NNN/`.
    case xm = "xm"

    /// True where every recording is a whole file of the card (Dahua, XM): such files are
    /// exported as the card's files, never cut.
    public var recordsWholeFiles: Bool { self != .hikvision }
}

/// A recorder layout found in one folder of a card, with everything its index yields.
public struct RecorderLayout: Sendable {
    public var kind: RecorderLayoutKind
    /// The folder holding the index (`""` for the volume root).
    public var folder: String
    /// Containers the index describes.
    public var containerCount: Int
    /// Oldest first.
    public var recordings: [Recording]
    /// Index records left from earlier passes of the ring whose bytes did not check out or could
    /// not be checked: not recordings.
    public var overwritten: [OverwrittenRecord]
    public var overwrittenRecords: Int { overwritten.count }
    /// The index file the recordings were read from (card path).
    public var indexUsed: String?
    /// One clear line each: damage, disagreement between the index copies, records refused.
    public var problems: [String]

    public init(kind: RecorderLayoutKind, folder: String, containerCount: Int, recordings: [Recording],
                overwritten: [OverwrittenRecord], indexUsed: String?, problems: [String]) {
        self.kind = kind; self.folder = folder; self.containerCount = containerCount
        self.recordings = recordings; self.overwritten = overwritten
        self.indexUsed = indexUsed; self.problems = problems
    }

    public var beingRecorded: Int { recordings.filter { $0.state == .recording }.count }
}

/// An index record of an earlier pass of the ring that is not a recording, and why.
public struct OverwrittenRecord: Equatable, Sendable {
    public var container: String
    public var slot: Int
    public var start: RecorderTime?
    public var offset: UInt64
    public var reason: String

    public init(container: String, slot: Int, start: RecorderTime?, offset: UInt64, reason: String) {
        self.container = container; self.slot = slot; self.start = start; self.offset = offset; self.reason = reason
    }
}

/// A file of the card as the layout readers see it: its path, size and a way to read it.
public struct RecorderCardFile {
    public let path: String
    public let size: UInt64
    public let open: () throws -> ByteSource

    public init(path: String, size: UInt64, open: @escaping () throws -> ByteSource) {
        self.path = path; self.size = size; self.open = open
    }

    public var name: String { path.split(separator: "/").last.map(String.init) ?? path }

    /// The same file, opened at most once however often `open` is called: both index copies are
    /// checked against the same containers, and opening a 256 MiB container on a card walks its
    /// cluster chain (the 128 GB ring of tools/bench: 480 chains of 8,192 clusters).
    public func openingOnce() -> RecorderCardFile {
        let box = OpenedOnce(open)
        return RecorderCardFile(path: path, size: size) { try box.source() }
    }
    public var folder: String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}

/// Recognises the recorder layouts of a card.
public enum RecorderLayouts {
    /// Every recorder layout among `files` (the card's live files), one per folder that holds an
    /// index; empty for a card of plain clip files.
    public static func recognise(files: [RecorderCardFile]) -> [RecorderLayout] {
        // Only folders that hold an index are read. The test looks at the name's last bytes
        // first, so a card of 100,000 ordinary clips costs one byte comparison per file.
        var indexFolders = Set<String>()
        for f in files where isIndexName(f.path) { indexFolders.insert(f.folder) }
        // Dahua and XM trees: one file per recording, known by its folders and name.
        let frameLayouts = FrameLayouts.recognise(files: files)
        guard !indexFolders.isEmpty else { return frameLayouts }
        var byFolder: [String: [RecorderCardFile]] = [:]
        for f in files {
            let folder = f.folder
            if indexFolders.contains(folder) { byFolder[folder, default: []].append(f) }
        }
        var layouts: [RecorderLayout] = []
        for folder in byFolder.keys.sorted() {
            guard let group = byFolder[folder] else { continue }
            if let layout = HikvisionRecorder.read(folder: folder, files: group) { layouts.append(layout) }
        }
        return layouts + frameLayouts
    }

    /// Whether a path's last component is one of the index names a recorder writes
    /// (`index00.bin`, `index01.bin`, `record_db_index00`), in any case.
    static func isIndexName(_ path: String) -> Bool {
        let bytes = path.utf8
        guard let last = bytes.last, last | 0x20 == UInt8(ascii: "n") || last == UInt8(ascii: "0") else { return false }
        let name = path.split(separator: "/").last.map { $0.lowercased() } ?? ""
        return name == "index00.bin" || name == "index01.bin" || name == HikvisionSQLiteIndex.fileName
    }
}

/// The first `open`'s result (source or error), kept.
final class OpenedOnce {
    private let open: () throws -> ByteSource
    private var result: Result<ByteSource, Error>?

    init(_ open: @escaping () throws -> ByteSource) { self.open = open }

    func source() throws -> ByteSource {
        if let result { return try result.get() }
        let r = Result { try open() }
        result = r
        return try r.get()
    }
}
