import Foundation
import Testing
import TestSupport
import CardIO
import CardFileSystem
@testable import Carving

/// Issue 12 item 4 against an independent carver: every JPEG, MP4/MOV and MPEG file that
/// photorec (Debian's testdisk) recovers from the free space of the same image, sdcustody carves
/// with identical bytes (the SHA-256 sets are compared). photorec has no DHAV format; the DHAV
/// find is checked against the file it came from in CarvingCardTests.
@Suite(.timeLimit(.minutes(3))) struct PhotorecComparisonTests {
    @Test(.requires(tools: CarvingCard.fat32Tools + ["photorec"]))
    func fat32() throws { try compare(fs: "fat32") }

    @Test(.requires(tools: CarvingCard.exfatTools + ["photorec"]))
    func exfat() throws { try compare(fs: "exfat") }

    func compare(fs: String) throws {
        let dir = try TemporaryDirectory("carve-photorec-\(fs)")
        defer { dir.remove() }
        let (image, _) = try CarvingCard.make(dir, fs: fs)
        let recovered = try photorec(image, in: dir)
        #expect(recovered.count >= 4, "photorec recovered only \(recovered.count) files")
        let volume = try CarvingCard.volume(image)
        let result = Carver(volume: volume).scan()
        let ours = Set(try result.finds.map { try CarvingCard.sha256(try CarvingCard.bytes(volume, offset: $0.volumeOffset, length: $0.length)) })
        for (name, sha) in recovered {
            #expect(ours.contains(sha), "photorec recovered \(name) (\(sha)); sdcustody has no find with these bytes")
        }
    }

    /// Runs photorec over the free space with the JPEG, MOV/MP4 and MPEG formats only, and returns
    /// each recovered file's name and SHA-256.
    func photorec(_ image: String, in dir: TemporaryDirectory) throws -> [(String, String)] {
        let work = dir.url.appendingPathComponent("photorec")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let out = work.appendingPathComponent("out").path
        // /cmd takes the image and a comma-separated script of the menu choices it would make.
        let r = try runProcess(["photorec", "/log", "/d", out, "/cmd", image,
                                "fileopt,everything,disable,jpg,enable,mov,enable,mpg,enable,freespace,search"],
                               currentDirectory: work)
        #expect(r.status == 0, "photorec exited \(r.status): \(r.stderrText.suffix(500))")
        var files: [(String, String)] = []
        let fm = FileManager.default
        for folder in try fm.contentsOfDirectory(atPath: work.path) where folder.hasPrefix("out.") {
            for name in try fm.contentsOfDirectory(atPath: work.appendingPathComponent(folder).path) where name != "report.xml" {
                files.append((name, try CarvingCard.sha256(file: work.appendingPathComponent(folder).appendingPathComponent(name).path)))
            }
        }
        return files
    }
}
