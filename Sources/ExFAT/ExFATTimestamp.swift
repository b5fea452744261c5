import CardFileSystem

/// exFAT timestamps (specification §7.4.8–§7.4.10): a DOS-style 32-bit date and time in
/// two-second units, a 10 ms increment (0–199) refining it, and a UtcOffset byte whose bit 7 says
/// whether bits 0–6 (signed, in 15-minute units) are valid.
enum ExFATTimestamp {
    /// Returns nil for an all-zero timestamp (never set). Fields are kept as stored, even out of
    /// calendar range (`CardTimestamp.isValid` says so); a 10 ms increment above 199 is ignored.
    static func decode(_ raw: UInt32, increment10ms: UInt8 = 0, utcOffset: UInt8 = 0) -> CardTimestamp? {
        if raw == 0 { return nil }
        var second = Int(raw & 0x1F) * 2
        var nanosecond = 0
        if increment10ms <= 199 {
            second += Int(increment10ms) / 100
            nanosecond = Int(increment10ms % 100) * 10_000_000
        }
        return CardTimestamp(year: 1980 + Int(raw >> 25), month: Int(raw >> 21 & 0x0F), day: Int(raw >> 16 & 0x1F),
                             hour: Int(raw >> 11 & 0x1F), minute: Int(raw >> 5 & 0x3F), second: second,
                             nanosecond: nanosecond, utcOffsetMinutes: offsetMinutes(utcOffset))
    }

    /// §7.4.10: OffsetValid is bit 7; OffsetFromUtc is a 7-bit two's-complement count of 15 minutes.
    static func offsetMinutes(_ byte: UInt8) -> Int? {
        guard byte & 0x80 != 0 else { return nil }
        var quarters = Int(byte & 0x7F)
        if quarters >= 64 { quarters -= 128 }
        return quarters * 15
    }
}
