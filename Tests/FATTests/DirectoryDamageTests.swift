import Foundation
import Testing
import TestSupport
import CardIO
import CardFileSystem
@testable import FAT

/// Issue 12 item 3, FAT folders as damaged cameras leave them, on images made with mkfs.vfat
/// and mcopy and then patched, checked against The Sleuth Kit's fls and dosfstools' fsck.fat -n:
/// - a live entry whose long name fails its checksum shows the long name with a note, as fls does;
/// - a folder read goes on past a zeroed (0x00) slot when valid entries follow, with a note, as
///   fls and fsck.fat do.
@Suite(.timeLimit(.minutes(1))) struct DirectoryDamageTests {
    static let tools = FATTools.mtools + ["fls", "fsck.fat"]

    /// A FAT16 card with DCIM/ holding three clips (long names) and a root file.
    static func makeCard(_ dir: TemporaryDirectory) throws -> String {
        let image = dir.path("card.img")
        try FATTools.mkfs(image, fatBits: 16, kilobytes: 16384)
        let local = dir.path("clip")
        try Data("clip bytes\n".utf8).write(to: URL(fileURLWithPath: local))
        try FATTools.mmd(image, "DCIM")
        for name in ["Front door 0001.mp4", "Front door 0002.mp4", "Front door 0003.mp4"] {
            try FATTools.mcopy(image, local, "DCIM/" + name)
        }
        try FATTools.mcopy(image, local, "Parking lot camera.mp4")
        return image
    }

    static func patch(_ image: String, _ body: (inout [UInt8], FATVolume, [CardEntry]) throws -> Void) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: image)))
        let volume = try FATVolume(source: MemoryByteSource(bytes))
        try body(&bytes, volume, try volume.listing(includeDeleted: false).entries)
        try Data(bytes).write(to: URL(fileURLWithPath: image))
    }

    /// Flips the checksum byte of every long-name slot in front of `path`'s short entry.
    static func breakChecksum(_ bytes: inout [UInt8], _ entry: CardEntry) {
        var off = Int(entry.entryOffset)
        while bytes[off + 11] & 0x3F == 0x0F {
            bytes[off + 13] ^= 0x01
            off += 32
        }
    }

    static func fsckOutput(_ image: String) throws -> String {
        let r = try runProcess([TestEnvironment.which("fsck.fat") ?? "fsck.fat", "-n", image])
        return r.stdoutText + r.stderrText
    }

    @Test(.requires(tools: tools)) func longNameWithBrokenChecksumIsShownAsFlsShowsIt() throws {
        let dir = try TemporaryDirectory("fat-lfn-checksum")
        defer { dir.remove() }
        let image = try Self.makeCard(dir)
        try Self.patch(image) { bytes, _, entries in
            let e = try #require(entries.first { $0.path == "DCIM/Front door 0002.mp4" })
            Self.breakChecksum(&bytes, e)
        }
        #expect(try Self.fsckOutput(image).contains("Wrong checksum for long file name \"Front door 0002.mp4\""))
        let fls = try FATTools.fls(image).filter { !$0.deleted }.map(\.path)
        #expect(fls.contains("DCIM/Front door 0002.mp4"), "\(fls)")
        let volume = try open(image)
        let entries = try volume.listing(includeDeleted: false).entries
        #expect(Set(entries.map(\.path)) == Set(fls), "sdcustody \(entries.map(\.path)) against fls \(fls)")
        let e = try #require(entries.first { $0.path == "DCIM/Front door 0002.mp4" })
        #expect(e.shortName == "FRONTD~2.MP4")
        #expect(e.notes.contains { $0.contains("checksum") && $0.contains("long name shown") && $0.contains("FRONTD~2.MP4") }, "\(e.notes)")
        #expect(entries.filter { $0.path != e.path }.allSatisfy { $0.notes.isEmpty })
    }

    @Test(.requires(tools: tools)) func folderReadGoesOnPastAZeroedSlot() throws {
        let dir = try TemporaryDirectory("fat-zero-slot")
        defer { dir.remove() }
        let image = try Self.makeCard(dir)
        try Self.patch(image) { bytes, _, entries in
            // The second clip's slots (long name and short entry) zeroed, in DCIM/ (a cluster
            // folder) and the root file's in the fixed root directory.
            for path in ["DCIM/Front door 0002.mp4"] {
                let e = try #require(entries.first { $0.path == path })
                var off = Int(e.entryOffset)
                while bytes[off + 11] & 0x3F == 0x0F { off += 32 }
                for i in Int(e.entryOffset)..<(off + 32) { bytes[i] = 0 }
            }
        }
        let fls = try FATTools.fls(image).filter { !$0.deleted }.map(\.path)
        #expect(fls.contains("DCIM/Front door 0003.mp4") && !fls.contains("DCIM/Front door 0002.mp4"), "\(fls)")
        // fsck.fat reads past it too: only the zeroed clip's cluster is left without an entry; the
        // clip after the zeroed slots keeps its own.
        let fsck = try Self.fsckOutput(image)
        #expect(fsck.contains("Reclaimed 1 unused cluster"), "\(fsck)")
        let volume = try open(image)
        let listing = try volume.listing(includeDeleted: false)
        #expect(Set(listing.entries.map(\.path)) == Set(fls), "sdcustody \(listing.entries.map(\.path)) against fls \(fls)")
        let after = try #require(listing.entries.first { $0.path == "DCIM/Front door 0003.mp4" })
        #expect(after.notes.contains { $0.contains("end-of-directory mark") }, "\(after.notes)")
        #expect(try readAll(volume, after) == Data("clip bytes\n".utf8))
        #expect(listing.problems.isEmpty)
    }

    /// A zeroed tail (no valid entry after the first 0x00) still ends the folder, without a note.
    @Test func zeroesAfterTheLastEntryEndTheFolder() throws {
        let img = try DamagedImageTests.Image(try DamagedImageTests.seed())
        let entries = try img.open().listing(includeDeleted: false).entries
        #expect(entries.allSatisfy { !$0.notes.contains { $0.contains("end-of-directory") } })
    }

    /// Both cases patched into the FAT12 seed, as fuzz-corpus inputs (Tests/Corpus/FuzzFAT):
    /// the committed files must be what the patches make; `SDCUSTODY_RECORD_CORPUS=1` writes them.
    @Test func corpusHoldsTheDirectoryCases() throws {
        var lfn = try DamagedImageTests.Image(try DamagedImageTests.seed())
        lfn.addLongName(Array("A proper long name.mp4".utf16), short: "APROPE~1MP4", checksumDelta: 1)
        var zero = try DamagedImageTests.Image(try DamagedImageTests.seed())
        // A zeroed slot at the first free root slot, then a valid entry after it.
        let gap = zero.firstFreeRootSlot()
        zero.addShortEntry(Array("AFTERGAPTXT".utf8), at: gap + 32)
        let zeroVolume = try zero.open()
        let after = try #require(try zeroVolume.listing(includeDeleted: false).entries.first { $0.path == "AFTERGAP.TXT" })
        #expect(after.notes.contains { $0.contains("end-of-directory mark") })
        let lfnEntry = try #require(try lfn.open().listing(includeDeleted: false).entries.first { $0.shortName == "APROPE~1.MP4" })
        #expect(lfnEntry.name == "A proper long name.mp4")
        for (name, img) in ["damage-lfn-checksum.img": lfn, "damage-zero-slot.img": zero] {
            let url = FuzzAndPropertyTests.corpus.appendingPathComponent(name)
            if ProcessInfo.processInfo.environment["SDCUSTODY_RECORD_CORPUS"] == "1" {
                try Data(img.bytes).write(to: url)
            }
            #expect(try Data(contentsOf: url) == Data(img.bytes), "\(name) is not what the patch makes")
        }
    }
}
