import Foundation
import TestSupport
@testable import PaxTar
import SystemIO

/// A file tree used by the round-trip tests: relative path → content; folders implied.
struct TreeSpec {
    var files: [(path: String, contents: [UInt8], mtime: TarTime)] = []

    /// A random tree: Japanese names, spaces, `%`, names past 100 and 255 bytes, sizes around
    /// the 512-byte block boundaries.
    static func random<G: RandomNumberGenerator>(_ g: inout G, count: Int) -> TreeSpec {
        let syllables = ["a", "b", "映像", "カメラ", "録画", " ", "%", "_", "x1", "防犯", "-", "Ü"]
        let sizes = [0, 1, 100, 511, 512, 513, 1023, 1024, 1025, 4096, 65_537]
        var spec = TreeSpec()
        var used = Set<String>()
        var folders = Set<String>()
        while spec.files.count < count {
            var components: [String] = []
            for _ in 0..<Int.random(in: 1...3, using: &g) {
                var name = ""
                for _ in 0..<Int.random(in: 1...6, using: &g) { name += syllables.randomElement(using: &g) ?? "a" }
                if Int.random(in: 0..<8, using: &g) == 0 { name += String(repeating: "長", count: Int.random(in: 30...80, using: &g)) }
                name = name.trimmingCharacters(in: .whitespaces)
                if name.isEmpty || name == "." || name == ".." { name = "n" }
                components.append(name)
            }
            let path = components.joined(separator: "/")
            // A file cannot also be a folder.
            let prefixes = (1..<components.count).map { components[0..<$0].joined(separator: "/") }
            if used.contains(path) || folders.contains(path) || prefixes.contains(where: used.contains) { continue }
            used.insert(path)
            prefixes.forEach { folders.insert($0) }
            var size = sizes.randomElement(using: &g) ?? 0
            if Int.random(in: 0..<4, using: &g) == 0 { size = Int.random(in: 0..<300_000, using: &g) }
            let contents = (0..<size).map { _ in UInt8.random(in: 0...255, using: &g) }
            let mtime = TarTime(seconds: Int64.random(in: 0..<2_000_000_000, using: &g),
                                nanoseconds: Bool.random(using: &g) ? 0 : UInt32.random(in: 0..<1_000_000_000, using: &g))
            spec.files.append((path, contents, mtime))
        }
        return spec
    }

    func write(to root: URL) throws {
        for file in files {
            let url = root.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.contents).write(to: url)
        }
    }
}

/// Every regular file under `root`, relative path → bytes.
func readTree(_ root: URL) throws -> [String: [UInt8]] {
    var out: [String: [UInt8]] = [:]
    let rootPath = root.standardizedFileURL.path
    guard let e = FileManager.default.enumerator(atPath: rootPath) else { return out }
    while let rel = e.nextObject() as? String {
        var isDir: ObjCBool = false
        let full = rootPath + "/" + rel
        if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
            out[rel] = Array(try Data(contentsOf: URL(fileURLWithPath: full)))
        }
    }
    return out
}

/// Writes an archive file from a spec with our writer.
func writeArchive(_ spec: TreeSpec, to path: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
    guard fd >= 0 else { throw TarError(.io, "cannot create \(path)") }
    defer { close(fd) }
    let writer = PaxWriter(sink: FileDescriptorOutput(fd: fd))
    var folders = Set<String>()
    for file in spec.files {
        let parts = file.path.split(separator: "/").map(String.init)
        for i in 1..<max(1, parts.count) {
            let folder = parts[0..<i].joined(separator: "/")
            if folders.insert(folder).inserted { try writer.addDirectory(path: folder, modificationTime: TarTime(seconds: 1_600_000_000)) }
        }
        try writer.addFile(path: file.path, contents: file.contents, modificationTime: file.mtime)
    }
    try writer.finish()
}

/// Extracts an archive file with our extractor.
@discardableResult
func extractArchive(_ path: String, into destination: String) throws -> SafeExtractor.Summary {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw TarError(.io, "cannot open \(path)") }
    defer { close(fd) }
    return try SafeExtractor(destination: destination).extract(from: FileDescriptorInput(fd: fd))
}
