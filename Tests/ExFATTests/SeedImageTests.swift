import CardFileSystem
import CardIO
import Foundation
import Testing
import TestSupport
@testable import ExFAT

/// The committed seed image (made by exfatprogs and exfat-fuse, not by us) read without any
/// external tool, then against The Sleuth Kit where it is installed.
@Suite struct SeedImageTests {
    /// What the seed script wrote, live files only.
    static let expectedContent: [String: [UInt8]] = [
        "DCIM/100MEDIA/deep/note.txt": Array("hello exfat\n".utf8),
        "DCIM/100MEDIA/frag.txt": Fixtures.seq(900, bytes: 3000),
        "DCIM/録画_2024年.txt": Array("録画\n".utf8),
        "DCIM/keep.bin": [UInt8](repeating: UInt8(ascii: "K"), count: 700),
        "empty.txt": [],
        "one-cluster.bin": [UInt8](repeating: UInt8(ascii: "A"), count: 512),
        String(repeating: "L", count: 100) + "-long-name.txt": Array("long name\n".utf8),
    ]

    @Test func describesTheVolume() throws {
        let volume = try Fixtures.open(try Fixtures.seedSmall())
        let d = volume.description
        #expect(d.kind == .exfat)
        #expect(d.label == "SEED")
        #expect(d.bytesPerSector == 512)
        #expect(d.clusterSize == 512)
        #expect(d.volumeSize == 128 << 10)
        #expect(d.freeClusters.map { $0 > 0 && $0 < d.clusterCount } == true)
        let details = Dictionary(d.details.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(details["upcase_table_checksum"] == "ok")
        #expect(details["file_system_revision"] == "1.00")
        #expect(details["volume_flags"] == "clean")
        // Only the under-1-MiB note: the seed is deliberately tiny.
        #expect(d.warnings.count == 1)
        #expect(d.warnings.first?.contains("1 MiB") == true)
    }

    @Test func listsEveryFileWithItsContent() throws {
        let volume = try Fixtures.open(try Fixtures.seedSmall())
        let listing = try volume.listing(includeDeleted: false)
        #expect(listing.problems.isEmpty)
        #expect(!listing.entries.contains { $0.deleted })
        let files = listing.entries.filter { !$0.isDirectory }
        #expect(Set(files.map(\.path)) == Set(Self.expectedContent.keys))
        for entry in files {
            #expect(try Fixtures.content(volume, entry) == Self.expectedContent[entry.path], "\(entry.path)")
            #expect(entry.notes.isEmpty, "\(entry.path): \(entry.notes)")
            #expect(entry.modified?.utcOffsetMinutes == 0, "exfat-fuse records UTC")
        }
        // Parents come before their children.
        for (i, entry) in listing.entries.enumerated() where entry.path.contains("/") {
            let parent = String(entry.path[..<(entry.path.lastIndex(of: "/") ?? entry.path.endIndex)])
            #expect(listing.entries[..<i].contains { $0.path == parent && $0.isDirectory }, "\(entry.path)")
        }
    }

    @Test func fragmentedFileFollowsItsFATChain() throws {
        let volume = try Fixtures.open(try Fixtures.seedSmall())
        let frag = try #require(try volume.listing(includeDeleted: false).entries.first { $0.path == "DCIM/100MEDIA/frag.txt" })
        #expect(!frag.contiguous)
        let plan = try volume.contentPlan(for: frag)
        #expect(plan.runs.count >= 2)
        #expect(plan.runs.reduce(0) { $0 + $1.byteLength } == 3000)
        let one = try #require(try volume.listing(includeDeleted: false).entries.first { $0.path == "one-cluster.bin" })
        #expect(one.contiguous)
        #expect(try volume.contentPlan(for: one).runs.count == 1)
    }

    @Test func deletedFilesAreListedAndRecovered() throws {
        let volume = try Fixtures.open(try Fixtures.seedSmall())
        let listing = try volume.listing(includeDeleted: true)
        let deleted = listing.entries.filter(\.deleted)
        #expect(Set(deleted.map(\.path)) == ["DCIM/100MEDIA/deleted.txt", "DCIM/gap.bin"])
        // deleted.txt was removed last: its clusters are still free and hold its bytes.
        let clip = try #require(deleted.first { $0.path == "DCIM/100MEDIA/deleted.txt" })
        let plan = try volume.contentPlan(for: clip)
        #expect(plan.unrecoverableBytes == 0)
        #expect(plan.warnings.contains { $0.contains("best effort") })
        #expect(try Fixtures.content(volume, clip) == Fixtures.seq(400, bytes: 1200))
        // gap.bin's clusters were reused by frag.txt: nothing can be recovered.
        let gap = try #require(deleted.first { $0.path == "DCIM/gap.bin" })
        let gapPlan = try volume.contentPlan(for: gap)
        #expect(gapPlan.size == 0)
        #expect(gapPlan.unrecoverableBytes == 1536)
    }

    @Test func isAllocatedFollowsTheBitmap() throws {
        let volume = try Fixtures.open(try Fixtures.seedSmall())
        let root = volume.boot.firstClusterOfRootDirectory
        #expect(try volume.isAllocated(cluster: root))
        #expect(throws: FileSystemError.self) { try volume.isAllocated(cluster: 1) }
        #expect(throws: FileSystemError.self) { try volume.isAllocated(cluster: volume.boot.lastCluster + 1) }
        #expect(try !volume.isAllocated(cluster: volume.boot.lastCluster))
    }

    @Test(.requires(tools: SleuthKit.tools))
    func matchesTheSleuthKit() throws {
        let path = Fixtures.seedSmallPath
        let volume = try ExFATVolume(source: try FileByteSource(path: path))
        try SleuthKitComparison.compare(volume: volume, image: path)
    }
}

/// The comparison every real image goes through: same paths in the same order, same deleted
/// flags, sizes and modify times as `fls -r -p -l`, and the same bytes as `icat` for live files.
enum SleuthKitComparison {
    static func compare(volume: ExFATVolume, image: String, compareContent: Bool = true) throws {
        let ours = try volume.listing(includeDeleted: true)
        #expect(ours.problems.isEmpty, "\(ours.problems)")
        let theirs = try SleuthKit.fls(image)
        #expect(ours.entries.map(\.path) == theirs.map(\.path))
        for (o, t) in zip(ours.entries, theirs) where o.path == t.path {
            #expect(o.deleted == t.deleted, "\(o.path)")
            #expect(o.isDirectory == t.isDirectory, "\(o.path)")
            #expect(o.size == t.size, "\(o.path)")
            #expect(SleuthKit.format(o.modified) == t.modified, "\(o.path)")
            if compareContent && !o.deleted && !o.isDirectory {
                #expect(try Fixtures.content(volume, o) == SleuthKit.icat(image, inode: t.inode), "\(o.path)")
            }
        }
    }
}
