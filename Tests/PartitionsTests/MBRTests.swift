import Foundation
import Testing
import TestSupport
import CardIO
@testable import Partitions

@Suite struct MBRTests {
    static let script = """
        label: dos
        label-id: 0x12345678
        unit: sectors

        start=2048, size=4096, type=c, bootable
        start=6144, size=2048, type=7
        start=8192, size=20480, type=f
        start=10240, size=2048, type=c
        start=14336, size=2048, type=83
        start=18432, size=4096, type=e
        start=28672, size=4096, type=b

        """

    @Test(.requires("sfdisk"))
    func primariesAndLogicalsMatchSfdisk() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try ImageTools.sfdiskImage(in: dir, bytes: 16 << 20, script: Self.script)
        let scan = try PartitionScan.scan(try FileByteSource(path: path))
        #expect(scan.scheme == .mbr)
        #expect(scan.warnings.isEmpty, "\(scan.warnings)")
        #expect(scan.diskIdentifier == "0x12345678")

        let expected = try ImageTools.sfdiskJSON(path)
        #expect(expected.label == "dos")
        #expect(expected.id == scan.diskIdentifier)
        // sfdisk lists the extended container too; we keep it apart from the data partitions.
        let data = expected.partitions.filter { !["5", "f", "85"].contains($0.type) }
        #expect(scan.partitions.map(\.index) == data.compactMap(\.number))
        for (ours, theirs) in zip(scan.partitions, data) {
            #expect(ours.startSector == theirs.start)
            #expect(ours.sectorCount == theirs.size)
            #expect(ours.startByte == theirs.start * 512)
            #expect(ours.length == theirs.size * 512)
            #expect(ours.mbrType.map { String($0, radix: 16) } == theirs.type)
            #expect(ours.bootable == (theirs.bootable ?? false))
            #expect(ours.extendsPastEnd == false)
        }
        #expect(scan.partitions.map(\.role) == [.primary, .primary, .primary, .logical, .logical, .logical])
        #expect(scan.partition(number: 1)?.typeDescription == "0x0C FAT32 LBA")
        #expect(scan.partition(number: 4)?.typeDescription == "0x0B FAT32")
        #expect(scan.partition(number: 7)?.typeDescription == "0x0E FAT16 LBA")
        #expect(scan.partition(number: 3) == nil)
        let ext = try #require(scan.extendedPartition)
        #expect(ext.startSector == 8192 && ext.sectorCount == 20480 && ext.mbrType == 0x0F)
    }

    @Test(.requires("sfdisk", "mmls"))
    func matchesMmls() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try ImageTools.sfdiskImage(in: dir, bytes: 16 << 20, script: Self.script)
        let scan = try PartitionScan.scan(try FileByteSource(path: path))
        let theirs = try ImageTools.mmlsPartitions(path)
        let ours = scan.partitions.map { ($0.startSector, $0.sectorCount) }
        #expect(theirs.map { "\($0.start)+\($0.length)" }.sorted() == ours.map { "\($0.0)+\($0.1)" }.sorted())
    }

    @Test(.requires("sfdisk"))
    func linuxExtendedType85IsWalked() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try ImageTools.sfdiskImage(in: dir, bytes: 8 << 20, script: """
            label: dos
            start=2048, size=8192, type=85
            start=4096, size=2048, type=c

            """)
        let scan = try PartitionScan.scan(try FileByteSource(path: path))
        #expect(scan.partitions.map(\.index) == [5])
        #expect(scan.partitions.first?.startSector == 4096)
        #expect(scan.extendedPartition?.mbrType == 0x85)
    }

    /// An image whose extended partition at sector 100 holds EBRs at 100 and 200; `link` is the
    /// second EBR's link entry (start relative to sector 100).
    static func chainImage(link: UInt32?, sectors: Int = 400) -> [UInt8] {
        var image = [UInt8](repeating: 0, count: sectors * 512)
        ImageTools.put(&image, sector: 0, ImageTools.mbrSector([(0, 0x0C, 10, 50), (0, 0x0F, 100, 250)]))
        ImageTools.put(&image, sector: 100, ImageTools.mbrSector([(0, 0x0C, 10, 20), (0, 0x05, 100, 50)]))
        var second: [(boot: UInt8, type: UInt8, start: UInt32, size: UInt32)] = [(0, 0x83, 10, 20)]
        if let link { second.append((0, 0x05, link, 50)) }
        ImageTools.put(&image, sector: 200, ImageTools.mbrSector(second))
        return image
    }

    @Test func handMadeChainIsRead() throws {
        let scan = try PartitionScan.scan(MemoryByteSource(Self.chainImage(link: nil)))
        #expect(scan.warnings.isEmpty, "\(scan.warnings)")
        #expect(scan.partitions.map(\.index) == [1, 5, 6])
        #expect(scan.partitions.map(\.startSector) == [10, 110, 210])
    }

    @Test(.timeLimit(.minutes(1))) func chainThatLoopsEndsWithAWarning() throws {
        // The second EBR links back to the first (relative start 0 = sector 100).
        let scan = try PartitionScan.scan(MemoryByteSource(Self.chainImage(link: 0)))
        #expect(scan.partitions.map(\.index) == [1, 5, 6])
        #expect(scan.warnings.contains { $0.contains("loops back") }, "\(scan.warnings)")
        // A self-loop too.
        let selfLoop = try PartitionScan.scan(MemoryByteSource(Self.chainImage(link: 100)))
        #expect(selfLoop.warnings.contains { $0.contains("loops back") })
    }

    @Test func chainLeavingTheExtendedPartitionStops() throws {
        let scan = try PartitionScan.scan(MemoryByteSource(Self.chainImage(link: 5000)))
        #expect(scan.partitions.map(\.index) == [1, 5, 6])
        #expect(scan.warnings.contains { $0.contains("outside the extended partition") })
    }

    @Test func longChainIsCapped() throws {
        // 300 EBRs, each holding one logical partition and linking to the next.
        let sectors = 100 + 300 * 2 + 10
        var image = [UInt8](repeating: 0, count: sectors * 512)
        ImageTools.put(&image, sector: 0, ImageTools.mbrSector([(0, 0x0F, 100, UInt32(sectors - 100))]))
        for i in 0..<300 {
            ImageTools.put(&image, sector: 100 + 2 * i,
                           ImageTools.mbrSector([(0, 0x0C, 1, 1), (0, 0x05, UInt32(2 * (i + 1)), 2)]))
        }
        let scan = try PartitionScan.scan(MemoryByteSource(image))
        #expect(scan.partitions.count == ExtendedBootRecordChain.maxLogicalPartitions)
        #expect(scan.warnings.contains { $0.contains("more than 128 logical partitions") })
    }

    @Test func partitionPastTheEndIsFlagged() throws {
        var image = [UInt8](repeating: 0, count: 64 * 512)
        ImageTools.put(&image, sector: 0, ImageTools.mbrSector([(0x80, 0x0C, 8, 40), (0, 0x0C, 48, 100), (0, 0x07, 1000, 8)]))
        let scan = try PartitionScan.scan(MemoryByteSource(image))
        #expect(scan.partitions.map(\.index) == [1, 2, 3])
        #expect(scan.partitions.map(\.extendsPastEnd) == [false, true, true])
        #expect(scan.partitions[1].availableLength == 16 * 512)
        #expect(scan.partitions[2].availableLength == 0)
        #expect(scan.warnings.contains { $0.contains("partition 2 ends at byte") })
        #expect(scan.warnings.contains { $0.contains("partition 3 starts at byte") })
        let slice = try scan.partitions[1].slice(of: MemoryByteSource(image))
        #expect(slice.size == 16 * 512)
        #expect(throws: CardIOError.self) { try scan.partitions[2].slice(of: MemoryByteSource(image)) }
    }

    @Test func overlappingPartitionsAreReported() throws {
        var image = [UInt8](repeating: 0, count: 200 * 512)
        ImageTools.put(&image, sector: 0, ImageTools.mbrSector([(0, 0x0C, 8, 100), (0, 0x0C, 50, 100)]))
        let scan = try PartitionScan.scan(MemoryByteSource(image))
        #expect(scan.warnings.contains("partitions 1 and 2 overlap"))
    }

    @Test func invalidBootIndicatorIsNotAnMBR() throws {
        var sector = ImageTools.mbrSector([(0x80, 0x0C, 8, 100)])
        sector[446 + 16] = 0x12
        #expect(throws: PartitionError.self) { try PartitionScan.scan(MemoryByteSource(sector + [UInt8](repeating: 0, count: 4096))) }
        do {
            _ = try PartitionScan.scan(MemoryByteSource(sector))
        } catch let error as PartitionError {
            #expect(error.description.contains("entry 2 has boot indicator 0x12"))
        }
    }

    @Test func emptyMBRSaysSo() throws {
        let scan = try PartitionScan.scan(MemoryByteSource(ImageTools.mbrSector([]) + [UInt8](repeating: 0, count: 512)))
        #expect(scan.scheme == .mbr)
        #expect(scan.partitions.isEmpty)
        #expect(scan.warnings == ["the MBR lists no partitions"])
    }

    @Test func truncatedImagesGiveOneClearError() throws {
        let image = Self.chainImage(link: nil)
        #expect(throws: PartitionError.sourceTooSmall(source: "memory", size: 300)) {
            try PartitionScan.scan(MemoryByteSource(Array(image.prefix(300))))
        }
        // Cut inside the extended partition: the primaries and what precedes the cut remain.
        let cut = try PartitionScan.scan(MemoryByteSource(Array(image.prefix(150 * 512))))
        #expect(cut.partitions.map(\.index) == [1, 5])
        #expect(cut.warnings.contains { $0.contains("cannot be read") })
        #expect(cut.partitions.last?.extendsPastEnd == false)
    }

    @Test func blankSectorZeroIsUnrecognised() {
        #expect(throws: PartitionError.unrecognised(source: "memory")) {
            try PartitionScan.scan(MemoryByteSource([UInt8](repeating: 0, count: 8192)))
        }
    }

    @Test func unreadableEBRIsAWarning() throws {
        let faulty = FaultyByteSource(MemoryByteSource(Self.chainImage(link: nil)), badSectors: [200])
        let scan = try PartitionScan.scan(faulty)
        #expect(scan.partitions.map(\.index) == [1, 5])
        #expect(scan.warnings.contains { $0.contains("EBR at sector 200 cannot be read") })
    }
}
