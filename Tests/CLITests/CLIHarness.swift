import Foundation
import Testing
import TestSupport

/// Runs the built `sdcustody` binary with a private access log, as a user would.
struct CLI {
    let log: String
    let home: TemporaryDirectory

    init() throws {
        home = try TemporaryDirectory("sdcustody-cli")
        log = home.path("access.jsonl")
    }

    func run(_ args: [String], stdin: Data? = nil, environment: [String: String] = [:]) throws -> ProcessResult {
        let binary = try #require(TestEnvironment.sdcustodyBinary, "the sdcustody binary is built by `swift build` before the tests")
        var env = ["SDCUSTODY_LOG": log, "XDG_DATA_HOME": home.path("xdg"), "SDCUSTODY_OPERATOR": "test operator", "NO_COLOR": "1"]
        for (k, v) in environment { env[k] = v }
        return try runProcess([binary.path] + args, environment: env, stdin: stdin)
    }

    func json(_ args: [String]) throws -> [String: Any] {
        let r = try run(args)
        #expect(r.status == 0, "sdcustody \(args.joined(separator: " ")) failed: \(r.stderrText)")
        let object = try JSONSerialization.jsonObject(with: r.stdout)
        return try #require(object as? [String: Any], "stdout is one JSON object")
    }

    func remove() { home.remove() }
}

/// A card image for a test: the bundled samples (decompressed into a temporary folder) and the
/// shared public images, each with the listing The Sleuth Kit gave for it.
struct CardImage: CustomStringConvertible, Sendable {
    let name: String
    let path: String
    let expected: String
    var description: String { name }

    static func all() throws -> [CardImage] {
        var images: [CardImage] = []
        let samples = TestEnvironment.samples
        if let items = try? FileManager.default.contentsOfDirectory(atPath: samples.path) {
            let dir = try ProcessScratch.folder("samples")
            for gz in items.sorted() where gz.hasSuffix(".img.gz") {
                let stem = String(gz.dropLast(".img.gz".count))
                let out = dir.appendingPathComponent(stem + ".img").path
                if !FileManager.default.fileExists(atPath: out) {
                    let r = try runProcess(["sh", "-c", "gzip -dc \"$0\" > \"$1\"", samples.appendingPathComponent(gz).path, out])
                    guard r.status == 0 else { continue }
                }
                images.append(CardImage(name: stem, path: out, expected: samples.appendingPathComponent(stem + ".expected.json").path))
            }
        }
        if let shared = TestEnvironment.sharedTestData {
            for (img, exp) in [("fs-images/rust-fatfs/fat12.img", "fs-images/rust-fatfs/fat12.expected.json"),
                               ("fs-images/rust-fatfs/fat16.img", "fs-images/rust-fatfs/fat16.expected.json"),
                               ("fs-images/go-exfat/test.exfat", "fs-images/go-exfat/test.expected.json")] {
                images.append(CardImage(name: img, path: shared.appendingPathComponent(img).path,
                                        expected: shared.appendingPathComponent(exp).path))
            }
        }
        return images
    }
}

/// The SHA-256 and modification time of a file, to prove a command left it alone.
struct Fingerprint: Equatable {
    let sha256: String
    let modified: Date?

    init(_ path: String) throws {
        let r = try runProcess(["sha256sum", path])
        sha256 = String(r.stdoutText.prefix(64))
        modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
    }
}
