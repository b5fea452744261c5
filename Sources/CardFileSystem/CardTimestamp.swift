import Codecs
/// A time as the card records it: wall-clock fields in the camera's local time, plus the UTC
/// offset where the filesystem records one (exFAT's UtcOffset fields, §7.4.10); FAT records none.
///
/// Kept as fields, not as an absolute instant, because the card does not say which zone its
/// clock was in; turning it into an instant would invent a fact.
public struct CardTimestamp: Equatable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// Sub-second part in nanoseconds (FAT and exFAT record 10 ms units).
    public var nanosecond: Int
    /// Minutes east of UTC, only where the card recorded it.
    public var utcOffsetMinutes: Int?

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                nanosecond: Int = 0, utcOffsetMinutes: Int? = nil) {
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second
        self.nanosecond = nanosecond; self.utcOffsetMinutes = utcOffsetMinutes
    }

    /// True when every field is in its calendar range (a card can hold month 0 or hour 31).
    public var isValid: Bool {
        (1...12).contains(month) && day >= 1 && day <= CardTimestamp.daysInMonth(year, month)
            && (0...23).contains(hour) && (0...59).contains(minute) && (0...59).contains(second)
            && (0..<1_000_000_000).contains(nanosecond)
    }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        case 1...12: return 31
        default: return 0
        }
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(abs(v))
        return (v < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// `YYYY-MM-DDTHH:MM:SS`, with `±HH:MM` only where the card recorded a zone (PRODUCT.md).
    public var iso: String {
        var s = Self.dateTime(year, month, day, hour, minute, second)
        if let off = utcOffsetMinutes { s += Self.zone(off) }
        return s
    }

    /// As `iso`, with hundredths of a second where they are not zero.
    public var isoWithFraction: String {
        var s = Self.dateTime(year, month, day, hour, minute, second)
        if nanosecond != 0 { s += "." + Self.pad(nanosecond / 10_000_000, 2) }
        if let off = utcOffsetMinutes { s += Self.zone(off) }
        return s
    }

    /// `YYYY-MM-DDTHH:MM:SS` built byte by byte: listings format tens of thousands of these.
    static func dateTime(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int) -> String {
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day),
              (0...99).contains(hour), (0...99).contains(minute), (0...99).contains(second) else {
            return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
        }
        let zero = UInt8(ascii: "0")
        func two(_ v: Int) -> (UInt8, UInt8) { (zero + UInt8(v / 10), zero + UInt8(v % 10)) }
        let (m1, m2) = two(month), (d1, d2) = two(day), (h1, h2) = two(hour), (i1, i2) = two(minute), (s1, s2) = two(second)
        let bytes: [UInt8] = [zero + UInt8(year / 1000), zero + UInt8(year / 100 % 10), zero + UInt8(year / 10 % 10), zero + UInt8(year % 10),
                              UInt8(ascii: "-"), m1, m2, UInt8(ascii: "-"), d1, d2, UInt8(ascii: "T"),
                              h1, h2, UInt8(ascii: ":"), i1, i2, UInt8(ascii: ":"), s1, s2]
        return String(decoding: bytes, as: UTF8.self)
    }

    static func zone(_ minutes: Int) -> String {
        if minutes == 0 { return "Z" }
        let sign = minutes < 0 ? "-" : "+"
        return sign + pad(abs(minutes) / 60, 2) + ":" + pad(abs(minutes) % 60, 2)
    }

    public var description: String { iso }

    /// Days since 1970-01-01 of the date fields (proleptic Gregorian), for arithmetic.
    public var daysSinceEpoch: Int {
        Int(CivilDate.days(year: Int64(year), month: Int64(month), day: Int64(day)))
    }

    /// Seconds since 1970-01-01T00:00:00 of the wall-clock fields, ignoring any zone.
    public var wallClockSeconds: Int64 {
        Int64(daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// The wall-clock time `seconds` after 1970-01-01T00:00:00 (no zone).
    public init(wallClockSeconds seconds: Int64, nanosecond: Int = 0, utcOffsetMinutes: Int? = nil) {
        var days = seconds / 86_400
        var rem = seconds % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let date = CivilDate.from(days: days)
        self.init(year: Int(date.year), month: Int(date.month), day: Int(date.day), hour: Int(rem / 3600), minute: Int(rem % 3600 / 60),
                  second: Int(rem % 60), nanosecond: nanosecond, utcOffsetMinutes: utcOffsetMinutes)
    }

    public static func < (a: CardTimestamp, b: CardTimestamp) -> Bool {
        (a.wallClockSeconds, a.nanosecond) < (b.wallClockSeconds, b.nanosecond)
    }
}
