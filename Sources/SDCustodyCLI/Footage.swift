import ArgumentParser
import Card
import CardIO
import CardFileSystem
import MediaTime
import Codecs

/// `--from`, `--to`, `--date` and `--clock-offset`, shared by `ls` and `export`.
struct TimeSelectionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Only footage recorded at or after T (true time): 2026-11-20T21:30, \"2026-11-20 21:30:00\", or 21:30 with --date.", valueName: "T"))
    var from: String?
    @Option(name: .long, help: ArgumentHelp("Only footage recorded at or before T (true time).", valueName: "T"))
    var to: String?
    @Option(name: .long, help: ArgumentHelp("The day for a bare --from/--to time.", valueName: "YYYY-MM-DD"))
    var date: String?
    @Option(name: .long, help: ArgumentHelp("Camera clock minus true time, as measured against a reference clock (e.g. +00:02:13: the camera runs 2 min 13 s fast). Corrected times are shown beside the camera's own.", valueName: "±HH:MM:SS"))
    var clockOffset: String?

    init() {}

    func validate() throws {
        if clockOffset != nil && ClockOffset(parsing: clockOffset ?? "") == nil {
            throw ValidationError("--clock-offset takes ±HH:MM:SS (camera clock minus true time), e.g. +00:02:13")
        }
        if date != nil && from == nil && to == nil {
            throw ValidationError("--date completes a bare --from/--to time; give --from or --to too")
        }
        _ = try window()
    }

    var offset: ClockOffset? { clockOffset.flatMap { ClockOffset(parsing: $0) } }

    /// nil when neither --from nor --to was given.
    func window() throws -> TimeWindow? {
        guard from != nil || to != nil else { return nil }
        do {
            return try TimeWindow.parse(from: from, to: to, date: date)
        } catch {
            throw ValidationError(String(describing: error))
        }
    }
}

/// A file on the card with what we know of when it was recorded.
struct FootageItem {
    let entry: CardEntry
    let recording: RecordingTime?
    /// On the true-time axis (clock offset applied); nil without a start time.
    let span: RecordingSpan?

    var folder: String {
        guard let slash = entry.path.lastIndex(of: "/") else { return "" }
        return String(entry.path[..<slash])
    }
}

enum Footage {
    /// One entry with its recording time (none for a folder).
    static func item(_ entry: CardEntry, tree: FileTree, offset: ClockOffset?) -> FootageItem {
        guard !entry.isDirectory else { return FootageItem(entry: entry, recording: nil, span: nil) }
        let recording = recordingTime(of: entry, tree: tree)
        let partial = FootageItem(entry: entry, recording: recording, span: nil)
        let span = RecordingSpan(path: entry.path, folder: partial.folder, recording: recording, offset: offset ?? .zero)
        return FootageItem(entry: entry, recording: recording, span: span)
    }

    static func recordingTime(of entry: CardEntry, tree: FileTree) -> RecordingTime {
        let components = entry.path.split(separator: "/").map(String.init)
        let folders = Array(components.dropLast())
        do {
            let content = try tree.content(of: entry)
            return RecordingTimeReader.read(source: content.source, fileName: entry.name, folders: folders, modified: entry.modified)
        } catch {
            // The bytes cannot be had (a damaged chain): names and the filesystem still speak.
            var r = RecordingTimeReader.read(source: EmptySource(), fileName: entry.name, folders: folders, modified: entry.modified)
            r.unknownBecause.append("file content unreadable: \(error)")
            return r
        }
    }

    /// The recording fields of one file for `--json` (PRODUCT.md: `start`, `end`, `time_source`).
    static func recordingFields(_ item: FootageItem, offset: ClockOffset?) -> [(String, JSONValue)] {
        guard let r = item.recording else { return [] }
        var fields: [(String, JSONValue)] = [
            ("start", .from(r.start?.isoMillis)),
            ("end", .from(r.end?.isoMillis)),
            ("time_source", .string(r.timeSource.rawName)),
            ("duration", r.duration.map { .double(($0 * 1000).rounded() / 1000) } ?? .null),
            ("duration_source", .from(r.durationSource?.rawName)),
            ("still", .bool(r.isStill)),
        ]
        if let offset {
            fields.append(("clock_offset", .string(offset.description)))
            fields.append(("corrected_start", .from(r.start.flatMap { offset.trueTime($0) }?.isoMillis)))
            fields.append(("corrected_end", .from(r.end.flatMap { offset.trueTime($0) }?.isoMillis)))
        }
        if let channel = r.channel { fields.append(("channel", .string(channel))) }
        fields.append(("time_evidence", .array(r.evidence.map { e in
            .object([
                ("source", .string(e.source.rawName)),
                ("start", .from(e.start?.isoMillis)),
                ("end", .from(e.end?.isoMillis)),
                ("duration", e.duration.map { .double(($0 * 1000).rounded() / 1000) } ?? .null),
                ("note", .string(e.note)),
            ])
        })))
        if !r.unknownBecause.isEmpty { fields.append(("time_unknown_because", .array(r.unknownBecause.map { .string($0) }))) }
        if let x = r.exif { fields.append(("exif", exifJSON(x))) }
        return fields
    }

    static func exifJSON(_ x: ExifFields) -> JSONValue {
        .object([
            ("make", .from(x.make)), ("model", .from(x.model)),
            ("orientation", x.orientation.map { .int(Int64($0)) } ?? .null),
            ("date_time_original", .from(x.dateTimeOriginal)),
            ("sub_sec_time_original", .from(x.subSecTimeOriginal)),
            ("offset_time_original", .from(x.offsetTimeOriginal)),
            ("gps_date_stamp", .from(x.gpsDateStamp)), ("gps_time_stamp", .from(x.gpsTimeStamp)),
            ("gps_time_utc", .from(x.gpsTime?.isoMillis)),
            ("thumbnail_offset", x.thumbnailOffset.map { .uint($0) } ?? .null),
            ("thumbnail_length", x.thumbnailLength.map { .uint($0) } ?? .null),
        ])
    }

    /// Moments recorded by several channels, and stretches of the window no clip covers.
    static func coverage(_ spans: [RecordingSpan], window: TimeWindow) -> (groups: [MomentGroup], gaps: [CoverageGap]) {
        (ChannelGrouping.group(spans), CoverageGaps.gaps(in: window, spans: spans, minimum: 1))
    }
}

/// A zero-length source, for files whose bytes cannot be read.
final class EmptySource: ByteSource {
    var size: UInt64 { 0 }
    var name: String { "unreadable file" }
    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int { 0 }
}
