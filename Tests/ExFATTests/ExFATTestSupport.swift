import CardFileSystem
import CardIO
import Foundation
import TestSupport
@testable import ExFAT

/// Shared helpers: the committed seed images, The Sleuth Kit as the independent oracle, and
/// byte patches that keep checksums right so a test reaches the invariant it means to break.
enum Fixtures {
    static let corpus = TestEnvironment.packageRoot.appendingPathComponent("Tests/Corpus/FuzzExFAT")

    /// seed-small.img: 128 KiB, 512-byte clusters, made by Tests/Corpus/make-exfat-seeds.sh
    /// (mkfs.exfat, then exfat-fuse wrote the files).
    static var seedSmallPath: String { corpus.appendingPathComponent("seed-small.img").path }

    static func seedSmall() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: seedSmallPath)))
    }

    static func open(_ bytes: [UInt8]) throws -> ExFATVolume {
        try ExFATVolume(source: MemoryByteSource(bytes, name: "test image"))
    }

    /// The whole content of a file through ContentStream.
    static func content(_ volume: ExFATVolume, _ entry: CardEntry) throws -> [UInt8] {
        let plan = try volume.contentPlan(for: entry)
        var out: [UInt8] = []
        try ContentStream(source: volume.source, plan: plan, chunkSize: 4096).forEachChunk { out += $0 }
        return out
    }

    /// `seq 1 N | head -c count`, as the seed script writes it.
    static func seq(_ n: Int, bytes: Int) -> [UInt8] {
        Array((1...n).map { "\($0)\n" }.joined().utf8.prefix(bytes))
    }
}

/// A line of `fls -r -p [-l]`, TSK's virtual files left out.
struct FLSEntry: Equatable {
    var path: String
    var inode: String
    var deleted: Bool
    var isDirectory: Bool
    /// `fls -l` only: modify time as TSK prints it, and size.
    var modified: String?
    var size: UInt64?
}

/// Finds external tools (by TestEnvironment's lookup) and runs them.
enum Tools {
    /// runProcess with the tool's full path.
    @discardableResult
    static func run(_ argv: [String], environment: [String: String] = [:], stdin: Data? = nil) throws -> ProcessResult {
        var argv = argv
        if let first = argv.first, !first.contains("/"), let full = TestEnvironment.which(first) { argv[0] = full }
        return try runProcess(argv, environment: environment, stdin: stdin)
    }
}

enum SleuthKit {
    static let tools = ["fls", "icat"]

    /// TSK's names for things that are not files: the bitmap, up-case table, boot sector,
    /// FATs, orphan folder and the label entry.
    static func isVirtual(_ path: String, type: String) -> Bool {
        if type.hasPrefix("v/v") || type.hasPrefix("V/V") { return true }
        if path.hasPrefix("$OrphanFiles") { return true }
        if ["$ALLOC_BITMAP", "$UPCASE_TABLE", "$MBR", "$FAT1", "$FAT2"].contains(path) { return true }
        return path.hasSuffix("(Volume Label Entry)")
    }

    static func fls(_ image: String, long: Bool = true) throws -> [FLSEntry] {
        let result = try Tools.run(["fls", "-r", "-p"] + (long ? ["-l"] : []) + [image], environment: ["TZ": "UTC"])
        var out: [FLSEntry] = []
        for line in result.stdoutText.split(separator: "\n") {
            guard let colon = line.range(of: ":\t") else { continue }
            let left = String(line[..<colon.lowerBound])
            let fields = line[colon.upperBound...].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard let path = fields.first else { continue }
            let type = String(left.prefix(3))
            if isVirtual(path, type: type) { continue }
            let inode = left.split(separator: " ").last.map(String.init) ?? ""
            var e = FLSEntry(path: path, inode: inode, deleted: left.contains("*"), isDirectory: type.hasPrefix("d"))
            if long && fields.count >= 6 {
                e.modified = fields[1]
                e.size = UInt64(fields[5])
            }
            out.append(e)
        }
        return out
    }

    static func icat(_ image: String, inode: String) throws -> [UInt8] {
        [UInt8](try Tools.run(["icat", image, inode]).stdout)
    }

    /// Our timestamp as TSK 4.11 prints exFAT times: wall-clock fields, UTC offset ignored, and
    /// the 10 ms increment added as a second only when it is above 100 (checked with patched
    /// images: 150 adds a second, exactly 100 does not, although §7.4.9 makes 100 one second).
    /// DOS seconds are even, so an odd second with no fraction is exactly that case.
    static func format(_ t: CardTimestamp?) -> String {
        guard var t else { return "0000-00-00 00:00:00 (UTC)" }
        if t.second % 2 == 1 && t.nanosecond == 0 { t.second -= 1 }
        func p(_ v: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(v).count)) + String(v) }
        return "\(p(t.year, 4))-\(p(t.month, 2))-\(p(t.day, 2)) \(p(t.hour, 2)):\(p(t.minute, 2)):\(p(t.second, 2)) (UTC)"
    }
}

/// Byte patches on an image, recomputing the checksums the patch breaks unless asked not to.
enum Patch {
    static func u16(_ b: inout [UInt8], _ at: Int, _ v: UInt16) {
        b[at] = UInt8(v & 0xFF); b[at + 1] = UInt8(v >> 8)
    }
    static func u32(_ b: inout [UInt8], _ at: Int, _ v: UInt32) {
        for i in 0..<4 { b[at + i] = UInt8(v >> (8 * UInt32(i)) & 0xFF) }
    }
    static func u64(_ b: inout [UInt8], _ at: Int, _ v: UInt64) {
        for i in 0..<8 { b[at + i] = UInt8(v >> (8 * UInt64(i)) & 0xFF) }
    }
    static func readU32(_ b: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(b[at + $1]) << (8 * UInt32($1)) }
    }

    /// Rewrites the main boot region's checksum sector (§3.4), independently of the reader.
    static func fixBootChecksum(_ b: inout [UInt8], bytesPerSector: Int = 512) {
        var sum: UInt32 = 0
        for i in 0..<(bytesPerSector * 11) where i != 106 && i != 107 && i != 112 {
            sum = (sum >> 1 | sum << 31) &+ UInt32(b[i])
        }
        for at in stride(from: bytesPerSector * 11, to: bytesPerSector * 12, by: 4) { u32(&b, at, sum) }
    }

    /// Rewrites the SetChecksum of the entry set starting at `offset` (§6.3.3).
    static func fixSetChecksum(_ b: inout [UInt8], setAt offset: Int) {
        let count = Int(b[offset + 1]) + 1
        var sum: UInt16 = 0
        for i in 0..<(count * 32) where i != 2 && i != 3 {
            var byte = b[offset + i]
            if i % 32 == 0 { byte |= 0x80 }
            sum = (sum >> 1 | sum << 15) &+ UInt16(byte)
        }
        u16(&b, offset + 2, sum)
    }

    /// Replaces a set's name (same number of File Name entries) and fixes its checksum.
    static func rename(_ b: inout [UInt8], setAt offset: Int, to units: [UInt16]) {
        let nameEntries = Int(b[offset + 1]) - 1
        precondition(units.count <= nameEntries * 15)
        b[offset + 32 + 3] = UInt8(units.count)
        for i in 0..<(nameEntries * 15) {
            let at = offset + 64 + (i / 15) * 32 + 2 + (i % 15) * 2
            u16(&b, at, i < units.count ? units[i] : 0)
        }
        fixSetChecksum(&b, setAt: offset)
    }
}

