#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystemShim
import SystemPackage

/// File system calls on raw descriptors, each throwing the `Errno` of its failure so that the
/// module calling it can name the operation and the file in its own error type. Interrupted
/// calls are retried (`SystemCall.retrying`, swift-system's `retryOnInterrupt`).
public enum FileIO {
    /// A NUL-terminated copy of a name, for system calls (names are bytes, not always UTF-8).
    public static func cString(_ bytes: [UInt8]) -> [CChar] {
        var out = bytes.map { CChar(bitPattern: $0) }
        out.append(0)
        return out
    }

    /// `openat(2)` with `O_CLOEXEC` added.
    public static func openAt(_ dirFD: Int32, _ name: [UInt8], _ flags: Int32, mode: mode_t = 0) throws(Errno) -> Int32 {
        let c = cString(name)
        return try SystemCall.retrying { openat(dirFD, c, flags | O_CLOEXEC, mode) }
    }

    /// Writes all of `bytes`; a write that makes no progress is `EIO`.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(Errno) {
        let descriptor = FileDescriptor(rawValue: fd)
        var offset = 0
        while offset < bytes.count {
            let n: Int
            do {
                n = try descriptor.write(UnsafeRawBufferPointer(rebasing: bytes[offset...]), retryOnInterrupt: true)
            } catch let e as Errno { throw e } catch { throw Errno.ioError }
            if n <= 0 { throw Errno.ioError }
            offset += n
        }
    }

    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(Errno) {
        do { try bytes.withUnsafeBytes { try writeAll(fd, $0) } } catch let e as Errno { throw e } catch { throw .ioError }
    }

    /// One `read(2)`: some prefix of `buffer`, 0 at end of file.
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        guard buffer.count > 0 else { return 0 }
        do { return try FileDescriptor(rawValue: fd).read(into: buffer, retryOnInterrupt: true) } catch let e as Errno { throw e } catch { throw Errno.ioError }
    }

    /// Reads until `buffer` is full or the file ends; returns the count read.
    public static func readFull(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        var got = 0
        while got < buffer.count {
            let n = try read(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[got...]))
            if n == 0 { break }
            got += n
        }
        return got
    }

    /// Reads up to `buffer.count` bytes from `offset` on (fewer only at end of file), without
    /// moving the file position.
    public static func readFull(_ fd: Int32, at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        let descriptor = FileDescriptor(rawValue: fd)
        var got = 0
        while got < buffer.count {
            let n: Int
            do {
                n = try descriptor.read(fromAbsoluteOffset: offset + Int64(got),
                                        into: UnsafeMutableRawBufferPointer(rebasing: buffer[got...]),
                                        retryOnInterrupt: true)
            } catch let e as Errno { throw e } catch { throw Errno.ioError }
            if n == 0 { break }
            got += n
        }
        return got
    }

    /// `fsync(2)`. With `ignoringUnsupported`, a file system that cannot sync this kind of file
    /// (`EINVAL`, `EROFS`: some cannot sync a folder) is not an error.
    public static func sync(_ fd: Int32, ignoringUnsupported: Bool = false) throws(Errno) {
        do {
            try SystemCall.retrying { fsync(fd) }
        } catch {
            if ignoringUnsupported && (error == .invalidArgument || error == .readOnlyFileSystem) { return }
            throw error
        }
    }

    /// `flock(2)`, waiting for the lock.
    public static func lock(_ fd: Int32, _ operation: Int32) throws(Errno) {
        try SystemCall.retrying { flock(fd, operation) }
    }

    /// Makes the names in folder `path` durable (best effort: errors are ignored).
    public static func syncFolder(_ path: String) {
        guard let fd = try? SystemCall.retrying({ open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }) else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// Whether anything (even a dangling symlink) has this name.
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// `renameat2(RENAME_NOREPLACE)`: fails with `EEXIST` when `to` exists, also for an empty
    /// folder that plain `rename(2)` would silently replace. Where the kernel or the file system
    /// lacks it, a check then `rename(2)` (a small race; `rename` refuses a non-empty folder).
    /// `ENOTEMPTY` from either is reported as `EEXIST`.
    public static func renameNoReplace(_ from: String, _ to: String) throws(Errno) {
        do {
            try SystemCall.retrying { sdc_rename_noreplace(AT_FDCWD, from, AT_FDCWD, to) }
            return
        } catch {
            if error == .fileExists || error == .directoryNotEmpty { throw Errno.fileExists }
            if error != .invalidArgument && error != .noFunction { throw error }
        }
        if exists(to) { throw Errno.fileExists }
        do {
            try SystemCall.retrying { rename(from, to) }
        } catch {
            if error == .directoryNotEmpty { throw Errno.fileExists }
            throw error
        }
    }

    /// Entries of an open folder (without "." and ".."), each with its `lstat` result, in the
    /// order the file system returns them. More than `limit` entries throw `tooMany`, so a
    /// hostile folder cannot exhaust memory.
    public static func listDirectory(_ dirFD: Int32, limit: Int) throws(DirectoryListingError) -> [(name: [UInt8], stat: stat)] {
        let copy = dup(dirFD)
        guard copy >= 0 else { throw .failed(operation: "dup", name: nil, errno: errno) }
        guard let dir = fdopendir(copy) else {
            let e = errno
            close(copy)
            throw .failed(operation: "opendir", name: nil, errno: e)
        }
        defer { closedir(dir) }
        rewinddir(dir)
        var out: [(name: [UInt8], stat: stat)] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw .failed(operation: "readdir", name: nil, errno: errno) }
                break
            }
            let name: [UInt8] = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                let end = bytes.firstIndex(of: 0) ?? bytes.count
                return Array(bytes[0..<end])
            }
            if name == [0x2e] || name == [0x2e, 0x2e] { continue }
            var st = stat()
            guard fstatat(dirFD, cString(name), &st, AT_SYMLINK_NOFOLLOW) == 0 else {
                throw .failed(operation: "stat", name: name, errno: errno)
            }
            out.append((name, st))
            if out.count > limit { throw .tooMany }
        }
        return out
    }

    /// The folder part of a path ("." when there is none, "/" for the root).
    public static func parent(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        guard let slash = p.lastIndex(of: "/") else { return "." }
        if slash == p.startIndex { return "/" }
        return String(p[..<slash])
    }

    /// The last component of a path, trailing slashes ignored.
    public static func lastComponent(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        guard let slash = p.lastIndex(of: "/") else { return String(p) }
        return String(p[p.index(after: slash)...])
    }

    /// `posix_fadvise(2)`, best effort (advice is never a reason to fail).
    public static func adviseDontNeed(_ fd: Int32) {
        _ = sdc_fadvise(fd, 0, 0, SDC_FADV_DONTNEED)
    }

    public static func adviseSequential(_ fd: Int32) {
        _ = sdc_fadvise(fd, 0, 0, SDC_FADV_SEQUENTIAL)
    }
}

/// Why `FileIO.listDirectory` failed.
public enum DirectoryListingError: Error {
    /// A call failed; `name` is the entry it was about, if any.
    case failed(operation: String, name: [UInt8]?, errno: Int32)
    /// The folder has more entries than the caller's limit.
    case tooMany
}
