import Foundation
import Testing
import TestSupport
import CardIO
import CardFileSystem
@testable import FAT

/// Images built with mkfs.vfat and mtools, read by us and by The Sleuth Kit (fls, icat): the
/// listings and every file's bytes must agree, and agree with what was copied in.
@Suite struct SleuthKitComparisonTests {
    struct Built {
        var image: String
        /// Card path → the bytes copied there (live files and fully recoverable deleted ones).
        var contents: [String: Data]
    }

    /// Nested folders, long and Japanese names, an empty file, a fragmented file, deleted files.
    static func build(fatBits: Int, in dir: TemporaryDirectory, extraMkfs: [String] = []) throws -> Built {
        let image = dir.path("fat\(fatBits).img")
        let kb = fatBits == 12 ? 2048 : (fatBits == 16 ? 8192 : 36864)
        try FATTools.mkfs(image, fatBits: fatBits, kilobytes: kb, extra: ["-s", "1"] + extraMkfs)
        var rng = XorShift(seed: UInt64(fatBits))
        var contents: [String: Data] = [:]
        func put(_ cardPath: String, _ size: Int) throws {
            let local = dir.path("src-\(contents.count)")
            let data = Data(rng.bytes(size))
            try data.write(to: URL(fileURLWithPath: local))
            try FATTools.mcopy(image, local, cardPath)
            contents[cardPath] = data
        }
        try FATTools.mmd(image, "DCIM", "DCIM/100MEDIA", "deep", "deep/nest", "deep/nest/ed", "FRAG")
        try put("DCIM/100MEDIA/駐車場カメラ_20261120_213000.mp4", 5000)
        try put("DCIM/100MEDIA/CLIP0001.MP4", 10_000)
        try put("A long file name with spaces.bin", 1234)
        try put("short.txt", 14)
        try put("empty.dat", 0)
        try FATTools.mmd(image, "deep/nest/ed/Folder Name That Is Long")
        try put("deep/nest/ed/Folder Name That Is Long/file.txt", 3333)
        try put("FRAG/A.BIN", 1500)
        try put("FRAG/B.BIN", 1000)
        try put("FRAG/C.BIN", 400)
        try FATTools.mdel(image, "FRAG/B.BIN")
        contents["FRAG/B.BIN"] = nil
        if fatBits == 32 {
            // mtools allocates from FSInfo's next-free hint, which points past C; send it back
            // to the start so D lands in B's hole as it does on FAT12/16.
            try patch(image, at: 512 + 492, [2, 0, 0, 0])
        }
        try put("FRAG/D.BIN", 2000)  // fills B's two clusters, then continues after C
        // Deleted files and a deleted folder tree; nothing is written after the deletions, so
        // their clusters are still free and their bytes recoverable.
        try FATTools.mmd(image, "OLD", "OLD/sub", "OLD/Long Sub")
        try put("OLD/x.txt", 300)
        try put("OLD/sub/Some long.txt", 1100)
        try put("OLD/Long Sub/z.txt", 20)
        try put("DCIM/Deleted long name.dat", 3000)
        try put("DCIM/DELME.TXT", 700)
        try FATTools.mdel(image, "DCIM/Deleted long name.dat")
        try FATTools.mdel(image, "DCIM/DELME.TXT")
        contents["DCIM/_ELME.TXT"] = contents.removeValue(forKey: "DCIM/DELME.TXT")
        try FATTools.run(["mdeltree", "-i", image, "::/OLD"], env: FATTools.mtoolsEnv)
        contents["_LD/_.txt"] = contents.removeValue(forKey: "OLD/x.txt")
        contents["_LD/_ub/Some long.txt"] = contents.removeValue(forKey: "OLD/sub/Some long.txt")
        contents["_LD/Long Sub/_.txt"] = contents.removeValue(forKey: "OLD/Long Sub/z.txt")
        return Built(image: image, contents: contents)
    }

    static func patch(_ path: String, at offset: UInt64, _ bytes: [UInt8]) throws {
        let h = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? h.close() }
        try h.seek(toOffset: offset)
        h.write(Data(bytes))
    }

    @Test(.requires(tools: FATTools.mtools + FATTools.sleuthKit),
          arguments: [12, 16, 32])
    func listingAndContentMatchSleuthKit(fatBits: Int) throws {
        let dir = try TemporaryDirectory("fat-tsk")
        defer { dir.remove() }
        let built = try Self.build(fatBits: fatBits, in: dir)
        try compare(built, fatBits: fatBits)
    }

    /// mkfs.vfat -a (no alignment) with odd reserved sectors and root entries leaves the data
    /// area off the cluster grid.
    @Test(.requires(tools: FATTools.mtools + FATTools.sleuthKit),
          arguments: [12, 16])
    func rootNotClusterAligned(fatBits: Int) throws {
        let dir = try TemporaryDirectory("fat-tsk-unaligned")
        defer { dir.remove() }
        let image = dir.path("u.img")
        try FATTools.mkfs(image, fatBits: fatBits, kilobytes: fatBits == 12 ? 2048 : 16384,
                          extra: ["-a", "-R", "3", "-r", "64", "-s", "4"])
        var rng = XorShift(seed: 7)
        let content = Data(rng.bytes(9000))
        let local = dir.path("x")
        try content.write(to: URL(fileURLWithPath: local))
        try FATTools.mmd(image, "Sub folder")
        try FATTools.mcopy(image, local, "Sub folder/Recording 0001.mp4")
        let volume = try open(image)
        let g = volume.geometry
        #expect(g.firstDataSector % g.sectorsPerCluster != 0, "the data area should be off the cluster grid")
        try compare(Built(image: image, contents: ["Sub folder/Recording 0001.mp4": content]), fatBits: fatBits)
    }

    func compare(_ built: Built, fatBits: Int) throws {
        let volume = try open(built.image)
        #expect(volume.description.kind.rawValue == "FAT\(fatBits)")
        #expect(volume.description.serialNumber == 0x1234_ABCD)
        #expect(volume.description.label == "CAMERA")
        #expect(volume.description.warnings.isEmpty, "\(volume.description.warnings)")
        let listing = try volume.listing(includeDeleted: true)
        #expect(listing.problems.isEmpty, "\(listing.problems)")
        let tsk = try FATTools.fls(built.image)

        let ours = listing.entries.map { "\($0.deleted ? "* " : "")\($0.path)" }
        let theirs = tsk.map { "\($0.deleted ? "* " : "")\($0.path)" }
        #expect(ours == theirs)

        let byPath = Dictionary(listing.entries.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        for t in tsk {
            guard let e = byPath[t.path] else { continue }
            #expect(e.isDirectory == t.isDirectory, "\(t.path)")
            #expect(tskTime(e.modified) == t.modified, "\(t.path) modified")
            #expect(tskTime(e.created.map { var c = $0; c.nanosecond = 0; return c }) == t.created, "\(t.path) created")
            #expect(tskTime(e.accessed) == t.accessed, "\(t.path) accessed")
            guard !e.isDirectory else { continue }
            #expect(e.size == t.size, "\(t.path) size")
            let plan = try volume.contentPlan(for: e)
            guard plan.unrecoverableBytes == 0 else { continue }
            let mine = try readAll(volume, e)
            let icat = try FATTools.icat(built.image, inode: t.inode)
            #expect(try sha256(mine) == sha256(icat), "\(t.path) content against icat")
            if let original = built.contents[t.path] {
                #expect(mine == original, "\(t.path) content against the original")
            }
            if e.deleted {
                #expect(plan.warnings.contains { $0.contains("best effort") })
            }
        }
        for path in built.contents.keys {
            #expect(byPath[path] != nil, "\(path) missing from our listing")
        }
        // The deleted file with a long name gets it back, as fls shows it; the short one is flagged.
        if let short = byPath["DCIM/_ELME.TXT"] {
            #expect(short.deleted && short.notes.contains { $0.contains("shown as _") })
        }
        if let frag = byPath["FRAG/D.BIN"] {
            let plan = try volume.contentPlan(for: frag)
            #expect(plan.runs.count >= 2, "D.BIN should be fragmented")
        }
        #expect(try volume.listing(includeDeleted: false).entries.allSatisfy { !$0.deleted })
    }
}
