import Codecs

/// When one file was recorded and how we know, as `ls --json` and the provenance file write it
/// (PRODUCT.md: `start`, `end`, `time_source`): the camera's own times, the corrected ones where a
/// clock offset was given, and every piece of evidence that was weighed.
public struct RecordingRecord: Equatable, Sendable {
    /// One source of a time (a media header, the file name, the filesystem) and what it said.
    public struct Evidence: Equatable, Sendable {
        public var source: String
        public var start: String?
        public var end: String?
        public var duration: Double?
        public var note: String

        public init(source: String, start: String?, end: String?, duration: Double?, note: String) {
            self.source = source
            self.start = start
            self.end = end
            self.duration = duration
            self.note = note
        }
    }

    /// The clock offset and the times it corrects (present only when an offset was given).
    public struct Correction: Equatable, Sendable {
        public var clockOffset: String
        public var correctedStart: String?
        public var correctedEnd: String?

        public init(clockOffset: String, correctedStart: String?, correctedEnd: String?) {
            self.clockOffset = clockOffset
            self.correctedStart = correctedStart
            self.correctedEnd = correctedEnd
        }
    }

    public var start: String?
    public var end: String?
    public var timeSource: String
    /// Seconds, rounded to the millisecond.
    public var duration: Double?
    public var durationSource: String?
    public var still: Bool
    public var correction: Correction?
    public var channel: String?
    public var evidence: [Evidence]
    /// Why the time is unknown or uncertain; written only when there is a reason.
    public var unknownBecause: [String]
    /// The EXIF fields of a still, as the media layer reports them (kept as written).
    public var exif: JSONValue?
    /// The camera's offset from UTC (`+09:00`) where the name gives UTC beside local time
    /// (issue 11, Xiaomi); written only when known.
    public var utcOffset: String?

    public init(start: String?, end: String?, timeSource: String, duration: Double?, durationSource: String?, still: Bool,
                correction: Correction? = nil, channel: String? = nil, evidence: [Evidence] = [],
                unknownBecause: [String] = [], exif: JSONValue? = nil, utcOffset: String? = nil) {
        self.start = start
        self.end = end
        self.timeSource = timeSource
        self.duration = duration
        self.durationSource = durationSource
        self.still = still
        self.correction = correction
        self.channel = channel
        self.evidence = evidence
        self.unknownBecause = unknownBecause
        self.exif = exif
        self.utcOffset = utcOffset
    }

    /// The members in the order `ls --json` and the provenance have always written them.
    public var fields: [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [
            ("start", .from(start)),
            ("end", .from(end)),
            ("time_source", .string(timeSource)),
            ("duration", .optional(duration) { .double($0) }),
            ("duration_source", .from(durationSource)),
            ("still", .bool(still)),
        ]
        if let correction {
            fields.append(("clock_offset", .string(correction.clockOffset)))
            fields.append(("corrected_start", .from(correction.correctedStart)))
            fields.append(("corrected_end", .from(correction.correctedEnd)))
        }
        if let channel { fields.append(("channel", .string(channel))) }
        if let utcOffset { fields.append(("utc_offset", .string(utcOffset))) }
        fields.append(("time_evidence", .array(evidence.map { e in
            .object([
                ("source", .string(e.source)),
                ("start", .from(e.start)),
                ("end", .from(e.end)),
                ("duration", .optional(e.duration) { .double($0) }),
                ("note", .string(e.note)),
            ])
        })))
        if !unknownBecause.isEmpty { fields.append(("time_unknown_because", .array(unknownBecause.map { .string($0) }))) }
        if let exif { fields.append(("exif", exif)) }
        return fields
    }

    init(reading r: ObjectReader) throws {
        start = try r.optionalString("start")
        end = try r.optionalString("end")
        timeSource = try r.string("time_source")
        duration = try r.optionalDouble("duration")
        durationSource = try r.optionalString("duration_source")
        still = try r.bool("still")
        if let offset = try r.optionalString("clock_offset") {
            correction = Correction(clockOffset: offset, correctedStart: try r.optionalString("corrected_start"),
                                    correctedEnd: try r.optionalString("corrected_end"))
        } else {
            correction = nil
        }
        channel = try r.optionalString("channel")
        evidence = try r.objects("time_evidence").map { e in
            Evidence(source: try e.string("source"), start: try e.optionalString("start"), end: try e.optionalString("end"),
                     duration: try e.optionalDouble("duration"), note: try e.string("note"))
        }
        unknownBecause = try r.optionalStrings("time_unknown_because") ?? []
        exif = r.optionalValue("exif")
        utcOffset = try r.optionalString("utc_offset")
    }
}
