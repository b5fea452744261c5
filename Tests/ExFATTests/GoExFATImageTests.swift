import CardFileSystem
import CardIO
import Foundation
import Testing
import TestSupport
@testable import ExFAT

/// go-exfat's test volume (shared test data) against its expected listing, recorded from
/// The Sleuth Kit 4.11.1 (`fls -r -p -l`, `icat`).
@Suite struct GoExFATImageTests {
    static var folder: URL? { TestEnvironment.sharedTestData?.appendingPathComponent("fs-images/go-exfat") }
    static var image: String? {
        guard let f = folder?.appendingPathComponent("test.exfat").path, FileManager.default.fileExists(atPath: f) else { return nil }
        return f
    }

    struct Expected: Decodable {
        struct File: Decodable {
            var path: String
            var deleted: Bool
            var size: UInt64
            var modified_tsk: String
            var sha256: String?
        }
        var files: [File]
    }

    @Test(.requiresSharedTestData("fs-images/go-exfat/test.exfat"), .requires("sha256sum"))
    func matchesExpectedListing() throws {
        let path = try #require(Self.image)
        let json = try Data(contentsOf: URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("test.expected.json"))
        let expected = try JSONDecoder().decode(Expected.self, from: json)
        let volume = try ExFATVolume(source: try FileByteSource(path: path))
        #expect(volume.description.label == "testvolumelabel")
        #expect(volume.description.serialNumber == 0x3D51_A058)
        let listing = try volume.listing(includeDeleted: true)
        #expect(listing.problems.isEmpty, "\(listing.problems)")
        let files = listing.entries.filter { !$0.isDirectory }
        #expect(files.map(\.path) == expected.files.map(\.path))
        for (ours, theirs) in zip(files, expected.files) where ours.path == theirs.path {
            #expect(ours.deleted == theirs.deleted, "\(ours.path)")
            #expect(ours.size == theirs.size, "\(ours.path)")
            #expect(SleuthKit.format(ours.modified) == theirs.modified_tsk, "\(ours.path)")
            if let sha = theirs.sha256 {
                let content = try Fixtures.content(volume, ours)
                let digest = try Tools.run(["sha256sum"], stdin: Data(content)).stdoutText.prefix(64)
                #expect(String(digest) == sha, "\(ours.path)")
            }
        }
        // The deleted files still open (best effort) without error.
        for entry in files where entry.deleted {
            let plan = try volume.contentPlan(for: entry)
            #expect(plan.size + plan.unrecoverableBytes == entry.size)
        }
    }

    @Test(.requiresSharedTestData("fs-images/go-exfat/test.exfat"), .requires(tools: SleuthKit.tools))
    func matchesTheSleuthKit() throws {
        let path = try #require(Self.image)
        let volume = try ExFATVolume(source: try FileByteSource(path: path))
        try SleuthKitComparison.compare(volume: volume, image: path)
    }
}
