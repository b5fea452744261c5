import Foundation
import Testing
import TestSupport
import CardIO
import CardFileSystem
import FAT
import ExFAT
import OpenSSL
import Codecs

/// Builds carving cards with tools/make-carving-card and reads what was carved.
enum CarvingCard {
    /// What tools/make-carving-card needs for each filesystem.
    static let fat32Tools = ["ffmpeg", "exiftool", "python3", "mkfs.vfat", "mcopy", "mdel", "mmd"]
    static let exfatTools = ["ffmpeg", "exiftool", "python3", "mkfs.exfat"]
    /// The files the script deletes (or, on exFAT, places in free clusters).
    static let deleted = ["del-clip.mp4", "del-photo.jpg", "del-stream.mpg", "del-clip.mov", "del-ch01.dav"]

    /// Builds the card in `dir`; returns the image path and the media folder.
    static func make(_ dir: TemporaryDirectory, fs: String, fillMiB: Int = 0) throws -> (image: String, media: String) {
        let image = dir.path("card-\(fs).img"), media = dir.path("media-\(fs)")
        let script = TestEnvironment.packageRoot.appendingPathComponent("tools/make-carving-card").path
        let r = try runProcess([script, image, "--fs", fs, "--media", media, "--fill-mib", String(fillMiB)])
        if r.status != 0 { throw Failure(message: "make-carving-card exited \(r.status): \(r.stderrText)") }
        return (image, media)
    }

    static func volume(_ image: String) throws -> ClusterHeapVolume {
        let source = try FileByteSource(path: image)
        let first = try source.read(at: 0, count: 512)
        if ExFATVolume.looksLikeExFAT(first) { return try ExFATVolume(source: source) }
        return try FATVolume(source: source)
    }

    static func bytes(_ volume: ClusterHeapVolume, offset: UInt64, length: UInt64) throws -> [UInt8] {
        try volume.source.read(at: offset, count: Int(length))
    }

    static func sha256(_ bytes: [UInt8]) throws -> String { Hex.encode(try Digest.hash(.sha256, bytes)) }

    static func sha256(file path: String) throws -> String {
        try sha256([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    struct Failure: Error, CustomStringConvertible { var message: String; var description: String { message } }
}
