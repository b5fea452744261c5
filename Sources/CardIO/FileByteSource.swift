#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemPackage
import SystemIO
import Messages

/// An image file or block device, opened read-only.
///
/// `O_NOATIME` is asked for so that reading an image does not change its access time (the
/// kernel refuses it unless we own the file, and then we fall back without it).
public final class FileByteSource: ByteSource {
    public let path: String
    public let name: String
    public let size: UInt64
    /// True when the path is a block device rather than a regular file.
    public let isBlockDevice: Bool
    private let fd: FileDescriptor

    public init(path: String, name: String? = nil) throws {
        self.path = path
        self.name = name ?? path
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw CardIOError.cannotOpen(path: path, reason: errnoText(errno))
        }
        let kind = st.st_mode & S_IFMT
        guard kind == S_IFREG || kind == S_IFBLK || kind == S_IFCHR else {
            throw CardIOError.cannotOpen(path: path, reason: kind == S_IFDIR ? "is a folder" : tr(.scNotAFileOrBlock))
        }
        isBlockDevice = kind == S_IFBLK
        #if os(Linux)
        var raw = Glibc.open(path, O_RDONLY | O_CLOEXEC | FileByteSource.oNoAtime)
        if raw < 0 && errno == EPERM { raw = Glibc.open(path, O_RDONLY | O_CLOEXEC) }
        #else
        let raw = open(path, O_RDONLY | O_CLOEXEC)
        #endif
        guard raw >= 0 else {
            throw CardIOError.cannotOpen(path: path, reason: errnoText(errno))
        }
        fd = FileDescriptor(rawValue: raw)
        if kind == S_IFREG {
            size = UInt64(max(0, st.st_size))
        } else {
            // A block device reports size 0 in stat; its end is where lseek lands.
            let end = lseek(raw, 0, SEEK_END)
            if end < 0 {
                let reason = errnoText(errno)
                try? fd.close()
                throw CardIOError.cannotOpen(path: path, reason: tr(.scCannotFindItsSize, ["reason": "\(reason)"]))
            }
            size = UInt64(end)
        }
    }

    /// Linux's O_NOATIME (glibc hides it behind _GNU_SOURCE); the same value on x86-64 and arm64.
    static let oNoAtime: Int32 = 0o1000000

    deinit { try? fd.close() }

    public func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset < size, buffer.count > 0 else { return 0 }
        let wanted = Int(min(UInt64(buffer.count), size - offset))
        guard offset <= UInt64(Int64.max) else { return 0 }
        do {
            return try fd.read(fromAbsoluteOffset: Int64(offset),
                               into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted]),
                               retryOnInterrupt: true)
        } catch let e as Errno {
            throw CardIOError.readFailed(source: name, offset: offset, reason: e.description)
        }
    }
}
