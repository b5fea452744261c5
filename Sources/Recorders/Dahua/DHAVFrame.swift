import CardIO

/// One Dahua DHAV frame header, as FFmpeg's `dhav` demuxer reads it (libavformat/dhav.c; the
/// layout was learned from it, the code is ours). All integers little-endian:
///
/// | offset | size | field |
/// | --- | --- | --- |
/// | 0 | 4 | `DHAV` |
/// | 4 | 1 | type: `FD` video key frame, `FC` other video frame, `F0` audio, `F1` auxiliary |
/// | 5 | 1 | subtype |
/// | 6 | 1 | channel (0-based) |
/// | 7 | 1 | frame sub-number |
/// | 8 | 4 | frame number |
/// | 12 | 4 | frame length: header, extensions, payload and the 8-byte trailer |
/// | 16 | 4 | local date, packed (`PackedFrameDate`) |
/// | 20 | 2 | millisecond counter (free-running, wraps at 65,536) |
/// | 22 | 1 | extension length |
/// | 23 | 1 | checksum |
///
/// After the payload a trailer `dhav` + the frame length lets a reader walk backwards from the
/// end of a file, which is how the last frame is found without reading the whole file.
public struct DHAVFrame: Equatable, Sendable {
    public static let headerSize = 24
    public static let trailerSize = 8
    /// A frame larger than this is not believed (a 4K key frame is a few MiB at most).
    public static let maximumLength: UInt32 = 32 << 20

    public var type: UInt8
    public var channel: UInt8
    public var frameNumber: UInt32
    public var length: UInt32
    public var date: UInt32
    public var milliseconds: UInt16
    public var extensionLength: UInt8

    public var isVideo: Bool { type == 0xFD || type == 0xFC }
    public var isKeyFrame: Bool { type == 0xFD }

    /// The header at the start of `b`, or nil when it is not one: the magic, a known type, and a
    /// length that holds at least the header, its extensions and the trailer.
    public static func parse(_ b: ArraySlice<UInt8>) -> DHAVFrame? {
        guard b.count >= headerSize else { return nil }
        let s = b.startIndex
        guard b[s] == 0x44, b[s + 1] == 0x48, b[s + 2] == 0x41, b[s + 3] == 0x56 else { return nil }
        let type = b[s + 4]
        guard [0xFD, 0xFC, 0xF0, 0xF1].contains(type) else { return nil }
        let length = PackedFrameDate.le32(b, 12)
        let ext = b[s + 22]
        guard length >= UInt32(headerSize + trailerSize) + UInt32(ext), length <= maximumLength else { return nil }
        return DHAVFrame(type: type, channel: b[s + 6], frameNumber: PackedFrameDate.le32(b, 8), length: length,
                         date: PackedFrameDate.le32(b, 16), milliseconds: PackedFrameDate.le16(b, 20), extensionLength: ext)
    }

    /// Wall-clock seconds of the frame's date, nil when the date is not a calendar date.
    public var wallClockSeconds: Int64? { PackedFrameDate.decode(date) }
}
