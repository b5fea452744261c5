import CardFileSystem
import CardIO
import Foundation
import Testing
import TestSupport
@testable import ExFAT

/// Issue 12: a main boot region that fails its checksum (§3.4) while the backup region (§3.2)
/// is intact is read with the backup, and says so; the reverse is a warning. fsck.exfat -n
/// (exfatprogs) is the independent reading of the damaged region.
@Suite(.timeLimit(.minutes(1))) struct BackupBootRegionTests {
    static func openWithBackup(_ b: [UInt8]) throws -> ExFATVolume {
        try ExFATVolume(source: MemoryByteSource(b, name: "test image"), allowBackupBootRegion: true)
    }

    @Test(.requires("fsck.exfat")) func damagedMainRegionIsReadWithTheBackup() throws {
        let clean = try Fixtures.seedSmall()
        var b = clean
        b[300] ^= 0xFF   // boot code of the main boot sector: only the checksum notices
        // Without the backup allowed, the refusal is as before.
        #expect(throws: FileSystemError.self) { _ = try Fixtures.open(b) }
        let volume = try Self.openWithBackup(b)
        #expect(volume.description.warnings.contains { $0.contains("read with the backup boot region") && $0.contains("Boot Checksum") },
                "\(volume.description.warnings)")
        let expected = try Fixtures.open(clean).listing(includeDeleted: true)
        let listing = try volume.listing(includeDeleted: true)
        #expect(listing.entries == expected.entries)
        #expect(listing.problems == expected.problems)
        let frag = try #require(listing.entries.first { $0.path == "DCIM/100MEDIA/frag.txt" })
        #expect(try Fixtures.content(volume, frag) == Fixtures.seq(900, bytes: 3000))
        // An undamaged image opened with the backup allowed is read with its main region.
        #expect(try Self.openWithBackup(clean).description.warnings == Fixtures.open(clean).description.warnings)

        let url = FileManager.default.temporaryDirectory.appendingPathComponent("boot-\(UUID().uuidString).img")
        try Data(b).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fsck = try runProcess(["fsck.exfat", "-n", url.path])
        #expect(fsck.status != 0, "fsck.exfat -n found nothing: \(fsck.stdoutText)")
    }

    @Test func bothRegionsDamagedIsStillAClearError() throws {
        var b = try Fixtures.seedSmall()
        b[300] ^= 0xFF
        b[512 * 12 + 300] ^= 0xFF
        let error = try #require(throws: FileSystemError.self) { _ = try Self.openWithBackup(b) }
        #expect("\(error)".contains("the backup region is damaged too"), "\(error)")
    }

    @Test func damagedBackupRegionIsAWarning() throws {
        var b = try Fixtures.seedSmall()
        b[512 * 12 + 300] ^= 0xFF
        let volume = try Self.openWithBackup(b)
        #expect(volume.description.warnings.contains { $0.hasPrefix("backup boot region: Boot Checksum") }, "\(volume.description.warnings)")
        #expect(!volume.description.warnings.contains { $0.contains("read with the backup") })
    }
}

/// Issue 12: an allocation bitmap shorter than ClusterCount needs (§7.1.5) is reported and set
/// aside: live files read by their chains, deleted-file recovery says it cannot tell.
@Suite(.timeLimit(.minutes(1))) struct ShortBitmapTests {
    /// The root folder's Allocation Bitmap entry (EntryType 0x81, §7.1.1) gets DataLength 1.
    static func shortBitmap(_ clean: [UInt8]) throws -> [UInt8] {
        var b = clean
        let volume = try Fixtures.open(clean)
        let root = Int(volume.boot.clusterOffset(volume.boot.firstClusterOfRootDirectory))
        let slot = try #require((0..<16).first { clean[root + 32 * $0] == 0x81 })
        Patch.u64(&b, root + 32 * slot + 24, 1)
        return b
    }

    @Test(.requires("fsck.exfat")) func shortBitmapIsReportedAndIgnoredForLiveFiles() throws {
        let clean = try Fixtures.seedSmall()
        let b = try Self.shortBitmap(clean)
        let volume = try Fixtures.open(b)
        #expect(volume.description.warnings.contains { $0.hasPrefix("allocation bitmap: DataLength 1 is smaller") && $0.contains("ignored") },
                "\(volume.description.warnings)")
        #expect(volume.description.freeClusters == nil)
        let live = try volume.listing(includeDeleted: false)
        #expect(live.entries == (try Fixtures.open(clean).listing(includeDeleted: false).entries))
        let frag = try #require(live.entries.first { $0.path == "DCIM/100MEDIA/frag.txt" })
        #expect(try Fixtures.content(volume, frag) == Fixtures.seq(900, bytes: 3000))
        let deleted = try volume.listing(includeDeleted: true).entries.filter { $0.deleted && !$0.isDirectory && $0.size > 0 }
        try #require(!deleted.isEmpty, "the seed has deleted files")
        for d in deleted {
            let error = try #require(throws: FileSystemError.self) { _ = try volume.contentPlan(for: d) }
            #expect("\(error)".contains("free clusters cannot be told from used ones"), "\(error)")
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bitmap-\(UUID().uuidString).img")
        try Data(b).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try runProcess(["fsck.exfat", "-n", url.path]).status != 0)
    }
}
