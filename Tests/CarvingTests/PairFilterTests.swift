import Foundation
import Testing
import TestSupport
@testable import Carving

/// The vector search for `D H` / `01 BA` (CSystemShim's BytePairSearch.c): every unit (bytes,
/// SSE2, AVX2 where the CPU has it) gives the first match a byte loop gives, at every start,
/// length and alignment, including pairs that straddle a vector's last byte.
@Suite struct PairFilterTests {
    static func reference(_ b: [UInt8], count: Int, from: Int) -> Int {
        var j = max(from, 0)
        while j + 1 < count {
            if (b[j] == 0x44 && b[j + 1] == 0x48) || (b[j] == 0x01 && b[j + 1] == 0xBA) { return j }
            j += 1
        }
        return max(count, 0)
    }

    @Test(arguments: [Int32(0), 1, 2])
    func everyUnitFindsWhatAByteLoopFinds(unit: Int32) {
        var rng = SplitMix64(seed: 0xCA4E_0000 + UInt64(unit))
        for round in 0..<400 {
            let count = Int(rng.next() % 700)
            // Bytes drawn from a small alphabet so near-misses (D alone, 01 then not BA) are common.
            let alphabet: [UInt8] = [0x44, 0x48, 0x01, 0xBA, 0x00, 0x7F]
            var bytes = (0..<count + 1).map { _ in rng.next() % 5 == 0 ? alphabet[Int(rng.next() % 6)] : UInt8(truncatingIfNeeded: rng.next()) }
            if round % 3 == 0 { bytes = bytes.map { $0 == 0x48 || $0 == 0xBA ? 0x00 : $0 } }   // often no match at all
            if round % 7 == 0 && count > 2 {
                let at = count - 2 - Int(rng.next() % UInt64(min(count - 1, 70)))
                bytes[max(0, at)] = 0x01; bytes[max(0, at) + 1] = 0xBA
            }
            // The byte past `count` is there but must never count.
            if count >= 1 { bytes[count - 1] = 0x44; bytes[count] = 0x48 }
            for from in [0, 1, Int(rng.next() % UInt64(count + 2)), count - 1, count] {
                let expected = Self.reference(bytes, count: count, from: from)
                let got = bytes.withUnsafeBytes { PairFilter.first($0.baseAddress!, count: count, from: from, unit: unit) }
                #expect(got == expected, "unit \(unit), count \(count), from \(from)")
            }
        }
    }

    @Test func longRandomBuffersAgreeAcrossUnits() {
        var rng = SplitMix64(seed: 77)
        let bytes = (0..<(1 << 20)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        bytes.withUnsafeBytes { raw in
            let base = raw.baseAddress!
            var from = 0, hits = 0
            while from < bytes.count - 1 {
                let a = PairFilter.first(base, count: bytes.count, from: from, unit: 0)
                #expect(PairFilter.first(base, count: bytes.count, from: from, unit: 1) == a)
                #expect(PairFilter.first(base, count: bytes.count, from: from, unit: 2) == a)
                if a >= bytes.count { break }
                hits += 1
                from = a + 1
            }
            // Random bytes pass the two-pair test about once in 32,768 positions.
            #expect(hits > 8 && hits < 100, "\(hits)")
        }
        #expect(["AVX2", "SSE2", "bytes"].contains(PairFilter.unitName))
    }
}
