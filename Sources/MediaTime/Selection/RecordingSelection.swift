import CardFileSystem

/// One file's recording span on the true-time axis, for selection, grouping and gaps.
public struct RecordingSpan: Equatable, Sendable {
    /// Whatever the caller uses to name the file (its card path).
    public var path: String
    /// Camera's own start and end, as read.
    public var cameraStart: CardTimestamp
    public var cameraEnd: CardTimestamp?
    /// Corrected by the clock offset: what `--from`/`--to` compare against.
    public var start: CardTimestamp
    public var end: CardTimestamp?
    public var isStill: Bool
    /// Channel tag from the name (F/R/I...), if any.
    public var channel: String?
    /// The folder holding the file (`/`-separated), for channels kept in sibling folders.
    public var folder: String

    /// A span from a `RecordingTime`; nil when it has no start.
    public init?(path: String, folder: String, recording: RecordingTime, offset: ClockOffset = .zero) {
        guard let s = recording.start, let ts = offset.trueTime(s) else { return nil }
        self.path = path
        self.folder = folder
        cameraStart = s
        cameraEnd = recording.isStill ? nil : recording.end
        start = ts
        end = cameraEnd.flatMap { offset.trueTime($0) }
        isStill = recording.isStill
        channel = recording.channel
    }

    public init(path: String, folder: String = "", start: CardTimestamp, end: CardTimestamp?, isStill: Bool = false, channel: String? = nil) {
        self.path = path; self.folder = folder
        cameraStart = start; cameraEnd = end
        self.start = start; self.end = end
        self.isStill = isStill; self.channel = channel
    }

    /// The end used for overlap: a still, or a clip of unknown length, is an instant.
    public var effectiveEnd: CardTimestamp { isStill ? start : (end ?? start) }
}

/// `--from`/`--to` selection: files whose recording interval overlaps the window.
public enum RecordingSelection {
    /// True when `[span.start, span.end]` meets `[window.from, window.to]` (ends included; an open
    /// end of the window is unbounded). Wall-clock fields are compared; zones are not converted,
    /// since a camera's clock has no zone we could trust.
    public static func overlaps(_ span: RecordingSpan, _ window: TimeWindow) -> Bool {
        if let from = window.from, span.effectiveEnd < from { return false }
        if let to = window.to, span.start > to { return false }
        return true
    }

    public static func select(_ spans: [RecordingSpan], in window: TimeWindow) -> [RecordingSpan] {
        spans.filter { overlaps($0, window) }
    }
}
