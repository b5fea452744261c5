import Foundation
import Testing
import TestSupport
@testable import PaxTar

@Suite struct PaxRoundTripTests {
    /// Property: any tree written by PaxWriter extracts byte for byte, with its times.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func roundTrip(seed: UInt64) throws {
        var g = SplitMix64(seed: seed)
        let spec = TreeSpec.random(&g, count: 12)
        let tmp = try TemporaryDirectory("paxtar-roundtrip")
        defer { tmp.remove() }
        let archive = tmp.path("a.tar")
        try writeArchive(spec, to: archive)
        let out = tmp.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
        let summary = try extractArchive(archive, into: out.path)
        #expect(summary.files == spec.files.count)
        let tree = try readTree(out)
        #expect(tree.count == spec.files.count)
        for file in spec.files {
            #expect(tree[file.path] == file.contents, "content of \(file.path) (seed \(seed))")
            var st = stat()
            #expect(lstat(out.appendingPathComponent(file.path).path, &st) == 0)
            #expect(Int64(st.st_mtim.tv_sec) == file.mtime.seconds, "mtime of \(file.path)")
            #expect(UInt32(st.st_mtim.tv_nsec) == file.mtime.nanoseconds, "mtime ns of \(file.path)")
        }
    }

    @Test func archiveLayoutIsBlockAligned() throws {
        let buffer = MemoryTarBuffer()
        let writer = PaxWriter(sink: buffer)
        try writer.addFile(path: "a", contents: [1, 2, 3])
        try writer.finish()
        // header + one content block + two zero blocks
        #expect(buffer.bytes.count == 512 * 4)
        #expect(buffer.bytes[(512 * 2)...].allSatisfy { $0 == 0 })
    }

    @Test func pathRecordsForLongAndNonASCIINames() throws {
        let long = String(repeating: "d/", count: 60) + "file.mp4"
        for path in [long, "映像/カメラ1.mp4"] {
            let buffer = MemoryTarBuffer()
            let writer = PaxWriter(sink: buffer)
            try writer.addFile(path: path, contents: Array("x".utf8))
            try writer.finish()
            #expect(buffer.bytes[156] == UInt8(ascii: "x"), "a pax header precedes \(path)")
            let records = try PaxRecords.parse(Array(buffer.bytes[512..<1024]))
            #expect(records["path"] == Array(path.utf8))
        }
    }

    @Test func paxRecordLengthsAreSelfConsistent() throws {
        for n in [0, 1, 5, 80, 89, 90, 91, 95, 96, 97, 990, 995, 996, 997, 998, 999, 1000, 9990, 9995] {
            let value = [UInt8](repeating: 0x61, count: n)
            let encoded = PaxRecords.encode([("path", value)])
            let parsed = try PaxRecords.parse(encoded)
            #expect(parsed["path"] == value)
        }
    }

    @Test func writerRefusesUnsafePathsAndWrongSizes() throws {
        let writer = PaxWriter(sink: MemoryTarBuffer())
        for bad in ["", "/abs", "a/../b", "a//b", "./a", "a\u{0}b"] {
            #expect(throws: TarError.self) { try writer.addFile(path: bad, contents: []) }
        }
        try writer.beginFile(path: "f", size: 2)
        #expect(throws: TarError.self) { try [UInt8](repeating: 0, count: 3).withUnsafeBytes { try writer.write($0) } }
        #expect(throws: TarError.self) { try writer.endFile() }
    }

    @Test func numberFieldsRejectGarbageAndOverflow() throws {
        #expect(try UstarHeader.parseNumber(Array("0000644\0".utf8)[...]) == 0o644)
        #expect(try UstarHeader.parseNumber([0, 0, 0, 0][...]) == 0)
        #expect(throws: TarError.self) { try UstarHeader.parseNumber(Array("00009\0".utf8)[...]) }
        #expect(throws: TarError.self) { try UstarHeader.parseNumber(([0x80] + [UInt8](repeating: 0xff, count: 11))[...]) }
        #expect(throws: TarError.self) { try UstarHeader.parseNumber(Array("7777777777777777777777777\0".utf8)[...]) }
        var big = UstarHeader(bytes: [UInt8](repeating: 0, count: 512))
        big.putBase256(10_000_000_000, 124..<136)
        #expect(try big.number(124..<136) == 10_000_000_000)
    }

    @Test func paxTimesParse() throws {
        #expect(try PaxRecords.time(Array("1700000000.5".utf8), key: "mtime") == TarTime(seconds: 1_700_000_000, nanoseconds: 500_000_000))
        #expect(try PaxRecords.time(Array("-1.25".utf8), key: "mtime") == TarTime(seconds: -2, nanoseconds: 750_000_000))
        #expect(TarTime(seconds: -2, nanoseconds: 750_000_000).paxValue == "-1.25")
        #expect(throws: TarError.self) { try PaxRecords.time(Array("12a".utf8), key: "mtime") }
        #expect(throws: TarError.self) { try PaxRecords.unsigned(Array("99999999999999999999".utf8), key: "size") }
    }
}
