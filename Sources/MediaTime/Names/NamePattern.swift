import CardFileSystem

/// One camera file-naming pattern: a regular expression over the file name without its
/// extension, whose named groups give the fields:
/// `y` (4-digit year) or `yy` (2-digit, 20yy), `mo`, `d`, `h`, `mi`, `s`; optionally the end
/// `ey`/`emo`/`ed`/`eh`/`emi`/`es` (the end's date defaults to the start's), and `ch`, a channel.
/// A pattern with no date groups takes its date from a date folder (`needsFolderDate`).
public struct NamePattern: Sendable {
    /// Stable id, shown in `time_source` as `file_name:<id>`.
    public let id: String
    /// Regular expression, matched against the whole stem, case-insensitively.
    public let expression: String
    /// A real name this pattern is for (documentation and tests).
    public let example: String
    /// Who writes such names.
    public let note: String

    public init(id: String, expression: String, example: String, note: String) {
        self.id = id; self.expression = expression; self.example = example; self.note = note
    }

    var needsFolderDate: Bool { !expression.contains("?<y>") && !expression.contains("?<yy>") }
}

/// What a name says.
public struct NameTime: Equatable, Sendable {
    public var patternID: String
    public var start: CardTimestamp
    public var end: CardTimestamp?
    public var channel: String?
    /// The date came from this folder (patterns without a date of their own).
    public var dateFolder: String?
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
