import Foundation
import Testing
import TestSupport
@testable import PaxTar

/// Our archives read by GNU tar, and GNU tar's pax archives read by us.
@Suite struct GNUTarInteropTests {
    static func spec() -> TreeSpec {
        var spec = TreeSpec()
        let longName = "DCIM/" + String(repeating: "very-long-folder-name-", count: 6) + "/" + String(repeating: "clip", count: 30) + ".mp4"
        let names = ["README", "empty.txt", "映像/カメラ1/2024-05-01 録画.mp4", longName, "sizes/511", "sizes/512", "sizes/513",
                     "sizes/1023", "sizes/1024", "sizes/1025", "with space/and%percent.txt"]
        for (i, name) in names.enumerated() {
            let size: Int
            if name.hasPrefix("sizes/") { size = Int(name.dropFirst(6)) ?? 0 } else if name == "empty.txt" { size = 0 } else { size = 700 * i + 3 }
            spec.files.append((name, (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ i) },
                               TarTime(seconds: 1_700_000_000 + Int64(i), nanoseconds: i % 2 == 0 ? 0 : 250_000_000)))
        }
        return spec
    }

    @Test(.requires("tar"))
    func gnuTarReadsOurArchives() throws {
        let tmp = try TemporaryDirectory("paxtar-gnu")
        defer { tmp.remove() }
        let spec = Self.spec()
        let archive = tmp.path("ours.tar")
        try writeArchive(spec, to: archive)

        let list = try runProcess(["tar", "-tvf", archive])
        #expect(list.status == 0, "tar -tvf: \(list.stderrText)")
        #expect(list.stderrText.isEmpty, "tar warned: \(list.stderrText)")
        for file in spec.files { #expect(list.stdoutText.contains(file.path), "tar -t lists \(file.path)") }

        let out = tmp.url.appendingPathComponent("x")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
        let extract = try runProcess(["tar", "-xf", archive, "-C", out.path])
        #expect(extract.status == 0, "tar -xf: \(extract.stderrText)")
        let tree = try readTree(out)
        #expect(tree.count == spec.files.count)
        for file in spec.files { #expect(tree[file.path] == file.contents, "GNU tar extracted \(file.path)") }
    }

    @Test(.requires("tar"), arguments: [false, true])
    func weExtractGNUPaxArchives(dotPrefix: Bool) throws {
        let tmp = try TemporaryDirectory("paxtar-gnu-in")
        defer { tmp.remove() }
        let spec = Self.spec()
        let src = tmp.url.appendingPathComponent("src")
        try spec.write(to: src)
        let archive = tmp.path("gnu.tar")
        let members = dotPrefix ? ["."] : ((try? FileManager.default.contentsOfDirectory(atPath: src.path)) ?? []).sorted()
        let made = try runProcess(["tar", "--format=pax", "-cf", archive, "-C", src.path] + members)
        #expect(made.status == 0, "tar -c: \(made.stderrText)")

        let out = tmp.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
        let summary = try extractArchive(archive, into: out.path)
        #expect(summary.files == spec.files.count)
        let tree = try readTree(out)
        for file in spec.files { #expect(tree[file.path] == file.contents, "we extracted \(file.path)") }
    }
}
