import Foundation
import Testing
import TestSupport
import CardIO
@testable import Partitions

/// Replays the fuzz corpora (seeds and every `crash-*` file `tools/fuzz` saved) as ordinary
/// tests, and runs seeded random mutations of MBR and GPT images through the fuzz entry points.
/// A trap would end the test process: passing means no input traps.
@Suite(.timeLimit(.minutes(1))) struct FuzzCorpusTests {
    static func corpus(_ target: String) -> [String] {
        let dir = TestEnvironment.packageRoot.appendingPathComponent("Tests/Corpus/\(target)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted().map { dir.appendingPathComponent($0).path }
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test(arguments: corpus("FuzzMBR"))
    func replayMBR(path: String) throws {
        PartitionFuzzing.exerciseMBR(try Self.bytes(path))
    }

    @Test(arguments: corpus("FuzzGPT"))
    func replayGPT(path: String) throws {
        PartitionFuzzing.exerciseGPT(try Self.bytes(path))
    }

    /// The seeds themselves read as their makers (sfdisk, mkfs.fat, a hand-made loop) intended.
    @Test func seedsReadAsIntended() throws {
        let root = TestEnvironment.packageRoot.appendingPathComponent("Tests/Corpus").path
        let dos = try PartitionScan.scan(MemoryByteSource(Self.bytes(root + "/FuzzMBR/sfdisk-dos-logicals")))
        #expect(dos.partitions.map(\.index) == [1, 5, 6, 7])
        #expect(dos.partitions.map(\.startSector) == [1, 7, 13, 19])
        #expect(dos.warnings.isEmpty)
        let loop = try PartitionScan.scan(MemoryByteSource(Self.bytes(root + "/FuzzMBR/ebr-chain-loops")))
        #expect(loop.partitions.map(\.index) == [1, 5, 6])
        #expect(loop.warnings.contains { $0.contains("loops back") })
        let fat = try PartitionScan.scan(MemoryByteSource(Self.bytes(root + "/FuzzMBR/fat32-boot-sector")))
        #expect(fat.wholeSourceFileSystem == .fat)
        let gpt = try PartitionScan.scan(MemoryByteSource(Self.bytes(root + "/FuzzGPT/sfdisk-gpt-4-entries")))
        #expect(gpt.partitions.map(\.startSector) == [4, 12])
        #expect(gpt.partitions.first?.name == "DCIM")
        #expect(gpt.warnings.isEmpty)
        let four = try PartitionScan.scan(MemoryByteSource(Self.bytes(root + "/FuzzGPT/sfdisk-gpt-4k-sectors")))
        #expect(four.sectorSize == 4096)
        #expect(four.partitions.map(\.startByte) == [3 * 4096])
        #expect(four.warnings.isEmpty)
        let backup = try PartitionScan.scan(MemoryByteSource(Self.bytes(root + "/FuzzGPT/primary-header-crc-bad")))
        #expect(backup.partitions == gpt.partitions)
        #expect(backup.warnings.first?.contains("using the backup header") == true)
    }

    // MARK: - Property test: random mutations never trap

    static let interesting: [UInt64] = [0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x8000_0000, 0xFFFF_FFFF,
                                        0x1_0000_0000, UInt64.max, UInt64.max - 1, 1 << 63]

    /// Damages `image` at random: flipped bytes, interesting values in 4- and 8-byte fields
    /// (GPT header fields are 8-byte aligned, MBR entries 4-byte), truncation, extension.
    static func mutate(_ image: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var m = image
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
            guard !m.isEmpty else { break }
            switch Int.random(in: 0..<10, using: &rng) {
            case 0...3:
                m[Int.random(in: 0..<m.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
            case 4...6:
                let width = Bool.random(using: &rng) ? 4 : 8
                guard m.count >= width else { break }
                let at = Int.random(in: 0...(m.count - width), using: &rng) & ~(width / 2 - 1)
                let v = interesting.randomElement(using: &rng) ?? 0
                for i in 0..<width where at + i < m.count { m[at + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(i))) }
            case 7:
                m = Array(m.prefix(Int.random(in: 0...m.count, using: &rng)))
            case 8:
                m += [UInt8](repeating: UInt8.random(in: 0...255, using: &rng), count: Int.random(in: 1...1024, using: &rng))
            default:
                // Copy a sector over another: EBRs and headers end up where they should not.
                let sectors = m.count / 512
                guard sectors >= 2 else { break }
                let from = Int.random(in: 0..<sectors, using: &rng), to = Int.random(in: 0..<sectors, using: &rng)
                m.replaceSubrange((to * 512)..<(to * 512 + 512), with: m[(from * 512)..<(from * 512 + 512)])
            }
        }
        return m
    }

    /// Makes every GPT header in `m` (at 512-byte LBAs 1 and last) self-consistent again, so the
    /// mutations reach the checks behind the CRCs. Never indexes outside `m`.
    static func refreshGPTChecksums(_ m: inout [UInt8]) {
        let last = m.count / 512 - 1
        for lba in [1, last] where lba >= 1 {
            let h = lba * 512
            guard h + 512 <= m.count, Array(m[h..<(h + 8)]) == Array("EFI PART".utf8) else { continue }
            let entriesLBA = ImageTools.le64(m, h + 72)
            let count = UInt64(ImageTools.le32(m, h + 80)), size = UInt64(ImageTools.le32(m, h + 84))
            let (bytes, o1) = count.multipliedReportingOverflow(by: size)
            let (start, o2) = entriesLBA.multipliedReportingOverflow(by: 512)
            let (end, o3) = start.addingReportingOverflow(bytes)
            if !o1, !o2, !o3, end <= UInt64(m.count) {
                ImageTools.putLE32(&m, h + 88, CRC32.checksum(m[Int(start)..<Int(end)]))
            }
            let headerSize = min(max(Int(ImageTools.le32(m, h + 12)), 92), 512)
            ImageTools.putLE32(&m, h + 16, 0)
            ImageTools.putLE32(&m, h + 16, CRC32.checksum(m[h..<(h + headerSize)]))
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func randomMutationsOfMBRImagesNeverTrap(seed: UInt64) throws {
        let seeds = try Self.corpus("FuzzMBR").map(Self.bytes)
        try #require(!seeds.isEmpty)
        var rng = SplitMix64(state: seed)
        for i in 0..<1500 {
            PartitionFuzzing.exerciseMBR(Self.mutate(seeds[i % seeds.count], &rng))
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func randomMutationsOfGPTImagesNeverTrap(seed: UInt64) throws {
        let seeds = try Self.corpus("FuzzGPT").map(Self.bytes)
        try #require(!seeds.isEmpty)
        var rng = SplitMix64(state: seed)
        var usable = 0
        for i in 0..<1500 {
            var m = Self.mutate(seeds[i % seeds.count], &rng)
            if i % 2 == 0 { Self.refreshGPTChecksums(&m) }
            PartitionFuzzing.exerciseGPT(m)
            if (try? PartitionScan.scan(MemoryByteSource(m))) != nil { usable += 1 }
        }
        // The mutations are not all rejected at the first check.
        #expect(usable > 100)
    }
}
