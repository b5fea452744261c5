import CSystemShim

/// The carver's mid-cluster candidate search: the first position holding `D H` (a DHAV frame
/// header) or `01 BA` (the end of a pack start code `00 00 01 BA`). Random bytes pass this
/// two-byte test once in 32,768 positions, so on a free heap the search is the scan: it runs
/// in C (CSystemShim's BytePairSearch.c) on the widest vector unit the CPU has, AVX2 where
/// there is one, because Swift's SIMD types compile to the baseline SSE2 of x86-64.
enum PairFilter {
    static let dhav: (UInt8, UInt8) = (0x44, 0x48)
    static let packEnd: (UInt8, UInt8) = (0x01, 0xBA)

    /// The first `j >= from` with `j + 1 < count` where either pair starts, or `count`.
    /// `unit` (tests only) picks the vector unit: 0 bytes, 1 SSE2, 2 the best there is.
    static func first(_ bytes: UnsafeRawPointer, count: Int, from: Int, unit: Int32 = 2) -> Int {
        guard count >= 2, from >= 0, from < count - 1 else { return max(count, 0) }
        let p = bytes.assumingMemoryBound(to: UInt8.self)
        return Int(sdc_find_byte_pair_using(unit, p, count, from, dhav.0, dhav.1, packEnd.0, packEnd.1))
    }

    /// Which unit `first` uses here ("AVX2", "SSE2", "bytes"), for benchmarks and reports.
    static var unitName: String {
        switch sdc_byte_pair_best_unit() {
        case 2: return "AVX2"
        case 1: return "SSE2"
        default: return "bytes"
        }
    }
}
