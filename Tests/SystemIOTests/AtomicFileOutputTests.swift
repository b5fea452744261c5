import Foundation
import Testing
import TestSupport
@testable import SystemIO

@Suite struct AtomicFileOutputLeftoverTests {
    /// A temporary file left by a killed writer is removed by the next writer of the same output;
    /// one a live process still holds is left alone.
    @Test func abandonedPartialsAreRemovedLiveOnesKept() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let abandoned = dir.path(".x.age.AbC123.partial")
        let live = dir.path(".x.age.LiVe99.partial")
        let unrelated = dir.path(".y.age.AbC123.partial")
        for p in [abandoned, live, unrelated] { try Data("old".utf8).write(to: URL(fileURLWithPath: p)) }
        let holder = open(live, O_RDONLY)
        #expect(holder >= 0)
        defer { close(holder) }
        #expect(flock(holder, LOCK_EX | LOCK_NB) == 0)

        let out = try AtomicFileOutput(path: dir.path("x.age"))
        try [UInt8](repeating: 7, count: 10).withUnsafeBytes { try out.write($0) }
        try out.finish()

        #expect(!FileManager.default.fileExists(atPath: abandoned))
        #expect(FileManager.default.fileExists(atPath: live), "a writer that is still alive keeps its file")
        #expect(FileManager.default.fileExists(atPath: unrelated), "another output's leftovers are not ours")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.path("x.age"))) == Data(repeating: 7, count: 10))
    }
}
