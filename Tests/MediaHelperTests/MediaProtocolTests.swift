#if canImport(Glibc)
import Glibc
#endif
import Codecs
import Foundation
import MediaProtocol
import TestSupport
import Testing

/// The pipe protocol on its own: messages and jobs come back as they were written, and any
/// bytes at all decode to a message or a clean refusal.
@Suite struct MediaProtocolTests {
    @Test func jobsRoundTrip() throws {
        let jobs: [MediaJob] = [
            MediaJob(operation: .frames, size: 123),
            MediaJob(operation: .frames, size: 1 << 40, selection: .allKeyFrames(limit: 7), sheet: true, maxWidth: 640),
            MediaJob(operation: .frames, size: 5, selection: .times([0, 1.5, 12.25], snap: true)),
            MediaJob(operation: .frames, size: 5, selection: .every(2.5, snap: false, limit: 9)),
            MediaJob(operation: .remux, size: 99),
            MediaJob(operation: .fault, size: 0, fault: "hang"),
        ]
        for job in jobs {
            let text = job.json.bytes(pretty: false)
            let back = MediaJob(json: try JSONParser.parse(text, allowFractions: true))
            #expect(back == job, "\(job)")
        }
    }

    @Test func typedPayloads() throws {
        let r = MediaMessage.readRequest(offset: 0x1_0000_0001, length: 4096)
        #expect(r.readRequest?.offset == 0x1_0000_0001)
        #expect(r.readRequest?.length == 4096)
        let w = [UInt8](repeating: 7, count: 10).withUnsafeBytes { MediaMessage.write(offset: 77, bytes: $0) }
        #expect(w.writeOffset == 77)
        #expect(Array(w.payload[8...]) == [UInt8](repeating: 7, count: 10))
        let f = MediaMessage.frame(.object([("pts", .double(1.5))]), jpeg: [0xFF, 0xD8, 0xFF, 0xD9])
        let (info, jpeg) = try #require(f.frame)
        #expect(info["pts"].flatMap(MediaJob.number) == 1.5)
        #expect(Array(jpeg) == [0xFF, 0xD8, 0xFF, 0xD9])
    }

    /// Random payloads never crash the readers of a message (a helper can send anything).
    @Test func randomPayloadsAreRefusedCleanly() {
        var rng = SplitMix64(seed: 13)
        for _ in 0..<2000 {
            let n = Int(rng.next() % 64)
            let payload = rng.bytes(n)
            for kind in [MediaMessage.Kind.read, .write, .frame, .done, .failed] {
                let m = MediaMessage(kind, payload)
                _ = m.readRequest
                _ = m.writeOffset
                _ = m.frame
                _ = m.json
                _ = m.text
            }
            _ = MediaJob(json: .object([("op", .string("frames")), ("size", .int(Int64(bitPattern: rng.next()))),
                                        ("select", .string("every")), ("step", .double(Double(Int64(bitPattern: rng.next()))))]))
        }
    }

    /// Across a real pipe: header, payload, and the end of the other side.
    @Test func pipeCarriesMessagesAndSeesTheEnd() throws {
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        let writer = MessagePipe(input: -1, output: fds[1]), reader = MessagePipe(input: fds[0], output: -1)
        try writer.send(MediaMessage(.done, Array("{}".utf8)))
        let got = try reader.receive(deadline: MessagePipe.now() + 10)
        #expect(got == MediaMessage(.done, Array("{}".utf8)))
        close(fds[1])
        #expect(throws: MediaPipeError.closed) { try reader.receive(deadline: MessagePipe.now() + 10) }
        close(fds[0])
    }

    /// The remux's fast path: `sendWrite` from a caller's buffer and `receive(into:)` into one
    /// reused buffer carry the same messages as `send`/`receive`, whatever their sizes and
    /// order (a buffer grown by a large message still reads small ones right).
    @Test func directWritesAndReusedBuffersCarryTheSameMessages() throws {
        var fds: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let writer = MessagePipe(input: -1, output: fds[1]), reader = MessagePipe(input: fds[0], output: -1)
        var rng = SplitMix64(seed: 0x5E4D)
        var buffer: [UInt8] = []
        for round in 0..<200 {
            // Small enough that one message fits the socket's buffer (one thread writes and reads).
            let n = Int(rng.next() % (round % 7 == 0 ? 60_000 : 300))
            let bytes = rng.bytes(n)
            let offset = rng.next() >> 1
            if round % 3 == 0 {
                try writer.send(.json(.output, .object([("container", .string("mp4"))])))
                let (kind, count) = try reader.receive(deadline: MessagePipe.now() + 10, into: &buffer)
                #expect(kind == .output)
                #expect(MediaMessage(kind, Array(buffer[0..<count])).json?["container"]?.stringValue == "mp4")
            }
            try bytes.withUnsafeBytes { try writer.sendWrite(offset: offset, bytes: $0) }
            let (kind, count) = try reader.receive(deadline: MessagePipe.now() + 10, into: &buffer)
            #expect(kind == .write)
            #expect(count == 8 + n)
            let message = MediaMessage(kind, Array(buffer[0..<count]))
            #expect(message.writeOffset == offset)
            #expect(Array(message.payload[8...]) == bytes)
            #expect(message == bytes.withUnsafeBytes { MediaMessage.write(offset: offset, bytes: $0) })
        }
    }
}
