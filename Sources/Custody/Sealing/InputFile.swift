import Messages
import SystemIO
import Age
#if canImport(Glibc)
import Glibc
#endif

/// An input file opened read-only.
public final class InputFile {
    public let fd: Int32
    public let input: FileDescriptorInput
    /// The size of a regular file (nil for a pipe or device).
    public let size: Int64?

    public init(path: String) throws {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CustodyError.input(tr(.errorCannotOpen, ["path": path, "reason": errnoText(errno)])) }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw CustodyError.input(tr(.errorIsAFolder, ["path": path]))
        }
        size = (st.st_mode & S_IFMT) == S_IFREG ? Int64(st.st_size) : nil
        input = FileDescriptorInput(fd: fd)
    }

    deinit { close(fd) }
}
