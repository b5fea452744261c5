import CardFileSystem

/// The kinds of footage the carver recognises in free clusters.
public enum CarvedKind: String, Sendable, CaseIterable, Codable {
    /// ISO base media (ISO/IEC 14496-12): MP4 and 3GP; `ftyp` then a walk of top-level boxes.
    case mp4
    /// The same box structure with QuickTime's `qt  ` brand (Apple QuickTime File Format).
    case mov
    /// JPEG (ITU-T T.81 Annex B): SOI through EOI.
    case jpeg
    /// MPEG-2 program stream (ISO/IEC 13818-1 §2.5.3): consecutive packs.
    case mpegPS = "mpeg_ps"
    /// Dahua DHAV frames: `DHAV` header, frame length, `dhav` trailer repeating the length.
    case dhav

    /// The type as it appears in an exported find's name.
    public var nameTag: String {
        switch self {
        case .mpegPS: return "mpeg-ps"
        default: return rawValue
        }
    }

    /// The extension a person's player expects.
    public var fileExtension: String {
        switch self {
        case .mp4: return "mp4"
        case .mov: return "mov"
        case .jpeg: return "jpg"
        case .mpegPS: return "mpg"
        case .dhav: return "dav"
        }
    }
}

/// One piece of footage found in unallocated clusters: where its bytes are, what they are, and
/// the recording time they carry themselves (never a filesystem time: a carved find has no entry).
public struct CarvedFind: Sendable, Equatable {
    public var kind: CarvedKind
    /// First byte within the volume.
    public var volumeOffset: UInt64
    public var length: UInt64
    /// The clusters holding the bytes (one run: a find never leaves its free run), the last cut
    /// at the find's end. `byteOffset` is within the volume.
    public var clusterRuns: [ClusterRun]
    /// When its own bytes say it was recorded (MP4/MOV `mvhd`, JPEG EXIF DateTimeOriginal, DHAV
    /// frame header), in the camera's wall-clock time; nil where they carry none.
    public var start: CardTimestamp?
    public var end: CardTimestamp?
    /// Where `start` came from, in `time_source` form (`mp4:mvhd`, `exif:DateTimeOriginal`, `dhav:frame`).
    public var timeSource: String?
    /// What the bytes say beyond the time (frame counts, what ended the walk).
    public var notes: [String]
    /// False when the format says the file goes on past the free run (overwritten or cut by
    /// allocated clusters): the find holds only its first part.
    public var complete = true

    public init(kind: CarvedKind, volumeOffset: UInt64, length: UInt64, clusterRuns: [ClusterRun] = [],
                start: CardTimestamp? = nil, end: CardTimestamp? = nil, timeSource: String? = nil, notes: [String] = []) {
        self.kind = kind; self.volumeOffset = volumeOffset; self.length = length; self.clusterRuns = clusterRuns
        self.start = start; self.end = end; self.timeSource = timeSource; self.notes = notes
    }

    /// The end (exclusive) within the volume.
    public var volumeEnd: UInt64 { volumeOffset + length }

    /// The name a carved find is exported under: type, image offset and time visible at a glance,
    /// sorting by offset (`000012345678-mp4-2026-11-20_213025.mp4`, `…-no-time.jpg`).
    public func storedName(imageOffset: UInt64) -> String {
        let digits = String(imageOffset)
        let padded = String(repeating: "0", count: max(0, 13 - digits.count)) + digits
        // `2026-11-20T21:30:25` → `2026-11-20_213025`, without Foundation.
        let time = start.map { t in
            String(String(t.iso.prefix(19)).compactMap { $0 == ":" ? nil : ($0 == "T" ? "_" : $0) })
        } ?? "no-time"
        return "\(padded)-\(kind.nameTag)-\(time).\(kind.fileExtension)"
    }
}

/// A whole scan's outcome.
public struct CarvingResult: Sendable {
    public var finds: [CarvedFind]
    /// Free clusters and bytes scanned.
    public var freeClusters: UInt64
    public var scannedBytes: UInt64
    /// What could not be scanned (an allocation state that cannot be read, a truncated image).
    public var problems: [String]

    public init(finds: [CarvedFind] = [], freeClusters: UInt64 = 0, scannedBytes: UInt64 = 0, problems: [String] = []) {
        self.finds = finds; self.freeClusters = freeClusters; self.scannedBytes = scannedBytes; self.problems = problems
    }
}
