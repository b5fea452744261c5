import CardFileSystem

/// The 32-bit local date Dahua's DHAV frames and XM's key frames carry (little-endian on disk):
/// bits 0–5 second, 6–11 minute, 12–16 hour, 17–21 day, 22–25 month, 26–31 year − 2000. The
/// layout is the one FFmpeg's `dhav` demuxer and the public DVRIP notes read; the camera's zone
/// is not recorded, so the value is naive wall-clock time like every other recorder time.
public enum PackedFrameDate {
    /// The wall-clock seconds of a packed date, or nil when a field is out of its calendar range
    /// (month 0, day 31 of November, hour 25…): a frame with such a date is not trusted.
    public static func decode(_ v: UInt32) -> Int64? {
        let t = CardTimestamp(year: 2000 + Int(v >> 26 & 0x3F), month: Int(v >> 22 & 0x0F), day: Int(v >> 17 & 0x1F),
                              hour: Int(v >> 12 & 0x1F), minute: Int(v >> 6 & 0x3F), second: Int(v & 0x3F))
        guard t.isValid else { return nil }
        return t.wallClockSeconds
    }

    /// The packed form of `t` (2000–2063), for writers in tests and samples.
    public static func encode(_ t: CardTimestamp) -> UInt32 {
        let year = UInt32(max(0, min(63, t.year - 2000)))
        return year << 26 | UInt32(t.month & 0x0F) << 22 | UInt32(t.day & 0x1F) << 17 | UInt32(t.hour & 0x1F) << 12
            | UInt32(t.minute & 0x3F) << 6 | UInt32(t.second & 0x3F)
    }

    static func le32(_ b: ArraySlice<UInt8>, _ at: Int) -> UInt32 {
        let s = b.startIndex + at
        return UInt32(b[s]) | UInt32(b[s + 1]) << 8 | UInt32(b[s + 2]) << 16 | UInt32(b[s + 3]) << 24
    }

    static func le16(_ b: ArraySlice<UInt8>, _ at: Int) -> UInt16 {
        let s = b.startIndex + at
        return UInt16(b[s]) | UInt16(b[s + 1]) << 8
    }
}

/// What the frames of one recorder file (a Dahua `.dav`, an XM `.h264`) say about it.
public struct FrameFileSpan: Equatable, Sendable {
    /// The first frame's time.
    public var start: RecorderTime
    /// The last frame's time; nil when no last frame could be found near the end.
    public var end: RecorderTime?
    /// Offset of the first frame (a file may carry a header before it).
    public var firstFrame: UInt64
    /// End (exclusive) of the last whole frame found; for a file still being written, the bytes
    /// after it are a frame the camera did not finish.
    public var dataEnd: UInt64
    /// The channel the frames carry, where they carry one.
    public var channel: Int?
    /// One line each for what did not check out (a damaged frame, a counter that disagrees).
    public var problems: [String]

    public init(start: RecorderTime, end: RecorderTime?, firstFrame: UInt64, dataEnd: UInt64, channel: Int?, problems: [String] = []) {
        self.start = start; self.end = end; self.firstFrame = firstFrame; self.dataEnd = dataEnd
        self.channel = channel; self.problems = problems
    }
}

/// Why a recorder file's frames gave no time.
public enum FrameFileFailure: Error, Equatable, Sendable {
    /// No frame of the layout where the file should start: the content is something else.
    case noFrames
    /// The bytes look encrypted (no structure, high entropy over a bounded sample).
    case encrypted
    /// Frames were found but none carried a valid date, or the file could not be read.
    case damaged(String)
}
