import Foundation
import Testing
import TestSupport
import CardIO
@testable import Partitions

/// Builds card images with util-linux `sfdisk` and damages them byte by byte for the tests.
enum ImageTools {
    /// A sparse file of `bytes` bytes partitioned by `sfdisk` from `script`.
    static func sfdiskImage(in dir: TemporaryDirectory, name: String = "card.img", bytes: UInt64, script: String) throws -> String {
        let path = dir.path(name)
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: bytes)
        try handle.close()
        let result = try runProcess(["sfdisk", "--no-reread", "--no-tell-kernel", "-q", path], stdin: Data(script.utf8))
        #expect(result.status == 0, "sfdisk failed: \(result.stderrText)")
        return path
    }

    /// One partition as `sfdisk --json` lists it.
    struct SfdiskPartition: Decodable {
        var node: String
        var start: UInt64
        var size: UInt64
        var type: String
        var bootable: Bool?
        var uuid: String?
        var name: String?
        /// The number at the end of the node name ("card.img5" → 5).
        var number: Int? { Int(String(node.reversed().prefix { $0.isNumber }.reversed())) }
    }

    struct SfdiskTable: Decodable {
        var label: String
        var id: String
        var sectorsize: Int?
        var partitions: [SfdiskPartition]
    }

    static func sfdiskJSON(_ path: String) throws -> SfdiskTable {
        struct Root: Decodable { var partitiontable: SfdiskTable }
        let result = try runProcess(["sfdisk", "--json", path])
        #expect(result.status == 0, "sfdisk --json failed: \(result.stderrText)")
        return try JSONDecoder().decode(Root.self, from: result.stdout).partitiontable
    }

    /// (start, length) in sectors of every data partition `mmls` lists (not Meta, not unallocated).
    static func mmlsPartitions(_ path: String) throws -> [(start: UInt64, length: UInt64, description: String)] {
        let result = try runProcess(["mmls", path])
        #expect(result.status == 0, "mmls failed: \(result.stderrText)")
        var out: [(UInt64, UInt64, String)] = []
        for line in result.stdoutText.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 5, fields[0].hasSuffix(":") || fields[0].allSatisfy(\.isNumber) else { continue }
            let slot = fields[1]
            guard slot != "Meta", !slot.hasPrefix("---"), let start = UInt64(fields[2]), let length = UInt64(fields[4]) else { continue }
            out.append((start, length, fields.dropFirst(5).joined(separator: " ")))
        }
        return out
    }

    static func read(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func putLE32(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt32) {
        for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
    }

    static func putLE64(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt64) {
        for i in 0..<8 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
    }

    static func le32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
    }

    static func le64(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }

    /// Recomputes the header CRC of the GPT header at byte `headerOffset` (as a tool that wrote a
    /// deliberately odd but self-consistent header would).
    static func fixHeaderCRC(_ bytes: inout [UInt8], headerOffset: Int) {
        let size = Int(le32(bytes, headerOffset + 12))
        putLE32(&bytes, headerOffset + 16, 0)
        putLE32(&bytes, headerOffset + 16, CRC32.checksum(bytes[headerOffset..<(headerOffset + size)]))
    }

    /// Recomputes the entry-array CRC in the header at `headerOffset`, then the header CRC.
    static func fixEntryArrayCRC(_ bytes: inout [UInt8], headerOffset: Int, sectorSize: Int = 512) {
        let lba = Int(le64(bytes, headerOffset + 72))
        let count = Int(le32(bytes, headerOffset + 80)), size = Int(le32(bytes, headerOffset + 84))
        let start = lba * sectorSize
        putLE32(&bytes, headerOffset + 88, CRC32.checksum(bytes[start..<(start + count * size)]))
        fixHeaderCRC(&bytes, headerOffset: headerOffset)
    }

    /// A 512-byte MBR sector with the given entries (boot, type, start, size) and 0x55AA.
    static func mbrSector(_ entries: [(boot: UInt8, type: UInt8, start: UInt32, size: UInt32)], diskSignature: UInt32 = 0xCAFE_F00D) -> [UInt8] {
        var s = [UInt8](repeating: 0, count: 512)
        putLE32(&s, 440, diskSignature)
        for (i, e) in entries.prefix(4).enumerated() {
            let o = 446 + 16 * i
            s[o] = e.boot
            s[o + 4] = e.type
            putLE32(&s, o + 8, e.start)
            putLE32(&s, o + 12, e.size)
        }
        s[510] = 0x55
        s[511] = 0xAA
        return s
    }

    /// Writes `sector` at 512-byte sector `lba` of `image`.
    static func put(_ image: inout [UInt8], sector lba: Int, _ sector: [UInt8]) {
        image.replaceSubrange((lba * 512)..<(lba * 512 + sector.count), with: sector)
    }
}
