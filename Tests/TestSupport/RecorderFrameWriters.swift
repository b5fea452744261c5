/// Writers of Dahua DHAV and XM frame files for tests and samples, field by field as
/// `Recorders.DHAVFrame` and `Recorders.XMFrame` document the layouts (little-endian). They
/// are independent of the readers: nothing here calls them.
public enum RecorderFrameWriters {
    /// The packed local date (second 6 bits, minute 6, hour 5, day 5, month 4, year − 2000 6).
    public static func packedDate(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> UInt32 {
        UInt32(year - 2000) << 26 | UInt32(month) << 22 | UInt32(day) << 17 | UInt32(hour) << 12 | UInt32(minute) << 6 | UInt32(second)
    }

    static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8)] }

    /// One DHAV frame: 24-byte header, extensions, payload, `dhav` + length trailer.
    /// Key frames carry the 0x80 (size) and 0x81 (codec H.264, frame rate) extensions, as
    /// cameras write them and as FFmpeg's demuxer needs them to open the video stream.
    public static func dhavFrame(key: Bool, number: UInt32, date: UInt32, milliseconds: UInt16, payload: [UInt8],
                                 channel: UInt8 = 0, width: Int = 320, height: Int = 240, fps: UInt8 = 25) -> [UInt8] {
        let ext: [UInt8] = key ? [0x80, 0, UInt8(width / 8), UInt8(height / 8), 0x81, 0, 0x02, fps] : []
        let length = UInt32(24 + ext.count + payload.count + 8)
        var out: [UInt8] = Array("DHAV".utf8) + [key ? 0xFD : 0xFC, 0, channel, 0]
        out += le32(number) + le32(length) + le32(date) + le16(milliseconds) + [UInt8(ext.count), 0]
        out += ext + payload
        out += Array("dhav".utf8) + le32(length)
        return out
    }

    /// An XM key frame (`00 00 01 FC`, 16-byte header) or other video frame (`FD`, 8 bytes).
    public static func xmFrame(key: Bool, date: UInt32, payload: [UInt8], fps: UInt8 = 25, width: Int = 320, height: Int = 240) -> [UInt8] {
        if key {
            return [0, 0, 1, 0xFC, 0x02, fps, UInt8(width / 8), UInt8(height / 8)] + le32(date) + le32(UInt32(payload.count)) + payload
        }
        return [0, 0, 1, 0xFD] + le32(UInt32(payload.count)) + payload
    }

    /// An XM information frame (`F9`), which some firmware writes first.
    public static func xmInfoFrame(payload: [UInt8]) -> [UInt8] { [0, 0, 1, 0xF9, 1, 0] + le16(UInt16(payload.count)) + payload }

    /// A payload that looks like an H.264 access unit (start code, NAL header with the top bit
    /// clear, filler), `count` bytes long.
    public static func nalPayload(_ count: Int, key: Bool, seed: UInt8 = 0) -> [UInt8] {
        var out: [UInt8] = [0, 0, 0, 1, key ? 0x65 : 0x41]
        var x = seed
        while out.count < count { x = x &* 29 &+ 7; out.append(x == 0 ? 0x11 : x) }
        return Array(out.prefix(max(count, 5)))
    }

    /// A DAV file of `seconds` seconds at `fps` frames a second (one key frame a second), first
    /// frame at the given local time and millisecond counter; returns the bytes and the frame count.
    public static func davFile(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, seconds: Int,
                               fps: Int = 5, counterStart: UInt16 = 40_000, payload: Int = 200) -> (bytes: [UInt8], frames: Int) {
        var out: [UInt8] = []
        var n = 0
        for s in 0..<seconds {
            let t = second + s
            let date = packedDate(year: year, month: month, day: day, hour: hour + (minute + t / 60) / 60,
                                  minute: (minute + t / 60) % 60, second: t % 60)
            for f in 0..<fps {
                let ms = counterStart &+ UInt16(truncatingIfNeeded: s * 1000 + f * (1000 / fps))
                out += dhavFrame(key: f == 0, number: UInt32(n), date: date, milliseconds: ms,
                                 payload: nalPayload(payload, key: f == 0, seed: UInt8(truncatingIfNeeded: n)), fps: UInt8(fps))
                n += 1
            }
        }
        return (out, n)
    }

    /// An XM `.h264` file: an information frame, then one key frame a second and `fps − 1`
    /// other frames, dated from the given local time.
    public static func xmFile(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, seconds: Int,
                              fps: Int = 5, payload: Int = 200) -> [UInt8] {
        var out = xmInfoFrame(payload: Array("XMINFO".utf8))
        for s in 0..<seconds {
            let t = second + s
            let date = packedDate(year: year, month: month, day: day, hour: hour + (minute + t / 60) / 60,
                                  minute: (minute + t / 60) % 60, second: t % 60)
            for f in 0..<fps {
                out += xmFrame(key: f == 0, date: date, payload: nalPayload(payload, key: f == 0, seed: UInt8(truncatingIfNeeded: s * fps + f)),
                               fps: UInt8(fps))
            }
        }
        return out
    }
}
