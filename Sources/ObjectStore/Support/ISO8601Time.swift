#if canImport(Glibc)
import Glibc
#endif
import Codecs

/// The UTC times S3 speaks (ISO 8601 `2026-12-01T10:00:00Z`, with or without `.000`
/// milliseconds: Object Lock's RetainUntilDate, ListObjects' LastModified) and the dates users
/// type for `--retain-until` (`2027-03-31`).
public enum ISO8601Time {
    /// Seconds since 1970 for `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM:SS[.fff]Z`; nil
    /// for anything else (including impossible dates such as February 30th).
    public static func parse(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int32? {
            guard from + count <= b.count else { return nil }
            var v: Int32 = 0
            for i in from..<(from + count) {
                guard (0x30...0x39).contains(b[i]) else { return nil }
                v = v * 10 + Int32(b[i] - 0x30)
            }
            return v
        }
        guard b.count >= 10, b[4] == 0x2D, b[7] == 0x2D, let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2)
        else { return nil }
        var h: Int32 = 0, mi: Int32 = 0, s: Int32 = 0
        if b.count > 10 {
            guard b.count >= 20, b[10] == 0x54 || b[10] == 0x74, b[13] == 0x3A, b[16] == 0x3A,
                  let hh = number(11, 2), let mm = number(14, 2), let ss = number(17, 2) else { return nil }
            var rest = b[19...]
            if rest.first == 0x2E {
                rest = rest.dropFirst()
                let digits = rest.prefix(while: { (0x30...0x39).contains($0) })
                guard !digits.isEmpty, digits.count <= 9 else { return nil }
                rest = rest.dropFirst(digits.count)
            }
            guard Array(rest) == [0x5A] else { return nil }
            (h, mi, s) = (hh, mm, ss)
        }
        guard (1970...9999).contains(y), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 60 else { return nil }
        let days = CivilDate.days(year: Int64(y), month: Int64(mo), day: Int64(d))
        // 02-30 would count on into March; such a date was not what the user meant.
        let back = CivilDate.from(days: days)
        guard back.year == Int64(y), back.month == Int64(mo), back.day == Int64(d) else { return nil }
        return days * 86_400 + Int64(h) * 3600 + Int64(mi) * 60 + Int64(s)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public static func format(_ seconds: Int64) -> String { UTCTime.format(seconds: seconds) }

    public static func now() -> Int64 { Int64(time(nil)) }
}
