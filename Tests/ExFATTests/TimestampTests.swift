import CardFileSystem
import Testing
@testable import ExFAT

/// §7.4.8–§7.4.10 field decoding.
@Suite struct TimestampTests {
    /// 2024-03-15 13:45:58 as a DOS-style timestamp.
    static let raw: UInt32 = (44 << 25) | (3 << 21) | (15 << 16) | (13 << 11) | (45 << 5) | 29

    @Test func decodesFieldsAndTenMillisecondUnits() throws {
        let t = try #require(ExFATTimestamp.decode(Self.raw, increment10ms: 157, utcOffset: 0))
        #expect((t.year, t.month, t.day, t.hour, t.minute) == (2024, 3, 15, 13, 45))
        #expect(t.second == 59)
        #expect(t.nanosecond == 570_000_000)
        #expect(t.utcOffsetMinutes == nil)
    }

    @Test(arguments: [
        (UInt8(0x80 | 36), 540),    // +09:00 (Tokyo)
        (UInt8(0x80 | 0x7C), -60),  // -4 quarters
        (UInt8(0x80), 0),
        (UInt8(0x80 | 0x40), -960), // most negative 7-bit value
    ])
    func utcOffsetOnlyWhenValid(byte: UInt8, minutes: Int) throws {
        #expect(ExFATTimestamp.decode(Self.raw, utcOffset: byte)?.utcOffsetMinutes == minutes)
        #expect(ExFATTimestamp.decode(Self.raw, utcOffset: byte & 0x7F)?.utcOffsetMinutes == nil)
    }

    @Test func zeroIsUnsetAndBadIncrementsAreIgnored() throws {
        #expect(ExFATTimestamp.decode(0) == nil)
        let t = try #require(ExFATTimestamp.decode(Self.raw, increment10ms: 250))
        #expect(t.second == 58 && t.nanosecond == 0)
        // Out-of-range fields are kept as stored, and say so.
        let bad = try #require(ExFATTimestamp.decode(UInt32(0) | (0 << 21) | (1 << 16)))
        #expect(!bad.isValid)
    }
}
