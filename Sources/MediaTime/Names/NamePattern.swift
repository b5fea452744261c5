import CardFileSystem

/// One camera file-naming pattern: a `shape` (see `NamePiece`) that must cover the whole file
/// name without its extension, case-insensitively, and whose fields give the time:
/// `.year` (4 digits) or `.year2` (2 digits, 20yy), `.month`, `.day`, `.hour`, `.minute`,
/// `.second`; optionally the end (`.endYear` … `.endSecond`; the end's date defaults to the
/// start's), and `.channel`. A pattern without a year takes its date from a date folder
/// (`needsFolderDate`).
public struct NamePattern: Sendable {
    /// Stable id, shown in `time_source` as `file_name:<id>`.
    public let id: String
    /// The pieces, in order, that the whole stem must consist of.
    public let shape: [NamePiece]
    /// A real name this pattern is for (documentation and tests).
    public let example: String
    /// Who writes such names.
    public let note: String
    /// The lowercased last extensions the row is for (nil: any). A shape as loose as Sony's
    /// (any short prefix and fourteen digits) is only trusted on the extensions that camera writes.
    public let extensions: Set<String>?
    /// The date and hour come from the file's own folder, named `YYYYMMDDHH` (Xiaomi): the
    /// shape then gives minutes and seconds only.
    public let hourFolder: Bool

    public init(id: String, shape: [NamePiece], example: String, note: String,
                extensions: Set<String>? = nil, hourFolder: Bool = false) {
        self.id = id; self.shape = shape; self.example = example; self.note = note
        self.extensions = extensions; self.hourFolder = hourFolder
    }

    /// The shape written as a regular expression (documentation; nothing compiles it).
    public var expression: String { shape.map(\.expression).joined() }

    var needsFolderDate: Bool { !shape.contains { $0.captures(.year) || $0.captures(.year2) } }
}

/// What a name says.
public struct NameTime: Equatable, Sendable {
    public var patternID: String
    public var start: CardTimestamp
    public var end: CardTimestamp?
    public var channel: String?
    /// The date came from this folder (patterns without a date of their own).
    public var dateFolder: String?
    /// The instant the name gives in UTC, where it carries Unix time besides the camera's
    /// local time (Xiaomi), or where Unix time is all it carries (Tuya: then `start` is this).
    public var utc: CardTimestamp? = nil
    /// The camera's offset from UTC in minutes, `start` (local) − `utc` rounded to 15 minutes;
    /// nil when the name has no UTC time, or when the two disagree by more than any zone does.
    public var utcOffsetMinutes: Int? = nil
    /// True when the time is in a folder's name rather than the file's (Tuya's event folders):
    /// `time_source` then says `folder_name:<id>`.
    public var fromFolderName = false
}

/// A date (and maybe an hour) in the folder path: `20261120/21/`, `2026-11-20/001/dav/21/`.
public struct FolderTime: Equatable, Sendable {
    public var patternID: String
    public var folder: String
    public var date: CardTimestamp
    public var hour: Int?
    /// The start of the hour, or midnight, that the folders name.
    public var start: CardTimestamp {
        var t = date
        t.hour = hour ?? 0
        return t
    }
}
