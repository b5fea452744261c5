import Foundation
import Testing
import TestSupport
import CardIO
import CardFileSystem
@testable import FAT

/// Builds FAT images with dosfstools and mtools, and reads them with The Sleuth Kit.
enum FATTools {
    /// What building images needs (dosfstools, mtools), and what reading them with TSK needs.
    static let mtools = ["mkfs.vfat", "mcopy", "mmd", "mdel", "mdeltree"]
    static let sleuthKit = ["fls", "icat"]

    /// mtools refuses odd geometries without this, and needs a UTF-8 locale for Japanese names.
    static let mtoolsEnv = ["MTOOLS_SKIP_CHECK": "1", "LC_ALL": "C.UTF-8"]

    @discardableResult
    static func run(_ argv: [String], env: [String: String] = [:]) throws -> ProcessResult {
        var argv = argv
        if let full = TestEnvironment.which(argv[0]) { argv[0] = full }
        let r = try runProcess(argv, environment: env)
        if r.status != 0 {
            throw ToolFailure(message: "\(argv.joined(separator: " ")) exited \(r.status): \(r.stderrText)")
        }
        return r
    }

    struct ToolFailure: Error, CustomStringConvertible { var message: String; var description: String { message } }

    /// `mkfs.vfat -C` with a fixed serial so images are reproducible.
    static func mkfs(_ path: String, fatBits: Int, kilobytes: Int, extra: [String] = []) throws {
        try run(["mkfs.vfat", "-C", "-F", "\(fatBits)", "-i", "1234ABCD", "-n", "CAMERA"] + extra + [path, "\(kilobytes)"])
    }

    static func mmd(_ image: String, _ dirs: String...) throws {
        try run(["mmd", "-i", image] + dirs.map { "::/" + $0 }, env: mtoolsEnv)
    }

    static func mcopy(_ image: String, _ local: String, _ cardPath: String) throws {
        try run(["mcopy", "-i", image, local, "::/" + cardPath], env: mtoolsEnv)
    }

    static func mdel(_ image: String, _ cardPath: String) throws {
        try run(["mdel", "-i", image, "::/" + cardPath], env: mtoolsEnv)
    }

    /// One line of `fls -r -p -l`.
    struct FlsEntry {
        var inode: String
        var path: String
        var isDirectory: Bool
        var deleted: Bool
        var modified: String
        var accessed: String
        var created: String
        var size: UInt64
    }

    /// `fls -r -p -l -z UTC`, without TSK's virtual files and the volume-label entry.
    static func fls(_ image: String) throws -> [FlsEntry] {
        let out = try run(["fls", "-r", "-p", "-l", "-z", "UTC", image]).stdoutText
        var result: [FlsEntry] = []
        for line in out.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 7 else { continue }
            let head = fields[0]
            if head.hasPrefix("v/v") || head.hasPrefix("V/V") { continue }
            let path = fields[1]
            if path.hasSuffix("(Volume Label Entry)") || path.hasPrefix("$OrphanFiles") { continue }
            let deleted = head.contains("*")
            let inode = head.split(separator: " ").last.map { String($0.dropLast()) } ?? ""
            result.append(FlsEntry(inode: inode, path: path, isDirectory: head.hasPrefix("d/"), deleted: deleted,
                                   modified: fields[2], accessed: fields[3], created: fields[5],
                                   size: UInt64(fields[6]) ?? 0))
        }
        return result
    }

    static func icat(_ image: String, inode: String) throws -> Data {
        try run(["icat", image, inode]).stdout
    }
}

/// `YYYY-MM-DD HH:MM:SS (UTC)` as fls -z UTC prints FAT times; 0000-00-00 for none.
func tskTime(_ t: CardTimestamp?) -> String {
    guard let t else { return "0000-00-00 00:00:00 (UTC)" }
    return t.iso.replacingOccurrences(of: "T", with: " ") + " (UTC)"
}

/// SHA-256 through coreutils, so the test target needs no digest library.
func sha256(_ data: Data) throws -> String {
    let r = try runProcess([TestEnvironment.which("sha256sum") ?? "/usr/bin/sha256sum"], stdin: data)
    return String(r.stdoutText.prefix(64))
}

/// All of a file's bytes through its content plan and `ContentStream`.
func readAll(_ volume: FATVolume, _ entry: CardEntry) throws -> Data {
    let plan = try volume.contentPlan(for: entry)
    var out = Data()
    try ContentStream(source: volume.source, plan: plan).forEachChunk { out.append(contentsOf: $0) }
    return out
}

func open(_ path: String) throws -> FATVolume {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return try FATVolume(source: MemoryByteSource([UInt8](data), name: path))
}

/// Reproducible pseudo-random bytes (xorshift), so content and mutations are the same every run.
struct XorShift {
    var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
    mutating func next() -> UInt64 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state
    }
    mutating func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8(truncatingIfNeeded: next()) } }
}
