import CardFileSystem
import Messages

/// `--from T --to T` in true (reference-clock) time. T is `2026-11-20T21:30`,
/// `2026-11-20 21:30:00`, or a bare `21:30[:SS]` given a `--date 2026-11-20`.
public struct TimeWindow: Equatable, Sendable {
    public var from: CardTimestamp?
    public var to: CardTimestamp?

    public init(from: CardTimestamp?, to: CardTimestamp?) {
        self.from = from; self.to = to
    }

    /// Why a time or window was refused, in one line.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Parses both ends; `date` (`YYYY-MM-DD`) completes a bare time. A `to` that is a bare time
    /// earlier than `from` means the next day (21:30 to 00:30).
    public static func parse(from: String?, to: String?, date: String? = nil) throws -> TimeWindow {
        let day = try date.map { d -> CardTimestamp in
            guard let t = parseDate(d) else { throw ParseError(description: tr(.errTimeDate, ["text": d])) }
            return t
        }
        let f = try from.map { try parseTime($0, date: day, option: "--from") }
        var t = try to.map { try parseTime($0, date: day, option: "--to") }
        if let fv = f, let tv = t, tv < fv {
            if let raw = to, isBareTime(raw), let next = tv.adding(seconds: 86_400) { t = next }
            else { throw ParseError(description: tr(.errTimeToBeforeFrom, ["to": tv.iso, "from": fv.iso])) }
        }
        return TimeWindow(from: f, to: t)
    }

    /// One time: a full date and time, or a bare time with `date`.
    public static func parseTime(_ text: String, date: CardTimestamp?, option: String = "time") throws -> CardTimestamp {
        let s = text.trimmedSpaces
        if isBareTime(s) {
            guard let date else {
                throw ParseError(description: tr(.errTimeBare, ["option": option, "text": text]))
            }
            guard let (h, m, sec) = clock(Substring(s)) else { throw ParseError(description: tr(.errTimeClock, ["option": option, "text": text])) }
            let t = CardTimestamp(year: date.year, month: date.month, day: date.day, hour: h, minute: m, second: sec)
            guard t.isValid else { throw ParseError(description: tr(.errTimeInvalidTime, ["option": option, "text": text])) }
            return t
        }
        guard s.utf8.count >= 16 else { throw ParseError(description: tr(.errTimeFormat, ["option": option, "text": text])) }
        let datePart = s.prefix(10)
        let sep = s[s.index(s.startIndex, offsetBy: 10)]
        guard sep == "T" || sep == " " || sep == "t", let d = parseDate(String(datePart)),
              let (h, m, sec) = clock(s.dropFirst(11)) else {
            throw ParseError(description: tr(.errTimeFormat, ["option": option, "text": text]))
        }
        let t = CardTimestamp(year: d.year, month: d.month, day: d.day, hour: h, minute: m, second: sec)
        guard t.isValid else { throw ParseError(description: tr(.errTimeInvalidDate, ["option": option, "text": text])) }
        return t
    }

    static func isBareTime(_ s: String) -> Bool {
        let t = s.trimmedSpaces
        return (t.count == 5 || t.count == 8) && !t.contains("-") && t.contains(":")
    }

    /// `YYYY-MM-DD`.
    public static func parseDate(_ text: String) -> CardTimestamp? {
        let b = Array(text.trimmedSpaces.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let y = ExifTime.digits(b, 0, 4), let m = ExifTime.digits(b, 5, 2), let d = ExifTime.digits(b, 8, 2) else { return nil }
        let t = CardTimestamp(year: y, month: m, day: d)
        return t.isValid ? t : nil
    }

    /// `HH:MM` or `HH:MM:SS`.
    static func clock(_ s: Substring) -> (Int, Int, Int)? {
        let b = Array(s.utf8)
        guard b.count == 5 || b.count == 8, b[2] == UInt8(ascii: ":"),
              let h = ExifTime.digits(b, 0, 2), let m = ExifTime.digits(b, 3, 2) else { return nil }
        var sec = 0
        if b.count == 8 {
            guard b[5] == UInt8(ascii: ":"), let v = ExifTime.digits(b, 6, 2) else { return nil }
            sec = v
        }
        return (h, m, sec)
    }
}

extension String {
    var trimmedSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
