#if canImport(Glibc)
import Glibc
#endif
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

    func begin(container: String) throws {
        try pipe.send(.json(.output, .object([("container", .string(container))])))
    }

    func write(at offset: UInt64, _ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let n = min(MediaMessage.maxChunk, bytes.count - done)
            try pipe.sendWrite(offset: offset + UInt64(done), bytes: UnsafeRawBufferPointer(rebasing: bytes[done..<(done + n)]))
            done += n
        }
    }
}

/// The clip's bytes read straight from a descriptor the parent opened read-only (the bag's
/// verified copy of the master) and handed over as the helper started: no round trip through
/// the parent per read. The helper still opens no path; it can only read this one file.
final class DescriptorInput: MediaInput {
    let fd: Int32
    let size: UInt64

    init(fd: Int32, size: UInt64) {
        self.fd = fd
        self.size = size
    }

    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset < size, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let want = Int(min(UInt64(buffer.count), size - offset))
        while true {
            let n = pread(fd, base, want, off_t(offset))
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw HelperFailure("read of the clip: \(String(cString: strerror(errno)))")
        }
    }

    /// Whether `fd` is open, and for reading only (the helper refuses anything it could write).
    static func isReadOnly(_ fd: Int32) -> Bool {
        let flags = fcntl(fd, F_GETFL)
        return flags >= 0 && flags & O_ACCMODE == O_RDONLY
    }
}

struct HelperFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
