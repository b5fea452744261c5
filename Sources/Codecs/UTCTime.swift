/// UTC time stamps in the RFC 3339 form the sidecars and the access log write:
/// `YYYY-MM-DDTHH:MM:SSZ`, or with milliseconds `YYYY-MM-DDTHH:MM:SS.mmmZ`.
/// Computed from the Unix time with the proleptic Gregorian calendar, no time-zone database.
public enum UTCTime {
    /// `seconds` since 1970-01-01T00:00:00Z.
    public static func format(seconds: Int64) -> String {
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (y, m, d) = civil(days: days)
        return date(y, m, d) + "T" + clock(secondOfDay) + "Z"
    }

    /// `milliseconds` since 1970-01-01T00:00:00Z.
    public static func format(milliseconds: Int64) -> String {
        let (seconds, millis) = floorDivide(milliseconds, 1000)
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (y, m, d) = civil(days: days)
        return date(y, m, d) + "T" + clock(secondOfDay) + "." + pad(millis, 3) + "Z"
    }

    /// Quotient rounded down and a remainder in 0..<divisor.
    private static func floorDivide(_ a: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let (q, r) = a.quotientAndRemainder(dividingBy: divisor)
        return r < 0 ? (q - 1, r + divisor) : (q, r)
    }

    /// Year, month, day of `days` since 1970-01-01 (days-from-civil inverted per 400-year era).
    private static func civil(days: Int64) -> (Int64, Int64, Int64) {
        let date = CivilDate.from(days: days)
        return (date.year, date.month, date.day)
    }

    private static func date(_ y: Int64, _ m: Int64, _ d: Int64) -> String {
        pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    private static func clock(_ s: Int64) -> String {
        pad(s / 3600, 2) + ":" + pad(s / 60 % 60, 2) + ":" + pad(s % 60, 2)
    }

    private static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}
