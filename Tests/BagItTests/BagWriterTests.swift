import Foundation
import OpenSSL
import Testing
import TestSupport
@testable import BagIt

@Suite struct BagWriterTests {
    @Test func writtenBagValidates() throws {
        let tmp = try TemporaryDirectory("bagit-writer")
        defer { tmp.remove() }
        let bag = tmp.path("bag")
        let result = try writeSampleBag(at: bag)
        #expect(result.files.count == 4)
        #expect(result.payloadOxum == PayloadOxum(octetCount: 3000 + 6 + 0 + 3 * (1 << 20), streamCount: 4))
        let report = BagValidator().validate(bag)
        #expect(report.verdict == .valid, "\(problemsDescription(report))")
        #expect(report.warnings.isEmpty, "\(report.warnings)")
        #expect(report.checkedAlgorithms == ["sha256", "sha512"])
        // Nothing but the bag is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path) == ["bag"])
        let listing = try FileManager.default.contentsOfDirectory(atPath: bag).sorted()
        #expect(listing == ["bag-info.txt", "bagit.txt", "data", "manifest-sha256.txt", "manifest-sha512.txt",
                            "provenance.json", "tagmanifest-sha256.txt", "tagmanifest-sha512.txt"])
        let bagit = try String(contentsOfFile: bag + "/bagit.txt", encoding: .utf8)
        #expect(bagit == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
        let info = try String(contentsOfFile: bag + "/bag-info.txt", encoding: .utf8)
        let labels = info.split(separator: "\n").map { $0.split(separator: ":")[0] }
        #expect(labels == ["Bagging-Date", "Payload-Oxum", "Bag-Software-Agent", "Source-Organization", "External-Identifier"])
    }

    @Test func modificationTimeIsSet() throws {
        let tmp = try TemporaryDirectory("bagit-writer")
        defer { tmp.remove() }
        try writeSampleBag(at: tmp.path("bag"))
        var st = stat()
        #expect(lstat(tmp.path("bag/data/card/DCIM/100MEDIA/CLIP0001.MP4"), &st) == 0)
        #expect(st.st_mtim.tv_sec == 1_700_000_000)
    }

    @Test(.requires("bagit.py"))
    func bagitPyValidatesOurBag() throws {
        let tmp = try TemporaryDirectory("bagit-writer")
        defer { tmp.remove() }
        try writeSampleBag(at: tmp.path("bag"))
        let r = try runProcess(["bagit.py", "--validate", tmp.path("bag")])
        #expect(r.status == 0, "bagit.py: \(r.stderrText)")
    }

    /// Bags made by bagit.py, which does not escape `%` (LibraryOfCongress/bagit-python#157),
    /// still validate, with a warning; names with Japanese text and spaces too.
    @Test(.requires("bagit.py"))
    func bagsMadeByBagitPyValidate() throws {
        let tmp = try TemporaryDirectory("bagit-py")
        defer { tmp.remove() }
        let dir = tmp.url.appendingPathComponent("made")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("映像 1"), withIntermediateDirectories: true)
        try Data("a".utf8).write(to: dir.appendingPathComponent("100%.txt"))
        try Data("c".utf8).write(to: dir.appendingPathComponent("sale %25 off.txt"))
        try Data("b".utf8).write(to: dir.appendingPathComponent("映像 1/clip.mp4"))
        let made = try runProcess(["bagit.py", "--sha256", "--sha512", "--contact-name", "Test", dir.path])
        #expect(made.status == 0, "\(made.stderrText)")
        let report = BagValidator().validate(dir.path)
        #expect(report.verdict == .valid, "\(problemsDescription(report))")
        // bagit.py declares 0.97, where names are never escaped. As a 1.0 bag (tag manifests
        // dropped, since bagit.txt changes) the unescaped `%25` is matched literally, with a warning.
        try "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".write(toFile: dir.path + "/bagit.txt", atomically: false, encoding: .utf8)
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasPrefix("tagmanifest-") {
            try FileManager.default.removeItem(atPath: dir.path + "/" + name)
        }
        let asOne = BagValidator().validate(dir.path)
        #expect(asOne.verdict == .valid, "\(problemsDescription(asOne))")
        #expect(asOne.warnings.contains { $0.message.contains("percent-encoded") })
    }

    @Test(.requires("sha256sum"))
    func sha256sumChecksOurManifest() throws {
        let tmp = try TemporaryDirectory("bagit-writer")
        defer { tmp.remove() }
        try writeSampleBag(at: tmp.path("bag"))
        let payload = try runProcess(["sha256sum", "-c", "--strict", "manifest-sha256.txt"], currentDirectory: tmp.url.appendingPathComponent("bag"))
        #expect(payload.status == 0, "sha256sum: \(payload.stdoutText) \(payload.stderrText)")
        let tags = try runProcess(["sha256sum", "-c", "--strict", "tagmanifest-sha256.txt"], currentDirectory: tmp.url.appendingPathComponent("bag"))
        #expect(tags.status == 0, "sha256sum: \(tags.stdoutText) \(tags.stderrText)")
    }

    @Test func existingDestinationIsRefused() throws {
        let tmp = try TemporaryDirectory("bagit-writer")
        defer { tmp.remove() }
        try FileManager.default.createDirectory(atPath: tmp.path("bag"), withIntermediateDirectories: false)
        #expect(throws: BagError.destinationExists(tmp.path("bag"))) {
            _ = try BagWriter(destination: tmp.path("bag"), softwareAgent: "t")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path("bag")).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path) == ["bag"])
    }

    /// A folder that appears at the destination while the bag is written is not replaced.
    @Test func destinationAppearingMeanwhileIsNotReplaced() throws {
        let tmp = try TemporaryDirectory("bagit-writer")
        defer { tmp.remove() }
        let writer = try BagWriter(destination: tmp.path("bag"), softwareAgent: "t")
        try writer.addFile(relativePath: "a", contents: [1])
        try FileManager.default.createDirectory(atPath: tmp.path("bag"), withIntermediateDirectories: false)
        #expect(throws: BagError.self) { try writer.finish() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path("bag")).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path) == ["bag"])
    }

    @Test func interruptedWriterLeavesNothing() throws {
        let tmp = try TemporaryDirectory("bagit-writer")
        defer { tmp.remove() }
        // Dropped after some payload.
        do {
            let writer = try BagWriter(destination: tmp.path("bag"), softwareAgent: "t")
            try writer.addFile(relativePath: "a/b.bin", contents: [1, 2, 3])
            let open = try writer.beginFile(relativePath: "a/c.bin")
            try open.write([4, 5])
            #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path).count == 1)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path).isEmpty)
        // An error part-way.
        let writer = try BagWriter(destination: tmp.path("bag"), softwareAgent: "t")
        try writer.addFile(relativePath: "x", contents: [1])
        #expect(throws: BagError.self) { try writer.addFile(relativePath: "x", contents: [2]) }
        #expect(throws: BagError.self) { try writer.finish() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path).isEmpty)
        // Explicit abort.
        let aborted = try BagWriter(destination: tmp.path("bag"), softwareAgent: "t")
        try aborted.addFile(relativePath: "x", contents: [1])
        aborted.abort()
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path).isEmpty)
    }

    @Test(arguments: ["", "/abs", "../up", "a/../b", "a//b", "a/", "./a", "a/./b", "a\u{0}b", ".."])
    func unsafeRelativePathsAreRefused(path: String) throws {
        let tmp = try TemporaryDirectory("bagit-writer")
        defer { tmp.remove() }
        let writer = try BagWriter(destination: tmp.path("bag"), softwareAgent: "t")
        #expect(throws: BagError.self) { _ = try writer.beginFile(relativePath: path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path).isEmpty)
    }

    @Test(arguments: ["bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-md5.txt", "fetch.txt", "data/x.json", "../p.json"])
    func reservedTagFileNamesAreRefused(name: String) throws {
        let tmp = try TemporaryDirectory("bagit-writer")
        defer { tmp.remove() }
        let writer = try BagWriter(destination: tmp.path("bag"), softwareAgent: "t")
        #expect(throws: BagError.self) { try writer.addTagFile(relativePath: name, contents: []) }
    }

    @Test func badMetadataIsRefused() throws {
        let tmp = try TemporaryDirectory("bagit-writer")
        defer { tmp.remove() }
        for (label, value) in [("A:B", "v"), (" A", "v"), ("A", "line\nbreak"), ("Payload-Oxum", "1.1"), ("", "v")] {
            let writer = try BagWriter(destination: tmp.path("bag"), softwareAgent: "t")
            #expect(throws: BagError.self) { try writer.addInfo(label, value) }
        }
    }

    /// Names with `%`, CR and LF are percent-encoded in manifests and read back.
    @Test func escapedNamesRoundTrip() throws {
        let tmp = try TemporaryDirectory("bagit-writer")
        defer { tmp.remove() }
        let writer = try BagWriter(destination: tmp.path("bag"), softwareAgent: "t")
        for name in ["100%.txt", "line\nfeed.txt", "carriage\rreturn.txt", "%0A literal.txt"] {
            try writer.addFile(relativePath: name, contents: Array(name.utf8))
        }
        try writer.finish()
        let manifest = try String(contentsOfFile: tmp.path("bag/manifest-sha256.txt"), encoding: .utf8)
        #expect(manifest.contains("data/100%25.txt"))
        #expect(manifest.contains("data/line%0Afeed.txt"))
        #expect(manifest.contains("data/carriage%0Dreturn.txt"))
        #expect(manifest.contains("data/%250A literal.txt"))
        let report = BagValidator().validate(tmp.path("bag"))
        #expect(report.verdict == .valid, "\(problemsDescription(report))")
    }

    /// Property: random payload trees (Japanese, spaces, `%`, long names) are written, then
    /// validate, and their payload digests match what the writer reported.
    @Test(arguments: [UInt64(11), 12, 13, 14, 15])
    func randomTreesValidate(seed: UInt64) throws {
        var g = SplitMix64(seed: seed)
        let tmp = try TemporaryDirectory("bagit-property")
        defer { tmp.remove() }
        let pieces = ["a", "Z", "映像", "カメラ", " ", "%", "%25", "_", "7", "防犯", "-", "é", "\u{65}\u{301}"]
        let writer = try BagWriter(destination: tmp.path("bag"), algorithms: [.md5, .sha1, .sha512], softwareAgent: "t")
        var used = Set<[UInt8]>(), folders = Set<[UInt8]>()
        var expected: [String: [UInt8]] = [:]
        while expected.count < 15 {
            var components: [String] = []
            for _ in 0..<Int.random(in: 1...4, using: &g) {
                var name = ""
                for _ in 0..<Int.random(in: 1...5, using: &g) { name += pieces.randomElement(using: &g) ?? "a" }
                if Int.random(in: 0..<6, using: &g) == 0 { name += String(repeating: "長", count: 70) }
                if name == "." || name == ".." { name = "n" }
                components.append(name)
            }
            let path = components.joined(separator: "/")
            let bytes = Array(path.utf8)
            let prefixes = (1..<components.count).map { Array(components[0..<$0].joined(separator: "/").utf8) }
            if used.contains(bytes) || folders.contains(bytes) || prefixes.contains(where: used.contains) { continue }
            used.insert(bytes)
            prefixes.forEach { folders.insert($0) }
            let size = [0, 1, 511, 4096, 70_000].randomElement(using: &g) ?? 0
            let contents = (0..<size).map { _ in UInt8.random(in: 0...255, using: &g) }
            let record = try writer.addFile(relativePath: path, contents: contents)
            #expect(record.digests[.sha256] == (try Digest.hash(.sha256, contents)).hex)
            expected[path] = contents
        }
        try writer.finish()
        let report = BagValidator().validate(tmp.path("bag"))
        #expect(report.verdict == .valid, "seed \(seed): \(problemsDescription(report))")
        #expect(report.payloadFileCount == 15)
        #expect(report.checkedAlgorithms == ["sha256", "sha512", "sha1", "md5"])
    }

    @Test func foldedBagInfoReadsBack() throws {
        let long = (1...40).map { "word\($0)" }.joined(separator: " ")
        let info = BagInfo([BagInfo.Element("External-Description", long), BagInfo.Element("Short", "x  y")])
        let text = info.text
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 79 })
        #expect(text.split(separator: "\n").count > 3)
        let parsed = try BagInfo.parse(text, strict: true)
        #expect(parsed.info == info)
    }
}
