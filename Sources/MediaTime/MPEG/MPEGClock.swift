/// ISO/IEC 13818-1 clocks: 33-bit PTS/DTS/SCR-base at 90 kHz, PCR/SCR at 27 MHz (base × 300 + ext).
enum MPEGClock {
    static let ptsWrap: UInt64 = 1 << 33
    static let pcrWrap: UInt64 = (1 << 33) * 300

    /// §2.4.3.7: a 5-byte PTS or DTS field (marker bits ignored, so damage still yields a value).
    static func timestamp(_ b: ArraySlice<UInt8>) -> UInt64? {
        guard b.count >= 5 else { return nil }
        let s = b.startIndex
        let b0 = UInt64(b[s]), b1 = UInt64(b[s + 1]), b2 = UInt64(b[s + 2]), b3 = UInt64(b[s + 3]), b4 = UInt64(b[s + 4])
        var v: UInt64 = ((b0 >> 1) & 0x07) << 30
        v |= b1 << 22
        v |= (b2 >> 1) << 15
        v |= b3 << 7
        v |= b4 >> 1
        return v
    }

    /// Ticks from `a` to `b` on a clock that wraps at `wrap` (a clip longer than the wrap,
    /// 26.5 hours, is not a camera clip).
    static func elapsed(from a: UInt64, to b: UInt64, wrap: UInt64) -> UInt64 {
        b >= a ? b - a : (wrap - a % wrap) + b % wrap
    }

    /// §2.4.3.7 PES header: the PTS of a PES packet starting at `p` (`00 00 01 id`), if it has one.
    /// Handles both MPEG-2 PES headers and MPEG-1 (ISO/IEC 11172-1 §2.4.3.6) packet headers.
    static func pesPTS(_ b: ArraySlice<UInt8>) -> UInt64? {
        let s = b.startIndex
        guard b.count >= 9, b[s] == 0, b[s + 1] == 0, b[s + 2] == 1 else { return nil }
        let id = b[s + 3]
        // Audio, video and private stream 1 carry PTS; the rest (padding, PSM...) do not.
        guard id == 0xBD || (0xC0...0xEF).contains(id) else { return nil }
        if b[s + 6] & 0xC0 == 0x80 {
            // MPEG-2: flags byte, header length, then PTS when PTS_DTS_flags is 10 or 11.
            guard b[s + 7] & 0x80 != 0 else { return nil }
            return timestamp(b.dropFirst(9))
        }
        // MPEG-1: skip up to 16 stuffing bytes and an STD buffer field, then '0010' or '0011'.
        var i = s + 6
        var stuffing = 0
        while i < b.endIndex, b[i] == 0xFF, stuffing < 16 { i += 1; stuffing += 1 }
        guard i < b.endIndex else { return nil }
        if b[i] & 0xC0 == 0x40 { i += 2 }
        guard i < b.endIndex, b[i] & 0xE0 == 0x20 else { return nil }
        return timestamp(b[i...])
    }

    /// The end of a stream seen through its last few PTS values (presentation order differs from
    /// file order with B-frames): the largest, plus one frame, the smallest positive gap.
    static func streamEnd(_ recent: [UInt64]) -> UInt64? {
        guard let base = recent.first else { return nil }
        // Signed distances from the first value, so a wrap through 2^33 among them is harmless.
        let half = Int64(ptsWrap / 2)
        let offsets = recent.map { v -> Int64 in
            let d = Int64((v % ptsWrap + ptsWrap - base % ptsWrap) % ptsWrap)
            return d > half ? d - Int64(ptsWrap) : d
        }.sorted()
        guard let top = offsets.last else { return nil }
        var frame: Int64?
        for (a, b) in zip(offsets, offsets.dropFirst()) where b > a {
            frame = min(frame ?? (b - a), b - a)
        }
        var end = top
        if let frame, frame < 90_000 { end += frame }
        let wrapped = (Int64(base % ptsWrap) + end) % Int64(ptsWrap)
        return UInt64(wrapped < 0 ? wrapped + Int64(ptsWrap) : wrapped)
    }

    /// Remembers up to `keep` recent values.
    static func remember(_ v: UInt64, in list: inout [UInt64], keep: Int = 64) {
        if list.count >= keep { list.removeFirst() }
        list.append(v)
    }
}
