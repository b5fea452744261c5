import Foundation
import Testing
import TestSupport
import CardIO
@testable import Partitions

@Suite struct GPTTests {
    static let script = """
        label: gpt
        label-id: 6F2A1E3C-5B4D-4E8F-9A0B-1C2D3E4F5A6B
        unit: sectors

        start=2048, size=4096, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, name="CAM A"
        start=6144, size=2048, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B
        start=10240, size=2048, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name="Caméra ☃", attrs="LegacyBIOSBootable"

        """
    static let imageBytes: UInt64 = 8 << 20
    static let lastLBA = Int(imageBytes / 512) - 1
    static let primaryHeader = 512
    static let backupHeader = lastLBA * 512

    /// The sfdisk-made image as bytes, for damaging in memory.
    static func image() throws -> [UInt8] {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        return try ImageTools.read(ImageTools.sfdiskImage(in: dir, bytes: imageBytes, script: script))
    }

    @Test(.requires("sfdisk"))
    func partitionsMatchSfdisk() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try ImageTools.sfdiskImage(in: dir, bytes: Self.imageBytes, script: Self.script)
        let scan = try PartitionScan.scan(try FileByteSource(path: path))
        #expect(scan.scheme == .gpt)
        #expect(scan.sectorSize == 512)
        #expect(scan.warnings.isEmpty, "\(scan.warnings)")

        let expected = try ImageTools.sfdiskJSON(path)
        #expect(expected.label == "gpt")
        #expect(scan.diskIdentifier == expected.id)
        #expect(scan.partitions.map(\.index) == expected.partitions.compactMap(\.number))
        for (ours, theirs) in zip(scan.partitions, expected.partitions) {
            #expect(ours.startSector == theirs.start)
            #expect(ours.sectorCount == theirs.size)
            #expect(ours.startByte == theirs.start * 512)
            #expect(ours.length == theirs.size * 512)
            #expect(ours.typeGUID == theirs.type)
            #expect(ours.uniqueGUID == theirs.uuid)
            #expect(ours.name == theirs.name)
            #expect(ours.role == .gpt)
        }
        #expect(scan.partitions.map(\.typeDescription) == ["Microsoft basic data", "EFI System", "Linux filesystem"])
        #expect(scan.partitions.map(\.bootable) == [false, false, true])
        #expect(scan.partitions[2].attributes == 1 << 2)
    }

    @Test(.requires("sfdisk", "mmls"))
    func partitionsMatchMmls() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try ImageTools.sfdiskImage(in: dir, bytes: Self.imageBytes, script: Self.script)
        let scan = try PartitionScan.scan(try FileByteSource(path: path))
        let theirs = try ImageTools.mmlsPartitions(path)
        #expect(theirs.map { "\($0.start)+\($0.length)" } == scan.partitions.map { "\($0.startSector)+\($0.sectorCount)" })
        #expect(theirs.first?.description == "CAM A")
    }

    @Test(.requires("sfdisk"))
    func badPrimaryHeaderCRCUsesTheBackup() throws {
        var image = try Self.image()
        let good = try PartitionScan.scan(MemoryByteSource(image))
        image[Self.primaryHeader + 40] ^= 0x01  // FirstUsableLBA, CRC left stale
        let scan = try PartitionScan.scan(MemoryByteSource(image))
        #expect(scan.partitions == good.partitions)
        #expect(scan.warnings.count == 1)
        #expect(scan.warnings.first?.contains("primary GPT header is unusable (header CRC32 mismatch") == true)
        #expect(scan.warnings.first?.contains("using the backup header at LBA \(Self.lastLBA)") == true)
    }

    @Test(.requires("sfdisk"))
    func badEntryArrayCRCUsesTheBackup() throws {
        var image = try Self.image()
        let good = try PartitionScan.scan(MemoryByteSource(image))
        image[2 * 512 + 56] = UInt8(ascii: "X")  // first entry's name, CRC left stale
        let scan = try PartitionScan.scan(MemoryByteSource(image))
        #expect(scan.partitions == good.partitions)
        #expect(scan.warnings.contains { $0.contains("partition entry array CRC32 mismatch") })
    }

    @Test(.requires("sfdisk"))
    func backupThatDisagreesIsReportedNotUsed() throws {
        var image = try Self.image()
        let good = try PartitionScan.scan(MemoryByteSource(image))
        // Rename the first partition in the backup array and change LastUsableLBA, with valid CRCs.
        let backupArrayLBA = Int(ImageTools.le64(image, Self.backupHeader + 72))
        image[backupArrayLBA * 512 + 56] = UInt8(ascii: "Z")
        ImageTools.putLE64(&image, Self.backupHeader + 48, ImageTools.le64(image, Self.backupHeader + 48) - 1)
        ImageTools.fixEntryArrayCRC(&image, headerOffset: Self.backupHeader)
        let scan = try PartitionScan.scan(MemoryByteSource(image))
        #expect(scan.partitions == good.partitions)
        #expect(scan.partitions.first?.name == "CAM A")
        #expect(scan.warnings.contains { $0.contains("disagrees with the primary: LastUsableLBA") })
        #expect(scan.warnings.contains { $0.contains("backup GPT partition entry array differs") })
    }

    @Test(.requires("sfdisk"))
    func entryCountOverflowIsRefused() throws {
        var image = try Self.image()
        for header in [Self.primaryHeader, Self.backupHeader] {
            ImageTools.putLE32(&image, header + 80, 0xFFFF_FFFF)
            ImageTools.fixHeaderCRC(&image, headerOffset: header)
        }
        #expect {
            try PartitionScan.scan(MemoryByteSource(image))
        } throws: { error in
            guard let e = error as? PartitionError, case .unreadableGPT = e else { return false }
            return e.description.contains("4294967295 × 128 bytes exceeds")
        }
        // Only the primary damaged: the backup is used.
        var one = try Self.image()
        ImageTools.putLE32(&one, Self.primaryHeader + 80, 0xFFFF_FFFF)
        ImageTools.fixHeaderCRC(&one, headerOffset: Self.primaryHeader)
        let scan = try PartitionScan.scan(MemoryByteSource(one))
        #expect(scan.partitions.count == 3)
        #expect(scan.warnings.first?.contains("exceeds") == true)
    }

    @Test(.requires("sfdisk"), arguments: [UInt32(64), 0, 127, 136, 384])
    func entrySizeNot128TimesPowerOfTwoIsRefused(size: UInt32) throws {
        var image = try Self.image()
        ImageTools.putLE32(&image, Self.primaryHeader + 84, size)
        ImageTools.fixHeaderCRC(&image, headerOffset: Self.primaryHeader)
        let scan = try PartitionScan.scan(MemoryByteSource(image))
        #expect(scan.partitions.count == 3)
        #expect(scan.warnings.first?.contains("SizeOfPartitionEntry \(size) is not 128·2^n") == true)
    }

    @Test(.requires("sfdisk"))
    func bothHeadersBadIsOneClearError() throws {
        var image = try Self.image()
        image[Self.primaryHeader + 40] ^= 1
        image[Self.backupHeader + 40] ^= 1
        #expect {
            try PartitionScan.scan(MemoryByteSource(image))
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("memory: GPT is unreadable: primary: header CRC32 mismatch")
                && text.contains("backup: header CRC32 mismatch")
        }
    }

    @Test(.requires("sfdisk"))
    func truncatedImageGivesAPartialResult() throws {
        let image = try Self.image()
        // 5 MiB of 8: partition 1 whole, 2 cut, 3 beyond; the backup header is gone.
        let cut = try PartitionScan.scan(MemoryByteSource(Array(image.prefix(5 << 20))))
        #expect(cut.partitions.map(\.extendsPastEnd) == [false, false, true])
        #expect(cut.warnings.contains { $0.contains("backup at LBA \(Self.lastLBA), but the source's last LBA is 10239") })
        #expect(cut.warnings.contains { $0.contains("the backup GPT header is unusable") })
        #expect(cut.warnings.contains { $0.contains("partition 3 starts at byte") })
        // Cut inside the primary entry array: nothing usable, one error.
        #expect(throws: PartitionError.self) { try PartitionScan.scan(MemoryByteSource(Array(image.prefix(3 * 512)))) }
        #expect(throws: PartitionError.self) { try PartitionScan.scan(MemoryByteSource(Array(image.prefix(700)))) }
    }

    @Test(.requires("sfdisk"))
    func missingProtectiveMBRAndHybridMBRAreReported() throws {
        var image = try Self.image()
        let good = try PartitionScan.scan(MemoryByteSource(image))
        var blank = image
        blank.replaceSubrange(0..<512, with: [UInt8](repeating: 0, count: 512))
        let noPMBR = try PartitionScan.scan(MemoryByteSource(blank))
        #expect(noPMBR.partitions == good.partitions)
        #expect(noPMBR.warnings.first?.contains("no protective MBR") == true)

        // A hybrid MBR: the protective entry plus a FAT entry.
        image[446 + 16 + 4] = 0x0C
        ImageTools.putLE32(&image, 446 + 16 + 8, 2048)
        ImageTools.putLE32(&image, 446 + 16 + 12, 4096)
        let hybrid = try PartitionScan.scan(MemoryByteSource(image))
        #expect(hybrid.scheme == .gpt)
        #expect(hybrid.warnings.first?.contains("hybrid") == true)

        // An MBR without a protective entry wins over a stale GPT, with a warning.
        image[446 + 4] = 0x0C
        let stale = try PartitionScan.scan(MemoryByteSource(image))
        #expect(stale.scheme == .mbr)
        #expect(stale.warnings.contains { $0.contains("MBR has no protective (0xEE) entry") })
    }

    @Test(.requires("sfdisk"))
    func entryOutsideUsableRangeOrBackwardsIsReported() throws {
        var image = try Self.image()
        // Entry 2 ends before it starts; entry 3 starts at LBA 1.
        ImageTools.putLE64(&image, 2 * 512 + 128 + 40, 100)
        ImageTools.putLE64(&image, 2 * 512 + 256 + 32, 1)
        ImageTools.fixEntryArrayCRC(&image, headerOffset: Self.primaryHeader)
        let backupArrayLBA = Int(ImageTools.le64(image, Self.backupHeader + 72))
        image.replaceSubrange((backupArrayLBA * 512)..<(backupArrayLBA * 512 + 16384), with: image[1024..<(1024 + 16384)])
        ImageTools.fixEntryArrayCRC(&image, headerOffset: Self.backupHeader)
        let scan = try PartitionScan.scan(MemoryByteSource(image))
        #expect(scan.partitions.map(\.index) == [1, 3])
        #expect(scan.warnings.contains("GPT entry 2 ends (LBA 100) before it starts (LBA 6144); skipped"))
        #expect(scan.warnings.contains { $0.hasPrefix("GPT entry 3 (LBA 1–12287) lies outside the usable LBAs") })
        #expect(scan.warnings.contains("partitions 3 and 1 overlap"))
    }

    /// A 4096-byte-sector GPT, made by sfdisk on a loop device with 4 KiB logical blocks.
    @Test(.enabled(if: getuid() == 0, "needs root"), .requires("sfdisk", "losetup"))
    func fourKiBSectorGPT() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("4k.img")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(count: 0)))
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try h.truncate(atOffset: 8 << 20)
        try h.close()
        let attach = try runProcess(["losetup", "-f", "--show", "-b", "4096", path])
        let loop = attach.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(attach.status == 0 && loop.hasPrefix("/dev/loop"), "losetup failed: \(attach.stderrText)")
        defer { _ = try? runProcess(["losetup", "-d", loop]) }
        let partitioned = try runProcess(["sfdisk", "-q", "--no-reread", "--no-tell-kernel", loop],
                                         stdin: Data("label: gpt\n\nstart=256, size=512, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, name=\"four k\"\n".utf8))
        let expected = try? ImageTools.sfdiskJSON(loop)
        try #require(partitioned.status == 0, "sfdisk failed: \(partitioned.stderrText)")

        let scan = try PartitionScan.scan(try FileByteSource(path: path))
        #expect(scan.scheme == .gpt)
        #expect(scan.sectorSize == 4096)
        #expect(scan.warnings.isEmpty, "\(scan.warnings)")
        let p = try #require(scan.partitions.first)
        #expect(p.startByte == 256 * 4096 && p.length == 512 * 4096 && p.name == "four k")
        #expect(expected?.sectorsize == 4096)
        #expect(expected?.partitions.first?.start == p.startSector)
        #expect(expected?.id == scan.diskIdentifier)
    }
}

extension GPTTests {
    @Test(.requires("sfdisk"))
    func manyBadEntriesGiveAShortReport() throws {
        var image = try Self.image()
        // All 128 entries describe the same range: 127 overlaps.
        let first = Array(image[1024..<(1024 + 128)])
        for i in 0..<128 { image.replaceSubrange((1024 + 128 * i)..<(1024 + 128 * (i + 1)), with: first) }
        ImageTools.fixEntryArrayCRC(&image, headerOffset: Self.primaryHeader)
        let scan = try PartitionScan.scan(MemoryByteSource(image))
        #expect(scan.partitions.count == 128)
        #expect(scan.warnings.count == PartitionScan.maxWarnings + 1)
        #expect(scan.warnings.last?.hasSuffix("more warnings not shown") == true)
    }

    @Test(.requires("sfdisk"))
    func oddRevisionAndMisplacedArrayAreWarnings() throws {
        var image = try Self.image()
        ImageTools.putLE32(&image, Self.primaryHeader + 8, 0x0002_0000)
        ImageTools.putLE64(&image, Self.primaryHeader + 40, 10)  // FirstUsableLBA inside the array
        ImageTools.fixHeaderCRC(&image, headerOffset: Self.primaryHeader)
        let scan = try PartitionScan.scan(MemoryByteSource(image))
        #expect(scan.partitions.count == 3)
        #expect(scan.warnings.contains { $0.contains("revision 0x00020000") })
        #expect(scan.warnings.contains { $0.contains("entry array (LBA 2, 32 sectors) lies inside the usable LBAs 10") })
        #expect(scan.warnings.contains { $0.contains("disagrees with the primary: FirstUsableLBA") })
    }
}
