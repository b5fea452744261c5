import Messages
import SystemPackage

/// Reads from an open file descriptor (a file, a pipe, stdin). Does not close it.
public final class FileDescriptorInput: InputSource {
    public let fd: Int32
    public init(fd: Int32) { self.fd = fd }
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        do {
            return try FileDescriptor(rawValue: fd).read(into: buffer, retryOnInterrupt: true)
        } catch let e as Errno {
            throw SystemIOError.failed(tr(.errIOReadFailed), errno: e.rawValue)
        }
    }
}

/// Writes to an open file descriptor (a pipe, stdout), whole buffers. Does not close it.
public final class FileDescriptorOutput: OutputSink {
    public let fd: Int32
    public init(fd: Int32) { self.fd = fd }
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        do {
            try FileIO.writeAll(fd, bytes)
        } catch {
            throw SystemIOError.failed(tr(.errIOWriteFailed), errno: error.rawValue)
        }
    }
    public func finish() throws {}
}
