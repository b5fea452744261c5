import Foundation
import Testing
import TestSupport
@testable import BagIt

/// `deferPayloadHashing` with `PayloadStreamCheck`: the same verdicts as a full validation, with
/// the payload bytes checked as the caller streams them (each byte read once).
@Suite struct DeferredPayloadTests {
    /// Streams every payload file of `report` from the bag at `path` through a check, the way
    /// `seal` streams them into its archive.
    static func stream(_ path: String, _ report: BagReport, skip: Set<String> = []) throws {
        let check = PayloadStreamCheck(report.deferredPayload)
        for file in report.deferredPayload where !skip.contains(file.path) {
            try check.begin(file.pathBytes)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path + "/" + file.path))
            try bytes.withUnsafeBytes { try check.update($0) }
            try check.end()
        }
        try check.finish()
    }

    @Test func aGoodBagPassesAndEveryPayloadFileIsListed() throws {
        let dir = try TemporaryDirectory("deferred")
        defer { dir.remove() }
        try writeSampleBag(at: dir.path("bag"), algorithms: [.sha256, .md5])
        let full = BagValidator().validate(dir.path("bag"))
        let deferred = BagValidator(deferPayloadHashing: true).validate(dir.path("bag"))
        #expect(deferred.verdict == .valid, "\(problemsDescription(deferred))")
        #expect(full.deferredPayload.isEmpty)
        #expect(deferred.deferredPayload.count == full.payloadFileCount)
        #expect(deferred.summary == full.summary)
        #expect(deferred.deferredPayload.allSatisfy { Set($0.expected.map(\.algorithm)) == ["sha256", "md5"] })
        try Self.stream(dir.path("bag"), deferred)
    }

    @Test func aSameSizeChangeIsFoundOnlyByTheStream() throws {
        let dir = try TemporaryDirectory("deferred")
        defer { dir.remove() }
        try writeSampleBag(at: dir.path("bag"), algorithms: [.sha256])
        // Same size, different bytes: nothing but the hash can tell.
        try Data("CAMERA".utf8).write(to: URL(fileURLWithPath: dir.path("bag/data/card/映像/録画 1.avi")))
        let deferred = BagValidator(deferPayloadHashing: true).validate(dir.path("bag"))
        #expect(deferred.verdict == .valid)
        do {
            try Self.stream(dir.path("bag"), deferred)
            Issue.record("a changed payload file must fail the stream check")
        } catch let m as PayloadStreamCheck.Mismatch {
            #expect(m.problems == [.changed(path: "data/card/映像/録画 1.avi", algorithm: "sha256")])
        }
    }

    @Test func aFileNeverStreamedIsMissingAndAnUnknownOneIsExtra() throws {
        let dir = try TemporaryDirectory("deferred")
        defer { dir.remove() }
        try writeSampleBag(at: dir.path("bag"), algorithms: [.sha256])
        let deferred = BagValidator(deferPayloadHashing: true).validate(dir.path("bag"))
        #expect(throws: PayloadStreamCheck.Mismatch.self) {
            try Self.stream(dir.path("bag"), deferred, skip: ["data/card/empty.bin"])
        }
        let check = PayloadStreamCheck(deferred.deferredPayload)
        #expect(throws: PayloadStreamCheck.Mismatch.self) { try check.begin(Array("data/card/appeared.bin".utf8)) }
        // Tag files are not payload: streamed through the check, they are ignored.
        let tags = PayloadStreamCheck([])
        try tags.begin(Array("bag-info.txt".utf8))
        try [UInt8](repeating: 1, count: 10).withUnsafeBytes { try tags.update($0) }
        try tags.end()
        try tags.finish()
    }
}
