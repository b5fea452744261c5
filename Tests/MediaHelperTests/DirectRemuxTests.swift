#if canImport(Glibc)
import Glibc
#endif
import Custody
import Foundation
import MediaProtocol
import TestSupport
import Testing

/// The remux's fast path (issue 13's speed aim): the helper reads the clip through a read-only
/// descriptor instead of asking for every 1 MiB over the pipe, and describes its output before
/// the first byte. The copy is byte for byte the one the pipe path makes; a descriptor the
/// helper could write through is never handed over; hostile bytes through the descriptor are
/// still one clean answer.
@Suite(.serialized, .requires("ffmpeg"), .requires("the built sdcustody-media helper", available: Media.haveHelper))
struct DirectRemuxTests {
    struct Copy {
        var bytes: [UInt8] = []
        var described: [String] = []
        /// Writes that came before the output was described.
        var early = 0
        /// Reads the helper asked of the parent over the pipe.
        var pipeReads = 0
    }

    /// A file whose reads through the pipe are counted.
    final class CountingSource: ByteSource {
        let file: FileByteSource
        var reads = 0
        init(_ path: String) throws { file = try FileByteSource(path: path, name: "clip") }
        var size: UInt64 { file.size }
        var name: String { file.name }
        func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            reads += 1
            return try file.read(at: offset, into: buffer)
        }
    }

    static func remux(_ path: String, descriptor: Bool, limits: MediaLimits = MediaLimits()) throws -> Copy {
        let source = try CountingSource(path)
        let fd = descriptor ? open(path, O_RDONLY | O_CLOEXEC) : -1
        defer { if fd >= 0 { close(fd) } }
        var copy = Copy()
        var handlers = MediaHelper.Handlers()
        handlers.begin = { info in copy.described.append(info["container"]?.stringValue ?? "?") }
        handlers.write = { offset, bytes in
            if copy.described.isEmpty { copy.early += 1 }
            let end = Int(offset) + bytes.count
            if copy.bytes.count < end { copy.bytes += [UInt8](repeating: 0, count: end - copy.bytes.count) }
            copy.bytes.replaceSubrange(Int(offset)..<end, with: bytes)
        }
        _ = try Media.helper(limits).run(MediaJob(operation: .remux, size: source.size), source: source,
                                         inputFD: descriptor ? fd : nil, handlers: handlers)
        copy.pipeReads = source.reads
        return copy
    }

    @Test(arguments: [Media.clips[1], Media.clips[2], Media.clips[4], Media.clips[5]])
    func descriptorAndPipeMakeTheSameCopy(_ clip: Media.Clip) throws {
        let dir = try TemporaryDirectory("media-direct")
        defer { dir.remove() }
        let path = try Media.make(clip, seconds: 2, in: dir.url.path)
        let piped = try Self.remux(path, descriptor: false)
        let direct = try Self.remux(path, descriptor: true)
        #expect(!direct.bytes.isEmpty)
        #expect(direct.bytes == piped.bytes, "\(clip): \(direct.bytes.count) bytes through the descriptor, \(piped.bytes.count) through the pipe")
        #expect(direct.described.count == 1 && direct.early == 0, "\(clip): \(direct.described), \(direct.early) early writes")
        // The descriptor path asks nothing of the parent; the pipe path asks for every byte.
        #expect(direct.pipeReads == 0)
        #expect(piped.pipeReads > 0)
        #expect(["mp4", "mov"].contains(direct.described.first ?? ""))
        // The copy starts with an ISO BMFF `ftyp` box.
        #expect(Array(direct.bytes.dropFirst(4).prefix(4)) == Array("ftyp".utf8))
    }

    /// sdcustody never hands the helper a descriptor it could write the master through.
    @Test func writableDescriptorIsRefused() throws {
        let dir = try TemporaryDirectory("media-direct")
        defer { dir.remove() }
        let path = try Media.make(Media.clips[2], seconds: 1, in: dir.url.path)
        let before = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let source = try FileByteSource(path: path, name: "clip")
        for flags in [O_RDWR, O_WRONLY] {
            let fd = open(path, flags | O_CLOEXEC)
            #expect(fd >= 0)
            defer { close(fd) }
            var handlers = MediaHelper.Handlers()
            handlers.write = { _, _ in }
            #expect(throws: MediaHelperError.self) {
                _ = try Media.helper().run(MediaJob(operation: .remux, size: source.size), source: source, inputFD: fd, handlers: handlers)
            }
        }
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == before)
    }

    /// Truncated and mutated clips read through the descriptor: a copy or one clean error.
    @Test func hostileBytesThroughTheDescriptor() throws {
        let dir = try TemporaryDirectory("media-direct")
        defer { dir.remove() }
        let seed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try Media.make(Media.clips[2], seconds: 1, in: dir.url.path))))
        var rng = SplitMix64(seed: 0xD1_2EC7)
        let limits = MediaLimits(memoryBytes: 768 << 20, cpuSeconds: 20, wallSeconds: 30)
        for round in 0..<10 {
            var bytes = Array(seed.prefix(round % 2 == 0 ? seed.count : Int(rng.next() % UInt64(seed.count))))
            for _ in 0..<(1 + Int(rng.next() % 30)) where !bytes.isEmpty {
                bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
            let path = dir.path("hostile-\(round).mpg")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                let copy = try Self.remux(path, descriptor: true, limits: limits)
                #expect(copy.early == 0)
            } catch let e as MediaHelperError {
                #expect(!e.description.isEmpty)
            }
            // The file the helper read is untouched.
            #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
        }
    }
}
