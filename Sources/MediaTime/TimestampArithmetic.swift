import CardFileSystem

/// Arithmetic on `CardTimestamp` wall-clock fields in nanoseconds, with the zone carried along
/// unchanged (adding a duration does not move a time between zones).
extension CardTimestamp {
    /// Nanoseconds since 1970-01-01T00:00:00 of the wall-clock fields (zone ignored), or nil for
    /// a year so far out that it would overflow.
    public var wallClockNanoseconds: Int64? {
        guard (-100_000...100_000).contains(year) else { return nil }
        let (ns, o1) = wallClockSeconds.multipliedReportingOverflow(by: 1_000_000_000)
        if o1 { return nil }
        let (sum, o2) = ns.addingReportingOverflow(Int64(nanosecond))
        return o2 ? nil : sum
    }

    /// The wall-clock time `ns` nanoseconds after the epoch, in `zone`.
    public init(wallClockNanoseconds ns: Int64, utcOffsetMinutes zone: Int? = nil) {
        var secs = ns / 1_000_000_000
        var rem = ns % 1_000_000_000
        if rem < 0 { rem += 1_000_000_000; secs -= 1 }
        self.init(wallClockSeconds: secs, nanosecond: Int(rem), utcOffsetMinutes: zone)
    }

    /// This time moved by `seconds` (may be negative); nil when out of range or not finite.
    public func adding(seconds: Double) -> CardTimestamp? {
        // Beyond ±200 years is no recording length, and would overflow nanoseconds.
        guard seconds.isFinite, abs(seconds) < 6.4e9, let base = wallClockNanoseconds else { return nil }
        let delta = Int64((seconds * 1e9).rounded())
        let (sum, o) = base.addingReportingOverflow(delta)
        return o ? nil : CardTimestamp(wallClockNanoseconds: sum, utcOffsetMinutes: utcOffsetMinutes)
    }

    /// This time moved by `nanoseconds`.
    public func adding(nanoseconds: Int64) -> CardTimestamp? {
        guard let base = wallClockNanoseconds else { return nil }
        let (sum, o) = base.addingReportingOverflow(nanoseconds)
        return o ? nil : CardTimestamp(wallClockNanoseconds: sum, utcOffsetMinutes: utcOffsetMinutes)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.mmm][zone]`: milliseconds only where they are not zero.
    public var isoMillis: String {
        guard nanosecond != 0 else { return iso }
        var base = CardTimestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second).iso
        let ms = nanosecond / 1_000_000
        let frac = String(ms)
        base += "." + String(repeating: "0", count: max(0, 3 - frac.count)) + frac
        if let off = utcOffsetMinutes { base += CardTimestamp.zoneText(off) }
        return base
    }

    static func zoneText(_ minutes: Int) -> String {
        if minutes == 0 { return "Z" }
        let sign = minutes < 0 ? "-" : "+"
        let h = abs(minutes) / 60, m = abs(minutes) % 60
        return sign + (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    /// Seconds from `self` to `other` on the wall clock (zones ignored).
    public func seconds(until other: CardTimestamp) -> Double? {
        guard let a = wallClockNanoseconds, let b = other.wallClockNanoseconds else { return nil }
        let (d, o) = b.subtractingReportingOverflow(a)
        return o ? nil : Double(d) / 1e9
    }
}
