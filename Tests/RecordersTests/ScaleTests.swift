import Foundation
import Testing
import CardIO
import Recorders
import TestSupport

/// A ring of the size issue 11's benchmark names (480 containers, about 20,000 recordings), in
/// memory: the reader's work stays proportional to the records, one pack read each.
@Suite struct RecorderScaleTests {
    @Test(.timeLimit(.minutes(1)))
    func aFullSizeRingIsReadInBoundedTime() throws {
        let containers = 480, perContainer = 42
        var b = HikvisionIndexBuilder(containers: containers, counter: 1, beingWritten: 0xFFFF_FFFF)
        let t0: UInt32 = 1_790_000_000
        var sources: [SparseSource] = []
        for i in 0..<containers {
            let c = SparseSource(name: "hiv\(i).mp4")
            b.container(i, lastValid: UInt16(perContainer - 1), start: 0, end: 0)
            for j in 0..<perContainer {
                let k = UInt32(i * perContainer + j)
                let offset = UInt32(j) * 0x60_0000
                let scr = UInt64(k) * 90_000 * 60
                c.put(ProgramStreamBytes.pack(scr: scr), at: UInt64(offset))
                b.segment(i, j, start: (t0 + k * 60, 0), end: (t0 + k * 60 + 59, 0), keyClock: UInt32(truncatingIfNeeded: scr >> 1),
                          startOffset: offset, endOffset: offset + 0x50_0000)
            }
            sources.append(c)
        }
        let index = b.bytes
        var files = [RecorderCardFile(path: "index00.bin", size: UInt64(index.count)) { MemoryByteSource(index) },
                     RecorderCardFile(path: "index01.bin", size: UInt64(index.count)) { MemoryByteSource(index) }]
        for (i, c) in sources.enumerated() {
            let name = "hiv" + String(repeating: "0", count: 5 - String(i).count) + String(i) + ".mp4"
            files.append(RecorderCardFile(path: name, size: c.size) { c })
        }
        let clock = ContinuousClock()
        var layout: RecorderLayout?
        let elapsed = clock.measure { layout = RecorderLayouts.recognise(files: files).first }
        let l = try #require(layout)
        #expect(l.recordings.count == containers * perContainer)
        #expect(l.problems.isEmpty, "\(l.problems.prefix(3))")
        #expect(l.recordings.allSatisfy { $0.checkedAgainstBytes })
        print("480 containers, \(l.recordings.count) recordings, both index copies: \(elapsed)")
    }
}
