import Testing
import Foundation
import TestSupport
import CardIO
import OpenSSL
@testable import Acquisition

/// The map of what was read (ddrescue's statuses) against a byte-per-byte model, and the passes
/// that come back to a failing area, on sources that fail by sector.
@Suite struct RescueMapTests {
    /// Random `set` calls on a map and on an array of statuses, one per byte: the blocks always
    /// cover the source in order, neighbours never share a status, and every byte agrees.
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func setAgreesWithAByteModel(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let size = UInt64(1 + rng.next() % 5000)
        var map = RescueMap(size: size)
        var model = [RescueMap.Status](repeating: .nonTried, count: Int(size))
        let statuses: [RescueMap.Status] = [.nonTried, .nonTrimmed, .nonScraped, .badSector, .finished]
        for _ in 0..<400 {
            let a = rng.next() % (size + 10), b = rng.next() % (size + 10)
            let status = statuses[Int(rng.next() % 5)]
            map.set(min(a, b)..<max(a, b), status)
            for i in min(a, b)..<min(size, max(a, b)) { model[Int(i)] = status }
        }
        var at: UInt64 = 0
        for (i, block) in map.blocks.enumerated() {
            #expect(block.pos == at && block.size > 0)
            if i > 0 { #expect(map.blocks[i - 1].status != block.status) }
            for p in block.pos..<block.end { #expect(model[Int(p)] == block.status) }
            at = block.end
        }
        #expect(at == size)
        #expect(map.byteCount(.finished) == UInt64(model.filter { $0 == .finished }.count))
    }

    @Test func mapfileTextIsDdrescuesLayout() {
        var map = RescueMap(size: 0x3000)
        map.set(0..<0x1000, .finished)
        map.set(0x1000..<0x1200, .badSector)
        map.set(0x1200..<0x3000, .finished)
        map.phase = .finished
        map.currentPos = 0x3000
        let lines = map.text(tool: "sdcustody test", commandLine: "sdcustody acquire a\n--out b").split(separator: "\n")
        #expect(lines.contains("# Finished"))
        #expect(lines.contains("# Command line: sdcustody acquire a--out b"))
        #expect(lines.contains("0x00003000     +               1"))
        #expect(Array(lines.suffix(3)) == ["0x00000000  0x00001000  +", "0x00001000  0x00000200  -", "0x00001200  0x00001E00  +"])
        #expect(RescueMap(size: 0).text(tool: "t", commandLine: "c").hasSuffix("0x00000000  0x00000000  +\n"))
    }
}

/// A source whose chosen sectors fail their first `failures` reads and then read (nil: always fail).
final class FlakySource: ByteSource {
    let base: ByteSource
    var remaining: [UInt64: Int?]
    private(set) var reads: [(offset: UInt64, count: Int)] = []
    var name: String { base.name }
    var size: UInt64 { base.size }

    init(_ base: ByteSource, sectors: [UInt64: Int?]) {
        self.base = base
        remaining = sectors
    }

    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0, offset < size else { return 0 }
        reads.append((offset, buffer.count))
        let first = offset / 512, last = (min(size, offset + UInt64(buffer.count)) - 1) / 512
        var fail = false
        for s in first...last {
            guard let left = remaining[s] else { continue }
            switch left {
            case .none: fail = true
            case .some(let n) where n > 0:
                remaining[s] = .some(n - 1)
                fail = true
            default: break
            }
        }
        if fail { throw CardIOError.readFailed(source: name, offset: offset, reason: "Input/output error (test)") }
        return try base.read(at: offset, into: buffer)
    }
}

@Suite struct RescuePassTests {
    func pattern(_ n: Int) -> [UInt8] {
        var rng = SplitMix64(seed: UInt64(n))
        return rng.bytes(n)
    }

    /// Two bad sectors in one block and one in another: the first pass skips ahead after each
    /// failure (so reads right after a failure start past the skip), the later passes read
    /// every other sector, and exactly the bad sectors are zeros.
    @Test func skipsAheadThenComesBackToEverySector() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bytes = pattern(2 << 20)
        let bad: [UInt64] = [300, 301, 3000]
        let source = FlakySource(MemoryByteSource(bytes), sectors: Dictionary(uniqueKeysWithValues: bad.map { ($0, Int?.none) }))
        var options = AcquisitionOptions(output: dir.path("card.img"), retries: 1, blockSize: 256 << 10)
        options.initialSkip = 64 << 10
        var maps: [RescueMap] = []
        let imager = Imager(source: source, options: options)
        imager.onMap = { maps.append($0) }
        let result = try imager.run()
        #expect(result.complete && result.verified)
        // Pass 1: block 0 failed at sector 300, the next read starts 64 KiB past its end.
        #expect(source.reads.first.map { $0.offset } == 0)
        let secondRead: UInt64 = (256 + 64) << 10
        #expect(source.reads.count > 1 && source.reads[1].offset == secondRead)
        var expected = bytes
        for s in bad {
            let start = Int(s) * 512
            for i in start..<(start + 512) { expected[i] = 0 }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.path("card.img"))) == Data(expected))
        #expect(result.hashes[.sha256] == (try Digest.hash(.sha256, expected)).hex)
        #expect(result.badSectors.ranges == [BadSectorMap.Range(firstSector: 300, count: 2), BadSectorMap.Range(firstSector: 3000, count: 1)])
        let expectedBad: [Range<UInt64>] = [UInt64(300 * 512)..<UInt64(302 * 512), UInt64(3000 * 512)..<UInt64(3001 * 512)]
        #expect(result.rescueMap.ranges(.badSector) == expectedBad)
        #expect(result.rescueMap.byteCount(.finished) == UInt64(bytes.count) - 3 * 512)
        #expect(result.retriedReads.isEmpty, "nothing was made good by retrying")
        // The map was handed out as the run went: copying first, the trimming, scraping and retry phases.
        let phases = maps.map(\.phase)
        #expect(phases.first == .copying && phases.last == .finished)
        #expect(phases.contains(.trimming) && phases.contains(.retrying))
        #expect(maps.contains { !$0.ranges(.nonTried).isEmpty })
    }

    /// Sectors that fail a few reads and then read: nothing is left bad, and the failed reads
    /// whose bytes were read in the end are counted.
    @Test func readsThatRecoverAreCounted() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bytes = pattern(1 << 20)
        // Sector 10 fails twice (its block, then its trim): the first retry pass reads it.
        let source = FlakySource(MemoryByteSource(bytes), sectors: [10: 2])
        let result = try Imager(source: source, options: AcquisitionOptions(output: dir.path("a.img"), retries: 2, blockSize: 128 << 10)).run()
        #expect(result.complete && result.verified)
        #expect(result.badSectors.isEmpty)
        #expect(result.retriedReads.recoveredByRetry == 2)
        #expect(result.retriedReads.ranges == [BadSectorMap.Range(firstSector: 0, count: 256)])
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.path("a.img"))) == Data(bytes))
    }

    /// A split image with a bad sector in a part the first pass skipped: every part exists with
    /// its full length and the parts read back as the source with that sector zeroed.
    @Test func splitImageWithSkippedAreas() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bytes = pattern(3 << 20 + 512 * 7)
        let source = FlakySource(MemoryByteSource(bytes), sectors: [2050: nil, 4100: nil])
        let out = dir.path("s.img")
        let result = try Imager(source: source, options: AcquisitionOptions(output: out, splitSize: 1 << 20, retries: 0, blockSize: 512 << 10)).run()
        #expect(result.complete && result.verified)
        #expect(result.outputs == [out + ".001", out + ".002", out + ".003", out + ".004"])
        var expected = bytes
        for s in [2050, 4100] {
            let start = s * 512
            for i in start..<(start + 512) { expected[i] = 0 }
        }
        var joined = Data()
        for p in result.outputs { joined.append(try Data(contentsOf: URL(fileURLWithPath: p))) }
        #expect(joined == Data(expected))
    }

    /// A source where every read fails: a bounded number of reads (the skips grow), every sector
    /// bad, and a run that still ends with an image of zeros.
    @Test func deadSourceEndsWithEverySectorBad() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let size = 256 * 512
        let source = FlakySource(MemoryByteSource([UInt8](repeating: 7, count: size)),
                                 sectors: Dictionary(uniqueKeysWithValues: (0..<UInt64(256)).map { ($0, Int?.none) }))
        let result = try Imager(source: source, options: AcquisitionOptions(output: dir.path("d.img"), retries: 1, blockSize: 16 << 10)).run()
        #expect(result.complete)
        #expect(result.badSectors.sectorCount == 256)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.path("d.img"))) == Data(count: size))
        // Copying, trimming (2 per block), scraping (1 per sector), one retry pass (1 per sector).
        #expect(source.reads.count <= 2 * 256 + 64, "\(source.reads.count) reads")
    }

    /// The early check (re-reading settled stretches while the copy goes on) covers most of a
    /// healthy image, the final check the rest, and together they match; a run that needed the
    /// rescue passes re-reads everything after its sync instead.
    @Test(arguments: [nil, UInt64(700 << 10)])
    func earlyCheckCoversTheImageInOrder(split: UInt64?) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bytes = pattern(3 << 20 + 777)
        let out = dir.path("e.img")
        let imager = Imager(source: MemoryByteSource(bytes), options: AcquisitionOptions(output: out, splitSize: split, blockSize: 64 << 10))
        imager.checkLag = 128 << 10
        imager.checkStretch = 256 << 10
        let result = try imager.run()
        #expect(result.complete && result.verified)
        #expect(imager.earlyChecked >= 2 << 20, "\(imager.earlyChecked)")
        #expect(result.rereadHashes[.sha256] == (try Digest.hash(.sha256, bytes)).hex)

        let failing = Imager(source: FlakySource(MemoryByteSource(bytes), sectors: [5000: 1]),
                             options: AcquisitionOptions(output: dir.path("f.img"), splitSize: split, blockSize: 64 << 10))
        failing.checkLag = 128 << 10
        failing.checkStretch = 256 << 10
        let r2 = try failing.run()
        #expect(r2.complete && r2.verified && r2.badSectors.isEmpty)
        #expect(failing.earlyChecked == 0)
        #expect(r2.rereadHashes[.sha256] == (try Digest.hash(.sha256, bytes)).hex)
    }

    /// Every other sector of 32 MiB bad: tens of thousands of separate bad areas, which the map
    /// must keep without the run slowing to a crawl (a time limit would be a timing assertion,
    /// so this only has to finish; the suite's own time shows a regression).
    @Test func alternatingBadSectorsFinish() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let size = 32 << 20
        let bad = Dictionary(uniqueKeysWithValues: stride(from: UInt64(1), to: UInt64(size / 512), by: 2).map { ($0, Int?.none) })
        let source = FlakySource(MemoryByteSource([UInt8](repeating: 1, count: size)), sectors: bad)
        let result = try Imager(source: source, options: AcquisitionOptions(output: dir.path("alt.img"), retries: 1)).run()
        #expect(result.complete)
        #expect(result.badSectors.ranges.count == size / 1024)
    }
}
