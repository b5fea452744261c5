import Foundation
import Testing
import TestSupport
import CardIO
import CardFileSystem
@testable import FAT

/// Issue 12: damage named per file, and a broken chain read as far as it goes. The images are
/// the FAT12 seed with chosen FAT entries or sizes patched (see `DamagedImageTests.Image`);
/// `fsck.fat -n` (dosfstools) is the independent reading of the same damage.
@Suite(.timeLimit(.minutes(1))) struct FileDamageTests {
    typealias Image = DamagedImageTests.Image
    static let clip = DamagedImageTests.clip

    /// The entry as a fresh listing of the patched image gives it (`Image.entries` are the seed's).
    static func entry(_ img: Image, _ path: String) throws -> CardEntry {
        let listing = try img.open().listing(includeDeleted: true)
        return try #require(listing.entries.first { $0.path == path })
    }

    static func damage(_ img: Image, _ path: String) throws -> [FileDamage] {
        try entry(img, path).damage
    }

    /// The bytes a salvage plan delivers.
    static func salvaged(_ v: FATVolume, _ entry: CardEntry) throws -> (plan: ContentPlan, bytes: Data) {
        let plan = try v.salvagePlan(for: entry)
        var out = Data()
        try ContentStream(source: v.source, plan: plan).forEachChunk { out.append(contentsOf: $0) }
        return (plan, out)
    }

    /// `fsck.fat -n` on the image: its exit status and what it printed.
    static func fsck(_ img: Image) throws -> ProcessResult {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("damage-\(UUID().uuidString).img")
        try Data(img.bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try runProcess(["fsck.fat", "-n", url.path])
    }

    @Test func undamagedSeedNamesNoDamage() throws {
        let img = try Image(try DamagedImageTests.seed())
        #expect(img.entries.allSatisfy { $0.damage.isEmpty }, "\(img.entries.filter { !$0.damage.isEmpty }.map(\.path))")
        let v = try img.open()
        // Salvage of a whole file is the whole file.
        let clip = try img.entry(Self.clip)
        let (plan, bytes) = try Self.salvaged(v, clip)
        #expect(plan.incompleteReason == nil && plan.unrecoverableBytes == 0)
        #expect(bytes == (try readAll(v, clip)))
    }

    @Test(.requires("fsck.fat")) func chainShortIsNamedAndReadAsFarAsItGoes() throws {
        let original = try Image(try DamagedImageTests.seed())
        let whole = try readAll(try original.open(), original.entry(Self.clip))
        var img = original
        let first = try img.entry(Self.clip).firstCluster
        let cs = Int(img.geometry.clusterSize)
        try #require(cs < whole.count, "the clip must span more than one cluster")
        img.setFAT(first, 0xFFF)
        #expect(try Self.damage(img, Self.clip) == [.chainShort])
        let v = try img.open()
        let (plan, bytes) = try Self.salvaged(v, try Self.entry(img, Self.clip))
        #expect(bytes == whole.prefix(cs))
        #expect(plan.size == UInt64(cs))
        #expect(plan.unrecoverableBytes == UInt64(whole.count - cs))
        #expect(plan.incompleteReason?.contains("ends after 1 clusters") == true, "\(plan.incompleteReason ?? "")")
        #expect(plan.damage == [.chainShort])
        // The other files are unaffected.
        #expect(try Self.damage(img, "EMPTY.TXT").isEmpty)
        // dosfstools sees the same: the size does not match the chain.
        let fsck = try Self.fsck(img)
        #expect(fsck.status != 0, "fsck.fat -n found nothing: \(fsck.stdoutText)")
        #expect(fsck.stdoutText.lowercased().contains("clip"), "\(fsck.stdoutText)")
    }

    @Test func chainLoopIsNamedAndReadUpToTheLoop() throws {
        let original = try Image(try DamagedImageTests.seed())
        let whole = try readAll(try original.open(), original.entry(Self.clip))
        var img = original
        let first = try img.entry(Self.clip).firstCluster
        img.setFAT(first, first)
        #expect(try Self.damage(img, Self.clip) == [.chainLoop])
        let (plan, bytes) = try Self.salvaged(try img.open(), try Self.entry(img, Self.clip))
        let cs = Int(img.geometry.clusterSize)
        #expect(bytes == whole.prefix(cs))
        #expect(plan.damage == [.chainLoop])
        #expect(plan.size + plan.unrecoverableBytes == UInt64(whole.count))
    }

    @Test(arguments: [UInt32(0xFF7), 0xFF0, 0])
    func chainOutsideOrBrokenIsNamed(value: UInt32) throws {
        let original = try Image(try DamagedImageTests.seed())
        let whole = try readAll(try original.open(), original.entry(Self.clip))
        var img = original
        let first = try img.entry(Self.clip).firstCluster
        img.setFAT(first, value == 0xFF0 ? img.geometry.maxCluster + 10 : value)
        let expected: FileDamage = value == 0 ? .chainShort : .chainOutside
        #expect(try Self.damage(img, Self.clip) == [expected])
        let (plan, bytes) = try Self.salvaged(try img.open(), try Self.entry(img, Self.clip))
        // A cluster whose own entry is bad or free is not the file's for sure: left out.
        let cs = Int(img.geometry.clusterSize)
        let kept = value == 0xFF0 ? cs : 0
        #expect(bytes == whole.prefix(kept))
        #expect(plan.unrecoverableBytes == UInt64(whole.count - kept))
        // Never more than the chain gave.
        #expect(plan.size == UInt64(bytes.count))
    }

    @Test(.requires("fsck.fat"), arguments: [UInt32(0), 1])
    func sizeShorterThanTheChainIsUnclosed(size: UInt32) throws {
        let original = try Image(try DamagedImageTests.seed())
        let whole = try readAll(try original.open(), original.entry(Self.clip))
        var img = original
        try #require(Int(img.geometry.clusterSize) < whole.count)
        img.put32(try img.shortEntryOffset(Self.clip) + 28, size)
        #expect(try Self.damage(img, Self.clip) == [.unclosed])
        // Unclosed is not lost data: the recorded size reads in full.
        let (plan, bytes) = try Self.salvaged(try img.open(), try Self.entry(img, Self.clip))
        #expect(plan.incompleteReason == nil)
        #expect(bytes == whole.prefix(Int(size)))
        #expect(plan.damage == [.unclosed])
        let fsck = try Self.fsck(img)
        #expect(fsck.status != 0, "fsck.fat -n found nothing: \(fsck.stdoutText)")
        // The recording the camera never closed: the whole chain, in whole clusters.
        let v = try img.open()
        let chain = try #require(try v.unclosedPlan(for: try Self.entry(img, Self.clip)))
        let cs = Int(img.geometry.clusterSize)
        #expect(chain.size == UInt64((whole.count + cs - 1) / cs * cs))
        var read = Data()
        try ContentStream(source: v.source, plan: chain).forEachChunk { read.append(contentsOf: $0) }
        #expect(read.prefix(whole.count) == whole)
        #expect(chain.damage == [.unclosed])
        // Not for a file that is not unclosed.
        #expect(try original.open().unclosedPlan(for: original.entry(Self.clip)) == nil)
    }

    @Test func truncatedImageIsReadUpToItsEnd() throws {
        let original = try Image(try DamagedImageTests.seed())
        let v0 = try original.open()
        let clip = try original.entry(Self.clip)
        let whole = try readAll(v0, clip)
        let plan0 = try v0.contentPlan(for: clip)
        let cut = try #require(plan0.runs.first).byteOffset + 100
        let truncated = Array(original.bytes.prefix(Int(cut)))
        let v = try FATVolume(source: MemoryByteSource(truncated))
        #expect(throws: FileSystemError.self) { try v.contentPlan(for: clip) }
        let (plan, bytes) = try Self.salvaged(v, clip)
        #expect(bytes == whole.prefix(100))
        #expect(plan.incompleteReason?.contains("truncated") == true)
        #expect(plan.unrecoverableBytes == UInt64(whole.count - 100))
    }

    /// The damaged cases above, as fuzz-corpus inputs (Tests/Corpus/FuzzFAT/damage-*.img), so
    /// the fuzz target starts from them too. The committed files must be what the patches make;
    /// `SDCUSTODY_RECORD_CORPUS=1` writes them again.
    @Test func corpusHoldsTheDamagedCases() throws {
        let seed = try Image(try DamagedImageTests.seed())
        let first = try seed.entry(Self.clip).firstCluster
        var short = seed
        short.setFAT(first, 0xFFF)
        var loop = seed
        loop.setFAT(first, first)
        var unclosed = seed
        unclosed.put32(try seed.shortEntryOffset(Self.clip) + 28, 0)
        // chain_outside: the first cluster's entry points past the last cluster.
        var outside = seed
        outside.setFAT(first, seed.geometry.maxCluster + 10)
        let cases = ["damage-chain-short.img": short, "damage-chain-loop.img": loop, "damage-unclosed.img": unclosed,
                     "damage-chain-outside.img": outside]
        for (name, img) in cases {
            let url = FuzzAndPropertyTests.corpus.appendingPathComponent(name)
            if ProcessInfo.processInfo.environment["SDCUSTODY_RECORD_CORPUS"] == "1" {
                try Data(img.bytes).write(to: url)
            }
            #expect(try Data(contentsOf: url) == Data(img.bytes), "\(name) is not what the patch makes")
        }
    }
}
