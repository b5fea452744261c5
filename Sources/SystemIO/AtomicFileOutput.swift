import Messages
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file under a temporary name beside its destination, then on `finish` syncs it and
/// publishes it under the final name without ever replacing an existing file (link(2), which fails
/// if the name exists). Created 0600. If `finish` is never reached, the temporary file is removed,
/// so an interrupted or failed run leaves nothing that looks finished (PRODUCT.md non-negotiables).
public final class AtomicFileOutput: OutputSink {
    public let path: String
    private let temporaryPath: String
    private var fd: Int32
    private var published = false
    private var buffer: [UInt8] = []
    private static let bufferLimit = 1 << 20
    /// Bytes written to the temporary file, and how far write-back has been started.
    private var written: Int64 = 0
    private var writebackStarted: Int64 = 0
    private var previousWindow: (start: Int64, length: Int64)?
    /// Write-back is started every `writebackWindow` bytes (see `startWriteback`).
    private static let writebackWindow: Int64 = 16 << 20

    public init(path: String, mode: mode_t = 0o600) throws {
        self.path = path
        var st = stat()
        if lstat(path, &st) == 0 { throw SystemIOError.exists(path: path) }
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let folder = dir.isEmpty ? "/" : dir
        AtomicFileOutput.removeAbandonedPartials(in: folder, base: base)
        var template = Array("\(folder)/.\(base).XXXXXX.partial".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buf -> Int32 in
            guard let p = buf.baseAddress else { return -1 }
            return mkstemps(p, 8)
        }
        guard fd >= 0 else { throw SystemIOError.failed(tr(.errIOCannotCreate, ["path": path]), errno: errno) }
        self.fd = fd
        temporaryPath = template.withUnsafeBufferPointer { b in b.baseAddress.map { String(cString: $0) } ?? "" }
        // Held while this process lives: a later run that can take the lock knows the writer is
        // gone (Ctrl-C, kill, power cut) and removes the leftover.
        _ = flock(fd, LOCK_EX | LOCK_NB)
        if fchmod(fd, mode) != 0 {
            let e = errno
            discard()
            throw SystemIOError.failed(tr(.errIOCannotChmod, ["path": path]), errno: e)
        }
        buffer.reserveCapacity(AtomicFileOutput.bufferLimit)
    }

    deinit { discard() }

    /// Removes `.BASE.XXXXXX.partial` files beside the destination that no live writer holds.
    static func removeAbandonedPartials(in folder: String, base: String) {
        let prefix = "." + base + "."
        guard let dir = opendir(folder) else { return }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            // Exactly the shape mkstemps made: prefix, six characters, ".partial".
            if name.hasPrefix(prefix), name.hasSuffix(".partial"), name.utf8.count == prefix.utf8.count + 6 + 8 {
                names.append(name)
            }
        }
        closedir(dir)
        for name in names {
            let full = folder + "/" + name
            let fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { continue }
            var st = stat()
            let free = fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG && flock(fd, LOCK_EX | LOCK_NB) == 0
            if free { unlink(full) }
            close(fd)
        }
    }

    /// Removes the temporary file (after a failure).
    public func discard() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        if !published { unlink(temporaryPath) }
        published = true
    }

    private func flush() throws {
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ b: UnsafeRawBufferPointer) throws {
        guard fd >= 0 else { throw SystemIOError.misuse("\(path): output already closed") }
        do { try FileIO.writeAll(fd, b) } catch { throw SystemIOError.failed(tr(.errIOWriteFailedPath, ["path": path]), errno: error.rawValue) }
        written += Int64(b.count)
        if written - writebackStarted >= AtomicFileOutput.writebackWindow { startWriteback() }
    }

    /// Starts writing the window just filled to the disk, and waits for the window before it.
    /// Without this, a large output sits in the page cache until `finish` syncs it, and the whole
    /// sync (seconds for gigabytes) comes after the work instead of overlapping it; it also keeps
    /// the dirty pages of one output to about two windows. Best effort: `finish`'s fsync is what
    /// guarantees durability, so errors here are left for it to report.
    private func startWriteback() {
        let window = (start: writebackStarted, length: written - writebackStarted)
        Writeback.start(fd, offset: window.start, length: window.length)
        if let previous = previousWindow {
            Writeback.wait(fd, offset: previous.start, length: previous.length)
        }
        previousWindow = window
        writebackStarted = written
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if buffer.count + bytes.count > AtomicFileOutput.bufferLimit { try flush() }
        if bytes.count >= AtomicFileOutput.bufferLimit {
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    public func finish() throws {
        try flush()
        do { try FileIO.sync(fd) } catch { throw SystemIOError.failed(tr(.errIOSyncFailed, ["path": path]), errno: error.rawValue) }
        close(fd)
        fd = -1
        if link(temporaryPath, path) != 0 {
            let e = errno
            if e == EEXIST { throw SystemIOError.exists(path: path) }
            // Filesystems without hard links: rename after a last check (small race, same folder).
            var st = stat()
            if lstat(path, &st) == 0 { throw SystemIOError.exists(path: path) }
            guard rename(temporaryPath, path) == 0 else {
                throw SystemIOError.failed(tr(.errIOCannotPublish, ["path": path]), errno: errno)
            }
        } else {
            unlink(temporaryPath)
        }
        published = true
        // Make the new name durable too.
        FileIO.syncFolder(FileIO.parent(of: path))
    }
}
