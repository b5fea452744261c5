import Foundation
import OpenSSL
import Testing
import TestSupport
import DigestIO
import SystemIO

/// `HashingOutput`: the hash and the bytes that reach the sink are exactly what was written,
/// whatever the write sizes, and a failing sink stops the producer with its error.
@Suite struct HashingOutputTests {
    @Test("hash and bytes match for writes of any size", arguments: [1, 511, 65_552, 1 << 20, 3 << 20])
    func matches(piece: Int) throws {
        let data = try SecureRandom.bytes(5_000_000)
        let sink = BufferSink()
        let out = try HashingOutput(downstream: sink, blockSize: 1 << 20, blockCount: 3)
        var offset = 0
        while offset < data.count {
            let n = min(piece, data.count - offset)
            try data[offset..<(offset + n)].withUnsafeBytes { try out.write($0) }
            offset += n
        }
        try out.finish()
        #expect(sink.finished)
        #expect(sink.bytes == data)
        #expect(out.count == UInt64(data.count))
        #expect(out.sha256 == (try Digest.hash(.sha256, data)).hex)
    }

    @Test func emptyOutput() throws {
        let sink = BufferSink()
        let out = try HashingOutput(downstream: sink)
        try out.finish()
        #expect(out.sha256 == (try Digest.hash(.sha256, [])).hex)
        #expect(sink.finished && sink.bytes.isEmpty)
    }

    final class FailingSink: OutputSink {
        var writes = 0
        func write(_ bytes: UnsafeRawBufferPointer) throws {
            writes += 1
            if writes > 2 { throw SystemIOError.failed("disk full", errno: ENOSPC) }
        }
        func finish() throws {}
    }

    @Test("a failing sink's error reaches the producer; dropping the output mid-block is safe")
    func failure() throws {
        let sink = FailingSink()
        let block = [UInt8](repeating: 7, count: 100_000)
        do {
            let out = try HashingOutput(downstream: sink, blockSize: 1 << 16, blockCount: 2)
            #expect(throws: SystemIOError.failed("disk full", errno: ENOSPC)) {
                for _ in 0..<1000 { try block.withUnsafeBytes { try out.write($0) } }
                try out.finish()
            }
            out.drain()
        }
        // Dropped while a block was half filled: no trap (libdispatch checks semaphore balance).
        do {
            let out = try HashingOutput(downstream: BufferSink(), blockSize: 1 << 16, blockCount: 2)
            try block.withUnsafeBytes { try out.write($0) }
        }
    }

    @Test("through AtomicFileOutput: 40 MiB (several write-back windows) arrive intact, 0600")
    func intoFile() throws {
        let dir = try TemporaryDirectory("hashing-output")
        defer { dir.remove() }
        let piece = try SecureRandom.bytes(1 << 20)
        let file = try AtomicFileOutput(path: dir.path("out"))
        let out = try HashingOutput(downstream: file)
        let expected = try Digest(.sha256)
        for i in 0..<40 {
            var chunk = piece
            chunk[0] = UInt8(i)
            try chunk.withUnsafeBytes { try out.write($0); try expected.update($0) }
        }
        try out.finish()
        let written = [UInt8](try Data(contentsOf: dir.url.appendingPathComponent("out")))
        #expect(written.count == 40 << 20)
        #expect((try Digest.hash(.sha256, written)).hex == out.sha256)
        #expect(out.sha256 == (try expected.finish()).hex)
        let mode = (try FileManager.default.attributesOfItem(atPath: dir.path("out"))[.posixPermissions]) as? Int
        #expect(mode == 0o600)
    }
}
