import Foundation
import Testing
import TestSupport

/// `info`, `ls` and `cat` run as a user runs them, checked against The Sleuth Kit's reading of the
/// same images (the expected listings were made with `fls -r -p -l` and `icat`).
@Suite(.serialized) struct CardCommandsTests {
    static let images: [CardImage] = (try? CardImage.all()) ?? []

    /// The parameterized tests run on whatever images were found: make sure that is the bundled
    /// samples and (where the shared test data is, as on CI) the shared images, not fewer.
    @Test(.requiresSharedTestData("fs-images"))
    func everyImageIsTested() throws {
        #expect(try CardImage.all().count == Self.images.count, "building the image list failed")
        for shared in ["fs-images/rust-fatfs/fat12.img", "fs-images/rust-fatfs/fat16.img", "fs-images/go-exfat/test.exfat"] {
            #expect(Self.images.contains { $0.name == shared }, "\(shared) is not in the list")
        }
        let bundled = (try? FileManager.default.contentsOfDirectory(atPath: TestEnvironment.samples.path)) ?? []
        #expect(Self.images.count == 3 + bundled.filter { $0.hasSuffix(".img.gz") }.count)
    }

    @Test(.requires("a sample or shared card image", available: !images.isEmpty), arguments: images)
    func listingAndContentMatchTheSleuthKit(image: CardImage) throws {
        let cli = try CLI()
        defer { cli.remove() }
        let before = try Fingerprint(image.path)
        let expectedData = try Data(contentsOf: URL(fileURLWithPath: image.expected))
        let expected = try #require(try JSONSerialization.jsonObject(with: expectedData) as? [String: Any])
        let expectedFiles = try #require(expected["files"] as? [[String: Any]])

        let listing = try cli.json(["ls", image.path, "--deleted", "--json"])
        let files = try #require(listing["files"] as? [[String: Any]])
        let ours = files.filter { $0["type"] as? String == "file" }
        func key(_ f: [String: Any]) -> String { "\(f["path"] as? String ?? "?")|\(f["deleted"] as? Bool ?? false)" }
        let ourByKey = Dictionary(ours.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })

        for e in expectedFiles {
            let k = key(e)
            guard let mine = ourByKey[k] else {
                Issue.record("\(image): \(k) is in TSK's listing, not in ours")
                continue
            }
            #expect((mine["size"] as? NSNumber)?.uint64Value == (e["size"] as? NSNumber)?.uint64Value, "\(image): size of \(k)")
            guard let sha = e["sha256"] as? String, let path = e["path"] as? String else { continue }
            var args = ["cat", image.path, path]
            if e["deleted"] as? Bool == true { args.append("--deleted") }
            let r = try cli.run(args)
            #expect(r.status == 0, "\(image): cat \(path): \(r.stderrText)")
            let digest = try runProcess(["sha256sum"], stdin: r.stdout).stdoutText.prefix(64)
            #expect(String(digest) == sha, "\(image): content of \(path)")
        }
        let live = Set(expectedFiles.filter { $0["deleted"] as? Bool == false }.map(key))
        let ourLive = Set(ours.filter { $0["deleted"] as? Bool == false }.map(key))
        #expect(ourLive == live, "\(image): live files differ: ours-only \(ourLive.subtracting(live).sorted()), TSK-only \(live.subtracting(ourLive).sorted())")

        _ = try cli.run(["info", image.path])
        _ = try cli.run(["ls", image.path])
        #expect(try Fingerprint(image.path) == before, "\(image): the source changed")
    }

    @Test(.requires("a sample or shared card image", available: !images.isEmpty), arguments: images)
    func infoDescribesTheVolume(image: CardImage) throws {
        let cli = try CLI()
        defer { cli.remove() }
        let info = try cli.json(["info", image.path, "--json"])
        let volumes = try #require(info["volumes"] as? [[String: Any]])
        #expect(volumes.contains { ($0["filesystem"] as? [String: Any])?["filesystem"] != nil }, "\(image): no filesystem found")
        let text = try cli.run(["info", image.path])
        #expect(text.status == 0)
        #expect(text.stdoutText.contains("Cluster size"))
    }

    @Test func badSourcesGiveOneLineAndStatus2() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let zeros = dir.path("zeros.img")
        try Data(count: 1 << 20).write(to: URL(fileURLWithPath: zeros))
        let random = dir.path("random.img")
        try Data((0..<(1 << 16)).map { _ in UInt8.random(in: 0...255) }).write(to: URL(fileURLWithPath: random))
        for args in [["ls", dir.path("missing.img")], ["ls", zeros], ["info", zeros], ["cat", random, "x"], ["ls", random]] {
            let r = try cli.run(args)
            #expect(r.status == 2, "\(args): status \(r.status)")
            let lines = r.stderrText.split(separator: "\n")
            #expect(lines.count == 1, "\(args): stderr should be one line, was: \(r.stderrText)")
            #expect(r.stderrText.hasPrefix("sdcustody: error:"))
        }
        let usage = try cli.run(["ls"])
        #expect(usage.status == 2)
        let help = try cli.run(["ls", "--help"])
        #expect(help.status == 0 && help.stdoutText.contains("--deleted"))
    }

    @Test(.requires("a sample or shared card image", available: !images.isEmpty))
    func catOfMissingFileNamesIt() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let image = try #require(Self.images.first)
        let r = try cli.run(["cat", image.path, "NO/SUCH/FILE.MP4"])
        #expect(r.status == 2)
        #expect(r.stderrText.contains("NO/SUCH/FILE.MP4"))
    }
}

/// A card in a reader is a block device: a read-only loop device over a sample stands in for it.
@Suite(.serialized) struct BlockDeviceTests {
    @Test(.enabled(if: getuid() == 0, "needs root"), .requires("losetup"),
          .requires("a sample or shared card image", available: !CardCommandsTests.images.isEmpty))
    func loopDeviceReadsLikeTheImage() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let image = try #require(CardCommandsTests.images.first)
        let attach = try runProcess(["losetup", "-f", "--show", "-r", image.path])
        guard attach.status == 0 else {
            // No free loop device in this container: the machine's, not something tools/setup installs.
            try Test.cancel("losetup failed: \(attach.stderrText)")
        }
        let device = attach.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        defer { _ = try? runProcess(["losetup", "-d", device]) }
        let info = try cli.json(["info", device, "--json"])
        let dev = try #require(info["device"] as? [String: Any])
        #expect(dev["read_only_flag"] as? Bool == true)
        let fromDevice = try cli.json(["ls", device, "--json"])["files"] as? [[String: Any]]
        let fromImage = try cli.json(["ls", image.path, "--json"])["files"] as? [[String: Any]]
        #expect(fromDevice.map { NSArray(array: $0) } == fromImage.map { NSArray(array: $0) })
        let acquired = cli.home.path("card.img")
        let r = try cli.run(["acquire", device, "--out", acquired])
        #expect(r.status == 0, "\(r.stderrText)")
        #expect(try Fingerprint(acquired).sha256 == (try Fingerprint(image.path)).sha256)
    }
}
