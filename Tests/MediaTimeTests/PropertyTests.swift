import CardFileSystem
import CardIO
import Foundation
@testable import MediaTime
import TestSupport
import Testing

/// Random mutations of valid headers never trap, and never read more than the budget (counted
/// by a wrapping source, outside the parser). Seeded, so a failure repeats.
@Suite(.timeLimit(.minutes(1)))
struct PropertyTests {
    static let interesting: [UInt32] = [0, 1, 7, 8, 9, 15, 16, 0x7F, 0xFF, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFE, 0xFFFF_FFFF]

    static func mutate(_ base: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = base
        guard !b.isEmpty else { return b }
        for _ in 0..<Int.random(in: 1...6, using: &rng) {
            switch Int.random(in: 0..<6, using: &rng) {
            case 0:
                b[Int.random(in: 0..<b.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            case 1 where b.count >= 4:
                // A 32-bit field (either byte order) set to an edge value: sizes, counts, scales.
                let at = Int.random(in: 0...(b.count - 4), using: &rng)
                let v = interesting.randomElement(using: &rng) ?? 0
                let bytes = Bool.random(using: &rng) ? Build.be32(v) : Build.le32(v)
                b.replaceSubrange(at..<(at + 4), with: bytes)
            case 2:
                b.removeLast(Int.random(in: 0...b.count / 2, using: &rng))
                if b.isEmpty { return b }
            case 3 where b.count >= 8:
                let at = Int.random(in: 0..<(b.count - 4), using: &rng)
                let n = Int.random(in: 1...min(64, b.count - at), using: &rng)
                b.insert(contentsOf: b[at..<(at + n)], at: Int.random(in: 0...b.count, using: &rng))
            case 4:
                let at = Int.random(in: 0..<b.count, using: &rng)
                b[at] ^= 1 << UInt8.random(in: 0...7, using: &rng)
            default:
                b.append(contentsOf: (0..<Int.random(in: 1...32, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
            }
        }
        return b
    }

    static var seeds: [(String, [UInt8])] {
        let t0 = Build.mp4Time(2026, 11, 20, 21, 30, 0)
        var s: [(String, [UInt8])] = [
            ("a.mp4", Build.mp4(creation: t0)),
            ("b.mp4", Build.mp4(creation: t0, moovFirst: false)),
            ("a.avi", Build.avi([Build.avih(microSecPerFrame: 40_000, frames: 250), Build.chunk("IDIT", Array("Mon Mar 10 15:04:43 2003\n\0".utf8))])),
            ("a.ts", Build.ts(seconds: 3)),
            ("a.jpg", Build.jpeg(tiff: AVIHandBuiltTests.tiffWithDateTimeOriginal("2026:11:20 21:30:09"))),
        ]
        for (dir, ext) in [("FuzzMP4", "mp4"), ("FuzzAVI", "avi"), ("FuzzMPEGTS", "ts"), ("FuzzEXIF", "jpg")] {
            let url = TestEnvironment.packageRoot.appendingPathComponent("Tests/Corpus/\(dir)")
            for f in (try? FileManager.default.contentsOfDirectory(atPath: url.path).sorted()) ?? [] {
                if let d = FileManager.default.contents(atPath: url.appendingPathComponent(f).path) { s.append(("seed.\(ext)", Array(d))) }
            }
        }
        return s
    }

    @Test func mutationsStayInBudget() {
        var rng = SplitMix64(state: 0x5D_C0_57_0D_1E)
        var cases = 0
        for (name, base) in Self.seeds {
            for _ in 0..<150 {
                let bytes = Self.mutate(base, &rng)
                let (r, read) = Media.read(bytes, name: name, folders: ["20261120", "21"], modified: CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, minute: 40))
                #expect(read <= RecordingTimeReader.byteBudget)
                // Every answer has a time (the modify time is always there) and, if anything
                // was wrong, says why rather than failing.
                #expect(r.start != nil)
                cases += 1
            }
        }
        #expect(cases >= 750)
    }

    /// A small budget is honoured too: parsers stop and say so.
    @Test func smallBudget() {
        let bytes = Build.mp4(creation: Build.mp4Time(2026, 11, 20, 21, 30, 0), mdat: 10)
        let counting = CountingByteSource(MemoryByteSource(bytes))
        let r = RecordingTimeReader.read(source: counting, fileName: "a.mp4", folders: [], modified: nil, budget: 64)
        #expect(counting.bytesRead <= 64)
        #expect(r.unknownBecause.contains { $0.contains("budget") })
    }
}
