import Testing
import Foundation
import TestSupport
import CardIO
import CardFileSystem
@testable import Card

@Suite struct CardSourceTests {
    @Test(.timeLimit(.minutes(1))) func folderTreeListsWithoutFollowingLinks() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.path("DCIM/100MEDIA"), withIntermediateDirectories: true)
        try Data("clip".utf8).write(to: URL(fileURLWithPath: dir.path("DCIM/100MEDIA/CLIP0001.MP4")))
        try FileManager.default.createSymbolicLink(atPath: dir.path("DCIM/loop"), withDestinationPath: dir.url.path)
        let card = try CardSource(path: dir.url.path)
        #expect(card.kind == .mountedFolder)
        #expect(card.warnings.contains { $0.contains("mounted folder") })
        let (tree, slot) = try card.tree(partition: nil)
        #expect(slot == nil)
        let listing = try tree.listing(includeDeleted: true)
        #expect(listing.entries.map(\.path) == ["DCIM", "DCIM/100MEDIA", "DCIM/100MEDIA/CLIP0001.MP4", "DCIM/loop"])
        #expect(listing.entries.last?.notes.contains { $0.contains("not followed") } == true)
        #expect(listing.problems.contains { $0.contains("deleted files") })
        let clip = try #require(listing.entries.first { $0.name == "CLIP0001.MP4" })
        var bytes: [UInt8] = []
        try tree.content(of: clip).forEachChunk { bytes += Array($0) }
        #expect(bytes == Array("clip".utf8))
        let link = try #require(listing.entries.last)
        #expect(throws: (any Error).self) { try tree.content(of: link) }
    }

    @Test func unsupportedFilesystemsAreNamed() throws {
        // An NTFS boot sector: "NTFS    " at byte 3 and the 0x55AA signature.
        var sector = [UInt8](repeating: 0, count: 4096)
        sector[0] = 0xEB; sector[1] = 0x52; sector[2] = 0x90
        for (i, c) in "NTFS    ".utf8.enumerated() { sector[3 + i] = c }
        sector[510] = 0x55; sector[511] = 0xAA
        do {
            _ = try CardSource.openVolume(MemoryByteSource(sector))
            Issue.record("an NTFS volume must not open")
        } catch {
            #expect(String(describing: error).contains("NTFS"))
            #expect(String(describing: error).contains("not supported yet"))
        }
    }

    @Test func allZeroCardIsNotAFilesystem() throws {
        #expect(throws: (any Error).self) { try CardSource.openVolume(MemoryByteSource([UInt8](repeating: 0, count: 1 << 16))) }
    }
}
