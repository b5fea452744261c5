/// Writes Hikvision/EZVIZ index bytes and program-stream snippets for tests, field by field as
/// `shared/testdata/hikvision/README.md` lays them out (all integers little-endian).
public struct HikvisionIndexBuilder {
    public private(set) var bytes: [UInt8]
    public let containers: Int

    public static let headerSize = 0x500
    public static let segmentSize = 80

    /// A zeroed index for `containers` containers, every live slot empty (`FF FF`).
    public init(containers: Int, counter: UInt64 = 1, version: UInt32 = 2, next: UInt32 = 0, beingWritten: UInt32 = 0) {
        self.containers = containers
        bytes = [UInt8](repeating: 0, count: Self.headerSize + containers * (32 + 256 * Self.segmentSize))
        put64(0, counter)
        put32(8, version)
        put32(0x0C, UInt32(containers))
        put32(0x10, next)
        put32(0x14, beingWritten)
        for k in 0..<49 { put16(0x18 + 24 * k, 0xFFFF) }
    }

    public mutating func put16(_ at: Int, _ v: UInt16) { for i in 0..<2 { bytes[at + i] = UInt8(truncatingIfNeeded: v >> (8 * i)) } }
    public mutating func put32(_ at: Int, _ v: UInt32) { for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: v >> (8 * i)) } }
    public mutating func put64(_ at: Int, _ v: UInt64) { for i in 0..<8 { bytes[at + i] = UInt8(truncatingIfNeeded: v >> (8 * i)) } }

    /// Live record `k` (README: u16 container, u16 slot, u32 start, u32 last update, 0, 1, 0).
    public mutating func live(_ k: Int, container: UInt16, slot: UInt16, start: UInt32, lastUpdate: UInt32) {
        let o = 0x18 + 24 * k
        put16(o, container); put16(o + 2, slot); put32(o + 4, start); put32(o + 8, lastUpdate)
        put32(o + 12, 0); put32(o + 16, 1); put32(o + 20, 0)
    }

    /// Container record `i` (32 bytes from 0x500).
    public mutating func container(_ i: Int, channel: UInt16 = 1, lastValid: UInt16, start: UInt32, end: UInt32) {
        let o = Self.headerSize + 32 * i
        put32(o, UInt32(i)); put16(o + 4, channel); put16(o + 6, lastValid); put32(o + 8, start); put32(o + 12, end)
    }

    public func segmentOffset(_ i: Int, _ j: Int) -> Int { Self.headerSize + 32 * containers + (256 * i + j) * Self.segmentSize }

    /// Segment record: times as (seconds, microseconds); a zero end with `endOffset` 0 is a
    /// segment being recorded. The last-frame clock defaults to the key-frame clock plus the
    /// segment's length at 45 kHz, as the camera writes it.
    public mutating func segment(_ i: Int, _ j: Int, type: UInt8 = 13, start: (UInt32, UInt32), end: (UInt32, UInt32),
                                 keyClock: UInt32, lastClock: UInt32? = nil, startOffset: UInt32, endOffset: UInt32) {
        let micros = (Int64(end.0) * 1_000_000 + Int64(end.1)) - (Int64(start.0) * 1_000_000 + Int64(start.1))
        let span = end.0 == 0 ? UInt32(0) : UInt32(truncatingIfNeeded: micros * 45_000 / 1_000_000)
        let lastClock = lastClock ?? keyClock &+ span
        let o = segmentOffset(i, j)
        bytes[o] = type
        put32(o + 4, 98)
        put64(o + 0x08, UInt64(start.1) << 32 | UInt64(start.0))
        put64(o + 0x10, UInt64(end.1) << 32 | UInt64(end.0))
        put64(o + 0x18, UInt64(start.1) << 32 | UInt64(start.0))
        put32(o + 0x20, keyClock); put32(o + 0x24, lastClock)
        put32(o + 0x28, startOffset); put32(o + 0x2C, endOffset)
    }
}

/// MPEG-2 program-stream bytes (ISO/IEC 13818-1 §2.5.3): packs with one video PES each.
public enum ProgramStreamBytes {
    /// A 14-byte MPEG-2 pack header with `scr` (90 kHz base), no stuffing.
    public static func pack(scr: UInt64) -> [UInt8] {
        let s = scr & 0x1_FFFF_FFFF
        let hi = UInt8(truncatingIfNeeded: (s >> 30) & 7), mid = UInt8(truncatingIfNeeded: (s >> 28) & 3)
        let b4: UInt8 = 0x40 | hi << 3 | 0x04 | mid
        let b5 = UInt8(truncatingIfNeeded: s >> 20)
        let b6a = UInt8(truncatingIfNeeded: (s >> 15) & 0x1F), b6b = UInt8(truncatingIfNeeded: (s >> 13) & 3)
        let b6: UInt8 = b6a << 3 | 0x04 | b6b
        let b7 = UInt8(truncatingIfNeeded: s >> 5)
        let b8a = UInt8(truncatingIfNeeded: s & 0x1F)
        let b8: UInt8 = b8a << 3 | 0x04
        return [0, 0, 1, 0xBA, b4, b5, b6, b7, b8, 0x01, 0x01, 0x89, 0xC3, 0xF8]
    }

    /// A video PES packet (stream E0) with `pts` and `payload` bytes of 0xAB.
    public static func videoPES(pts: UInt64, payload: Int) -> [UInt8] {
        let t = pts & 0x1_FFFF_FFFF
        let top = UInt8(truncatingIfNeeded: (t >> 30) & 7)
        let p0: UInt8 = 0x21 | top << 1
        let p1 = UInt8(truncatingIfNeeded: t >> 22)
        let p2a = UInt8(truncatingIfNeeded: (t >> 15) & 0x7F)
        let p2: UInt8 = p2a << 1 | 1
        let p3 = UInt8(truncatingIfNeeded: t >> 7)
        let p4a = UInt8(truncatingIfNeeded: t & 0x7F)
        let p4: UInt8 = p4a << 1 | 1
        let length = 3 + 5 + payload
        let head: [UInt8] = [0, 0, 1, 0xE0, UInt8(length >> 8), UInt8(length & 0xFF), 0x80, 0x80, 5, p0, p1, p2, p3, p4]
        return head + [UInt8](repeating: 0xAB, count: payload)
    }

    /// `packs` packs one second apart from `scr`, each with a video PES whose PTS is 0.1 s later.
    public static func stream(scr: UInt64, packs: Int, payload: Int = 1000) -> [UInt8] {
        var out: [UInt8] = []
        for k in 0..<packs {
            let t = scr + UInt64(k) * 90_000
            out += pack(scr: t) + videoPES(pts: t + 9_000, payload: payload)
        }
        return out
    }
}
