import MediaDecoding
import MediaProtocol

/// The clip's bytes, asked of the parent one read at a time.
final class PipeInput: MediaInput {
    let pipe: MessagePipe
    let size: UInt64

    init(pipe: MessagePipe, size: UInt64) {
        self.pipe = pipe
        self.size = size
    }

    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset < size, buffer.count > 0 else { return 0 }
        let want = UInt32(min(UInt64(min(buffer.count, MediaMessage.maxChunk)), size - offset))
        try pipe.send(.readRequest(offset: offset, length: want))
        let reply = try pipe.receive()
        switch reply.kind {
        case .data:
            guard reply.payload.count <= Int(want) else { throw MediaPipeError.malformed("more bytes than asked for") }
            reply.payload.withUnsafeBytes { buffer.copyMemory(from: $0) }
            return reply.payload.count
        case .readFailed:
            throw HelperFailure(reply.text)
        default:
            throw MediaPipeError.malformed("expected data")
        }
    }
}

/// The working copy's bytes, handed to the parent, which writes them where it chose.
final class PipeOutput: MediaOutput {
    let pipe: MessagePipe
    init(pipe: MessagePipe) { self.pipe = pipe }

    func write(at offset: UInt64, _ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let n = min(MediaMessage.maxChunk, bytes.count - done)
            try pipe.send(.write(offset: offset + UInt64(done), bytes: UnsafeRawBufferPointer(rebasing: bytes[done..<(done + n)])))
            done += n
        }
    }
}

struct HelperFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
