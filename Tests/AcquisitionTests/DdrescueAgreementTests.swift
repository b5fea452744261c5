import Testing
import Foundation
import TestSupport
import OpenSSL
import CardIO
@testable import Acquisition

/// sdcustody and GNU ddrescue (Debian's gddrescue) image the same failing source and must agree
/// on what could not be read.
///
/// The failures come from `BadReadShim`, an `LD_PRELOAD` library that fails every read that
/// touches chosen byte ranges of the source file. strace's `inject=pread64:when=N` cannot serve
/// here: it counts calls, and the two tools read in different sizes (4 MiB blocks against 64 KiB
/// clusters) and orders (each trims and scrapes its own way), so the Nth call is a different
/// byte in each. By offset, both meet the same bad sectors, and after trimming and scraping each
/// must list exactly the 512-byte sectors that overlap a failing range.
@Suite(.serialized) struct DdrescueAgreementTests {
    /// The source: 12 MiB and 300 bytes (its last sector is short), seeded random bytes.
    static func makeSource(_ dir: TemporaryDirectory) throws -> (path: String, bytes: [UInt8]) {
        var rng = SplitMix64(seed: 0x5DC0_0512)
        let bytes = rng.bytes(12 << 20 + 300)
        let path = dir.path("card.img")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (path, bytes)
    }

    /// Failing ranges: one byte in the middle of a 4 MiB block, a run of 137 sectors starting
    /// mid-sector, two neighbouring areas 200 KiB apart (the skip lands between them), and the
    /// short last sector.
    static let ranges: [BadReadShim.Range] = [
        BadReadShim.Range(3_000_000, 3_000_001),
        BadReadShim.Range(5 << 20 + 100, 5 << 20 + 100 + 137 * 512 - 300),
        BadReadShim.Range(8 << 20, 8 << 20 + 4096),
        BadReadShim.Range(8 << 20 + 200 << 10, 8 << 20 + 200 << 10 + 1),
        BadReadShim.Range(12 << 20 + 200, 12 << 20 + 201),
    ]

    /// The sectors overlapping the ranges, as merged byte ranges clamped to the source.
    static func expectedBad(size: UInt64) -> [ClosedRange<UInt64>] {
        var out: [ClosedRange<UInt64>] = []
        for r in ranges {
            let lo = r.lower / 512 * 512
            let hi = min(size, (r.upper + 511) / 512 * 512)
            if let last = out.last, last.upperBound + 1 >= lo {
                out[out.count - 1] = last.lowerBound...max(last.upperBound, hi - 1)
            } else {
                out.append(lo...(hi - 1))
            }
        }
        return out
    }

    /// The `-` blocks of a mapfile, as byte ranges (the mapfile format: comment lines, one status
    /// line, then `pos size status` lines in hex).
    static func badBlocks(_ mapfile: String) throws -> [ClosedRange<UInt64>] {
        let text = try String(contentsOfFile: mapfile, encoding: .utf8)
        var statusLineSeen = false
        var out: [ClosedRange<UInt64>] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if !statusLineSeen { statusLineSeen = true; continue }
            guard fields.count >= 3, fields[2] == "-",
                  let pos = UInt64(fields[0].dropFirst(2), radix: 16), let size = UInt64(fields[1].dropFirst(2), radix: 16),
                  size > 0 else { continue }
            out.append(pos...(pos + size - 1))
        }
        return out
    }

    @Test(.requires("gcc", "ddrescue", "ddrescuelog", "sha256sum"),
          .requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
    func sameUnreadableRangesAsDdrescue() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let shim = try BadReadShim(in: dir)
        let (source, bytes) = try Self.makeSource(dir)
        let env = shim.environment(file: source, ranges: Self.ranges)
        let expected = Self.expectedBad(size: UInt64(bytes.count))

        let rescued = dir.path("ddrescue.img"), rescueMap = dir.path("ddrescue.map")
        let d = try runProcess(["ddrescue", "-q", "-b", "512", "-r", "2", source, rescued, rescueMap], environment: env)
        #expect(d.status == 0, "ddrescue: \(d.stderrText)")

        let binary = try #require(TestEnvironment.sdcustodyBinary)
        let out = dir.path("sdcustody.img")
        var sdcEnv = env
        sdcEnv["SDCUSTODY_LOG"] = dir.path("access.jsonl")
        sdcEnv["XDG_DATA_HOME"] = dir.path("xdg")
        let s = try runProcess([binary.path, "acquire", source, "--out", out, "--json"], environment: sdcEnv)
        #expect(s.status == 0, "sdcustody: \(s.stderrText)")

        // The same unreadable ranges, byte for byte, and the ones the failing ranges imply.
        let ours = try Self.badBlocks(out + ".mapfile"), theirs = try Self.badBlocks(rescueMap)
        #expect(theirs == expected, "ddrescue's map: \(theirs)")
        #expect(ours == theirs, "sdcustody's map: \(ours); ddrescue's: \(theirs)")
        // ddrescuelog reads both maps the same way.
        let listOurs = try runProcess(["ddrescuelog", "-b", "512", "--list-blocks=-", out + ".mapfile"])
        let listTheirs = try runProcess(["ddrescuelog", "-b", "512", "--list-blocks=-", rescueMap])
        #expect(listOurs.status == 0, "\(listOurs.stderrText)")
        #expect(listOurs.stdoutText == listTheirs.stdoutText)
        let status = try runProcess(["ddrescuelog", "--show-status", out + ".mapfile"])
        #expect(status.status == 0, "\(status.stderrText)")
        // Nothing left untried, untrimmed or unscraped: the map is finished apart from bad sectors.
        #expect(try runProcess(["ddrescuelog", "--done-status", out + ".mapfile"]).status != 0)
        #expect(try runProcess(["ddrescuelog", "-b", "512", "--list-blocks=?*/", out + ".mapfile"]).stdoutText.isEmpty)

        // The image: the source with the bad sectors zeroed, equal to ddrescue's output.
        var zeroed = bytes
        for r in expected { for i in Int(r.lowerBound)...Int(r.upperBound) { zeroed[i] = 0 } }
        let image = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(image == Data(zeroed))
        // ddrescue never writes a bad area, so its output ends where the last good byte did;
        // sdcustody's image has the source's length, the short last sector as zeros.
        let theirImage = try Data(contentsOf: URL(fileURLWithPath: rescued))
        #expect(image.prefix(theirImage.count) == theirImage)
        #expect(image.dropFirst(theirImage.count).allSatisfy { $0 == 0 })
        // The record: the right hash for what was written, and the bad sectors listed.
        let record = try #require(try JSONSerialization.jsonObject(with: s.stdout) as? [String: Any])
        let sum = try runProcess(["sha256sum", out]).stdoutText.prefix(64)
        #expect((record["hashes"] as? [String: String])?["sha256"] == String(sum))
        #expect(record["verified"] as? Bool == true)
        let listed = (record["bad_sectors"] as? [[String: Any]] ?? []).compactMap { r -> ClosedRange<UInt64>? in
            guard let o = (r["byte_offset"] as? NSNumber)?.uint64Value, let n = (r["byte_count"] as? NSNumber)?.uint64Value else { return nil }
            return o...(o + n - 1)
        }
        // The record counts whole sectors; the short last sector is listed as a full one.
        #expect(listed.dropLast() == expected.dropLast())
        #expect(listed.last?.lowerBound == expected.last?.lowerBound)
    }

    /// Each range fails its first read only: both tools read everything in the end; sdcustody
    /// says reads failed first and succeeded on retry.
    @Test(.requires("gcc", "ddrescue", "ddrescuelog"),
          .requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
    func readsThatRecoverLeaveNoBadSectorsInEither() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let shim = try BadReadShim(in: dir)
        let (source, bytes) = try Self.makeSource(dir)
        let env = shim.environment(file: source, ranges: Self.ranges.map { BadReadShim.Range($0.lower, $0.upper, failures: 1) })

        let rescued = dir.path("ddrescue.img"), rescueMap = dir.path("ddrescue.map")
        let d = try runProcess(["ddrescue", "-q", "-b", "512", "-r", "2", source, rescued, rescueMap], environment: env)
        #expect(d.status == 0, "ddrescue: \(d.stderrText)")
        #expect(try runProcess(["ddrescuelog", "--done-status", rescueMap]).status == 0)

        let binary = try #require(TestEnvironment.sdcustodyBinary)
        let out = dir.path("sdcustody.img")
        var sdcEnv = env
        sdcEnv["SDCUSTODY_LOG"] = dir.path("access.jsonl")
        sdcEnv["XDG_DATA_HOME"] = dir.path("xdg")
        let s = try runProcess([binary.path, "acquire", source, "--out", out, "--json"], environment: sdcEnv)
        #expect(s.status == 0, "sdcustody: \(s.stderrText)")
        #expect(try runProcess(["ddrescuelog", "--done-status", out + ".mapfile"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(bytes))
        let record = try #require(try JSONSerialization.jsonObject(with: s.stdout) as? [String: Any])
        #expect((record["bad_sectors"] as? [Any])?.isEmpty == true)
        let errors = try #require(record["read_errors"] as? [String: Any])
        #expect(((errors["recovered_by_retry"] as? NSNumber)?.intValue ?? 0) > 0)
        #expect((record["verdict"] as? String)?.contains("succeeded on retry") == true)
    }

    /// The maps handed out during a run (the live mapfile's contents) are mapfiles too: ddrescuelog
    /// reads the ones with non-tried, non-trimmed and bad areas, and lists what they hold.
    @Test(.requires("ddrescuelog"))
    func mapsDuringTheRunAreReadByDdrescuelog() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var rng = SplitMix64(seed: 12)
        let source = FlakySource(MemoryByteSource(rng.bytes(2 << 20)), sectors: [300: nil, 301: nil, 3000: nil])
        let imager = Imager(source: source, options: AcquisitionOptions(output: dir.path("m.img"), retries: 1, blockSize: 256 << 10))
        var maps: [RescueMap] = []
        imager.onMap = { maps.append($0) }
        #expect(try imager.run().complete)
        var sawStatuses = Set<Character>()
        for (i, map) in maps.enumerated() {
            let path = dir.path("map\(i)")
            try map.text(tool: "sdcustody test", commandLine: "test").write(toFile: path, atomically: true, encoding: .utf8)
            let shown = try runProcess(["ddrescuelog", "--show-status", path])
            #expect(shown.status == 0, "map \(i): \(shown.stderrText)")
            for b in map.blocks { sawStatuses.insert(b.status.rawValue) }
            let bad = try runProcess(["ddrescuelog", "-b", "512", "--list-blocks=-", path]).stdoutText.split(separator: "\n").compactMap { UInt64($0) }
            let ours = map.ranges(.badSector).flatMap { Array(($0.lowerBound / 512)..<(($0.upperBound + 511) / 512)) }
            #expect(bad == ours, "map \(i)")
        }
        #expect(sawStatuses.isSuperset(of: ["?", "*", "-", "+"]), "\(sawStatuses)")
    }
}
