#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CardIO

/// Writes an image as one file or as numbered parts (`IMAGE.001`, `IMAGE.002`, …), each under a
/// `.partial` name until `publish()` renames them. Never opens an existing file for writing.
final class ImageWriter {
    /// Final names of the parts, in order.
    private(set) var finalPaths: [String] = []
    private(set) var partialPaths: [String] = []
    private var fd: Int32 = -1
    private var writtenInPart: UInt64 = 0
    let base: String
    let splitSize: UInt64?

    init(base: String, splitSize: UInt64?) {
        self.base = base
        self.splitSize = splitSize
    }

    deinit { if fd >= 0 { close(fd) } }

    static func partialName(_ final: String) -> String { final + ".partial" }

    /// The name of part `n` (1-based), or the base name when not splitting.
    func finalName(part n: Int) -> String {
        guard splitSize != nil else { return base }
        var number = String(n)
        if number.count < 3 { number = String(repeating: "0", count: 3 - number.count) + number }
        return "\(base).\(number)"
    }

    private func openNextPart() throws {
        if fd >= 0 { try closePart() }
        let final = finalName(part: finalPaths.count + 1)
        let partial = Self.partialName(final)
        if access(final, F_OK) == 0 { throw AcquisitionError.outputExists(final) }
        let newFD = open(partial, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard newFD >= 0 else {
            if errno == EEXIST { throw AcquisitionError.outputExists(partial) }
            throw AcquisitionError.writeFailed(partial, String(cString: strerror(errno)))
        }
        fd = newFD
        unsubmitted = 0
        finalPaths.append(final)
        partialPaths.append(partial)
        writtenInPart = 0
    }

    private func closePart() throws {
        guard fd >= 0 else { return }
        let path = partialPaths.last ?? base
        if fsync(fd) != 0 { throw AcquisitionError.writeFailed(path, "fsync: " + String(cString: strerror(errno))) }
        // Drop the written pages so the check that follows reads the disk, not the cache.
        _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_DONTNEED))
        close(fd)
        fd = -1
    }

    /// Bytes per `write()`: several-MiB writes are much slower than 1 MiB ones on this kind of
    /// machine (measured in BENCHMARKS.md).
    static let slice = 1 << 20
    /// Written to the current part but not yet handed to writeback.
    private var unsubmitted: UInt64 = 0

    /// Appends bytes, starting a new part when the current one is full.
    func write(_ buffer: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < buffer.count {
            if fd < 0 || (splitSize.map { writtenInPart >= $0 } ?? false) { try openNextPart() }
            var n = min(buffer.count - offset, Self.slice)
            if let split = splitSize { n = Int(min(UInt64(n), split - writtenInPart)) }
            guard let base = buffer.baseAddress else { return }
            let written = Glibc.write(fd, base + offset, n)
            if written < 0 {
                if errno == EINTR { continue }
                throw AcquisitionError.writeFailed(partialPaths.last ?? self.base, String(cString: strerror(errno)))
            }
            offset += written
            writtenInPart += UInt64(written)
            unsubmitted += UInt64(written)
            // Start writeback as we go, so the final fsync has little left to wait for.
            if unsubmitted >= 8 << 20 {
                _ = imageSyncFileRange(fd, Int64(writtenInPart - unsubmitted), Int64(unsubmitted), 2 /* SYNC_FILE_RANGE_WRITE */)
                unsubmitted = 0
            }
        }
    }

    /// Makes sure an empty source still yields one (empty) image file.
    func finish() throws {
        if fd < 0 && finalPaths.isEmpty { try openNextPart() }
        try closePart()
        if let dir = partialPaths.first.map(Self.directory(of:)) { Self.syncDirectory(dir) }
    }

    /// Renames every part to its final name, refusing to replace anything.
    func publish() throws {
        for (partial, final) in zip(partialPaths, finalPaths) {
            // link + unlink instead of rename: link fails when `final` appeared meanwhile.
            if link(partial, final) != 0 {
                if errno == EEXIST { throw AcquisitionError.outputExists(final) }
                throw AcquisitionError.writeFailed(final, String(cString: strerror(errno)))
            }
            unlink(partial)
            chmod(final, 0o444)
        }
        if let dir = finalPaths.first.map(Self.directory(of:)) { Self.syncDirectory(dir) }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let d = String(path[..<slash])
        return d.isEmpty ? "/" : d
    }

    static func syncDirectory(_ dir: String) {
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }
}

/// Linux sync_file_range(2), which Swift's Glibc module does not export.
@_silgen_name("sync_file_range")
private func imageSyncFileRange(_ fd: Int32, _ offset: Int64, _ count: Int64, _ flags: UInt32) -> Int32
