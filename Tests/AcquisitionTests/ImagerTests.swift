import Testing
import Foundation
import TestSupport
import CardIO
import OpenSSL
@testable import Acquisition

@Suite struct ImagerTests {
    func pattern(_ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 9) } }

    @Test func imagesExactlyAndVerifies() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bytes = pattern(3 * 1024 * 1024 + 777)
        let out = dir.path("card.img")
        let options = AcquisitionOptions(output: out, algorithms: [.sha256, .md5], blockSize: 1 << 20)
        let result = try Imager(source: MemoryByteSource(bytes), options: options).run()
        #expect(result.complete && result.verified)
        #expect(result.outputs == [out])
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(bytes))
        #expect(result.hashes[.sha256] == (try Digest.hash(.sha256, bytes)).hex)
        #expect(result.hashes[.md5] == (try Digest.hash(.md5, bytes)).hex)
        #expect(!FileManager.default.fileExists(atPath: out + ".partial"))
    }

    @Test func neverOverwrites() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let out = dir.path("card.img")
        try Data("keep".utf8).write(to: URL(fileURLWithPath: out))
        let result = try Imager(source: MemoryByteSource(pattern(4096)), options: AcquisitionOptions(output: out)).run()
        #expect(!result.complete)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "keep")
    }

    @Test func splitPartsReadBackAsOneSource() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bytes = pattern(5000 * 512 + 100)
        let out = dir.path("card.img")
        let result = try Imager(source: MemoryByteSource(bytes), options: AcquisitionOptions(output: out, splitSize: 1 << 20, blockSize: 300 * 1024)).run()
        #expect(result.verified)
        #expect(result.outputs == [out + ".001", out + ".002", out + ".003"])
        let joined = try SourceOpener.open(out + ".001")
        #expect(joined.size == UInt64(bytes.count))
        #expect(try joined.read(at: 0, count: bytes.count) == bytes)
    }

    @Test(arguments: [Set<UInt64>([3]), [0, 1, 2, 100], [2047, 2048, 4095], []])
    func unreadableSectorsBecomeZerosAndAreMapped(bad: Set<UInt64>) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bytes = pattern(4096 * 512)
        let faulty = FaultyByteSource(MemoryByteSource(bytes), badSectors: bad)
        let out = dir.path("card.img")
        let result = try Imager(source: faulty, options: AcquisitionOptions(output: out, retries: 1, blockSize: 64 * 1024)).run()
        #expect(result.complete && result.verified)
        var expected = bytes
        for s in bad { for i in Int(s) * 512..<Int(s + 1) * 512 { expected[i] = 0 } }
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(expected))
        #expect(result.badSectors.sectorCount == UInt64(bad.count))
        var flattened: [UInt64] = []
        for r in result.badSectors.ranges { for s in r.firstSector..<(r.firstSector + r.count) { flattened.append(s) } }
        #expect(flattened == bad.sorted())
        // Each bad sector was tried 1 + retries times after the block read failed.
        #expect(result.hashes[.sha256] == (try Digest.hash(.sha256, expected)).hex)
    }

    @Test func noZeroFillStopsAndLeavesPartial() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let faulty = FaultyByteSource(MemoryByteSource(pattern(1 << 20)), badSectors: [1000])
        let out = dir.path("card.img")
        let result = try Imager(source: faulty, options: AcquisitionOptions(output: out, zeroFill: false, blockSize: 64 * 1024)).run()
        #expect(!result.complete)
        #expect(result.outputs == [out + ".partial"])
        #expect(FileManager.default.fileExists(atPath: out + ".partial"))
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(result.stopReason?.contains("512000") == true)
    }

    @Test func interruptionLeavesPartial() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let out = dir.path("card.img")
        let imager = Imager(source: MemoryByteSource(pattern(4 << 20)), options: AcquisitionOptions(output: out, blockSize: 1 << 20))
        var calls = 0
        imager.shouldStop = { calls += 1; return calls > 2 }
        let result = try imager.run()
        #expect(!result.complete)
        #expect(result.bytesRead == 2 << 20)
        #expect(FileManager.default.fileExists(atPath: out + ".partial"))
    }

    @Test(.requiresSharedTestData("fs-images"), .requires("sha256sum"))
    func matchesSha256sumAndDc3ddOnSharedImages() throws {
        let shared = try TestEnvironment.requireSharedTestData()
        let images = ["fs-images/rust-fatfs/fat12.img", "fs-images/rust-fatfs/fat16.img", "fs-images/go-exfat/test.exfat"]
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for (i, rel) in images.enumerated() {
            let src = shared.appendingPathComponent(rel).path
            let out = dir.path("img\(i)")
            let result = try Imager(source: try FileByteSource(path: src), options: AcquisitionOptions(output: out)).run()
            #expect(result.verified)
            #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: src)))
            let sum = try runProcess(["sha256sum", src]).stdoutText.split(separator: " ").first.map(String.init)
            #expect(result.hashes[.sha256] == sum)
            if TestEnvironment.available("dc3dd") {
                let log = dir.path("dc3dd\(i).log")
                try runProcess(["dc3dd", "if=\(src)", "of=\(dir.path("dc\(i)"))", "hash=sha256", "log=\(log)"])
                let text = try String(contentsOfFile: log, encoding: .utf8).lowercased()
                #expect(text.contains(result.hashes[.sha256] ?? "missing"), "dc3dd's log should hold our SHA-256")
            }
        }
    }
}

@Suite struct SDRegisterTests {
    /// CID registers of real cards as Linux's mmc driver prints them in sysfs
    /// (`/sys/block/mmcblkN/device/cid`), found in public projects' scripts that pin a device.
    @Test(arguments: [
        ("035344534c31323880ac79a543010300", "SL128", UInt32(0xac79a543), 2016, 3),
        ("035344534c303847803aea0cf9010c01", "SL08G", UInt32(0x3aea0cf9), 2016, 12),
    ])
    func decodesSanDiskCID(raw: String, product: String, serial: UInt32, year: Int, month: Int) throws {
        let cid = try #require(SDCardID(hex: raw))
        #expect(cid.manufacturerID == 0x03)
        #expect(cid.manufacturerName == "SanDisk")
        #expect(cid.oemID == "SD")
        #expect(cid.productName == product)
        #expect(cid.productRevision == "8.0")
        #expect(cid.serialNumber == serial)
        #expect(cid.manufactureYear == year && cid.manufactureMonth == month)
        // Linux keeps no CRC in the sysfs copy: the check is reported as unknown, not failed.
        #expect(cid.crcValid == nil)
    }

    @Test func crc7MatchesKnownCommandCRCs() {
        // CMD0 with argument 0 carries CRC7 0x4A (the SD specification's worked example).
        #expect(SDCardID.crc7([0x40, 0, 0, 0, 0]) == 0x4A)
        // CMD17 with argument 0: 0x2A; response R1 example 0x11 00 00 09 00 → 0x33.
        #expect(SDCardID.crc7([0x51, 0, 0, 0, 0]) == 0x2A)
        #expect(SDCardID.crc7([0x11, 0, 0, 0x09, 0]) == 0x33)
    }

    @Test func decodesCSDCapacity() throws {
        // CSD version 2.0 with C_SIZE = 0x7689 (a 15.9 GB SDHC card).
        let v2 = try #require(SDCardSpecificData(hex: "400e00325b590000768" + "97f800a4000b9"))
        #expect(v2.structureVersion == 1)
        #expect(v2.capacityBytes == UInt64(0x7689 + 1) * 512 * 1024)
        #expect(!v2.permanentWriteProtect && !v2.temporaryWriteProtect)
        #expect(SDCardSpecificData(hex: "zz") == nil)
    }
}
