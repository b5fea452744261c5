import Foundation
import OpenSSL
import Testing
import TestSupport
@testable import BagIt

/// `PayloadFileWriter.write(at:_:)` (a muxer writing straight into the bag, going back to patch
/// a size) and `discard()` (a working copy whose maker failed): the recorded digests are always
/// those of the bytes in the file, and a discarded file leaves nothing behind.
@Suite struct PositionalWriteTests {
    static func writer(_ tmp: TemporaryDirectory) throws -> BagWriter {
        try BagWriter(destination: tmp.path("bag"), algorithms: [.sha512], softwareAgent: "sdcustody tests")
    }

    /// What an MP4 muxer does, with random sizes: a header with a zero size, appends, then a
    /// patch of the size near the start and the index appended at the end.
    @Test func muxerLikeWritesHashTheFinishedFile() throws {
        var rng = SplitMix64(seed: 0xB0_0C)
        for round in 0..<12 {
            let tmp = try TemporaryDirectory("bagit-positional")
            defer { tmp.remove() }
            let bag = try Self.writer(tmp)
            let file = try bag.beginFile(relativePath: "playable/card/c\(round).mp4", readable: true)
            var expected: [UInt8] = []
            func put(_ bytes: [UInt8], at offset: Int) throws {
                if expected.count < offset + bytes.count { expected += [UInt8](repeating: 0, count: offset + bytes.count - expected.count) }
                expected.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
                try bytes.withUnsafeBytes { try file.write(at: UInt64(offset), $0) }
            }
            try put(rng.bytes(24) + [0, 0, 0, 0] + Array("mdat".utf8), at: 0)
            for _ in 0..<(1 + Int(rng.next() % 6)) { try put(rng.bytes(Int(rng.next() % 3_000_000)), at: expected.count) }
            let mdatSize = UInt32(expected.count - 24)
            try put([UInt8(mdatSize >> 24), UInt8(mdatSize >> 16 & 0xFF), UInt8(mdatSize >> 8 & 0xFF), UInt8(mdatSize & 0xFF)], at: 24)
            // Now and then a write past the end, leaving a hole the file reads back as zeros.
            let gap = round % 3 == 0 ? Int(rng.next() % 5000) : 0
            try put(rng.bytes(Int(rng.next() % 70_000)), at: expected.count + gap)
            let record = try file.finish()
            #expect(record.size == UInt64(expected.count))
            let sha256 = try Digest.hash(.sha256, expected).hex, sha512 = try Digest.hash(.sha512, expected).hex
            #expect(record.digests[.sha256] == sha256)
            #expect(record.digests[.sha512] == sha512)
            try bag.finish()
            let report = BagValidator().validate(tmp.path("bag"))
            #expect(report.verdict == .valid, "\(problemsDescription(report))")
            #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: tmp.path("bag/data/playable/card/c\(round).mp4")))) == expected)
        }
    }

    /// The digests agree with an independent tool too.
    @Test(.requires("sha256sum")) func sha256sumAgrees() throws {
        let tmp = try TemporaryDirectory("bagit-positional")
        defer { tmp.remove() }
        let bag = try Self.writer(tmp)
        let file = try bag.beginFile(relativePath: "w.mp4", readable: true)
        let body = [UInt8](repeating: 0x5A, count: 1 << 20)
        try body.withUnsafeBytes { try file.write(at: 8, $0) }
        try [UInt8](repeating: 1, count: 8).withUnsafeBytes { try file.write(at: 0, $0) }
        let record = try file.finish()
        try bag.finish()
        let r = try runProcess(["sha256sum", tmp.path("bag/data/w.mp4")])
        #expect(r.status == 0)
        #expect(r.stdoutText.hasPrefix(record.digests[.sha256] ?? "-"))
    }

    /// A discarded file leaves no file and no folder it made; its name can be used again, the
    /// rest of the bag is unharmed and validates.
    @Test func discardLeavesNothing() throws {
        let tmp = try TemporaryDirectory("bagit-positional")
        defer { tmp.remove() }
        let bag = try Self.writer(tmp)
        try bag.addFile(relativePath: "card/A.MPG", contents: Array("master".utf8))
        let doomed = try bag.beginFile(relativePath: "playable/card/A.MPG.working-copy.mp4", readable: true)
        try [UInt8](repeating: 9, count: 4096).withUnsafeBytes { try doomed.write(at: 0, $0) }
        doomed.discard()
        #expect(!FileManager.default.fileExists(atPath: bag.temporaryPath + "/data/playable"))
        // A folder that was there before stays.
        let inCard = try bag.beginFile(relativePath: "card/B.MPG")
        inCard.discard()
        #expect(FileManager.default.fileExists(atPath: bag.temporaryPath + "/data/card/A.MPG"))
        #expect(!FileManager.default.fileExists(atPath: bag.temporaryPath + "/data/card/B.MPG"))
        let again = try bag.beginFile(relativePath: "playable/card/A.MPG.working-copy.mp4", readable: true)
        try Array("copy".utf8).withUnsafeBytes { try again.write(at: 0, $0) }
        try again.finish()
        let result = try bag.finish()
        #expect(result.files.map(\.relativePath) == ["card/A.MPG", "playable/card/A.MPG.working-copy.mp4"])
        let report = BagValidator().validate(tmp.path("bag"))
        #expect(report.verdict == .valid, "\(problemsDescription(report))")
    }
}
