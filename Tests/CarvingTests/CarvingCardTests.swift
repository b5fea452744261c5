import Foundation
import Testing
import TestSupport
import CardIO
import CardFileSystem
@testable import Carving

/// Issue 12 item 4: footage in unallocated clusters, as a loop-recording camera leaves it, is
/// found with its own times and its exact bytes.
@Suite(.timeLimit(.minutes(2))) struct CarvingCardTests {
    @Test(.requires(tools: CarvingCard.fat32Tools))
    func fat32DeletedFilesAreCarved() throws { try everyDeletedFileIsCarvedWithItsBytesAndTime(fs: "fat32") }

    @Test(.requires(tools: CarvingCard.exfatTools))
    func exfatFreeClustersAreCarved() throws { try everyDeletedFileIsCarvedWithItsBytesAndTime(fs: "exfat") }

    func everyDeletedFileIsCarvedWithItsBytesAndTime(fs: String) throws {
        let dir = try TemporaryDirectory("carve-\(fs)")
        defer { dir.remove() }
        let (image, media) = try CarvingCard.make(dir, fs: fs)
        let volume = try CarvingCard.volume(image)
        let result = Carver(volume: volume).scan()
        #expect(result.problems.isEmpty, "\(result.problems)")
        // Small reads, so finds and candidates straddle many read boundaries, find the same.
        let read = Carver(volume: volume)
        read.chunkSize = 96 << 10
        #expect(read.scan().finds == result.finds)
        var carved: [String: CarvedFind] = [:]
        for f in result.finds {
            carved[try CarvingCard.sha256(try CarvingCard.bytes(volume, offset: f.volumeOffset, length: f.length))] = f
        }
        for name in CarvingCard.deleted {
            let sha = try CarvingCard.sha256(file: media + "/" + name)
            let find = try #require(carved[sha], "\(name) was not carved with its exact bytes; finds: \(result.finds.map { "\($0.kind) \($0.volumeOffset)+\($0.length)" })")
            #expect(find.complete)
            switch name {
            case "del-clip.mp4":
                #expect(find.kind == .mp4)
                #expect(find.start?.iso == "2026-11-20T21:40:00")
            case "del-clip.mov":
                #expect(find.kind == .mov)
                #expect(find.start?.iso == "2026-11-20T21:45:10")
            case "del-photo.jpg":
                #expect(find.kind == .jpeg)
                #expect(find.start?.iso == "2026-11-20T21:31:00")
                #expect(find.timeSource == "exif_datetimeoriginal")
            case "del-stream.mpg":
                #expect(find.kind == .mpegPS)
            case "del-ch01.dav":
                #expect(find.kind == .dhav)
                #expect(find.start?.iso == "2026-11-20T21:50:00")
                #expect(find.end?.iso == "2026-11-20T21:50:09")
            default: break
            }
            let run = try #require(find.clusterRuns.first)
            #expect(run.byteOffset == find.volumeOffset && run.byteLength == find.length)
        }
        if fs == "fat32" {
            // Live files lie in allocated clusters: never carved.
            for name in ["keep-clip.mp4", "keep-photo.jpg"] {
                #expect(carved[try CarvingCard.sha256(file: media + "/" + name)] == nil, "\(name) is live but was carved")
            }
        }
    }
}
