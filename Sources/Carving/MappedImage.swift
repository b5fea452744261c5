#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CardIO

/// Read-only memory maps of an image file, for the scan of free clusters: searching the page
/// cache in place saves the copy every `pread` makes, which was half of the scan's time.
///
/// Only regular image files are mapped: a read error on a mapped page is a SIGBUS, not an error
/// return, and a failing card's block device must never take the process down; devices (and
/// anything that is not a file) are read with `pread` as everywhere else.
final class MappedImage {
    private let fd: Int32
    /// Where the volume's byte 0 lies in the file.
    let volumeStart: UInt64
    let fileSize: UInt64
    private static let page = UInt64(max(4096, sysconf(Int32(_SC_PAGESIZE))))

    /// The file under `source` (a FileByteSource, or slices of one), when it is a regular file.
    init?(_ source: ByteSource) {
        var start: UInt64 = 0
        var s = source
        while let slice = s as? SliceSource {
            start &+= slice.start
            s = slice.base
        }
        guard let file = s as? FileByteSource, !file.isBlockDevice else { return nil }
        var st = stat()
        guard stat(file.path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
        #if os(Linux)
        var raw = open(file.path, O_RDONLY | O_CLOEXEC | 0o1000000)
        if raw < 0 && errno == EPERM { raw = open(file.path, O_RDONLY | O_CLOEXEC) }
        #else
        let raw = open(file.path, O_RDONLY | O_CLOEXEC)
        #endif
        guard raw >= 0 else { return nil }
        fd = raw
        volumeStart = start
        fileSize = UInt64(max(0, st.st_size))
    }

    deinit { close(fd) }

    /// A mapping of volume bytes `[offset, offset + length)`; nil when it cannot be made (the
    /// caller then reads). The file must still hold those bytes: a file that shrank is not mapped.
    func map(volumeOffset offset: UInt64, length: Int) -> Mapping? {
        let (fileOffset, o1) = volumeStart.addingReportingOverflow(offset)
        let (end, o2) = fileOffset.addingReportingOverflow(UInt64(length))
        guard !o1, !o2, length > 0, end <= fileSize else { return nil }
        var st = stat()
        guard fstat(fd, &st) == 0, UInt64(max(0, st.st_size)) >= end else { return nil }
        let aligned = fileOffset / Self.page * Self.page
        let lead = Int(fileOffset - aligned)
        guard let base = mmap(nil, lead + length, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, off_t(aligned)), base != MAP_FAILED else { return nil }
        _ = madvise(base, lead + length, MADV_SEQUENTIAL)
        return Mapping(base: base, total: lead + length, bytes: UnsafeRawBufferPointer(start: base + lead, count: length))
    }

    struct Mapping {
        let base: UnsafeMutableRawPointer
        let total: Int
        let bytes: UnsafeRawBufferPointer
        func unmap() { munmap(base, total) }
    }
}
