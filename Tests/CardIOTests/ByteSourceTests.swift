import Testing
import Foundation
import TestSupport
@testable import CardIO

@Suite struct ByteSourceTests {
    @Test func littleEndianReaderThrowsInsteadOfTrapping() throws {
        let r = LittleEndianReader([1, 2, 3], what: "test")
        #expect(try r.u16(0) == 0x0201)
        #expect(throws: CardIOError.self) { try r.u32(0) }
        #expect(throws: CardIOError.self) { try r.u8(-1) }
        #expect(throws: CardIOError.self) { try r.slice(2, Int.max) }
    }

    @Test func sliceClampsAndRefuses() throws {
        let base = MemoryByteSource(Array(0..<100))
        #expect(throws: CardIOError.self) { try SliceSource(base, start: 90, length: 20, name: "p") }
        let s = try SliceSource(base, start: 90, length: 20, name: "p", clamp: true)
        #expect(s.size == 10)
        #expect(try s.read(at: 0, count: 10) == Array(90..<100))
        #expect(throws: CardIOError.self) { try s.read(at: 5, count: 6) }
    }

    @Test func splitImageReadsAsOne() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let all = (0..<3000).map { UInt8(truncatingIfNeeded: $0) }
        try Data(all[0..<1000]).write(to: URL(fileURLWithPath: dir.path("card.001")))
        try Data(all[1000..<2500]).write(to: URL(fileURLWithPath: dir.path("card.002")))
        try Data(all[2500...]).write(to: URL(fileURLWithPath: dir.path("card.003")))
        #expect(try SourceOpener.kind(of: dir.path("card.001")) == .splitImage)
        let src = try SourceOpener.open(dir.path("card.001"))
        #expect(src.size == 3000)
        #expect(try src.read(at: 0, count: 3000) == all)
        #expect(try src.read(at: 990, count: 1520) == Array(all[990..<2510]))
    }

    @Test func faultySourceFailsChosenSectors() throws {
        let base = MemoryByteSource([UInt8](repeating: 7, count: 4096))
        let faulty = FaultyByteSource(base, badSectors: [3])
        #expect(try faulty.read(at: 0, count: 1536).count == 1536)
        #expect(throws: CardIOError.self) { try faulty.read(at: 1024, count: 1024) }
    }

    @Test func fileSourceIsReadOnlyAndKeepsTimes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("img")
        try Data([UInt8](repeating: 1, count: 10_000)).write(to: URL(fileURLWithPath: path))
        let before = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        let src = try FileByteSource(path: path)
        #expect(try src.read(at: 9_990, count: 10) == [UInt8](repeating: 1, count: 10))
        let after = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        #expect(before == after)
    }
}
