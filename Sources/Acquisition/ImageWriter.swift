#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CardIO
import SystemIO

/// Writes an image as one file or as numbered parts (`IMAGE.001`, `IMAGE.002`, …), each under a
/// `.partial` name until `publish()` renames them. Never opens an existing file for writing.
///
/// Writes are positional: the copying pass writes in order, the passes that come back to a
/// failing area write into the middle. A byte never written reads as zero (a hole, or the
/// length `finish` gives each part), which is how an unreadable sector is zero-filled.
final class ImageWriter {
    /// Final names of every part, in order.
    let finalPaths: [String]
    /// Temporary names of the parts created so far, in order.
    var partialPaths: [String] { parts.indices.filter { parts[$0].created }.map { Self.partialName(finalPaths[$0]) } }
    let base: String
    let splitSize: UInt64?
    let totalSize: UInt64

    private struct Part {
        var created = false
        var fd: Int32 = -1
        /// Written since the last fsync.
        var dirty = false
        /// Written but not yet handed to writeback.
        var pending: Range<UInt64> = 0..<0
    }
    private var parts: [Part]
    /// Parts kept open at once (a long split image is written one part after the other).
    private static let openLimit = 4

    /// Split images are numbered `.001` … `.99999` (readers stop there).
    static let maxParts = 99_999

    init(base: String, splitSize: UInt64?, totalSize: UInt64) throws {
        self.base = base
        self.splitSize = splitSize
        self.totalSize = totalSize
        var count = 1
        if let split = splitSize, split > 0, totalSize > split {
            let (q, r) = totalSize.quotientAndRemainder(dividingBy: split)
            count = Int(clamping: q + (r > 0 ? 1 : 0))
        }
        if count > Self.maxParts { throw AcquisitionError.tooManyParts(count) }
        var names: [String] = []
        for n in 1...count {
            if splitSize == nil {
                names.append(base)
            } else {
                var number = String(n)
                if number.count < 3 { number = String(repeating: "0", count: 3 - number.count) + number }
                names.append("\(base).\(number)")
            }
        }
        finalPaths = names
        parts = Array(repeating: Part(), count: count)
    }

    deinit { for p in parts where p.fd >= 0 { close(p.fd) } }

    static func partialName(_ final: String) -> String { final + ".partial" }

    /// Byte range of part `i` within the image.
    func range(ofPart i: Int) -> Range<UInt64> {
        guard let split = splitSize else { return 0..<totalSize }
        let start = UInt64(i) * split
        return start..<min(totalSize, start + split)
    }

    /// Creates the first part now, so that an existing output is refused before anything is read.
    func prepare() throws { _ = try descriptor(part: 0) }

    private func descriptor(part i: Int) throws -> Int32 {
        if parts[i].fd >= 0 { return parts[i].fd }
        let openCount = parts.reduce(0) { $0 + ($1.fd >= 0 ? 1 : 0) }
        if openCount >= Self.openLimit, let oldest = parts.indices.first(where: { parts[$0].fd >= 0 }) {
            try closePart(oldest)
        }
        let final = finalPaths[i]
        let partial = Self.partialName(final)
        let fd: Int32
        if parts[i].created {
            fd = open(partial, O_RDWR | O_CLOEXEC)
            guard fd >= 0 else { throw AcquisitionError.writeFailed(partial, errnoText(errno)) }
        } else {
            if access(final, F_OK) == 0 { throw AcquisitionError.outputExists(final) }
            fd = open(partial, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                if errno == EEXIST { throw AcquisitionError.outputExists(partial) }
                throw AcquisitionError.writeFailed(partial, errnoText(errno))
            }
            parts[i].created = true
        }
        parts[i].fd = fd
        return fd
    }

    private func closePart(_ i: Int) throws {
        guard parts[i].fd >= 0 else { return }
        let path = Self.partialName(finalPaths[i])
        if parts[i].dirty {
            do { try FileIO.sync(parts[i].fd) } catch { throw AcquisitionError.writeFailed(path, "fsync: " + errnoText(error.rawValue)) }
            parts[i].dirty = false
        }
        // Drop the written pages so the check that follows reads the disk, not the cache.
        FileIO.adviseDontNeed(parts[i].fd)
        close(parts[i].fd)
        parts[i].fd = -1
        parts[i].pending = 0..<0
    }

    /// Bytes per `write()`: several-MiB writes are much slower than 1 MiB ones on this kind of
    /// machine (measured in BENCHMARKS.md).
    static let slice = 1 << 20

    /// Writes `buffer` at image offset `offset` (which, with the buffer, lies inside the image).
    func write(_ buffer: UnsafeRawBufferPointer, at offset: UInt64) throws {
        var done = 0
        while done < buffer.count {
            let at = offset + UInt64(done)
            let i = splitSize.map { Int(clamping: at / $0) } ?? 0
            guard i < parts.count else { throw AcquisitionError.writeFailed(base, "write past the end of the image") }
            let part = range(ofPart: i)
            let n = Int(min(UInt64(min(buffer.count - done, Self.slice)), part.upperBound - at))
            guard n > 0 else { throw AcquisitionError.writeFailed(base, "write past the end of the image") }
            let fd = try descriptor(part: i)
            let inPart = at - part.lowerBound
            try Self.pwriteAll(fd, UnsafeRawBufferPointer(rebasing: buffer[done..<(done + n)]), at: inPart,
                               path: Self.partialName(finalPaths[i]))
            parts[i].dirty = true
            note(written: inPart..<(inPart + UInt64(n)), part: i, fd: fd)
            done += n
        }
    }

    /// Starts writeback as we go, so the final fsync has little left to wait for.
    private func note(written r: Range<UInt64>, part i: Int, fd: Int32) {
        var pending = parts[i].pending
        if pending.isEmpty {
            pending = r
        } else if pending.upperBound == r.lowerBound {
            pending = pending.lowerBound..<r.upperBound
        } else {
            Writeback.start(fd, offset: Int64(pending.lowerBound), length: Int64(pending.count))
            pending = r
        }
        if pending.count >= 8 << 20 {
            Writeback.start(fd, offset: Int64(pending.lowerBound), length: Int64(pending.count))
            pending = 0..<0
        }
        parts[i].pending = pending
    }

    static func pwriteAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: UInt64, path: String) throws {
        var done = 0
        while done < bytes.count {
            guard let base = bytes.baseAddress else { return }
            let n = pwrite(fd, base + done, bytes.count - done, off_t(offset + UInt64(done)))
            if n < 0 {
                if errno == EINTR { continue }
                throw AcquisitionError.writeFailed(path, errnoText(errno))
            }
            if n == 0 { throw AcquisitionError.writeFailed(path, errnoText(EIO)) }
            done += n
        }
    }

    /// Waits until image bytes `range` are written to the disk and drops them from the page
    /// cache, so that reading them back checks the disk (`EarlyCheck`). Write errors are left
    /// for the final fsync, which reports them.
    func settle(_ range: Range<UInt64>) {
        var at = range.lowerBound
        while at < range.upperBound {
            let i = splitSize.map { Int(clamping: at / $0) } ?? 0
            guard i < parts.count else { return }
            let part = self.range(ofPart: i)
            let end = min(range.upperBound, part.upperBound)
            if parts[i].fd >= 0 {
                let fd = parts[i].fd
                let offset = Int64(at - part.lowerBound), length = Int64(end - at)
                if !parts[i].pending.isEmpty {
                    Writeback.start(fd, offset: Int64(parts[i].pending.lowerBound), length: Int64(parts[i].pending.count))
                    parts[i].pending = 0..<0
                }
                Writeback.wait(fd, offset: offset, length: length)
                Writeback.drop(fd, offset: offset, length: length)
            }
            at = end
        }
    }

    /// Creates every part and gives it its whole length, so that sectors never written
    /// (unreadable) read as zeros. Only for a finished run: an interrupted run's parts keep the
    /// length written.
    func extendToFullLength() throws {
        for i in parts.indices {
            let fd = try descriptor(part: i)
            let length = UInt64(range(ofPart: i).count)
            var st = stat()
            if fstat(fd, &st) == 0, UInt64(max(0, st.st_size)) < length {
                if ftruncate(fd, off_t(length)) != 0 {
                    throw AcquisitionError.writeFailed(Self.partialName(finalPaths[i]), errnoText(errno))
                }
                parts[i].dirty = true
            }
        }
    }

    /// Reads back image bytes written in this run (while they are still in the page cache),
    /// for the hash of bytes that came out of order. Returns the count read (short only past
    /// what was written).
    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var done = 0
        while done < buffer.count {
            let at = offset + UInt64(done)
            let i = splitSize.map { Int(clamping: at / $0) } ?? 0
            guard i < parts.count else { break }
            let part = range(ofPart: i)
            let n = Int(min(UInt64(buffer.count - done), part.upperBound - at))
            guard n > 0 else { break }
            let fd = try descriptor(part: i)
            let path = Self.partialName(finalPaths[i])
            let got: Int
            do {
                got = try FileIO.readFull(fd, at: Int64(at - part.lowerBound),
                                          into: UnsafeMutableRawBufferPointer(rebasing: buffer[done..<(done + n)]))
            } catch { throw AcquisitionError.readBackFailed(path, errnoText(error.rawValue)) }
            done += got
            if got < n { break }
        }
        return done
    }

    /// Syncs every part, drops it from the page cache and closes it.
    func finish() throws {
        for i in parts.indices { try closePart(i) }
        if let dir = finalPaths.first.map(Self.directory(of:)) { Self.syncDirectory(dir) }
    }

    /// Renames every part to its final name, refusing to replace anything.
    func publish() throws {
        for final in finalPaths {
            let partial = Self.partialName(final)
            // link + unlink instead of rename: link fails when `final` appeared meanwhile.
            if link(partial, final) != 0 {
                if errno == EEXIST { throw AcquisitionError.outputExists(final) }
                throw AcquisitionError.writeFailed(final, errnoText(errno))
            }
            unlink(partial)
            chmod(final, 0o444)
        }
        if let dir = finalPaths.first.map(Self.directory(of:)) { Self.syncDirectory(dir) }
    }

    static func directory(of path: String) -> String { FileIO.parent(of: path) }

    static func syncDirectory(_ dir: String) { FileIO.syncFolder(dir) }
}
