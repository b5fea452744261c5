import CardIO

/// The extent of a JPEG (ITU-T T.81 Annex B.1): SOI `FF D8`, marker segments each with a
/// two-byte length, entropy-coded data after SOS in which `FF 00` is a stuffed byte and
/// `FF D0`–`FF D7` are restart markers, and EOI `FF D9` as the last two bytes. Segments are
/// skipped by their lengths, so an EXIF thumbnail's own SOI…EOI inside APP1 does not end it.
enum JPEGWalk {
    struct Extent {
        var end: UInt64
        /// The file ran past the free clusters before its EOI.
        var cutShort: Bool
    }

    static func extent(_ reader: WindowReader, at offset: UInt64) -> Extent? {
        guard let head = reader.bytes(at: offset, count: 4), head[head.startIndex] == 0xFF, head[head.startIndex + 1] == 0xD8,
              head[head.startIndex + 2] == 0xFF else { return nil }
        var p = offset + 2
        var segments = 0
        var inScan = false
        while true {
            if inScan {
                // Entropy-coded data: the next FF that is not stuffing or a restart marker.
                guard let ff = reader.firstByte(0xFF, from: p) else { return cut(reader, segments) }
                guard let m = reader.byte(at: ff + 1) else { return cut(reader, segments) }
                if m == 0x00 || (0xD0...0xD7).contains(m) || m == 0xFF {
                    p = ff + 1
                    continue
                }
                inScan = false
                p = ff
            }
            guard let ff = reader.byte(at: p) else { return cut(reader, segments) }
            guard ff == 0xFF else { return nil }
            guard var m = reader.byte(at: p + 1) else { return cut(reader, segments) }
            // Fill bytes (B.1.1.2) before a marker.
            while m == 0xFF {
                p += 1
                guard let next = reader.byte(at: p + 1) else { return cut(reader, segments) }
                m = next
            }
            switch m {
            case 0xD9:
                return segments > 0 ? Extent(end: p + 2, cutShort: false) : nil
            case 0xD8, 0x00:
                return nil
            case 0x01, 0xD0...0xD7:
                p += 2
            default:
                guard let length = reader.u16be(at: p + 2) else { return cut(reader, segments) }
                guard length >= 2 else { return nil }
                p += 2 + UInt64(length)
                segments += 1
                if m == 0xDA { inScan = true }
            }
            guard segments < 10_000 else { return nil }
        }
    }

    /// The walk ran out of free clusters (or the read failed) before EOI.
    private static func cut(_ reader: WindowReader, _ segments: Int) -> Extent? {
        segments > 1 ? Extent(end: reader.limit, cutShort: true) : nil
    }
}
