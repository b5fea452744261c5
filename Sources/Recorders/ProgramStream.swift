import CardIO

/// The parts of an MPEG-2 program stream (ISO/IEC 13818-1 §2.5.3) a recorder check needs: the
/// pack header's SCR (§2.5.3.3, Table 2-33) and the PES packets' length and PTS (§2.4.3.6,
/// Table 2-21), enough to tell where a stream starts and stops.
public enum ProgramStream {
    /// 90 kHz ticks in a second.
    public static let clockRate: UInt64 = 90_000

    /// The SCR base (90 kHz) of a pack header at the start of `bytes`, or nil when the bytes are
    /// not an MPEG-2 pack header (start code `00 00 01 BA`, the `01` prefix and every marker bit).
    public static func packSCR(_ b: ArraySlice<UInt8>) -> UInt64? {
        guard b.count >= 14 else { return nil }
        let s = b.startIndex
        guard b[s] == 0, b[s + 1] == 0, b[s + 2] == 1, b[s + 3] == 0xBA else { return nil }
        let b4 = UInt64(b[s + 4]), b5 = UInt64(b[s + 5]), b6 = UInt64(b[s + 6]), b7 = UInt64(b[s + 7]), b8 = UInt64(b[s + 8])
        guard b4 & 0xC0 == 0x40, b4 & 0x04 != 0, b6 & 0x04 != 0, b8 & 0x04 != 0, b[s + 9] & 0x01 != 0 else { return nil }
        return (b4 >> 3 & 7) << 30 | (b4 & 3) << 28 | b5 << 20 | (b6 >> 3) << 15 | (b6 & 3) << 13 | b7 << 5 | b8 >> 3
    }

    /// The PTS of a PES packet header at the start of `bytes` (MPEG-2 syntax), or nil.
    static func pts(_ b: ArraySlice<UInt8>) -> UInt64? {
        guard b.count >= 14 else { return nil }
        let s = b.startIndex
        guard b[s + 6] & 0xC0 == 0x80, b[s + 7] & 0x80 != 0 else { return nil }
        let p = s + 9
        guard b[p] & 0x01 != 0, b[p + 2] & 0x01 != 0, b[p + 4] & 0x01 != 0 else { return nil }
        return (UInt64(b[p]) >> 1 & 7) << 30 | UInt64(b[p + 1]) << 22 | (UInt64(b[p + 2]) >> 1) << 15
            | UInt64(b[p + 3]) << 7 | UInt64(b[p + 4]) >> 1
    }

    /// How far a stream that starts with a pack at `offset` runs before it stops parsing or its
    /// clock jumps (back, or forward by more than `maxJump` seconds), never past `limit`.
    /// Returns the end (exclusive), the first and last SCR, and the last video PTS.
    public struct Extent: Equatable, Sendable {
        public var end: UInt64
        public var firstSCR: UInt64
        public var lastSCR: UInt64
        public var firstVideoPTS: UInt64?
        public var lastVideoPTS: UInt64?

        /// 90 kHz ticks from the first to the last video PTS (modulo the 33-bit wrap), else from
        /// the first to the last SCR.
        public var ticks: UInt64 {
            if let first = firstVideoPTS, let last = lastVideoPTS { return (last &- first) & 0x1_FFFF_FFFF }
            return lastSCR - firstSCR
        }
    }

    public static func extent(of source: ByteSource, from offset: UInt64, limit: UInt64, maxJump: UInt64 = 10) -> Extent? {
        let reader = WindowedReader(source: source, limit: min(limit, source.size))
        guard let head = reader.bytes(at: offset, count: 14), let first = packSCR(head) else { return nil }
        var extent = Extent(end: offset, firstSCR: first, lastSCR: first, firstVideoPTS: nil, lastVideoPTS: nil)
        var p = offset
        // Every step moves at least 6 bytes, so the loop ends; the count bound is a second guard.
        var steps: UInt64 = 0
        let maxSteps = (reader.limit - min(offset, reader.limit)) / 6 + 1
        while steps < maxSteps {
            steps += 1
            guard let code = reader.bytes(at: p, count: 4), code[code.startIndex] == 0, code[code.startIndex + 1] == 0,
                  code[code.startIndex + 2] == 1 else { break }
            let id = code[code.startIndex + 3]
            var next: UInt64
            if id == 0xBA {
                guard let pack = reader.bytes(at: p, count: 14), let scr = packSCR(pack) else { break }
                if scr < extent.lastSCR || scr - extent.lastSCR > maxJump * clockRate { break }
                extent.lastSCR = scr
                next = p + 14 + UInt64(pack[pack.startIndex + 13] & 0x07)
            } else if id == 0xB9 {
                // Program end code: the stream ends here, the code included.
                extent.end = p + 4
                break
            } else if id >= 0xBB {
                guard let h = reader.bytes(at: p, count: 6) else { break }
                let length = UInt64(h[h.startIndex + 4]) << 8 | UInt64(h[h.startIndex + 5])
                if id & 0xF0 == 0xE0, let pes = reader.bytes(at: p, count: 14), let pts = pts(pes) {
                    if extent.firstVideoPTS == nil { extent.firstVideoPTS = pts }
                    extent.lastVideoPTS = pts
                }
                next = p + 6 + length
            } else {
                break
            }
            guard next <= reader.limit else { break }
            extent.end = next
            p = next
        }
        return extent
    }
}

/// Reads a source through one 64 KiB window, so a walk over small packets costs few reads.
final class WindowedReader {
    let source: ByteSource
    let limit: UInt64
    private var windowStart: UInt64 = 0
    private var window: [UInt8] = []
    static let windowSize = 64 << 10

    init(source: ByteSource, limit: UInt64) {
        self.source = source
        self.limit = limit
    }

    /// `count` bytes at `offset` (count ≤ the window), or nil past `limit` or on a read error.
    func bytes(at offset: UInt64, count: Int) -> ArraySlice<UInt8>? {
        let (end, overflow) = offset.addingReportingOverflow(UInt64(count))
        guard !overflow, end <= limit, count <= Self.windowSize else { return nil }
        if offset < windowStart || end > windowStart + UInt64(window.count) {
            let want = Int(min(UInt64(Self.windowSize), limit - offset))
            guard let got = try? source.read(at: offset, count: want) else { return nil }
            windowStart = offset
            window = got
        }
        let from = Int(offset - windowStart)
        return window[from..<(from + count)]
    }
}
