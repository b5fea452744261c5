import CardFileSystem
import CardIO
import Foundation
import Testing
import TestSupport
@testable import ExFAT

/// The seed image with chosen bytes changed: each damage gives one clear error or a partial
/// result that names what is missing, never a trap or a hang.
@Suite(.timeLimit(.minutes(1))) struct DamagedImageTests {
    static func entry(_ bytes: [UInt8], _ path: String, deleted: Bool = false) throws -> CardEntry {
        let listing = try Fixtures.open(bytes).listing(includeDeleted: deleted)
        return try #require(listing.entries.first { $0.path == path })
    }

    static func corruptReason(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let FileSystemError.corrupt(structure, reason) {
            return "\(structure): \(reason)"
        } catch {
            return "other error: \(error)"
        }
    }

    // MARK: Boot region

    @Test func badBootChecksumIsAClearError() throws {
        var b = try Fixtures.seedSmall()
        b[300] ^= 0xFF
        let reason = try #require(Self.corruptReason { _ = try Fixtures.open(b) })
        #expect(reason.contains("main boot region") && reason.contains("Boot Checksum"))
        #expect(reason.contains("backup region's checksum is intact"))
        #expect(!reason.contains("\n"))
    }

    @Test(arguments: [
        ("MustBeZero", 20, UInt64(1), 1),
        ("BytesPerSectorShift", 108, 13, 1),
        ("SectorsPerClusterShift", 109, 17, 1),
        ("NumberOfFats", 110, 3, 1),
        ("cluster heap", 88, 250, 4),          // heap outside the volume
        ("FatLength", 92, 100_000, 4),          // more clusters than the FAT holds
        ("FirstClusterOfRootDirectory", 96, 0, 4),
        ("FirstClusterOfRootDirectory", 96, 5000, 4),
        ("FatOffset", 80, 10, 4),
        ("VolumeLength", 72, 0, 8),
        ("BootSignature", 510, 0x1234, 2),
    ])
    func bootSectorInvariants(expected: String, offset: Int, value: UInt64, width: Int) throws {
        var b = try Fixtures.seedSmall()
        for i in 0..<width { b[offset + i] = UInt8(value >> (8 * UInt64(i)) & 0xFF) }
        Patch.fixBootChecksum(&b)
        let reason = try #require(Self.corruptReason { _ = try Fixtures.open(b) })
        #expect(reason.hasPrefix("boot sector: "), "\(reason)")
        #expect(reason.contains(expected), "\(reason)")
    }

    @Test func otherBytesAreNotExFAT() throws {
        var b = try Fixtures.seedSmall()
        b[3] = UInt8(ascii: "N")
        #expect(throws: FileSystemError.unrecognised(hint: nil)) { _ = try Fixtures.open(b) }
        #expect(!ExFATVolume.looksLikeExFAT(b))
        #expect(throws: FileSystemError.self) { _ = try Fixtures.open([UInt8](repeating: 0, count: 100)) }
    }

    @Test func differingBackupRegionIsAWarning() throws {
        var b = try Fixtures.seedSmall()
        b[512 * 12 + 100] ^= 0xFF   // backup VolumeSerialNumber
        let volume = try Fixtures.open(b)
        #expect(volume.description.warnings.contains { $0.contains("backup boot region") })
    }

    @Test func dirtyVolumeIsReported() throws {
        var b = try Fixtures.seedSmall()
        b[106] |= 2   // VolumeFlags is outside the checksum
        let volume = try Fixtures.open(b)
        #expect(volume.description.details.contains { $0.key == "volume_flags" && $0.value == "dirty" })
        #expect(volume.description.warnings.contains { $0.contains("dirty") })
    }

    // MARK: Cluster chains

    /// The clusters of frag.txt, the seed's only FAT-chained file.
    static func fragChain(_ b: [UInt8]) throws -> (clusters: [UInt32], fat: Int) {
        let volume = try Fixtures.open(b)
        let frag = try entry(b, "DCIM/100MEDIA/frag.txt")
        let plan = try volume.contentPlan(for: frag)
        let clusters = plan.runs.flatMap { run in (0..<run.clusterCount).map { run.firstCluster + $0 } }
        return (clusters, Int(volume.boot.fatOffset) * 512)
    }

    @Test func loopingChainThrowsChainLoop() throws {
        var b = try Fixtures.seedSmall()
        let (clusters, fat) = try Self.fragChain(b)
        #expect(clusters.count == 6)
        // The fifth cluster points back to the first.
        Patch.u32(&b, fat + 4 * Int(clusters[4]), clusters[0])
        let frag = try Self.entry(b, "DCIM/100MEDIA/frag.txt")
        #expect(throws: FileSystemError.chainLoop(firstCluster: clusters[0])) { _ = try Fixtures.open(b).contentPlan(for: frag) }
        // A cluster pointing at itself.
        Patch.u32(&b, fat + 4 * Int(clusters[0]), clusters[0])
        #expect(throws: FileSystemError.chainLoop(firstCluster: clusters[0])) { _ = try Fixtures.open(b).contentPlan(for: frag) }
        // The listing itself is unaffected.
        #expect(try Fixtures.open(b).listing(includeDeleted: true).problems.isEmpty)
    }

    @Test(arguments: [UInt32(0x0FFF_FFFF), 0, 1, 0xFFFF_FFF7])
    func chainLeavingTheHeapIsAClearError(value: UInt32) throws {
        var b = try Fixtures.seedSmall()
        let (clusters, fat) = try Self.fragChain(b)
        Patch.u32(&b, fat + 4 * Int(clusters[1]), value)
        let frag = try Self.entry(b, "DCIM/100MEDIA/frag.txt")
        let reason = try #require(Self.corruptReason { _ = try Fixtures.open(b).contentPlan(for: frag) })
        #expect(reason.contains("frag.txt"), "\(reason)")
    }

    @Test func chainEndingEarlyIsAClearError() throws {
        var b = try Fixtures.seedSmall()
        let (clusters, fat) = try Self.fragChain(b)
        Patch.u32(&b, fat + 4 * Int(clusters[2]), 0xFFFF_FFFF)
        let frag = try Self.entry(b, "DCIM/100MEDIA/frag.txt")
        let reason = try #require(Self.corruptReason { _ = try Fixtures.open(b).contentPlan(for: frag) })
        #expect(reason.contains("ends after 3 clusters"), "\(reason)")
    }

    // MARK: Directories

    @Test(arguments: ["DCIM", "DCIM/100MEDIA", "root"])
    func folderContainingAnAncestorIsNotEntered(ancestor: String) throws {
        var b = try Fixtures.seedSmall()
        let deep = try Self.entry(b, "DCIM/100MEDIA/deep")
        let target: UInt32
        if ancestor == "root" {
            target = try Fixtures.open(b).boot.firstClusterOfRootDirectory
        } else {
            target = try Self.entry(b, ancestor).firstCluster
        }
        let at = Int(deep.entryOffset)
        Patch.u32(&b, at + 32 + 20, target)
        Patch.fixSetChecksum(&b, setAt: at)
        let listing = try Fixtures.open(b).listing(includeDeleted: true)
        #expect(listing.problems.contains { $0.contains("DCIM/100MEDIA/deep") && $0.contains("contains itself") }, "\(listing.problems)")
        #expect(listing.entries.contains { $0.path == "DCIM/100MEDIA/deep" })
        #expect(!listing.entries.contains { $0.path.hasPrefix("DCIM/100MEDIA/deep/") })
        #expect(listing.entries.contains { $0.path == "DCIM/keep.bin" })
    }

    @Test func unreadableFolderGivesAPartialListing() throws {
        let b = try Fixtures.seedSmall()
        let media = try Self.entry(b, "DCIM/100MEDIA")
        let volume = try Fixtures.open(b)
        let sector = volume.boot.clusterOffset(media.firstCluster) / 512
        let faulty = FaultyByteSource(MemoryByteSource(b, name: "faulty"), badSectors: [sector])
        let listing = try ExFATVolume(source: faulty).listing(includeDeleted: false)
        #expect(listing.problems.contains { $0.contains("DCIM/100MEDIA") && $0.contains("cannot read") }, "\(listing.problems)")
        #expect(listing.entries.contains { $0.path == "DCIM/keep.bin" })
        #expect(!listing.entries.contains { $0.path.hasPrefix("DCIM/100MEDIA/") })
    }

    // MARK: Sizes

    @Test func sizeLargerThanTheVolumeIsAClearError() throws {
        var b = try Fixtures.seedSmall()
        let note = try Self.entry(b, "DCIM/100MEDIA/deep/note.txt")
        let at = Int(note.entryOffset)
        Patch.u64(&b, at + 32 + 8, 1 << 40)
        Patch.u64(&b, at + 32 + 24, 1 << 40)
        Patch.fixSetChecksum(&b, setAt: at)
        let damaged = try Self.entry(b, "DCIM/100MEDIA/deep/note.txt")
        #expect(damaged.size == 1 << 40)
        let reason = try #require(Self.corruptReason { _ = try Fixtures.open(b).contentPlan(for: damaged) })
        #expect(reason.contains("larger than the volume"), "\(reason)")
    }

    @Test func validDataLengthBelowDataLengthReadsZeros() throws {
        var b = try Fixtures.seedSmall()
        // A contiguous (NoFatChain) file and a FAT-chained one.
        for (path, valid) in [("DCIM/100MEDIA/deep/note.txt", UInt64(5)), ("DCIM/100MEDIA/frag.txt", 1000)] {
            let e = try Self.entry(b, path)
            Patch.u64(&b, Int(e.entryOffset) + 32 + 8, valid)
            Patch.fixSetChecksum(&b, setAt: Int(e.entryOffset))
        }
        let volume = try Fixtures.open(b)
        let note = try Self.entry(b, "DCIM/100MEDIA/deep/note.txt")
        #expect(note.validDataLength == 5 && note.size == 12 && note.notes.isEmpty)
        #expect(try Fixtures.content(volume, note) == Array("hello".utf8) + [UInt8](repeating: 0, count: 7))
        let frag = try Self.entry(b, "DCIM/100MEDIA/frag.txt")
        let expected = Array(Fixtures.seq(900, bytes: 3000).prefix(1000)) + [UInt8](repeating: 0, count: 2000)
        #expect(try Fixtures.content(volume, frag) == expected)
        // Random access agrees.
        let plan = try volume.contentPlan(for: frag)
        let file = FileContentSource(volume: volume.source, plan: plan, name: "frag")
        #expect(try file.read(at: 990, count: 20) == Array(expected[990..<1010]))
    }

    @Test func validDataLengthAboveDataLengthIsNoted() throws {
        var b = try Fixtures.seedSmall()
        let e = try Self.entry(b, "DCIM/100MEDIA/deep/note.txt")
        Patch.u64(&b, Int(e.entryOffset) + 32 + 8, 100)
        Patch.fixSetChecksum(&b, setAt: Int(e.entryOffset))
        let note = try Self.entry(b, "DCIM/100MEDIA/deep/note.txt")
        #expect(note.notes.contains { $0.contains("ValidDataLength 100 exceeds DataLength 12") })
        let volume = try Fixtures.open(b)
        #expect(try volume.contentPlan(for: note).warnings.contains { $0.contains("ValidDataLength") })
        #expect(try Fixtures.content(volume, note) == Array("hello exfat\n".utf8))
    }

    // MARK: Truncated images

    @Test(arguments: [6000, 13_000, 20_000])
    func imageTruncatedInsideMetadataIsAClearError(length: Int) throws {
        let b = Array(try Fixtures.seedSmall().prefix(length))
        let reason = try #require(Self.corruptReason { _ = try Fixtures.open(b) })
        #expect(reason.contains("truncated"), "\(reason)")
    }

    @Test(arguments: [24_000, 40_000, 100_000])
    func imageTruncatedInsideTheHeapGivesPartialResults(length: Int) throws {
        let b = Array(try Fixtures.seedSmall().prefix(length))
        let volume: ExFATVolume
        do {
            volume = try Fixtures.open(b)
        } catch let error as FileSystemError {
            // Allowed when the bitmap or up-case table itself was cut: one clear line.
            #expect(error.description.contains("truncated"), "\(error)")
            return
        }
        #expect(volume.description.warnings.contains { $0.contains("truncated") })
        let listing = try volume.listing(includeDeleted: true)
        for entry in listing.entries where !entry.isDirectory {
            do {
                _ = try Fixtures.content(volume, entry)
            } catch let error as FileSystemError {
                #expect(error.description.contains("truncated"), "\(error)")
            }
        }
    }

    // MARK: Entry sets and names

    @Test func badSetChecksumIsListedWithANote() throws {
        var b = try Fixtures.seedSmall()
        let keep = try Self.entry(b, "DCIM/keep.bin")
        b[Int(keep.entryOffset) + 64 + 2] = UInt8(ascii: "x")   // first name character, checksum left stale
        let listing = try Fixtures.open(b).listing(includeDeleted: false)
        let damaged = try #require(listing.entries.first { $0.path == "DCIM/xeep.bin" })
        #expect(damaged.notes.contains { $0.contains("checksum mismatch") })
        #expect(listing.entries.count == (try Fixtures.open(try Fixtures.seedSmall()).listing(includeDeleted: false).entries.count))
    }

    @Test(arguments: [
        ([UInt16](Array("a/b".utf16)), "a%2Fb"),
        (Array("a\\b".utf16), "a%5Cb"),
        ([0x61, 0x00, 0x62], "a%00b"),
        (Array("..".utf16), "%2E%2E"),
        (Array(".".utf16), "%2E"),
        ([0x41, 0xD800, 0x42], "A\u{FFFD}B"),
        ([0xDC00], "\u{FFFD}"),
    ])
    func hostileNamesAreMadeSafe(units: [UInt16], expected: String) throws {
        var b = try Fixtures.seedSmall()
        let empty = try Self.entry(b, "empty.txt")
        Patch.rename(&b, setAt: Int(empty.entryOffset), to: units)
        let listing = try Fixtures.open(b).listing(includeDeleted: true)
        #expect(listing.problems.isEmpty)
        let renamed = try #require(listing.entries.first { $0.entryOffset == empty.entryOffset })
        #expect(renamed.name == expected)
        #expect(renamed.path == expected)
        #expect(!renamed.notes.isEmpty)
        #expect(!renamed.path.contains("/"))
    }

    @Test func brokenEntrySetsAreNamedInProblems() throws {
        var b = try Fixtures.seedSmall()
        let keep = try Self.entry(b, "DCIM/keep.bin")
        b[Int(keep.entryOffset) + 1] = 40   // SecondaryCount out of range
        let note = try Self.entry(b, "DCIM/100MEDIA/deep/note.txt")
        b[Int(note.entryOffset) + 32] = 0xC1  // Stream Extension replaced by a name entry
        let listing = try Fixtures.open(b).listing(includeDeleted: true)
        #expect(listing.problems.contains { $0.contains("folder DCIM") && $0.contains("SecondaryCount 40") }, "\(listing.problems)")
        #expect(listing.problems.contains { $0.contains("deep") && $0.contains("Stream Extension") }, "\(listing.problems)")
        #expect(!listing.entries.contains { $0.path == "DCIM/keep.bin" })
        #expect(listing.entries.contains { $0.path == "one-cluster.bin" })
    }
}
