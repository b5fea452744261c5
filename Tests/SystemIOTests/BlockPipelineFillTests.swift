import Testing
import Foundation
import TestSupport
@testable import SystemIO

/// `BlockPipeline.fill`: the producer reads straight into a pipeline block; the consumers see the
/// bytes in order, mixed with `write`s, and a body that throws hands nothing over.
@Suite struct BlockPipelineFillTests {
    final class Sink: @unchecked Sendable { var bytes: [UInt8] = [] }

    @Test func filledBlocksReachEveryConsumerInOrder() throws {
        var rng = SplitMix64(seed: 77)
        let data = rng.bytes(1 << 20 + 12345)
        let a = Sink(), b = Sink()
        let pipeline = BlockPipeline(label: "test", consumers: [{ a.bytes += $0 }, { b.bytes += $0 }], blockSize: 64 << 10, blockCount: 3)
        var at = 0
        var round = 0
        while at < data.count {
            if round % 3 == 2 {
                // A plain write now and then: it must come before the next filled block.
                let n = min(1000, data.count - at)
                try data[at..<(at + n)].withUnsafeBytes { try pipeline.write($0) }
                at += n
            } else {
                let start = at
                let got = try pipeline.fill { free in
                    let n = min(free.count, data.count - start)
                    data[start..<(start + n)].withUnsafeBytes { free.copyMemory(from: $0) }
                    return n
                }
                #expect(got > 0)
                at += got
            }
            round += 1
        }
        try pipeline.drain()
        #expect(a.bytes == data && b.bytes == data)
    }

    @Test func aThrowingBodyHandsNothingOver() throws {
        struct Boom: Error {}
        let a = Sink()
        let pipeline = BlockPipeline(label: "test", consumers: [{ a.bytes += $0 }], blockSize: 64 << 10, blockCount: 2)
        for _ in 0..<5 {
            #expect(throws: Boom.self) { try pipeline.fill { _ in throw Boom() } }
        }
        // Every block went back to the pool: filling still works.
        try pipeline.fill { free in free[0] = 9; return 1 }
        try pipeline.drain()
        #expect(a.bytes == [9])
    }
}
