import CardIO
import CardFileSystem

/// The extent of a run of Dahua DHAV frames, the format of Dahua `.dav` recordings (as FFmpeg's
/// `dhav` demuxer reads it): a 24-byte header `DHAV`, type, subtype, channel, sub-number,
/// frame number (u32 LE), frame length (u32 LE, header to trailer inclusive), date (u32 LE,
/// packed: seconds 6 bits, minutes 6, hours 5, day 5, month 4, year − 2000 6), a 16-bit
/// millisecond stamp, extension length and checksum; then the payload; then the 8-byte
/// trailer `dhav` + the frame length again. The run ends at the first frame that does not check.
enum DHAVWalk {
    static let headerSize: UInt64 = 24
    static let trailerSize: UInt64 = 8

    struct Extent {
        var end: UInt64
        var frames: Int
        var first: CardTimestamp?
        var last: CardTimestamp?
        var channels: Set<UInt8>
    }

    /// The frame at `offset`: its length and date, when header and trailer agree.
    static func frame(_ reader: WindowReader, at offset: UInt64) -> (length: UInt64, date: UInt32, channel: UInt8)? {
        guard let h = reader.bytes(at: offset, count: Int(headerSize)), h.prefix(4).elementsEqual("DHAV".utf8) else { return nil }
        let s = h.startIndex
        let length = UInt64(h[s + 12]) | UInt64(h[s + 13]) << 8 | UInt64(h[s + 14]) << 16 | UInt64(h[s + 15]) << 24
        guard length >= headerSize + trailerSize, UInt64(h[s + 22]) + headerSize + trailerSize <= length else { return nil }
        let (end, overflow) = offset.addingReportingOverflow(length)
        guard !overflow, end <= reader.limit, let t = reader.bytes(at: end - trailerSize, count: Int(trailerSize)),
              t.prefix(4).elementsEqual("dhav".utf8) else { return nil }
        let ts = t.startIndex
        let again = UInt64(t[ts + 4]) | UInt64(t[ts + 5]) << 8 | UInt64(t[ts + 6]) << 16 | UInt64(t[ts + 7]) << 24
        guard again == length else { return nil }
        let date = UInt32(h[s + 16]) | UInt32(h[s + 17]) << 8 | UInt32(h[s + 18]) << 16 | UInt32(h[s + 19]) << 24
        return (length, date, h[s + 6])
    }

    /// The packed date of a frame header, or nil when a field is out of its calendar range.
    static func timestamp(_ v: UInt32) -> CardTimestamp? {
        let t = CardTimestamp(year: Int(v >> 26 & 0x3F) + 2000, month: Int(v >> 22 & 0x0F), day: Int(v >> 17 & 0x1F),
                              hour: Int(v >> 12 & 0x1F), minute: Int(v >> 6 & 0x3F), second: Int(v & 0x3F))
        return t.isValid ? t : nil
    }

    static func extent(_ reader: WindowReader, at offset: UInt64) -> Extent? {
        guard let first = frame(reader, at: offset) else { return nil }
        var ext = Extent(end: offset + first.length, frames: 1, first: timestamp(first.date), last: timestamp(first.date),
                         channels: [first.channel])
        // Every frame is at least 32 bytes, so the walk ends at the limit.
        while let f = frame(reader, at: ext.end) {
            ext.frames += 1
            ext.channels.insert(f.channel)
            if let t = timestamp(f.date) {
                if ext.first == nil { ext.first = t }
                ext.last = t
            }
            ext.end += f.length
        }
        return ext
    }
}
