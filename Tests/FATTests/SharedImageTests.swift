import Foundation
import Testing
import TestSupport
import CardIO
import CardFileSystem
@testable import FAT

/// rust-fatfs's test images against the listing and hashes The Sleuth Kit gives for them
/// (`/work/shared/testdata/fs-images/rust-fatfs/*.expected.json`).
@Suite struct SharedImageTests {
    static var folder: URL? { TestEnvironment.sharedTestData?.appendingPathComponent("fs-images/rust-fatfs") }

    struct Expected: Decodable {
        struct File: Decodable {
            var path: String
            var deleted: Bool
            var size: UInt64
            var modified_tsk: String?
            var sha256: String?
        }
        var files: [File]
    }

    @Test(.requiresSharedTestData("fs-images/rust-fatfs"),
          arguments: ["fat12", "fat16"])
    func matchesExpectedListing(name: String) throws {
        let folder = try #require(Self.folder)
        let json = folder.appendingPathComponent("\(name).expected.json")
        let image = folder.appendingPathComponent("\(name).img")
        try #require(FileManager.default.fileExists(atPath: json.path), "\(json.path) is missing")
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: json))
        let volume = try FATVolume(source: FileByteSource(path: image.path))
        #expect(volume.description.kind.rawValue == name.uppercased())
        let listing = try volume.listing(includeDeleted: true)
        #expect(listing.problems.isEmpty)
        let files = listing.entries.filter { !$0.isDirectory }
        #expect(files.map(\.path).sorted() == expected.files.map(\.path).sorted())
        for f in expected.files {
            let e = try #require(files.first { $0.path == f.path })
            #expect(e.deleted == f.deleted)
            #expect(e.size == f.size)
            if let m = f.modified_tsk { #expect(tskTime(e.modified) == m, "\(f.path)") }
            if let sum = f.sha256 { #expect(try sha256(readAll(volume, e)) == sum, "\(f.path)") }
        }
    }
}
