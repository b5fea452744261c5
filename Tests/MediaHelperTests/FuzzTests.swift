import Custody
import Foundation
import TestSupport
import Testing

/// Hostile container bytes through the helper: truncated, random and mutated clips. Whatever the
/// decoder does with them, this process gets an answer (pictures, a copy, or one
/// `MediaHelperError`) and never crashes or waits for ever.
@Suite(.serialized, .requires("ffmpeg"), .requires("the built sdcustody-media helper", available: Media.haveHelper))
struct FuzzTests {
    /// Tight limits, so a runaway case ends quickly (the outcome is asserted, never the time).
    static let limits = MediaLimits(memoryBytes: 768 << 20, cpuSeconds: 20, wallSeconds: 30)

    static func answer(_ bytes: [UInt8], remux: Bool) throws -> String {
        let helper = try Media.helper(limits)
        let source = MemoryByteSource(bytes, name: "fuzz")
        do {
            if remux {
                var out = 0
                var handlers = MediaHelper.Handlers()
                handlers.write = { _, b in out += b.count }
                _ = try helper.run(MediaJob(operation: .remux, size: source.size), source: source, handlers: handlers)
                return "copy of \(out) bytes"
            }
            let got = try ClipFrames.pictures(of: source, selection: .ends, sheet: true, helper: helper)
            for p in got.pictures { #expect(p.jpeg.starts(with: [0xFF, 0xD8])) }
            return "\(got.pictures.count) pictures"
        } catch let e as MediaHelperError {
            #expect(!e.description.isEmpty)
            return "error: \(e)"
        }
    }

    static func seeds(in dir: String) throws -> [[UInt8]] {
        try [Media.clips[0], Media.clips[1], Media.clips[3], Media.clips[4]].map {
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: try Media.make($0, seconds: 1, in: dir))))
        }
    }

    @Test func truncatedClips() throws {
        let dir = try TemporaryDirectory("media-fuzz-trunc")
        defer { dir.remove() }
        for seed in try Self.seeds(in: dir.url.path) {
            for fraction in [0.0, 0.01, 0.1, 0.37, 0.5, 0.93] {
                let cut = Array(seed.prefix(Int(Double(seed.count) * fraction)))
                _ = try Self.answer(cut, remux: false)
                _ = try Self.answer(cut, remux: true)
            }
        }
    }

    @Test func mutatedClips() throws {
        let dir = try TemporaryDirectory("media-fuzz-mut")
        defer { dir.remove() }
        var rng = SplitMix64(seed: 0x13_13)
        let seeds = try Self.seeds(in: dir.url.path)
        for round in 0..<24 {
            var bytes = seeds[round % seeds.count]
            // Flip bytes, overwrite runs, and now and then duplicate a block (loops in an index).
            for _ in 0..<(1 + Int(rng.next() % 40)) {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes[at] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
                case 1:
                    let n = min(bytes.count - at, Int(rng.next() % 64))
                    for i in 0..<n { bytes[at + i] = UInt8(truncatingIfNeeded: rng.next()) }
                default:
                    let n = min(bytes.count - at, Int(rng.next() % 4096))
                    bytes.insert(contentsOf: bytes[at..<(at + n)], at: at)
                }
            }
            _ = try Self.answer(bytes, remux: round % 2 == 1)
        }
    }

    @Test func randomBytes() throws {
        var rng = SplitMix64(seed: 0xDA7)
        for n in [1, 16, 188 * 7, 2048, 65_536] {
            var bytes = rng.bytes(n)
            _ = try Self.answer(bytes, remux: false)
            // A plausible start (an MPEG-PS pack header, an MP4 ftyp) followed by noise.
            bytes.replaceSubrange(0..<min(4, bytes.count), with: [0x00, 0x00, 0x01, 0xBA].prefix(min(4, bytes.count)))
            _ = try Self.answer(bytes, remux: true)
        }
        let ftyp: [UInt8] = [0, 0, 0, 0x18] + Array("ftypisom".utf8) + [0, 0, 2, 0] + Array("isommp41".utf8)
        _ = try Self.answer(ftyp + rng.bytes(10_000), remux: false)
        // A box claiming to be 2^64-1 bytes long.
        _ = try Self.answer(ftyp + [0, 0, 0, 1] + Array("moov".utf8) + [UInt8](repeating: 0xFF, count: 8) + rng.bytes(100), remux: true)
    }
}
