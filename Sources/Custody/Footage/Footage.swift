import Card
import CardIO
import CardFileSystem
import MediaTime
import Records
import Messages

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
        // The filesystem named what it saw; the media bytes add an index never written.
        var entry = entry
        if recording.unfinalised && !entry.damage.contains(.unfinalised) { entry.damage.append(.unfinalised) }
        let partial = FootageItem(entry: entry, recording: recording, span: nil)
        let span = RecordingSpan(path: entry.path, folder: partial.folder, recording: recording, offset: offset ?? .zero)
        return FootageItem(entry: entry, recording: recording, span: span)
    }

    /// An entry whose bytes come from `content` rather than its recorded size: an unclosed
    /// recording read along its whole chain. Its time comes from its name or its own media bytes.
    public static func item(_ entry: CardEntry, content: FileContent, offset: ClockOffset?) -> FootageItem {
        let folders = Array(entry.path.split(separator: "/").map(String.init).dropLast())
        let recording = withFrames(RecordingTimeReader.read(source: content.source, fileName: entry.name, folders: folders, modified: entry.modified),
                                   path: entry.path, source: content.source)
        var entry = entry
        if recording.unfinalised && !entry.damage.contains(.unfinalised) { entry.damage.append(.unfinalised) }
        let partial = FootageItem(entry: entry, recording: recording, span: nil)
        let span = RecordingSpan(path: entry.path, folder: partial.folder, recording: recording, offset: offset ?? .zero)
        return FootageItem(entry: entry, recording: recording, span: span)
    }

    public static func recordingTime(of entry: CardEntry, tree: FileTree) -> RecordingTime {
        let components = entry.path.split(separator: "/").map(String.init)
        let folders = Array(components.dropLast())
        do {
            let content = try tree.content(of: entry)
            // A ring container's times are its index's (Recordings): 64 KiB of it say what the
            // media header says, where 1 MiB of each of a 128 GB card's 480 containers cost ls
            // half a gigabyte of reads.
            let budget = HikvisionRecorder.isContainer(name: entry.name, size: entry.size) ? 64 << 10 : RecordingTimeReader.byteBudget
            return withFrames(RecordingTimeReader.read(source: content.source, fileName: entry.name, folders: folders, modified: entry.modified,
                                                       budget: budget),
                              path: entry.path, source: content.source)
        } catch {
            // The bytes cannot be had (a damaged chain): names and the filesystem still speak.
            var r = RecordingTimeReader.read(source: EmptySource(), fileName: entry.name, folders: folders, modified: entry.modified)
            r.unknownBecause.append(tr(.ccFileContentUnreadable, ["error": "\(error)"]))
            return r
        }
    }

    /// A file of a Dahua or XM tree (issue 11): its frames' times outrank its name, exactly as
    /// its entry in `recordings` has them, so that files and recordings select alike.
    static func withFrames(_ r: RecordingTime, path: String, source: ByteSource) -> RecordingTime {
        guard FrameLayouts.isInTree(path), let f = FrameLayouts.frameTime(path: path, source: source) else { return r }
        let note = f.timeSource == DahuaFile.timeSource ? "first and last DHAV frames' dates and millisecond counters"
            : "first and last XM key frames' dates"
        return r.preferring(frames: .recorderFrames(f.timeSource), start: f.span.start.timestamp, end: f.span.end?.timestamp,
                            note: note + (f.open ? "; being recorded when the card was pulled" : ""))
    }

    /// When one file was recorded, as `ls --json` and the provenance write it (PRODUCT.md:
    /// `start`, `end`, `time_source`); nil for a folder.
    public static func recording(_ item: FootageItem, offset: ClockOffset?) -> RecordingRecord? {
        guard let r = item.recording else { return nil }
        func seconds(_ d: Double) -> Double { (d * 1000).rounded() / 1000 }
        return RecordingRecord(
            start: r.start?.isoMillis, end: r.end?.isoMillis, timeSource: r.timeSource.rawName,
            duration: r.duration.map(seconds), durationSource: r.durationSource?.rawName, still: r.isStill,
            correction: offset.map { offset in
                RecordingRecord.Correction(clockOffset: offset.description,
                                           correctedStart: r.start.flatMap { offset.trueTime($0) }?.isoMillis,
                                           correctedEnd: r.end.flatMap { offset.trueTime($0) }?.isoMillis)
            },
            channel: r.channel,
            evidence: r.evidence.map { e in
                RecordingRecord.Evidence(source: e.source.rawName, start: e.start?.isoMillis, end: e.end?.isoMillis,
                                         duration: e.duration.map(seconds), note: e.note)
            },
            unknownBecause: r.unknownBecause, exif: r.exif.map(exifJSON), utcOffset: r.utcOffset)
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
    public var name: String { tr(.ccUnreadableFile) }
    public func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int { 0 }
}
