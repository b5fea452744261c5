import Card
import CardIO
import CardFileSystem
import Codecs
import MediaTime
import Recorders

/// Recordings of a recorder card (issue 11): finds the layouts among a card's files and selects
/// their recordings by an incident window, as `Footage` does for clip files.
public enum Recordings {
    /// The recorder layouts among the listing's live files (none on a card of plain clips, and
    /// then no file's bytes are read).
    public static func layouts(listing: VolumeListing, tree: FileTree) -> [RecorderLayout] {
        let files = listing.entries.compactMap { e -> RecorderCardFile? in
            guard !e.isDirectory, !e.deleted else { return nil }
            return RecorderCardFile(path: e.path, size: e.size) { try tree.content(of: e).source }
        }
        return RecorderLayouts.recognise(files: files)
    }

    /// The layouts of a card's volume, for `info`; a listing that cannot be had yields none.
    public static func layouts(tree: FileTree) -> [RecorderLayout] {
        guard let listing = try? tree.listing(includeDeleted: false) else { return [] }
        return layouts(listing: listing, tree: tree)
    }

    /// A recording on the true-time axis (clock offset applied), as the coverage and the window
    /// use it; nil when the offset takes it out of the calendar.
    public static func span(_ r: Recording, folder: String, offset: ClockOffset?) -> RecordingSpan? {
        let offset = offset ?? .zero
        guard let start = offset.trueTime(r.start.timestamp) else { return nil }
        var span = RecordingSpan(path: "\(r.container)@\(r.offset)", folder: folder, start: r.start.timestamp, end: r.end?.timestamp)
        span.start = start
        span.end = r.end.flatMap { offset.trueTime($0.timestamp) }
        return span
    }

    /// The recordings whose span meets `window` (true time), exactly as files are selected; all of
    /// them without a window. A recording still being recorded with no known end counts as
    /// running to its start, as a clip of unknown length does.
    public static func select(_ layouts: [RecorderLayout], window: TimeWindow?, offset: ClockOffset?) -> [(recording: Recording, span: RecordingSpan?)] {
        var out: [(Recording, RecordingSpan?)] = []
        for l in layouts {
            for r in l.recordings {
                let s = span(r, folder: l.folder, offset: offset)
                if let window {
                    guard let s, RecordingSelection.overlaps(s, window) else { continue }
                }
                out.append((r, s))
            }
        }
        return out
    }

    /// `YYYY-MM-DDTHH:MM:SS[.ffffff]` of a corrected time.
    static func iso(_ t: CardTimestamp) -> String {
        RecorderTime(wallClockSeconds: t.wallClockSeconds, microseconds: t.nanosecond / 1000).iso
    }

    /// One `recordings[]` entry of `ls --json` (PRODUCT.md: container, offset, length, start, end,
    /// time_source, state, channel).
    public static func json(_ r: Recording, offset: ClockOffset?) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("container", .string(r.container)),
            ("offset", .uint(r.offset)),
            ("length", .uint(r.length)),
            ("start", .string(r.start.iso)),
            ("end", .from(r.end?.iso)),
            ("time_source", .string(r.timeSource)),
            ("state", .string(r.state.rawValue)),
            ("channel", r.channel.map { .int(Int64($0)) } ?? .null),
            ("kind", .from(r.kind)),
            ("index_slot", .int(Int64(r.slot))),
            ("checked_against_bytes", .bool(r.checkedAgainstBytes)),
        ]
        // Issue 11, item 8: what could not be read, and why, beside the time the name gave.
        if let content = r.content { fields.append(("content", .string(content))) }
        if let offset {
            fields.append(("clock_offset", .string(offset.description)))
            fields.append(("corrected_start", .from(offset.trueTime(r.start.timestamp).map(iso))))
            fields.append(("corrected_end", .from(r.end.flatMap { offset.trueTime($0.timestamp) }.map(iso))))
        }
        return .object(fields)
    }

    /// One `recorder_layouts[]` entry: what was recognised, from which index, and its problems.
    public static func layoutJSON(_ l: RecorderLayout, detail: Bool = false) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("layout", .string(l.kind.rawValue)),
            ("folder", .string(l.folder)),
            ("index", .from(l.indexUsed)),
            ("containers", .int(Int64(l.containerCount))),
            ("recordings", .int(Int64(l.recordings.count))),
            ("being_recorded", .int(Int64(l.beingRecorded))),
            ("old", .int(Int64(l.recordings.filter { $0.state == .old }.count))),
            ("overwritten_index_records", .int(Int64(l.overwrittenRecords))),
            ("problems", .array(l.problems.map { .string($0) })),
        ]
        // With --deleted: the index records that are not recordings, each with its reason.
        if detail {
            fields.append(("overwritten", .array(l.overwritten.map { o in
                .object([("container", .string(o.container)), ("index_slot", .int(Int64(o.slot))),
                         ("start", .from(o.start?.iso)), ("offset", .uint(o.offset)), ("reason", .string(o.reason))])
            })))
        }
        return .object(fields)
    }
}
