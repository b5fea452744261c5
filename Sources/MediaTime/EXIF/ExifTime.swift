import CardFileSystem

/// EXIF 2.32 date and time text: `YYYY:MM:DD HH:MM:SS` (§4.6.5 DateTimeOriginal), sub-second
/// digits (SubSecTimeOriginal), `±HH:MM` (OffsetTimeOriginal), GPS `YYYY:MM:DD` + three rationals.
enum ExifTime {
    /// Exactly 19 characters of `YYYY:MM:DD HH:MM:SS` (dashes tolerated in the date).
    static func parse(dateTime: String, subSec: String?, offset: String?) -> CardTimestamp? {
        let b = Array(dateTime.utf8.prefix(19))
        guard b.count == 19, b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T") else { return nil }
        guard let y = digits(b, 0, 4), let mo = digits(b, 5, 2), let d = digits(b, 8, 2),
              let h = digits(b, 11, 2), let mi = digits(b, 14, 2), let s = digits(b, 17, 2) else { return nil }
        var ns = 0
        if let sub = subSec {
            let ds = Array(sub.utf8.prefix(9)).prefix(while: { (0x30...0x39).contains($0) })
            var scale = 100_000_000
            for c in ds { ns += Int(c - 0x30) * scale; scale /= 10 }
        }
        let zone = offset.flatMap(parseOffset)
        let t = CardTimestamp(year: y, month: mo, day: d, hour: h, minute: mi, second: s, nanosecond: ns, utcOffsetMinutes: zone)
        return t.isValid ? t : nil
    }

    /// `+HH:MM` / `-HH:MM` to minutes east of UTC.
    static func parseOffset(_ text: String) -> Int? {
        let b = Array(text.utf8.prefix(6))
        guard b.count == 6, b[0] == UInt8(ascii: "+") || b[0] == UInt8(ascii: "-"), b[3] == UInt8(ascii: ":"),
              let h = digits(b, 1, 2), let m = digits(b, 4, 2), h <= 14, m < 60 else { return nil }
        return (b[0] == UInt8(ascii: "-") ? -1 : 1) * (h * 60 + m)
    }

    static func parseGPS(date: String, time: String) -> CardTimestamp? {
        let b = Array(date.utf8.prefix(10))
        guard b.count == 10, let y = digits(b, 0, 4), let mo = digits(b, 5, 2), let d = digits(b, 8, 2) else { return nil }
        let t = Array(time.utf8)
        guard t.count >= 8, let h = digits(t, 0, 2), let mi = digits(t, 3, 2), let s = digits(t, 6, 2) else { return nil }
        var ns = 0
        if t.count > 9 {
            var scale = 100_000_000
            for c in t[9...].prefix(9) where (0x30...0x39).contains(c) { ns += Int(c - 0x30) * scale; scale /= 10 }
        }
        let stamp = CardTimestamp(year: y, month: mo, day: d, hour: h, minute: mi, second: min(s, 59), nanosecond: ns, utcOffsetMinutes: 0)
        return stamp.isValid ? stamp : nil
    }

    /// `HH:MM:SS` with up to three decimals where the seconds have them (as exiftool prints).
    static func formatGPSTime(_ h: Double, _ m: Double, _ s: Double) -> String {
        let total = h * 3600 + m * 60 + s
        let whole = Int(total)
        let millis = Int(((total - Double(whole)) * 1000).rounded())
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var text = "\(two(whole / 3600)):\(two(whole % 3600 / 60)):\(two(whole % 60))"
        if millis > 0, millis < 1000 {
            var frac = String(millis)
            frac = String(repeating: "0", count: 3 - frac.count) + frac
            while frac.hasSuffix("0") { frac.removeLast() }
            text += "." + frac
        }
        return text
    }

    static func digits(_ b: [UInt8], _ at: Int, _ n: Int) -> Int? {
        guard at >= 0, at + n <= b.count else { return nil }
        var v = 0
        for c in b[at..<(at + n)] {
            guard (0x30...0x39).contains(c) else { return nil }
            v = v * 10 + Int(c - 0x30)
        }
        return v
    }
}
