import CardFileSystem
import CardIO
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport
@testable import ExFAT

/// An image formatted by mkfs.exfat and filled by a second writer (exfat-fuse on a loop
/// device), then read by us and compared with The Sleuth Kit and with what was written.
@Suite(.serialized) struct MountedImageTests {
    /// Root and /dev/fuse are the machine's, not something tools/setup installs: without them the
    /// tests skip even under CI. The tools are required (CI fails without them).
    static var canTry: Bool { getuid() == 0 && FileManager.default.fileExists(atPath: "/dev/fuse") }

    /// Runs a tool with stdio on /dev/null and waits for it with waitpid. Foundation's Process
    /// is not used here: its waitUntilExit never returns once the FUSE daemon it started has
    /// forked away holding Process's internal descriptors.
    @discardableResult
    static func runQuiet(_ argv: [String]) -> Int32 {
        guard let exe = TestEnvironment.which(argv[0]) else { return 127 }
        var cargs: [UnsafeMutablePointer<CChar>?] = ([exe] + argv.dropFirst()).map { strdup($0) } + [nil]
        defer { for a in cargs { free(a) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        guard posix_spawn(&pid, exe, &actions, nil, &cargs, environ) == 0 else { return 126 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // Exited normally: the exit code; killed: 128 + signal.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    /// Removes a folder tree on the FUSE mount file by file, retrying briefly: a whole-tree
    /// `removeItem` on exfat-fuse once failed with "permission denied" under load.
    static func removeTree(_ path: String) throws {
        var lastError: Error?
        for _ in 0..<5 {
            do {
                let fm = FileManager.default
                let children = try fm.contentsOfDirectory(atPath: path)
                for child in children {
                    let full = path + "/" + child
                    var isDir: ObjCBool = false
                    if fm.fileExists(atPath: full, isDirectory: &isDir), isDir.boolValue {
                        try removeTree(full)
                    } else if unlink(full) != 0 && errno != ENOENT {
                        throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: full])
                    }
                }
                if rmdir(path) != 0 && errno != ENOENT {
                    throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
                }
                return
            } catch {
                lastError = error
                usleep(100_000)
            }
        }
        if let lastError { throw lastError }
    }

    static func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(state: seed)
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            let v = rng.next()
            for i in 0..<8 where out.count < count { out.append(UInt8(v >> (8 * UInt64(i)) & 0xFF)) }
        }
        return out
    }

    static let cluster = 4096
    static let longName = String(repeating: "V", count: 251) + ".mp4"          // 255 characters
    static let japaneseName = "防犯カメラ_駐車場_二〇二四年三月十五日_録画.mp4"

    /// Formats an 8 MiB image with mkfs.exfat (4 KiB clusters), mounts it with exfat-fuse on a
    /// loop device, runs `fill` on the mount point, unmounts and detaches. When the loop device or
    /// the mount cannot be had (the machine's doing, not a missing tool) it cancels the test, which
    /// is reported as skipped, even under CI.
    static func makeImage(at image: String, mountPoint: String, fill: (String) throws -> Void) throws -> Bool {
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: image, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: image))
        try handle.truncate(atOffset: 8 << 20)
        try handle.close()
        try #require(runQuiet(["mkfs.exfat", "-b", "4K", "-c", "4K", "-L", "CARD", image]) == 0)

        let attach = try Tools.run(["losetup", "-f", "--show", image])
        let loop = attach.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard attach.status == 0, loop.hasPrefix("/dev/") else {
            try Test.cancel("losetup failed: \(attach.stderrText)")
        }
        defer { runQuiet(["losetup", "-d", loop]) }
        guard runQuiet(["mount.exfat-fuse", loop, mountPoint]) == 0 else {
            try Test.cancel("mount.exfat-fuse failed on \(loop)")
        }
        var mounted = true
        defer { if mounted { runQuiet(["umount", mountPoint]) } }
        try fill(mountPoint)
        // Unmount before reading: exfat-fuse writes its last metadata on unmount.
        #expect(runQuiet(["umount", mountPoint]) == 0)
        mounted = false
        return true
    }

    @Test(.enabled(if: MountedImageTests.canTry, "needs root and /dev/fuse"),
          .requires("mkfs.exfat", "mount.exfat-fuse", "losetup", "umount"))
    func imageWrittenByExfatFuse() throws {
        let tmp = try TemporaryDirectory("sdcustody-exfat")
        defer { tmp.remove() }
        let image = tmp.path("card.img")
        // What the second writer puts on the card, by path.
        var written: [String: [UInt8]] = [:]
        let deletedBytes = Self.randomBytes(3 * Self.cluster + 1000, seed: 8)
        let made = try Self.makeImage(at: image, mountPoint: tmp.path("mnt")) { mountPoint in
            let fm = FileManager.default
            func write(_ path: String, _ bytes: [UInt8]) throws {
                let url = URL(fileURLWithPath: mountPoint).appendingPathComponent(path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: url)
                written[path] = bytes
            }
            func remove(_ path: String) throws {
                try fm.removeItem(atPath: mountPoint + "/" + path)
                written[path] = nil
            }
            let c = Self.cluster
            try write("DCIM/100MEDIA/2024/03/15/cam1/clip0001.mp4", Self.randomBytes(3 * c + 17, seed: 1))
            try write("DCIM/100MEDIA/" + Self.longName, Self.randomBytes(c / 2, seed: 2))
            try write("DCIM/" + Self.japaneseName, Self.randomBytes(2 * c, seed: 3))
            try write("empty.dat", [])
            try write("one-cluster.dat", Self.randomBytes(c, seed: 4))
            // A hole for the fragmented file to start in.
            try write("work/hole.bin", Self.randomBytes(3 * c, seed: 5))
            try write("work/keep.bin", Self.randomBytes(c, seed: 6))
            try remove("work/hole.bin")
            try write("work/fragmented.bin", Self.randomBytes(10 * c + 100, seed: 7))
            // Deleted last, so its clusters are still free.
            try write("DCIM/100MEDIA/deleted.mp4", deletedBytes)
            // A deleted folder tree: TSK lists what is inside, and so do we.
            try write("trash/old/a.txt", Array("a\n".utf8))
            try write("trash/b.txt", Array("b\n".utf8))
            try remove("DCIM/100MEDIA/deleted.mp4")
            try Self.removeTree(mountPoint + "/trash")
            written["trash/old/a.txt"] = nil
            written["trash/b.txt"] = nil
        }
        guard made else { return }

        let volume = try ExFATVolume(source: try FileByteSource(path: image))
        #expect(volume.description.label == "CARD")
        #expect(volume.description.clusterSize == 4096)
        let listing = try volume.listing(includeDeleted: true)
        #expect(listing.problems.isEmpty, "\(listing.problems)")
        let live = listing.entries.filter { !$0.deleted && !$0.isDirectory }
        #expect(Set(live.map(\.path)) == Set(written.keys))
        for entry in live {
            #expect(try Fixtures.content(volume, entry) == written[entry.path], "\(entry.path)")
        }
        let fragmented = try #require(live.first { $0.path == "work/fragmented.bin" })
        #expect(try volume.contentPlan(for: fragmented).runs.count >= 2, "the file should be fragmented")
        #expect(!fragmented.contiguous)
        let deleted = try #require(listing.entries.first { $0.path == "DCIM/100MEDIA/deleted.mp4" })
        #expect(deleted.deleted)
        #expect(try Fixtures.content(volume, deleted) == deletedBytes)
        for path in ["trash", "trash/old", "trash/old/a.txt", "trash/b.txt"] {
            let e = try #require(listing.entries.first { $0.path == path }, "\(path)")
            #expect(e.deleted)
        }
        let b = try #require(listing.entries.first { $0.path == "trash/b.txt" })
        #expect(try Fixtures.content(volume, b) == Array("b\n".utf8))
        #expect(listing.entries.contains { $0.path == "work/hole.bin" && $0.deleted }
                    || !listing.entries.contains { $0.path == "work/hole.bin" })

        if TestEnvironment.available(SleuthKit.tools) {
            try SleuthKitComparison.compare(volume: volume, image: image)
        } else {
            print("fls/icat comparison skipped: sleuthkit is not installed")
        }
    }

    /// 70 nested folders: the listing stops at the depth limit and says so; TSK lists them all.
    @Test(.enabled(if: MountedImageTests.canTry, "needs root and /dev/fuse"),
          .requires("mkfs.exfat", "mount.exfat-fuse", "losetup", "umount"))
    func nestingDeeperThanTheLimitIsNamed() throws {
        let tmp = try TemporaryDirectory("sdcustody-exfat")
        defer { tmp.remove() }
        let image = tmp.path("card.img")
        let deep = Array(repeating: "d", count: 70).joined(separator: "/")
        let made = try Self.makeImage(at: image, mountPoint: tmp.path("mnt")) { mountPoint in
            try FileManager.default.createDirectory(atPath: mountPoint + "/" + deep, withIntermediateDirectories: true)
            try Data("bottom".utf8).write(to: URL(fileURLWithPath: mountPoint + "/" + deep + "/f.txt"))
        }
        guard made else { return }
        let listing = try ExFATVolume(source: try FileByteSource(path: image)).listing(includeDeleted: true)
        let depths = listing.entries.map { $0.path.split(separator: "/").count }
        #expect(depths.max() == ExFATVolume.maximumDepth + 1)
        #expect(listing.problems.count == 1)
        #expect(listing.problems.first?.contains("nested more than 64 levels") == true, "\(listing.problems)")
    }
}
