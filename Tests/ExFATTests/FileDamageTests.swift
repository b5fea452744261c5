import CardFileSystem
import CardIO
import Foundation
import Testing
import TestSupport
@testable import ExFAT

/// Issue 12 on exFAT: damage named per file and a broken chain read as far as it goes, on the
/// seed with frag.txt's FAT chain (six 512-byte clusters, 3000 bytes) or its entry patched.
/// `fsck.exfat -n` (exfatprogs) is the independent reading of the same damage.
@Suite(.timeLimit(.minutes(1))) struct FileDamageTests {
    static let frag = "DCIM/100MEDIA/frag.txt"

    static func salvaged(_ b: [UInt8], _ path: String) throws -> (entry: CardEntry, plan: ContentPlan, bytes: [UInt8]) {
        let v = try Fixtures.open(b)
        let entry = try DamagedImageTests.entry(b, path)
        let plan = try v.salvagePlan(for: entry)
        var out: [UInt8] = []
        try ContentStream(source: v.source, plan: plan, chunkSize: 4096).forEachChunk { out += $0 }
        return (entry, plan, out)
    }

    static func fsck(_ b: [UInt8]) throws -> ProcessResult {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("damage-\(UUID().uuidString).img")
        try Data(b).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try runProcess(["fsck.exfat", "-n", url.path])
    }

    static let whole = Fixtures.seq(900, bytes: 3000)

    @Test func undamagedSeedNamesNoDamage() throws {
        let b = try Fixtures.seedSmall()
        let entries = try Fixtures.open(b).listing(includeDeleted: true).entries
        #expect(entries.allSatisfy { $0.damage.isEmpty }, "\(entries.filter { !$0.damage.isEmpty }.map(\.path))")
        let (_, plan, bytes) = try Self.salvaged(b, Self.frag)
        #expect(bytes == Self.whole && plan.incompleteReason == nil)
    }

    @Test(.requires("fsck.exfat")) func chainEndingEarlyIsChainShort() throws {
        var b = try Fixtures.seedSmall()
        let (clusters, fat) = try DamagedImageTests.fragChain(b)
        Patch.u32(&b, fat + 4 * Int(clusters[2]), 0xFFFF_FFFF)
        let (entry, plan, bytes) = try Self.salvaged(b, Self.frag)
        #expect(entry.damage == [.chainShort])
        #expect(bytes == Array(Self.whole.prefix(3 * 512)))
        #expect(plan.unrecoverableBytes == 3000 - 3 * 512)
        #expect(plan.incompleteReason?.contains("ends after 3 clusters") == true, "\(plan.incompleteReason ?? "")")
        let fsck = try Self.fsck(b)
        #expect(fsck.status != 0, "fsck.exfat -n found nothing: \(fsck.stdoutText)")
    }

    @Test func loopingChainIsChainLoopAndReadUpToTheRepeat() throws {
        var b = try Fixtures.seedSmall()
        let (clusters, fat) = try DamagedImageTests.fragChain(b)
        Patch.u32(&b, fat + 4 * Int(clusters[4]), clusters[0])
        let (entry, plan, bytes) = try Self.salvaged(b, Self.frag)
        #expect(entry.damage == [.chainLoop])
        #expect(bytes == Array(Self.whole.prefix(5 * 512)))
        #expect(plan.size + plan.unrecoverableBytes == 3000)
        // A cluster pointing at itself.
        Patch.u32(&b, fat + 4 * Int(clusters[0]), clusters[0])
        let again = try Self.salvaged(b, Self.frag)
        #expect(again.entry.damage == [.chainLoop])
        #expect(again.bytes == Array(Self.whole.prefix(512)))
    }

    @Test(arguments: [(UInt32(0x0FFF_FFFF), 2), (0, 2), (1, 2), (0xFFFF_FFF7, 1)])
    func chainLeavingTheHeapIsChainOutside(value: UInt32, keptClusters: Int) throws {
        var b = try Fixtures.seedSmall()
        let (clusters, fat) = try DamagedImageTests.fragChain(b)
        Patch.u32(&b, fat + 4 * Int(clusters[1]), value)
        let (entry, plan, bytes) = try Self.salvaged(b, Self.frag)
        #expect(entry.damage == [.chainOutside])
        // A cluster marked bad is left out: its bytes are not trusted.
        #expect(bytes == Array(Self.whole.prefix(keptClusters * 512)))
        #expect(plan.size == UInt64(bytes.count))
        #expect(plan.unrecoverableBytes == UInt64(3000 - bytes.count))
    }

    /// DataLength (and ValidDataLength) set to `size`, the set checksum kept right (§7.6.5).
    static func setSize(_ b: inout [UInt8], _ path: String, _ size: UInt64) throws {
        let set = Int(try DamagedImageTests.entry(b, path).entryOffset)
        Patch.u64(&b, set + 32 + 8, size)
        Patch.u64(&b, set + 32 + 24, size)
        Patch.fixSetChecksum(&b, setAt: set)
    }

    @Test(.requires("fsck.exfat"), arguments: [UInt64(0), 1000])
    func sizeShorterThanTheChainIsUnclosed(size: UInt64) throws {
        var b = try Fixtures.seedSmall()
        try Self.setSize(&b, Self.frag, size)
        let (entry, plan, bytes) = try Self.salvaged(b, Self.frag)
        #expect(entry.size == size)
        #expect(entry.damage == [.unclosed])
        #expect(plan.incompleteReason == nil)
        #expect(bytes == Array(Self.whole.prefix(Int(size))))
        let fsck = try Self.fsck(b)
        #expect(fsck.status != 0, "fsck.exfat -n found nothing: \(fsck.stdoutText)")
        // The recording the camera never closed: all six clusters of the chain.
        let v = try Fixtures.open(b)
        let chain = try #require(try v.unclosedPlan(for: entry))
        #expect(chain.size == 6 * 512)
        var read: [UInt8] = []
        try ContentStream(source: v.source, plan: chain, chunkSize: 4096).forEachChunk { read += $0 }
        #expect(Array(read.prefix(3000)) == Self.whole)
        let clean = try Fixtures.seedSmall()
        #expect(try Fixtures.open(clean).unclosedPlan(for: DamagedImageTests.entry(clean, Self.frag)) == nil)
    }

    @Test func theListingStaysCompleteAndOtherFilesClean() throws {
        var b = try Fixtures.seedSmall()
        let (clusters, fat) = try DamagedImageTests.fragChain(b)
        Patch.u32(&b, fat + 4 * Int(clusters[1]), 0)
        let listing = try Fixtures.open(b).listing(includeDeleted: false)
        #expect(listing.problems.isEmpty)
        let damaged = listing.entries.filter { !$0.damage.isEmpty }.map(\.path)
        #expect(damaged == [Self.frag])
    }

    /// The damaged cases, as fuzz-corpus inputs (Tests/Corpus/FuzzExFAT/damage-*.img);
    /// `SDCUSTODY_RECORD_CORPUS=1` writes them again.
    @Test func corpusHoldsTheDamagedCases() throws {
        let seed = try Fixtures.seedSmall()
        let (clusters, fat) = try DamagedImageTests.fragChain(seed)
        var loop = seed
        Patch.u32(&loop, fat + 4 * Int(clusters[4]), clusters[0])
        var bad = seed
        Patch.u32(&bad, fat + 4 * Int(clusters[1]), 0xFFFF_FFF7)
        var unclosed = seed
        try Self.setSize(&unclosed, Self.frag, 1000)
        var boot = seed
        boot[300] ^= 0xFF
        var short = seed
        Patch.u32(&short, fat + 4 * Int(clusters[2]), 0xFFFF_FFFF)
        var backup = seed
        backup[512 * 12 + 300] ^= 0xFF
        let cases = ["damage-chain-loop.img": loop, "damage-chain-bad.img": bad, "damage-unclosed.img": unclosed,
                     "damage-main-boot-region.img": boot, "damage-chain-short.img": short,
                     "damage-backup-boot-region.img": backup]
        for (name, bytes) in cases {
            let url = Fixtures.corpus.appendingPathComponent(name)
            if ProcessInfo.processInfo.environment["SDCUSTODY_RECORD_CORPUS"] == "1" {
                try Data(bytes).write(to: url)
            }
            #expect(try Data(contentsOf: url) == Data(bytes), "\(name) is not what the patch makes")
        }
    }
}
