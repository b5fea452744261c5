import CardIO
import CardFileSystem
import Recorders
import TestSupport

/// A container of the real size whose bytes are zero except where a test put some.
final class SparseSource: ByteSource {
    let size: UInt64
    let name: String
    private var pieces: [(offset: UInt64, bytes: [UInt8])] = []

    init(size: UInt64 = HikvisionRecorder.containerSize, name: String) {
        self.size = size
        self.name = name
    }

    func put(_ bytes: [UInt8], at offset: UInt64) { pieces.append((offset, bytes)) }

    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset < size else { return 0 }
        let n = Int(min(UInt64(buffer.count), size - offset))
        for i in 0..<n { buffer[i] = 0 }
        for piece in pieces {
            let pEnd = piece.offset + UInt64(piece.bytes.count)
            let lo = max(piece.offset, offset), hi = min(pEnd, offset + UInt64(n))
            guard lo < hi else { continue }
            for k in lo..<hi { buffer[Int(k - offset)] = piece.bytes[Int(k - piece.offset)] }
        }
        return n
    }
}

/// A small Hikvision card (README layout): container 0 finished its pass (slots 0–2, slot 3 a
/// stale record inside the new pass's bytes); container 1 is being written (its own record still
/// says slot 4, the live record says slot 1) with an `old` record of the earlier pass whose
/// bytes still check out, one whose bytes are gone, and one that lands on a pack of newer data
/// with the wrong clock; container 2 is empty.
struct HikvisionScenario {
    static let t0 = UInt32(CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, minute: 30).wallClockSeconds)
    var index: HikvisionIndexBuilder
    var containers: [SparseSource]

    init() {
        let t0 = Self.t0
        var b = HikvisionIndexBuilder(containers: 3, counter: 42, next: 2, beingWritten: 1)
        let c0 = SparseSource(name: "hiv00000.mp4"), c1 = SparseSource(name: "hiv00001.mp4"), c2 = SparseSource(name: "hiv00002.mp4")
        func seg(_ c: SparseSource, _ i: Int, _ j: Int, start: (UInt32, UInt32), end: (UInt32, UInt32),
                 scr: UInt64, from: UInt32, to: UInt32, packs: Int = 3, writeBytes: Bool = true, keyClock: UInt32? = nil) {
            if writeBytes { c.put(ProgramStreamBytes.stream(scr: scr, packs: packs), at: UInt64(from)) }
            b.segment(i, j, start: start, end: end, keyClock: keyClock ?? UInt32(truncatingIfNeeded: scr >> 1), startOffset: from, endOffset: to)
        }
        b.container(0, lastValid: 2, start: t0 - 3600, end: t0 - 1000)
        seg(c0, 0, 0, start: (t0 - 3600, 0), end: (t0 - 3000, 0), scr: 1_000_000, from: 0, to: 0x10_0000)
        seg(c0, 0, 1, start: (t0 - 3000, 0), end: (t0 - 2000, 0), scr: 2_000_000, from: 0x10_0000, to: 0x20_0000)
        seg(c0, 0, 2, start: (t0 - 2000, 0), end: (t0 - 1000, 250_000), scr: 3_000_000, from: 0x20_0000, to: 0x30_0000)
        seg(c0, 0, 3, start: (t0 - 90_000, 0), end: (t0 - 89_000, 0), scr: 9, from: 0x18_0000, to: 0x1C_0000, writeBytes: false)

        b.container(1, lastValid: 4, start: t0 - 80_000, end: t0 - 70_000)
        b.live(1, container: 1, slot: 1, start: t0 + 10, lastUpdate: t0 + 20)
        seg(c1, 1, 0, start: (t0 + 10, 0), end: (t0 + 20, 500_000), scr: 4_000_000, from: 0, to: 0x8_0000)
        seg(c1, 1, 1, start: (t0 + 30, 0), end: (0, 0), scr: 5_000_000, from: 0x8_0000, to: 0, packs: 5)
        seg(c1, 1, 2, start: (t0 - 80_000, 0), end: (t0 - 79_000, 0), scr: 6_000_000, from: 0x40_0000, to: 0x50_0000)
        seg(c1, 1, 3, start: (t0 - 79_000, 0), end: (t0 - 78_000, 0), scr: 7_000_000, from: 0x50_0000, to: 0x60_0000, writeBytes: false)
        // Newer data sits at its offset: a pack, but an hour off the record's clock.
        c1.put(ProgramStreamBytes.stream(scr: 8_000_000 + 3600 * 90_000, packs: 1), at: 0x60_0000)
        seg(c1, 1, 4, start: (t0 - 78_000, 0), end: (t0 - 77_000, 0), scr: 8_000_000, from: 0x60_0000, to: 0x70_0000, writeBytes: false)

        b.container(2, channel: 0xFFFF, lastValid: 0, start: 0, end: 0)
        index = b
        containers = [c0, c1, c2]
    }

    func files(index00: [UInt8]? = nil, index01: [UInt8]?? = .none, folder: String = "") -> [RecorderCardFile] {
        let p = folder.isEmpty ? "" : folder + "/"
        var out: [RecorderCardFile] = []
        let i0 = index00 ?? index.bytes
        out.append(RecorderCardFile(path: p + "index00.bin", size: UInt64(i0.count)) { MemoryByteSource(i0, name: p + "index00.bin") })
        let i1: [UInt8]? = index01 ?? index.bytes
        if let i1 { out.append(RecorderCardFile(path: p + "index01.bin", size: UInt64(i1.count)) { MemoryByteSource(i1, name: p + "index01.bin") }) }
        for (n, c) in containers.enumerated() {
            out.append(RecorderCardFile(path: p + "hiv0000\(n).mp4", size: c.size) { c })
        }
        out.append(RecorderCardFile(path: p + "logMainFile.bin", size: 10) { MemoryByteSource([UInt8](repeating: 0, count: 10)) })
        return out
    }
}
