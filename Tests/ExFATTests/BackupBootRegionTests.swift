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
