import Card
import CardIO
import CardFileSystem
import MediaTime

/// A file on the card with what we know of when it was recorded.
public struct FootageItem {
    public let entry: CardEntry
    public let recording: RecordingTime?
    /// On the true-time axis (clock offset applied); nil without a start time.
    public let span: RecordingSpan?

    public var folder: String {
        guard let slash = entry.path.lastIndex(of: "/") else { return "" }
        return String(entry.path[..<slash])
    }
}

public enum Footage {
    /// One entry with its recording time (none for a folder).
    public static func item(_ entry: CardEntry, tree: FileTree, offset: ClockOffset?) -> FootageItem {
        guard !entry.isDirectory else { return FootageItem(entry: entry, recording: nil, span: nil) }
        let recording = recordingTime(of: entry, tree: tree)
        let partial = FootageItem(entry: entry, recording: recording, span: nil)
        let span = RecordingSpan(path: entry.path, folder: partial.folder, recording: recording, offset: offset ?? .zero)
        return FootageItem(entry: entry, recording: recording, span: span)
    }

    public static func recordingTime(of entry: CardEntry, tree: FileTree) -> RecordingTime {
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
    public static func recordingFields(_ item: FootageItem, offset: ClockOffset?) -> [(String, JSONValue)] {
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

    public static func exifJSON(_ x: ExifFields) -> JSONValue {
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
    public static func coverage(_ spans: [RecordingSpan], window: TimeWindow) -> (groups: [MomentGroup], gaps: [CoverageGap]) {
        (ChannelGrouping.group(spans), CoverageGaps.gaps(in: window, spans: spans, minimum: 1))
    }
}

/// A zero-length source, for files whose bytes cannot be read.
public final class EmptySource: ByteSource {
    public var size: UInt64 { 0 }
    public var name: String { "unreadable file" }
    public func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int { 0 }
}
