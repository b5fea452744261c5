import Testing
import Foundation
import TestSupport
@testable import Custody

/// `acquire --verify`'s view of a card whose acquisition left unreadable sectors: those ranges
/// read as zeros without touching the card, everything else as it is, for reads of any size.
@Suite struct ZeroedRangesTests {
    /// Reads the base only outside the zeroed ranges, and fails any read inside them.
    final class Guarded: ByteSource {
        let bytes: [UInt8]
        let forbidden: [Range<UInt64>]
        var size: UInt64 { UInt64(bytes.count) }
        var name: String { "guarded" }
        init(_ bytes: [UInt8], forbidden: [Range<UInt64>]) {
            self.bytes = bytes
            self.forbidden = forbidden
        }
        func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let end = min(size, offset + UInt64(buffer.count))
            guard offset < end else { return 0 }
            if forbidden.contains(where: { $0.overlaps(offset..<end) }) {
                throw CardIOError.readFailed(source: name, offset: offset, reason: "read inside a zeroed range")
            }
            bytes.withUnsafeBytes { src in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[Int(offset)..<Int(end)]))
            }
            return Int(end - offset)
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func zeroedWhereRecordedAndUntouchedThere(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let bytes = rng.bytes(20_000)
        var ranges: [Range<UInt64>] = []
        var at: UInt64 = rng.next() % 2000
        while at < 20_000 {
            let n = 1 + rng.next() % 1500
            ranges.append(at..<min(20_000, at + n))
            at += n + 1 + rng.next() % 3000
        }
        let source = ZeroedRanges(Guarded(bytes, forbidden: ranges), ranges.shuffled(using: &rng))
        var expected = bytes
        for r in ranges { for i in r { expected[Int(i)] = 0 } }
        for _ in 0..<200 {
            let offset = rng.next() % 20_100
            let count = Int(1 + rng.next() % 5000)
            var out = [UInt8](repeating: 0xEE, count: count)
            let got = try out.withUnsafeMutableBytes { try source.readFully(at: offset, into: $0) }
            let want = offset >= 20_000 ? 0 : min(count, 20_000 - Int(offset))
            #expect(got == want)
            if got > 0 { #expect(Array(out[0..<got]) == Array(expected[Int(offset)..<(Int(offset) + got)])) }
        }
    }
}
