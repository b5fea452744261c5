import Foundation
import Testing
import TestSupport
@testable import BagIt

/// Tampering with a bag we wrote: each change is found and named.
@Suite struct BagValidatorTests {
    func withBag(_ body: (String, TemporaryDirectory) throws -> Void) throws {
        let tmp = try TemporaryDirectory("bagit-validator")
        defer { tmp.remove() }
        let bag = tmp.path("bag")
        try writeSampleBag(at: bag)
        // Let the test edit the bag.
        _ = try runProcess(["chmod", "-R", "u+w", bag])
        try body(bag, tmp)
    }

    @Test func oneChangedByteIsNamed() throws {
        try withBag { bag, _ in
            let path = bag + "/data/card/DCIM/100MEDIA/BIG.MP4"
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            try handle.seek(toOffset: 1_500_000)
            let old = try handle.read(upToCount: 1) ?? Data([0])
            try handle.seek(toOffset: 1_500_000)
            try handle.write(contentsOf: Data([old[0] ^ 0x01]))
            try handle.close()
            let report = BagValidator().validate(bag)
            #expect(report.verdict == .invalid)
            #expect(report.problems.contains(.changed(path: "data/card/DCIM/100MEDIA/BIG.MP4", algorithm: "sha256")))
            #expect(report.problems.contains(.changed(path: "data/card/DCIM/100MEDIA/BIG.MP4", algorithm: "sha512")))
            #expect(report.problems.count == 2, "\(problemsDescription(report))")
        }
    }

    @Test func deletedFileIsMissing() throws {
        try withBag { bag, _ in
            try FileManager.default.removeItem(atPath: bag + "/data/card/映像/録画 1.avi")
            let report = BagValidator().validate(bag)
            #expect(report.verdict == .invalid)
            #expect(report.problems.contains(.missing(path: "data/card/映像/録画 1.avi")))
            #expect(report.problems.contains { if case .oxumMismatch = $0 { return true } else { return false } })
        }
    }

    @Test func addedFileIsExtra() throws {
        try withBag { bag, _ in
            try Data("planted".utf8).write(to: URL(fileURLWithPath: bag + "/data/card/planted.mp4"))
            let report = BagValidator().validate(bag)
            #expect(report.verdict == .invalid)
            #expect(report.problems.contains(.extra(path: "data/card/planted.mp4")))
        }
    }

    /// An empty file added is still extra (Payload-Oxum's byte count cannot see it, the
    /// manifests do).
    @Test func addedEmptyFileIsExtra() throws {
        try withBag { bag, _ in
            _ = FileManager.default.createFile(atPath: bag + "/data/.hidden", contents: Data())
            let report = BagValidator().validate(bag)
            #expect(report.problems.contains(.extra(path: "data/.hidden")))
        }
    }

    @Test func editedBagInfoIsNamed() throws {
        try withBag { bag, _ in
            let path = bag + "/bag-info.txt"
            var text = try String(contentsOfFile: path, encoding: .utf8)
            text = text.replacingOccurrences(of: "exhibit-3", with: "exhibit-4")
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            let report = BagValidator().validate(bag)
            #expect(report.verdict == .invalid)
            #expect(report.problems.contains(.changed(path: "bag-info.txt", algorithm: "sha256")))
        }
    }

    @Test func editedManifestLineIsNamed() throws {
        try withBag { bag, _ in
            let path = bag + "/manifest-sha256.txt"
            var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
            let index = try #require(lines.firstIndex { $0.hasSuffix("CLIP0001.MP4") })
            let first = lines[index].first == "0" ? "1" : "0"
            lines[index] = first + lines[index].dropFirst()
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
            let report = BagValidator().validate(bag)
            #expect(report.verdict == .invalid)
            #expect(report.problems.contains(.changed(path: "data/card/DCIM/100MEDIA/CLIP0001.MP4", algorithm: "sha256")))
            #expect(report.problems.contains(.changed(path: "manifest-sha256.txt", algorithm: "sha256")))
        }
    }

    @Test func removedManifestLineMakesFileExtra() throws {
        try withBag { bag, _ in
            let path = bag + "/manifest-sha512.txt"
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { !$0.hasSuffix("empty.bin") }
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
            let report = BagValidator().validate(bag)
            #expect(report.problems.contains(.notInManifest(path: "data/card/empty.bin", manifest: "manifest-sha512.txt")))
        }
    }

    @Test func symlinkInPayloadIsNotFollowed() throws {
        try withBag { bag, tmp in
            try Data("outside".utf8).write(to: tmp.url.appendingPathComponent("secret"))
            try FileManager.default.createSymbolicLink(atPath: bag + "/data/card/link", withDestinationPath: tmp.path("secret"))
            let report = BagValidator().validate(bag)
            #expect(report.verdict == .invalid)
            #expect(report.problems.contains(.notRegularFile(path: "data/card/link")))
        }
    }

    /// A payload folder replaced by a symlink to a copy of itself: every file is then reached
    /// through a symlink, which is refused.
    @Test(.timeLimit(.minutes(1))) func symlinkedFolderIsNotFollowed() throws {
        try withBag { bag, tmp in
            try FileManager.default.moveItem(atPath: bag + "/data/card", toPath: tmp.path("card"))
            try FileManager.default.createSymbolicLink(atPath: bag + "/data/card", withDestinationPath: tmp.path("card"))
            let report = BagValidator().validate(bag)
            #expect(report.verdict == .invalid)
            #expect(report.problems.contains(.notRegularFile(path: "data/card")))
            #expect(report.problems.contains(.missing(path: "data/card/empty.bin")))
        }
    }

    @Test func fetchEntryNotPresentIsIncomplete() throws {
        try withBag { bag, _ in
            try FileManager.default.removeItem(atPath: bag + "/data/card/empty.bin")
            try "https://example.org/empty.bin - data/card/empty.bin\n".write(toFile: bag + "/fetch.txt", atomically: false, encoding: .utf8)
            let report = BagValidator().validate(bag)
            #expect(report.verdict == .invalid)
            #expect(report.problems.contains(.missing(path: "data/card/empty.bin")))
        }
    }

    @Test func notABag() throws {
        let tmp = try TemporaryDirectory("bagit-validator")
        defer { tmp.remove() }
        #expect(BagValidator().validate(tmp.path("absent")).verdict == .notABag)
        #expect(BagValidator().validate(tmp.url.path).verdict == .notABag)
        _ = FileManager.default.createFile(atPath: tmp.path("file"), contents: Data())
        #expect(BagValidator().validate(tmp.path("file")).verdict == .notABag)
    }

    @Test func additionalChecksJoinTheReport() throws {
        try withBag { bag, _ in
            struct Boom: Error, CustomStringConvertible { var description: String { "provenance.json is not JSON" } }
            var sawPayload = 0
            let validator = BagValidator(additionalChecks: [
                { bag in
                    sawPayload = bag.payloadFiles.count
                    let text = try bag.readTagText("provenance.json")
                    return text.contains("files") ? [] : [.check(name: "provenance", path: "provenance.json", reason: "no files")]
                },
                { _ in [.check(name: "access-log", path: nil, reason: "entry 3 was edited")] },
                { _ in throw Boom() },
            ])
            let report = validator.validate(bag)
            #expect(sawPayload == 4)
            #expect(report.verdict == .invalid)
            #expect(report.problems.contains(.check(name: "access-log", path: nil, reason: "entry 3 was edited")))
            #expect(report.problems.contains(.check(name: "check", path: nil, reason: "provenance.json is not JSON")))
            #expect(report.problems.count == 2)
            // Payload digests are handed to checks, computed from the files.
            #expect(BagValidator(additionalChecks: [{ bag in
                bag.payloadFiles.allSatisfy { $0.digests["sha256"]?.count == 64 } ? [] : [.check(name: "x", path: nil, reason: "no digest")]
            }]).validate(bag).verdict == .valid)
        }
    }

    @Test func bagDeclarationIsStrict() throws {
        #expect(try BagDeclaration.parse(Array("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8)) == BagDeclaration())
        #expect(try BagDeclaration.parse(Array("BagIt-Version: 0.97\r\nTag-File-Character-Encoding: UTF-8".utf8)).version == "0.97")
        for bad in ["\u{FEFF}BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
                    "BagIt-Version : 1.0\nTag-File-Character-Encoding: UTF-8\n",
                    "BagIt-Version: .97\nTag-File-Character-Encoding: UTF-8\n",
                    "BagIt-Version: 1.0\n",
                    "Tag-File-Character-Encoding: UTF-8\nBagIt-Version: 1.0\n",
                    "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\nExtra: x\n"] {
            #expect(throws: (any Error).self, "\(bad)") { try BagDeclaration.parse(Array(bad.utf8)) }
        }
    }

    @Test func percentEncodingRoundTrips() {
        var g = SplitMix64(seed: 7)
        let alphabet: [UInt8] = [0x25, 0x0a, 0x0d, 0x41, 0x30, 0x44, 0x61, 0x2f, 0x20]
        for _ in 0..<500 {
            let path = (0..<Int.random(in: 0..<20, using: &g)).map { _ in alphabet.randomElement(using: &g) ?? 0x41 }
            let encoded = BagPath.encode(path)
            #expect(!encoded.contains(0x0a) && !encoded.contains(0x0d))
            #expect(BagPath.decode(encoded) == path)
        }
    }

    @Test func bagInfoParsesContinuationsAndOldSeparators() throws {
        let text = "A: one\r\n  two\r\nB:   spaced\nC : old\n"
        #expect(throws: (any Error).self) { try BagInfo.parse(text, strict: true) }
        let old = try BagInfo.parse(text, strict: false).info
        #expect(old.first("a") == "one two")
        #expect(old.first("B") == "spaced")
        #expect(old.first("C") == "old")
        #expect(throws: (any Error).self) { try BagInfo.parse("no colon here\n", strict: false) }
        #expect(throws: (any Error).self) { try BagInfo.parse("  leading continuation\n", strict: false) }
    }

    /// Property: random bag-info values fold and read back unchanged.
    @Test func bagInfoFoldingRoundTrips() throws {
        var g = SplitMix64(seed: 99)
        let words = ["a", "映像", "long-word-without-spaces-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "x", ":", "%", "two  spaces"]
        for _ in 0..<200 {
            let value = (0..<Int.random(in: 1...30, using: &g)).map { _ in words.randomElement(using: &g) ?? "a" }.joined(separator: " ")
            let info = BagInfo([BagInfo.Element("Label", value)])
            #expect(try BagInfo.parse(info.text, strict: true).info == info, "\(value)")
        }
    }
}
