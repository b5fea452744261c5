import CardFileSystem

/// Where a recording time (or a duration) came from. The JSON spelling (`rawName`) is what
/// `ls --json` shows as `time_source`.
public enum TimeSource: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// ISO BMFF `mvhd` (ISO/IEC 14496-12 §8.2.2): creation time and movie duration.
    case mp4Mvhd
    /// ISO BMFF `tkhd` (§8.3.2), used where `mvhd` has no creation time.
    case mp4Tkhd
    /// ISO BMFF `mdhd` (§8.4.2), used where neither `mvhd` nor `tkhd` has one.
    case mp4Mdhd
    /// ISO BMFF `udta` `©day` text (QuickTime or iTunes style), which may carry a zone.
    case mp4UserDataDate
    /// Fragmented ISO BMFF: `mehd` (§8.8.2) or the sum of the `moof` fragments' sample durations.
    case mp4Fragmented
    /// AVI `IDIT` chunk: the digitising date as text.
    case aviIDIT
    /// AVI `strd` chunk carrying an EXIF block (`AVIF` + TIFF), DateTimeOriginal.
    case aviStrdExif
    /// AVI `avih` main header: frame count × microseconds per frame (duration only).
    case aviAvih
    /// MPEG-TS program clock reference (ISO/IEC 13818-1 §2.4.3.5), duration only.
    case mpegTSPCR
    /// MPEG-TS or MPEG-PS presentation time stamps (§2.4.3.7), duration only.
    case mpegPTS
    /// MPEG-PS pack header system clock reference (§2.5.3.4), duration only.
    case mpegPSSCR
    /// EXIF DateTimeOriginal (0x9003) with SubSecTimeOriginal and OffsetTimeOriginal.
    case exifDateTimeOriginal
    /// EXIF GPSDateStamp + GPSTimeStamp: UTC.
    case exifGPS
    /// A time in the file name; the associated value names the pattern in `NamePatternTable`.
    case fileName(String)
    /// A date (and maybe hour) in the folder path.
    case folderName(String)
    /// The filesystem's modify time (the last resort).
    case filesystemModified
    /// A recorder's own frame headers (Dahua DHAV, XM): the associated value is the JSON name
    /// (`dhav_frames`, `xm_frames`).
    case recorderFrames(String)
    /// Nothing gave a time.
    case unknown

    /// Stable snake_case name for JSON and messages (`file_name:yyyymmdd_hhmmss`).
    public var rawName: String {
        switch self {
        case .mp4Mvhd: return "mp4_mvhd"
        case .mp4Tkhd: return "mp4_tkhd"
        case .mp4Mdhd: return "mp4_mdhd"
        case .mp4UserDataDate: return "mp4_udta_day"
        case .mp4Fragmented: return "mp4_fragmented"
        case .aviIDIT: return "avi_idit"
        case .aviStrdExif: return "avi_strd_exif"
        case .aviAvih: return "avi_avih"
        case .mpegTSPCR: return "mpegts_pcr"
        case .mpegPTS: return "mpeg_pts"
        case .mpegPSSCR: return "mpegps_scr"
        case .exifDateTimeOriginal: return "exif_datetimeoriginal"
        case .exifGPS: return "exif_gps"
        case let .fileName(id): return "file_name:\(id)"
        case let .folderName(id): return "folder_name:\(id)"
        case let .recorderFrames(name): return name
        case .filesystemModified: return "filesystem_modified"
        case .unknown: return "unknown"
        }
    }

    public var description: String { rawName }

    /// Media metadata outranks names, names outrank the filesystem (the precedence).
    public var rank: Int {
        switch self {
        case .mp4Mvhd, .mp4Tkhd, .mp4Mdhd, .mp4UserDataDate, .mp4Fragmented, .aviIDIT, .aviStrdExif, .aviAvih,
             .mpegTSPCR, .mpegPTS, .mpegPSSCR, .exifDateTimeOriginal, .exifGPS, .recorderFrames:
            return 0
        case .fileName: return 1
        case .folderName: return 2
        case .filesystemModified: return 3
        case .unknown: return 4
        }
    }
}

extension TimeSource: Encodable {
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawName)
    }
}

/// One value found while reading a file: kept whether or not it won, so `ls --json` can show
/// every candidate beside the chosen one.
public struct TimeEvidence: Equatable, Sendable {
    public var source: TimeSource
    public var start: CardTimestamp?
    public var end: CardTimestamp?
    /// Seconds.
    public var duration: Double?
    /// What the value is and how it was read ("mvhd v0, timescale 1000").
    public var note: String

    public init(source: TimeSource, start: CardTimestamp? = nil, end: CardTimestamp? = nil,
                duration: Double? = nil, note: String) {
        self.source = source; self.start = start; self.end = end
        self.duration = duration; self.note = note
    }
}

extension TimeEvidence: Encodable {
    enum CodingKeys: String, CodingKey { case source, start, end, duration, note }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source)
        try c.encodeIfPresent(start?.isoMillis, forKey: .start)
        try c.encodeIfPresent(end?.isoMillis, forKey: .end)
        try c.encodeIfPresent(duration, forKey: .duration)
        try c.encode(note, forKey: .note)
    }
}

/// When one footage file was recorded, and how we know.
///
/// `start`/`end` are the camera's own clock (correct them with `ClockOffset`); they carry a zone
/// only where the file records one (EXIF OffsetTimeOriginal, GPS time is UTC).
public struct RecordingTime: Equatable, Sendable {
    public var start: CardTimestamp?
    public var end: CardTimestamp?
    /// Seconds.
    public var duration: Double?
    /// Where `start` came from.
    public var timeSource: TimeSource
    /// Where `duration` came from, when known.
    public var durationSource: TimeSource?
    /// Every value found, winners and losers.
    public var evidence: [TimeEvidence]
    /// Why a parser could not give a value ("mvhd creation time is 0").
    public var unknownBecause: [String]
    /// A photograph: an instant, not an interval.
    public var isStill: Bool
    public var exif: ExifFields?
    /// Channel tag from the file name (`F`, `R`, `I`, `FH`...), for grouping.
    public var channel: String?
    /// Bytes read from the source to find all this.
    public var bytesRead: UInt64
    /// The recording's index was never written, as when the camera lost power mid-clip:
    /// an ISO BMFF file with `mdat` but no `moov` (ISO/IEC 14496-12 §8.1.1, §8.2.1), an AVI
    /// whose RIFF size is 0 or that has no `idx1` (AVI RIFF file reference, "AVI Index Entries").
    /// Not part of the encoded time record; `ls` names it as damage.
    public var unfinalised = false
    /// Content no parser reads (issue 11, item 8): encrypted by the camera, or a proprietary
    /// format. Not damage: the file is listed and copied as it is.
    public var content: ContentNote?
    /// The camera's offset from UTC in minutes where the name carries UTC beside local time
    /// (Xiaomi: local hour folder, Unix time in the name); `ls --json` shows it as `utc_offset`.
    public var utcOffsetMinutes: Int?

    /// `utcOffsetMinutes` as `+09:00`, `-03:30`, `+00:00`.
    public var utcOffset: String? {
        utcOffsetMinutes.map { m in
            let a = abs(m)
            return (m < 0 ? "-" : "+") + (a / 60 < 10 ? "0" : "") + String(a / 60) + ":" + (a % 60 < 10 ? "0" : "") + String(a % 60)
        }
    }

    public init(start: CardTimestamp? = nil, end: CardTimestamp? = nil, duration: Double? = nil,
                timeSource: TimeSource = .unknown, durationSource: TimeSource? = nil,
                evidence: [TimeEvidence] = [], unknownBecause: [String] = [], isStill: Bool = false,
                exif: ExifFields? = nil, channel: String? = nil, bytesRead: UInt64 = 0) {
        self.start = start; self.end = end; self.duration = duration
        self.timeSource = timeSource; self.durationSource = durationSource
        self.evidence = evidence; self.unknownBecause = unknownBecause
        self.isStill = isStill; self.exif = exif; self.channel = channel; self.bytesRead = bytesRead
    }
}

extension RecordingTime: Encodable {
    enum CodingKeys: String, CodingKey {
        case start, end, duration
        case timeSource = "time_source"
        case durationSource = "duration_source"
        case evidence
        case unknownBecause = "unknown_because"
        case isStill = "is_still"
        case exif, channel
        case utcOffset = "utc_offset"
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(start?.isoMillis, forKey: .start)
        try c.encodeIfPresent(end?.isoMillis, forKey: .end)
        try c.encodeIfPresent(duration, forKey: .duration)
        try c.encode(timeSource, forKey: .timeSource)
        try c.encodeIfPresent(durationSource, forKey: .durationSource)
        try c.encode(evidence, forKey: .evidence)
        try c.encode(unknownBecause, forKey: .unknownBecause)
        try c.encode(isStill, forKey: .isStill)
        try c.encodeIfPresent(exif, forKey: .exif)
        try c.encodeIfPresent(channel, forKey: .channel)
        try c.encodeIfPresent(utcOffset, forKey: .utcOffset)
    }
}
