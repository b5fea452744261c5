import Foundation
import Testing
import Codecs
import TestSupport

/// The one days ⇄ civil-date conversion: a round trip over random days of about ±1,000,000 years, and
/// agreement with Foundation's Gregorian calendar (an independent implementation) in UTC.
struct CivilDateTests {
    @Test func roundTripsAndAgreesWithFoundation() throws {
        var rng = SplitMix64(seed: 0x51D_C0DE)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for i in 0..<20_000 {
            let days = Int64(bitPattern: rng.next()) % 365_242_500
            let date = CivilDate.from(days: days)
            #expect((1...12).contains(date.month) && (1...31).contains(date.day))
            #expect(CivilDate.days(year: date.year, month: date.month, day: date.day) == days, "\(days)")
            // Foundation's calendar is Julian before 1582: compare from 1600 to about 9500.
            if i % 10 == 0 {
                let near = abs(days) % 2_800_000 - 135_000
                let d = CivilDate.from(days: near)
                let f = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(near) * 86_400))
                #expect(f.year.map(Int64.init) == d.year && f.month.map(Int64.init) == d.month && f.day.map(Int64.init) == d.day,
                        "\(near): \(d) vs \(f)")
            }
        }
        #expect(CivilDate.from(days: 0) == (1970, 1, 1))
        #expect(CivilDate.days(year: 2026, month: 12, day: 1) == 20_788)
        #expect(CivilDate.from(days: -1) == (1969, 12, 31))
    }
}
