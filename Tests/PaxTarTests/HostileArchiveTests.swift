import Foundation
import Testing
import TestSupport
@testable import PaxTar

/// Hostile archives, built with python3's tarfile or by hand: each must be refused with a
/// `TarError`, and nothing may appear outside the destination.
@Suite(.timeLimit(.minutes(1))) struct HostileArchiveTests {
    /// Builds the archive `kind` at argv[2]; `outside` (argv[3]) is a folder beside the
    /// destination that an escape would write into.
    static let script = #"""
import io, sys, tarfile
kind, out, outside = sys.argv[1], sys.argv[2], sys.argv[3]
fmt = tarfile.PAX_FORMAT
def add_file(t, name, data=b"evil"):
    info = tarfile.TarInfo(name); info.size = len(data); t.addfile(info, io.BytesIO(data))
with tarfile.open(out, "w", format=fmt) as t:
    if kind == "dotdot":
        add_file(t, "ok.txt"); add_file(t, "../escaped.txt")
    elif kind == "dotdot-deep":
        add_file(t, "a/b/../../../escaped.txt")
    elif kind == "absolute":
        add_file(t, outside + "/absolute.txt")
    elif kind == "symlink-then-file":
        info = tarfile.TarInfo("link"); info.type = tarfile.SYMTYPE; info.linkname = outside; t.addfile(info)
        add_file(t, "link/through.txt")
    elif kind == "symlink-dir-dotdot":
        info = tarfile.TarInfo("up"); info.type = tarfile.SYMTYPE; info.linkname = ".."; t.addfile(info)
        add_file(t, "up/through.txt")
    elif kind == "hardlink":
        info = tarfile.TarInfo("hard"); info.type = tarfile.LNKTYPE; info.linkname = outside + "/target"; t.addfile(info)
    elif kind == "device":
        info = tarfile.TarInfo("dev"); info.type = tarfile.CHRTYPE; info.devmajor = 1; info.devminor = 3; t.addfile(info)
    elif kind == "fifo":
        info = tarfile.TarInfo("fifo"); info.type = tarfile.FIFOTYPE; t.addfile(info)
    elif kind == "duplicate":
        add_file(t, "same.txt", b"first"); add_file(t, "same.txt", b"second")
    elif kind == "file-then-dir":
        add_file(t, "x"); info = tarfile.TarInfo("x"); info.type = tarfile.DIRTYPE; t.addfile(info)
    elif kind == "pax-path-escape":
        info = tarfile.TarInfo("innocent.txt"); info.pax_headers = {"path": "../paxescaped.txt"}; data = b"evil"
        info.size = len(data); t.addfile(info, io.BytesIO(data))
    elif kind == "plain":
        add_file(t, "dir/a.txt", b"a" * 1000); add_file(t, "b.txt", b"b" * 10)
"""#

    static func build(_ kind: String, in tmp: TemporaryDirectory) throws -> String {
        let archive = tmp.path("\(kind).tar")
        let r = try runProcess(["python3", "-c", script, kind, archive, tmp.path("outside")])
        guard r.status == 0 else { throw TarError(.io, "python3 failed: \(r.stderrText)") }
        return archive
    }

    /// Extracts into tmp/dest; expects a TarError; checks tmp/outside stayed empty and nothing
    /// else appeared beside dest.
    static func expectRefused(_ archive: String, _ tmp: TemporaryDirectory, kind: TarError.Kind? = nil,
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        let dest = tmp.path("dest")
        try FileManager.default.createDirectory(atPath: dest, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: tmp.path("outside"), withIntermediateDirectories: true)
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path))
        do {
            try extractArchive(archive, into: dest)
            Issue.record("\(archive) was extracted, should be refused", sourceLocation: sourceLocation)
        } catch let error as TarError {
            if let kind { #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation) }
            #expect(!error.description.isEmpty)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path("outside")).isEmpty,
                "something was written outside", sourceLocation: sourceLocation)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path)) == before, sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: tmp.url.deletingLastPathComponent().appendingPathComponent("escaped.txt").path))
    }

    @Test(.requires("python3"), arguments: [
        ("dotdot", TarError.Kind.unsafePath), ("dotdot-deep", .unsafePath), ("absolute", .unsafePath),
        ("symlink-then-file", .refusedType), ("symlink-dir-dotdot", .refusedType), ("hardlink", .refusedType),
        ("device", .refusedType), ("fifo", .refusedType), ("duplicate", .duplicate), ("file-then-dir", .duplicate),
        ("pax-path-escape", .unsafePath),
    ])
    func refused(kind: String, expected: TarError.Kind) throws {
        let tmp = try TemporaryDirectory("paxtar-hostile")
        defer { tmp.remove() }
        try Self.expectRefused(try Self.build(kind, in: tmp), tmp, kind: expected)
    }

    /// A symlink already inside the destination (planted by an earlier step) is not followed.
    @Test(.requires("python3"))
    func preexistingSymlinkInDestinationIsNotFollowed() throws {
        let tmp = try TemporaryDirectory("paxtar-hostile")
        defer { tmp.remove() }
        let archive = try Self.build("plain", in: tmp)
        let dest = tmp.path("dest")
        try FileManager.default.createDirectory(atPath: dest, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: tmp.path("outside"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dest + "/dir", withDestinationPath: tmp.path("outside"))
        #expect(throws: TarError.self) { try extractArchive(archive, into: dest) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path("outside")).isEmpty)
    }

    @Test(.requires("python3"))
    func truncatedArchivesAreRefused() throws {
        let tmp = try TemporaryDirectory("paxtar-hostile")
        defer { tmp.remove() }
        let full = Array(try Data(contentsOf: URL(fileURLWithPath: try Self.build("plain", in: tmp))))
        // python3 writes: header, 1024 content bytes, header, 512 (padded) bytes, two zero blocks,
        // zero padding to 10240. Cut inside a header, inside content, at each entry boundary
        // (no end blocks) and after a single zero block.
        #expect(full.count >= 3584)
        for cut in [100, 812, 1536, 2560, 3072] {
            let path = tmp.path("cut-\(cut).tar")
            try Data(full[0..<cut]).write(to: URL(fileURLWithPath: path))
            try Self.expectRefused(path, tmp)
            try? FileManager.default.removeItem(atPath: tmp.path("dest"))
        }
    }

    @Test func badChecksumIsRefused() throws {
        let tmp = try TemporaryDirectory("paxtar-hostile")
        defer { tmp.remove() }
        let buffer = MemoryTarBuffer()
        let writer = PaxWriter(sink: buffer)
        try writer.addFile(path: "a.txt", contents: Array("hello".utf8))
        try writer.finish()
        var bytes = buffer.bytes
        bytes[0] ^= 0x01  // name changes, checksum does not
        let path = tmp.path("bad.tar")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try Self.expectRefused(path, tmp, kind: .badChecksum)
    }

    /// Hand-made pax headers whose record lengths lie.
    @Test(arguments: ["99 path=a\n", "5 path=a\n", "x path=a\n", "9 patha\n", "10 path=a", "0 =\n"])
    func badPaxRecordsAreRefused(record: String) throws {
        let tmp = try TemporaryDirectory("paxtar-hostile")
        defer { tmp.remove() }
        let content = Array(record.utf8)
        var archive = UstarHeader.make(name: Array("PaxHeaders/a".utf8), mode: 0o644, size: UInt64(content.count), mtime: 0,
                                       typeflag: UstarHeader.TypeFlag.paxExtended).bytes
        archive += content + [UInt8](repeating: 0, count: 512 - content.count)
        archive += UstarHeader.make(name: Array("a".utf8), mode: 0o644, size: 0, mtime: 0, typeflag: UstarHeader.TypeFlag.regular).bytes
        archive += [UInt8](repeating: 0, count: 1024)
        let path = tmp.path("pax.tar")
        try Data(archive).write(to: URL(fileURLWithPath: path))
        try Self.expectRefused(path, tmp, kind: .badPaxHeader)
    }

    @Test func oversizedHeadersAndSizesAreRefused() throws {
        let tmp = try TemporaryDirectory("paxtar-hostile")
        defer { tmp.remove() }
        // A pax header claiming 2 GiB: over the header limit, refused before reading it.
        var archive = UstarHeader.make(name: Array("PaxHeaders/a".utf8), mode: 0o644, size: 2 << 30, mtime: 0,
                                       typeflag: UstarHeader.TypeFlag.paxExtended).bytes
        archive += [UInt8](repeating: 0, count: 1024)
        let path = tmp.path("big.tar")
        try Data(archive).write(to: URL(fileURLWithPath: path))
        try Self.expectRefused(path, tmp, kind: .limit)

        // A file claiming a size far beyond the archive: truncated, not a hang or a trap.
        var huge = UstarHeader.make(name: Array("f".utf8), mode: 0o644, size: 0, mtime: 0, typeflag: UstarHeader.TypeFlag.regular)
        huge.putBase256(UInt64(Int64.max), 124..<136)
        huge.sealChecksum()
        let path2 = tmp.path("huge.tar")
        try Data(huge.bytes + [UInt8](repeating: 0, count: 1024)).write(to: URL(fileURLWithPath: path2))
        try? FileManager.default.removeItem(atPath: tmp.path("dest"))
        try Self.expectRefused(path2, tmp, kind: .truncated)
    }

    /// Random byte flips in a valid archive: an error or a successful extraction, never a crash,
    /// and never a write outside the destination.
    @Test func mutatedArchivesNeverEscape() throws {
        let tmp = try TemporaryDirectory("paxtar-fuzz")
        defer { tmp.remove() }
        var g = SplitMix64(seed: 42)
        let spec = TreeSpec.random(&g, count: 4)
        let original = tmp.path("orig.tar")
        try writeArchive(spec, to: original)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: original)))
        try FileManager.default.createDirectory(atPath: tmp.path("outside"), withIntermediateDirectories: true)
        for round in 0..<200 {
            var mutated = bytes
            for _ in 0..<Int.random(in: 1...8, using: &g) {
                // Bias towards headers, where the parsing is.
                let block = Int.random(in: 0..<(mutated.count / 512), using: &g)
                let offset = block * 512 + Int.random(in: 0..<512, using: &g)
                mutated[offset] = UInt8.random(in: 0...255, using: &g)
            }
            if round % 3 == 0 { mutated = Array(mutated.prefix(Int.random(in: 0..<mutated.count, using: &g))) }
            let dest = tmp.path("d\(round)")
            try FileManager.default.createDirectory(atPath: dest, withIntermediateDirectories: false)
            _ = try? SafeExtractor(destination: dest, sync: false).extract(from: MemoryTarBuffer(mutated))
            try? FileManager.default.removeItem(atPath: dest)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path("outside")).isEmpty)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path))
        #expect(left == ["orig.tar", "outside"])
    }
}
