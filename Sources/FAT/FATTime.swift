import CardFileSystem

/// FAT date and time fields (fatgen103 §6.3 "Date and Time Formats"): local time, no zone.
enum FATTime {
    /// Date bits 15–9 years since 1980, 8–5 month, 4–0 day; time bits 15–11 hours, 10–5 minutes,
    /// 4–0 two-second units. `tenths` is DIR_CrtTimeTenth: 10 ms units, 0–199.
    /// Returns nil for a zero date (never set) or a field outside its calendar range.
    static func timestamp(date: UInt16, time: UInt16 = 0, tenths: UInt8 = 0) -> CardTimestamp? {
        if date == 0 { return nil }
        guard tenths <= 199 else { return nil }
        let extraSeconds = Int(tenths) / 100
        let t = CardTimestamp(year: 1980 + Int(date >> 9), month: Int(date >> 5 & 0x0F), day: Int(date & 0x1F),
                              hour: Int(time >> 11), minute: Int(time >> 5 & 0x3F),
                              second: Int(time & 0x1F) * 2 + extraSeconds,
                              nanosecond: (Int(tenths) % 100) * 10_000_000)
        return t.isValid ? t : nil
    }
}
