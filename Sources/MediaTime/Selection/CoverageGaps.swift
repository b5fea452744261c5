import CardFileSystem

/// A stretch of the asked window that no clip covers.
public struct CoverageGap: Equatable, Sendable {
    public var from: CardTimestamp
    public var to: CardTimestamp
    public var seconds: Double { from.seconds(until: to) ?? 0 }
}

public enum CoverageGaps {
    /// The parts of `[from, to]` covered by no clip (stills cover nothing), longer than
    /// `minimum` seconds: the camera's own gaps between files are a second or two.
    public static func gaps(in window: TimeWindow, spans: [RecordingSpan], minimum: Double = 0) -> [CoverageGap] {
        guard let from = window.from, let to = window.to, from < to else { return [] }
        let intervals = spans.compactMap { s -> (CardTimestamp, CardTimestamp)? in
            guard !s.isStill, let e = s.end, s.start < e else { return nil }
            return (max(s.start, from), min(e, to))
        }.filter { $0.0 < $0.1 }.sorted { $0.0 < $1.0 }
        var gaps: [CoverageGap] = []
        var cursor = from
        for (s, e) in intervals {
            if s > cursor { gaps.append(CoverageGap(from: cursor, to: s)) }
            if e > cursor { cursor = e }
        }
        if cursor < to { gaps.append(CoverageGap(from: cursor, to: to)) }
        return gaps.filter { $0.seconds > minimum }
    }
}
