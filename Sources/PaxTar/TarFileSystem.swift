#if canImport(Glibc)
import Glibc
#endif

/// The system calls the writer and extractor use: everything relative to an open folder, with
/// `O_NOFOLLOW`, retrying EINTR, errors as `TarError.io`.
enum TarFileSystem {
    static func cString(_ bytes: [UInt8]) -> [CChar] {
        var out = bytes.map { CChar(bitPattern: $0) }
        out.append(0)
        return out
    }

    static func openAt(_ dirFD: Int32, _ name: [UInt8], _ flags: Int32, mode: mode_t = 0, display: String) throws -> Int32 {
        let c = cString(name)
        while true {
            let fd = openat(dirFD, c, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno == EINTR { continue }
            throw TarError.io("open", display)
        }
    }

    /// Entries of an open folder (without "." and ".."), sorted by name bytes, with `lstat` results.
    static func list(_ dirFD: Int32, display: String) throws -> [(name: [UInt8], stat: stat)] {
        let copy = dup(dirFD)
        guard copy >= 0 else { throw TarError.io("dup", display) }
        guard let dir = fdopendir(copy) else {
            let e = TarError.io("opendir", display)
            close(copy)
            throw e
        }
        defer { closedir(dir) }
        rewinddir(dir)
        var out: [(name: [UInt8], stat: stat)] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw TarError.io("readdir", display) }
                break
            }
            let name: [UInt8] = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                let end = bytes.firstIndex(of: 0) ?? bytes.count
                return Array(bytes[0..<end])
            }
            if name == [0x2e] || name == [0x2e, 0x2e] { continue }
            var st = stat()
            guard fstatat(dirFD, cString(name), &st, AT_SYMLINK_NOFOLLOW) == 0 else { throw TarError.io("stat", display) }
            out.append((name, st))
            if out.count > 10_000_000 { throw TarError(.limit, "folder has too many entries", entry: display) }
        }
        return out.sorted { $0.name.lexicographicallyPrecedes($1.name) }
    }

    /// Streams `count` bytes of an open file to `body` in 1 MiB reads; the file must not shrink.
    static func copy(from fd: Int32, count: UInt64, display: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        var left = count
        while left > 0 {
            let want = Int(min(left, UInt64(buffer.count)))
            guard let base = buffer.baseAddress else { return }
            let n = read(fd, base, want)
            if n < 0 {
                if errno == EINTR { continue }
                throw TarError.io("read", display)
            }
            if n == 0 { throw TarError(.truncated, "file shrank while being archived", entry: display) }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            left -= UInt64(n)
        }
    }

    static func sync(_ fd: Int32, display: String) throws {
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            if errno == EINVAL || errno == EROFS { return } // cannot be synced here; not an error
            throw TarError.io("fsync", display)
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, display: String) throws {
        guard var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = write(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw TarError.io("write", display)
            }
            p += n
            left -= n
        }
    }
}
