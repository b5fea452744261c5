import Testing
import TestSupport
import Card
import CardFileSystem
import CardIO
@testable import Audit

/// A card as a list of files in memory, so the auditor's walk is tested without an image.
final class MemoryTree: FileTree {
    var files: [(entry: CardEntry, bytes: [UInt8])]
    var unreadable: Set<String> = []
    init(_ files: [(CardEntry, [UInt8])]) { self.files = files.map { (entry: $0.0, bytes: $0.1) } }

    func listing(includeDeleted: Bool) throws -> VolumeListing {
        VolumeListing(entries: files.map(\.entry).filter { includeDeleted || !$0.deleted })
    }

    func content(of entry: CardEntry) throws -> FileContent {
        if unreadable.contains(entry.path) { throw FileSystemError.corrupt(structure: "file data", reason: "test") }
        let bytes = files.first { $0.entry.path == entry.path }?.bytes ?? []
        let source = MemoryByteSource(bytes, name: entry.path)
        return FileContent(source: source, size: UInt64(bytes.count), plan: nil, warnings: []) { body in
            try bytes.withUnsafeBytes { try body($0) }
        }
    }

    static func file(_ path: String, _ text: String, deleted: Bool = false, modified: CardTimestamp? = nil) -> (CardEntry, [UInt8]) {
        let name = String(path.split(separator: "/").last ?? "")
        return (CardEntry(path: path, name: name, isDirectory: false, size: UInt64(text.utf8.count), modified: modified, deleted: deleted),
                Array(text.utf8))
    }

    static func folder(_ path: String) -> (CardEntry, [UInt8]) {
        (CardEntry(path: path, name: String(path.split(separator: "/").last ?? ""), isDirectory: true, size: 0), [])
    }
}

@Suite struct CardAuditorTests {
    @Test func theWalkFindsScriptsFirmwareAndDeletedFilesByName() throws {
        let tree = MemoryTree([
            MemoryTree.file("autorun_boot.sh", "#!/bin/sh\n/usr/sbin/dropbear -p 22\n"),
            MemoryTree.file("tools/run.sh", "echo not at the root\n"),
            MemoryTree.folder("hack"),
            MemoryTree.file("hack/busybox", "ELF"),
            MemoryTree.file("hack/start.sh", "telnetd &\n"),
            MemoryTree.file("firmware_v2.bin", String(repeating: "x", count: 100)),
            MemoryTree.file("version.txt", "\u{1}\u{2}FW 4.2.1 build 7\u{0}"),
            MemoryTree.file("old/config.ini", "[Wifi]\nap_ssid=a\nap_pw=0000\n", deleted: true),
            MemoryTree.file("DCIM/clip.mp4", String(repeating: "\u{0}", count: 10)),
            MemoryTree.file("notes.dat", "password=abc\n"),
        ])
        let live = try CardAuditor(tree: tree).run()
        #expect(live.complete)
        #expect(!live.findings.contains { $0.deleted })
        let scripts = live.findings.filter { $0.kind == .autorunScript }
        #expect(Set(scripts.map(\.path)) == ["autorun_boot.sh", "hack", "hack/start.sh"], "\(scripts.map(\.path))")
        #expect(scripts.first { $0.path == "autorun_boot.sh" }?.text("starts_servers") == "ssh")
        #expect(scripts.first { $0.path == "hack" }?.text("files") == "2")
        let firmware = live.findings.filter { $0.kind == .firmware }
        #expect(firmware.contains { $0.path == "firmware_v2.bin" && $0.advice == .firmwareFileOnCard })
        #expect(firmware.contains { $0.path == "version.txt" && $0.text("version") == "FW 4.2.1 build 7" })

        let all = try CardAuditor(tree: tree, includeDeleted: true).run()
        #expect(all.findings.contains { $0.deleted && $0.kind == .defaultPassword && $0.path == "old/config.ini" })
    }

    @Test func unreadableFilesAndTheReadCapAreProblemsNotErrors() throws {
        let tree = MemoryTree((0..<5).map { MemoryTree.file("c\($0).conf", "ssid=n\npsk=\"abcdefgh\($0)\"\n") })
        tree.unreadable = ["c1.conf"]
        let report = try CardAuditor(tree: tree, maxFilesRead: 3).run()
        #expect(report.problems.count == 3, "\(report.problems)")
        #expect(report.problems.contains { $0.hasPrefix("c1.conf: cannot be read") })
        #expect(report.filesExamined == 2)
        #expect(!report.complete)
        for p in report.problems { #expect(!p.contains("abcdefgh")) }
    }

    @Test func fileTimesAreComparedWithTheCamerasZone() throws {
        let settings = MemoryTree.file("Config/config.ini", "[TimeSet]\nTimeZone=9\nDaylight=1\n")
        func zone(_ offsets: [Int?]) throws -> AuditFinding {
            let clips = offsets.enumerated().map { i, o in
                MemoryTree.file("DCIM/\(i).mp4", "", modified: CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, utcOffsetMinutes: o))
            }
            return try #require(try CardAuditor(tree: MemoryTree([settings] + clips)).run().findings.first { $0.kind == .timeZone })
        }
        #expect(try zone([nil, nil]).text("file_times") == "no_zone_recorded")
        #expect(try zone([540, 540]).text("file_times") == "agree")
        let differ = try zone([540, 0, 60])
        #expect(differ.text("file_times") == "differ")
        #expect(differ.text("files_in_other_zone") == "2")
        #expect(differ.severity == .low)
        #expect(try zone([]).fact("summer_time") == .bool(true))
    }
}
