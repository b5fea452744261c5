import Foundation
import Testing
import TestSupport
import CardIO
@testable import Partitions

@Suite struct FileSystemSignatureTests {
    /// A sparse file of `bytes` bytes with `mkfs` run on it.
    static func formatted(_ dir: TemporaryDirectory, bytes: UInt64, _ mkfs: [String]) throws -> String {
        let path = dir.path("fs.img")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try h.truncate(atOffset: bytes)
        try h.close()
        let r = try runProcess(mkfs + [path])
        try #require(r.status == 0, "\(mkfs[0]) failed: \(r.stderrText)")
        return path
    }

    @Test(.requires("mkfs.ext4"))
    func ext4IsNamed() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let source = try FileByteSource(path: Self.formatted(dir, bytes: 4 << 20, ["mkfs.ext4", "-F", "-q"]))
        #expect(try FileSystemSignature.detect(source) == .ext)
        let scan = try PartitionScan.scan(source)
        #expect(scan.scheme == PartitionScheme.none)
        #expect(scan.wholeSourceFileSystem == .ext)
        #expect(FileSystemSignature.ext.notSupportedMessage == "ext2/3/4 filesystem: not supported yet")
    }

    @Test(.requires("mkfs.ntfs"))
    func ntfsIsNamed() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let source = try FileByteSource(path: Self.formatted(dir, bytes: 8 << 20, ["mkfs.ntfs", "-F", "-f", "-q"]))
        #expect(try FileSystemSignature.detect(source) == .ntfs)
        let scan = try PartitionScan.scan(source)
        #expect(scan.scheme == PartitionScheme.none)
        #expect(scan.wholeSourceFileSystem == .ntfs)
        #expect(scan.partitions.first?.typeDescription == "NTFS (whole card, no partition table)")
        #expect(FileSystemSignature.ntfs.notSupportedMessage == "NTFS filesystem: not supported yet")
    }

    /// Without ntfs-3g: a boot sector laid out as NTFS writes it (jump, OEM "NTFS    ", BPB with
    /// no reserved sectors and no FATs, 0x55AA).
    @Test func handMadeNTFSBootSectorIsNamed() throws {
        var sector = [UInt8](repeating: 0, count: 512)
        sector.replaceSubrange(0..<11, with: [0xEB, 0x52, 0x90] + Array("NTFS    ".utf8))
        sector[11] = 0x00; sector[12] = 0x02; sector[13] = 8
        sector[510] = 0x55; sector[511] = 0xAA
        #expect(FileSystemSignature.detect(bytes: sector) == .ntfs)
        #expect(try PartitionScan.scan(MemoryByteSource(sector)).wholeSourceFileSystem == .ntfs)
    }

    /// A whole-card FAT also ends sector 0 with 0x55AA; its boot code must not be read as an MBR.
    @Test(.requires("mkfs.fat"), arguments: ["12", "16", "32"])
    func wholeCardFATIsNotAnMBR(bits: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let source = try FileByteSource(path: Self.formatted(dir, bytes: 40 << 20, ["mkfs.fat", "-F", bits]))
        let sector0 = try source.read(at: 0, count: 512)
        #expect(sector0[510] == 0x55 && sector0[511] == 0xAA)
        let scan = try PartitionScan.scan(source)
        #expect(scan.scheme == PartitionScheme.none)
        #expect(scan.wholeSourceFileSystem == .fat)
        #expect(scan.partitions.count == 1)
        #expect(scan.partitions.first?.length == 40 << 20)
        #expect(scan.partitions.first?.index == 1)
    }

    @Test(.requires("mkfs.exfat"))
    func wholeCardExFAT() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let source = try FileByteSource(path: Self.formatted(dir, bytes: 8 << 20, ["mkfs.exfat"]))
        #expect(try FileSystemSignature.detect(source) == .exfat)
        #expect(try PartitionScan.scan(source).wholeSourceFileSystem == .exfat)
    }

    /// Several filesystems in one MBR: each partition's window is detected on its own.
    @Test(.requires("sfdisk", "mkfs.fat", "mkfs.ext4"))
    func filesystemsInsidePartitions() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try ImageTools.sfdiskImage(in: dir, bytes: 24 << 20, script: """
            label: dos
            start=2048, size=16384, type=c
            start=18432, size=8192, type=83
            start=26624, size=4096, type=7

            """)
        try #require(try runProcess(["mkfs.fat", "--offset", "2048", path, "8192"]).status == 0)
        try #require(try runProcess(["mkfs.ext4", "-F", "-q", "-E", "offset=\(18432 * 512)", path, "4M"]).status == 0)
        let source = try FileByteSource(path: path)
        let scan = try PartitionScan.scan(source)
        #expect(scan.scheme == .mbr)
        let found = try scan.partitions.map { try FileSystemSignature.detect($0.slice(of: source)) }
        #expect(found == [.fat, .ext, .unknown])
    }

    @Test func shortOrBlankInputIsUnknown() throws {
        #expect(try FileSystemSignature.detect(MemoryByteSource([])) == .unknown)
        #expect(try FileSystemSignature.detect(MemoryByteSource([0xEB, 0x3C, 0x90])) == .unknown)
        #expect(try FileSystemSignature.detect(MemoryByteSource([UInt8](repeating: 0, count: 8192))) == .unknown)
    }

    @Test(arguments: [
        // (bytes per sector, sectors per cluster, reserved, FAT count, expected)
        (UInt16(512), UInt8(8), UInt16(32), UInt8(2), true),
        (4096, 1, 1, 1, true),
        (256, 8, 32, 2, false),
        (512, 0, 32, 2, false),
        (512, 3, 32, 2, false),
        (512, 8, 0, 2, false),
        (512, 8, 32, 3, false),
    ])
    func fatBPBPlausibility(bytesPerSector: UInt16, sectorsPerCluster: UInt8, reserved: UInt16, fats: UInt8, expected: Bool) {
        var s = [UInt8](repeating: 0, count: 512)
        s[0] = 0xEB; s[1] = 0x58; s[2] = 0x90
        s[11] = UInt8(bytesPerSector & 0xFF); s[12] = UInt8(bytesPerSector >> 8)
        s[13] = sectorsPerCluster
        s[14] = UInt8(reserved & 0xFF); s[15] = UInt8(reserved >> 8)
        s[16] = fats
        #expect((FileSystemSignature.detect(bytes: s) == .fat) == expected)
        s[0] = 0x33  // no jump instruction: boot code of an MBR
        #expect(FileSystemSignature.detect(bytes: s) == .unknown)
    }
}
