#if canImport(Glibc)
import Glibc
#endif

/// The system calls the writer and the validator use, with EINTR retried and errors turned into
/// `BagError.io`. Every path inside a bag is reached from an open folder descriptor one component
/// at a time with `O_NOFOLLOW`, so a symlink planted in a bag is never followed out of it.
enum FileSystem {
    /// Read and write in blocks of this size: memory stays flat whatever the file size.
    static let blockSize = 1 << 20

    /// A NUL-terminated copy of a name, for system calls (names are bytes, not always UTF-8).
    static func cString(_ bytes: [UInt8]) -> [CChar] {
        var out = bytes.map { CChar(bitPattern: $0) }
        out.append(0)
        return out
    }

    static func error(_ operation: String, _ path: String) -> BagError {
        .io(operation: operation, path: path, errno: errno)
    }

    /// `open(2)` relative to `dirFD`, retrying EINTR.
    static func openAt(_ dirFD: Int32, _ name: [UInt8], _ flags: Int32, mode: mode_t = 0, display: String) throws -> Int32 {
        let cName = cString(name)
        while true {
            let fd = openat(dirFD, cName, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno == EINTR { continue }
            throw error("open", display)
        }
    }

    /// Opens an existing folder by absolute or relative path without following a final symlink.
    static func openDirectory(_ path: String) throws -> Int32 {
        try openAt(AT_FDCWD, Array(path.utf8), O_RDONLY | O_DIRECTORY | O_NOFOLLOW, display: path)
    }

    /// Opens `components` beneath `rootFD`: every folder with `O_DIRECTORY | O_NOFOLLOW`, the last
    /// component with `lastFlags | O_NOFOLLOW`. A symlink anywhere fails with ELOOP or ENOTDIR.
    static func openBeneath(_ rootFD: Int32, _ components: [[UInt8]], lastFlags: Int32, mode: mode_t = 0, display: String) throws -> Int32 {
        guard let last = components.last else { throw BagError.unsafePath(display, reason: "empty path") }
        var dirFD = rootFD
        defer { if dirFD != rootFD { close(dirFD) } }
        for component in components.dropLast() {
            let next = try openAt(dirFD, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, display: display)
            if dirFD != rootFD { close(dirFD) }
            dirFD = next
        }
        return try openAt(dirFD, last, lastFlags | O_NOFOLLOW, mode: mode, display: display)
    }

    /// Opens (creating where absent) the folders `components` beneath `rootFD` and returns the
    /// deepest one. Returns the relative paths it created, so the caller can fsync them.
    static func makeDirectories(_ rootFD: Int32, _ components: [[UInt8]], display: String) throws -> (fd: Int32, created: Int) {
        var dirFD = rootFD
        var created = 0
        for component in components {
            let made = mkdirat(dirFD, cString(component), 0o755)
            if made == 0 {
                created += 1
            } else if errno != EEXIST {
                let e = error("mkdir", display)
                if dirFD != rootFD { close(dirFD) }
                throw e
            }
            let next: Int32
            do {
                next = try openAt(dirFD, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, display: display)
            } catch {
                if dirFD != rootFD { close(dirFD) }
                throw error
            }
            if dirFD != rootFD { close(dirFD) }
            dirFD = next
        }
        return (dirFD == rootFD ? dup(rootFD) : dirFD, created)
    }

    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, display: String) throws {
        guard var p = buffer.baseAddress else { return }
        var left = buffer.count
        while left > 0 {
            let n = write(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw error("write", display)
            }
            if n == 0 { throw BagError.io(operation: "write", path: display, errno: EIO) }
            p += n
            left -= n
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], display: String) throws {
        try bytes.withUnsafeBytes { try writeAll(fd, $0, display: display) }
    }

    /// Reads up to `buffer.count` bytes; fewer only at end of file.
    static func readFull(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, display: String) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var got = 0
        while got < buffer.count {
            let n = read(fd, base + got, buffer.count - got)
            if n < 0 {
                if errno == EINTR { continue }
                throw error("read", display)
            }
            if n == 0 { break }
            got += n
        }
        return got
    }

    static func sync(_ fd: Int32, display: String) throws {
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            // Some filesystems cannot fsync a folder; that is no reason to fail an export.
            if errno == EINVAL || errno == EROFS { return }
            throw error("fsync", display)
        }
    }

    static func status(_ fd: Int32, display: String) throws -> stat {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw error("stat", display) }
        return st
    }

    /// Entries of an open folder (without "." and ".."), each with its `lstat` result.
    /// `limit` bounds the count so a hostile folder cannot exhaust memory.
    static func listDirectory(_ dirFD: Int32, limit: Int, display: String) throws -> [(name: [UInt8], stat: stat)] {
        let copy = dup(dirFD)
        guard copy >= 0 else { throw error("dup", display) }
        guard let dir = fdopendir(copy) else {
            let e = error("opendir", display)
            close(copy)
            throw e
        }
        defer { closedir(dir) }
        rewinddir(dir)
        var out: [(name: [UInt8], stat: stat)] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw error("readdir", display) }
                break
            }
            let name: [UInt8] = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                let end = bytes.firstIndex(of: 0) ?? bytes.count
                return Array(bytes[0..<end])
            }
            if name == [0x2e] || name == [0x2e, 0x2e] { continue }
            var st = stat()
            let r = fstatat(dirFD, cString(name), &st, AT_SYMLINK_NOFOLLOW)
            guard r == 0 else { throw error("stat", display + "/" + String(decoding: name, as: UTF8.self)) }
            out.append((name, st))
            if out.count > limit {
                throw BagError.tooLarge(path: display, limit: limit)
            }
        }
        return out
    }

    /// Removes a folder tree we created, never following symlinks. Errors are ignored: this runs
    /// on the failure path, where the first error is the one worth reporting.
    static func removeTree(_ path: String) {
        let parent = FileSystem.parent(of: path)
        let name = FileSystem.lastComponent(of: path)
        guard let parentFD = try? openDirectory(parent) else { return }
        defer { close(parentFD) }
        removeEntry(parentFD, Array(name.utf8), depth: 0)
    }

    private static func removeEntry(_ dirFD: Int32, _ name: [UInt8], depth: Int) {
        let cName = cString(name)
        let unlinked = unlinkat(dirFD, cName, 0)
        if unlinked == 0 || (errno != EISDIR && errno != EPERM) || depth > 512 { return }
        guard let fd = try? openAt(dirFD, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, display: "") else { return }
        if let entries = try? listDirectory(fd, limit: Int.max, display: "") {
            for entry in entries { removeEntry(fd, entry.name, depth: depth + 1) }
        }
        close(fd)
        _ = unlinkat(dirFD, cName, AT_REMOVEDIR)
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    static func parent(of path: String) -> String {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        guard let slash = p.lastIndex(of: "/") else { return "." }
        if slash == p.startIndex { return "/" }
        return String(p[..<slash])
    }

    static func lastComponent(of path: String) -> String {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        guard let slash = p.lastIndex(of: "/") else { return p }
        return String(p[p.index(after: slash)...])
    }

    /// `renameat2(…, RENAME_NOREPLACE)`: publish a folder without replacing one that appeared
    /// meanwhile (plain `rename` silently replaces an empty folder). glibc has it since 2.28 but
    /// Swift's Glibc module does not export it, so it is looked up once at run time.
    static func renameNoReplace(_ from: String, _ to: String) throws {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        let renameNoReplaceFlag: UInt32 = 1
        if let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") {
            let fn = unsafeBitCast(symbol, to: RenameAt2.self)
            while true {
                if fn(AT_FDCWD, from, AT_FDCWD, to, renameNoReplaceFlag) == 0 { return }
                if errno == EINTR { continue }
                if errno == EEXIST || errno == ENOTEMPTY { throw BagError.destinationExists(to) }
                if errno != EINVAL && errno != ENOSYS { throw error("rename", to) }
                break // filesystem without RENAME_NOREPLACE: fall back below
            }
        }
        // Fallback: check, then rename. rename(2) refuses a non-empty target.
        if exists(to) { throw BagError.destinationExists(to) }
        guard rename(from, to) == 0 else { throw error("rename", to) }
    }

    /// A random hex string for temporary names.
    static func randomSuffix() -> String {
        var bytes = [UInt8](repeating: 0, count: 8)
        var filled = false
        let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            filled = (try? bytes.withUnsafeMutableBytes { try readFull(fd, $0, display: "/dev/urandom") }) == 8
            close(fd)
        }
        if !filled {
            var g = SystemRandomNumberGenerator()
            for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &g) }
        }
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }
}
