import Foundation
import Testing
import TestSupport
@testable import PaxTar
import SystemIO

/// `PaxWriter.addTree`, the path `seal` takes: a folder tree on disk → archive → extracted by
/// us and by GNU tar, identical bytes and times; symlinks refused.
@Suite struct TreeArchiveTests {
    @Test func treeRoundTripsThroughOurExtractor() throws {
        let tmp = try TemporaryDirectory("paxtar-tree")
        defer { tmp.remove() }
        var g = SplitMix64(seed: 77)
        let spec = TreeSpec.random(&g, count: 10)
        let src = tmp.url.appendingPathComponent("bag")
        try spec.write(to: src)

        let archive = tmp.path("bag.tar")
        let fd = open(archive, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        #expect(fd >= 0)
        let writer = PaxWriter(sink: FileDescriptorOutput(fd: fd))
        try writer.addTree(diskPath: src.path, archivePath: "bag")
        try writer.finish()
        close(fd)

        let out = tmp.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
        let summary = try extractArchive(archive, into: out.path)
        #expect(summary.files == spec.files.count)
        let original = try readTree(src)
        let extracted = try readTree(out.appendingPathComponent("bag"))
        #expect(extracted == original)
        for file in spec.files {
            var a = stat(), b = stat()
            #expect(lstat(src.appendingPathComponent(file.path).path, &a) == 0)
            #expect(lstat(out.appendingPathComponent("bag").appendingPathComponent(file.path).path, &b) == 0)
            #expect(a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec, "mtime of \(file.path)")
        }

        if TestEnvironment.available("tar") {
            let gnu = tmp.url.appendingPathComponent("gnu")
            try FileManager.default.createDirectory(at: gnu, withIntermediateDirectories: false)
            let r = try runProcess(["tar", "-xf", archive, "-C", gnu.path])
            #expect(r.status == 0, "\(r.stderrText)")
            #expect(try readTree(gnu.appendingPathComponent("bag")) == original)
        }
    }

    @Test func symlinksInTheTreeAreRefused() throws {
        let tmp = try TemporaryDirectory("paxtar-tree")
        defer { tmp.remove() }
        let src = tmp.url.appendingPathComponent("bag")
        try FileManager.default.createDirectory(at: src, withIntermediateDirectories: false)
        try Data("x".utf8).write(to: src.appendingPathComponent("a"))
        try FileManager.default.createSymbolicLink(atPath: src.appendingPathComponent("link").path, withDestinationPath: "/etc/passwd")
        let writer = PaxWriter(sink: MemoryTarBuffer())
        #expect(throws: TarError.self) { try writer.addTree(diskPath: src.path, archivePath: "bag") }
    }
}
