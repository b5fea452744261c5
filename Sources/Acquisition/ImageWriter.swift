#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CardIO
import SystemIO

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
            throw AcquisitionError.writeFailed(partial, errnoText(errno))
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
        do { try FileIO.sync(fd) } catch { throw AcquisitionError.writeFailed(path, "fsync: " + errnoText(error.rawValue)) }
        // Drop the written pages so the check that follows reads the disk, not the cache.
        FileIO.adviseDontNeed(fd)
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
            do {
                try FileIO.writeAll(fd, UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + n)]))
            } catch {
                throw AcquisitionError.writeFailed(partialPaths.last ?? self.base, errnoText(error.rawValue))
            }
            offset += n
            writtenInPart += UInt64(n)
            unsubmitted += UInt64(n)
            // Start writeback as we go, so the final fsync has little left to wait for.
            if unsubmitted >= 8 << 20 {
                Writeback.start(fd, offset: Int64(writtenInPart - unsubmitted), length: Int64(unsubmitted))
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
