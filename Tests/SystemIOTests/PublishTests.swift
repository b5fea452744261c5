import Foundation
import Testing
import TestSupport
import SystemIO
import SystemPackage

/// Publishing never replaces what is already there, whichever way it publishes.
@Suite struct PublishTests {
    @Test func atomicOutputNeverReplacesAnExistingFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("out.bin")
        try Data("original".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SystemIOError.exists(path: path)) { try AtomicFileOutput(path: path) }
        #expect(throws: SystemIOError.exists(path: path)) { try AtomicFile.write(Array("new".utf8), to: path, mode: 0o600) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("original".utf8))
    }

    @Test func aFileThatAppearsWhileWritingIsKept() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("race.bin")
        let out = try AtomicFileOutput(path: path)
        try Array("ours".utf8).withUnsafeBytes { try out.write($0) }
        try Data("theirs".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SystemIOError.exists(path: path)) { try out.finish() }
        out.discard()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("theirs".utf8))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasSuffix(".partial") }
        #expect(leftovers.isEmpty)
    }

    @Test func atomicFileWritesModeAndBytes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("small.json")
        try AtomicFile.write(Array("{}\n".utf8), to: path, mode: 0o644)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("{}\n".utf8))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o644)
    }

    @Test func renameNoReplaceRefusesFilesAndFolders() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let from = dir.path("from"), file = dir.path("file"), empty = dir.path("empty")
        try FileManager.default.createDirectory(atPath: from, withIntermediateDirectories: false)
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: false)
        #expect(throws: Errno.fileExists) { try FileIO.renameNoReplace(from, file) }
        // Plain rename(2) would replace an empty folder.
        #expect(throws: Errno.fileExists) { try FileIO.renameNoReplace(from, empty) }
        try FileIO.renameNoReplace(from, dir.path("to"))
        #expect(FileIO.exists(dir.path("to")))
        #expect(!FileIO.exists(from))
    }
}

@Suite struct QuotingTests {
    @Test func hostileNamesCannotForgeLines() {
        #expect(quotedName("a\tb") == #""a\tb""#)
        #expect(quotedName("x\ny\r") == #""x\ny\r""#)
        #expect(quotedName("q\"\\") == #""q\"\\""#)
        #expect(quotedName("\u{1B}[31m\u{7F}\u{85}") == #""\u{1b}[31m\u{7f}\u{85}""#)
        #expect(quotedName("映像 é") == "\"映像 é\"")
    }
}

@Suite struct StreamTests {
    @Test func fileDescriptorStreamsRoundTrip() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try bytes.withUnsafeBytes { try FileDescriptorOutput(fd: fds[1]).write($0) }
        close(fds[1])
        let input = FileDescriptorInput(fd: fds[0])
        var got: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 777)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try input.read(into: $0) }
            if n == 0 { break }
            got += buffer[0..<n]
        }
        close(fds[0])
        #expect(got == bytes)
    }

    @Test func readingAClosedDescriptorIsAnError() {
        let input = FileDescriptorInput(fd: -1)
        var buffer = [UInt8](repeating: 0, count: 8)
        #expect(throws: SystemIOError.failed("read failed", errno: EBADF)) {
            _ = try buffer.withUnsafeMutableBytes { try input.read(into: $0) }
        }
    }
}
