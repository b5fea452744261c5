#if canImport(Glibc)
import Glibc
#endif
import SystemIO
import Messages

/// The system calls the writer and the validator use (SystemIO's `FileIO`, which retries EINTR),
/// with errors turned into `BagError.io`. Every path inside a bag is reached from an open folder descriptor one component
/// at a time with `O_NOFOLLOW`, so a symlink planted in a bag is never followed out of it.
enum FileSystem {
    /// Read and write in blocks of this size: memory stays flat whatever the file size.
    static let blockSize = 1 << 20

    /// A NUL-terminated copy of a name, for system calls (names are bytes, not always UTF-8).
    static func cString(_ bytes: [UInt8]) -> [CChar] { FileIO.cString(bytes) }

    static func error(_ operation: String, _ path: String) -> BagError {
        .io(operation: operation, path: path, errno: errno)
    }

    /// `open(2)` relative to `dirFD`.
    static func openAt(_ dirFD: Int32, _ name: [UInt8], _ flags: Int32, mode: mode_t = 0, display: String) throws -> Int32 {
        do { return try FileIO.openAt(dirFD, name, flags, mode: mode) } catch {
            throw BagError.io(operation: "open", path: display, errno: error.rawValue)
        }
    }

    /// Opens an existing folder by absolute or relative path without following a final symlink.
    static func openDirectory(_ path: String) throws -> Int32 {
        try openAt(AT_FDCWD, Array(path.utf8), O_RDONLY | O_DIRECTORY | O_NOFOLLOW, display: path)
    }

    /// Opens `components` beneath `rootFD`: every folder with `O_DIRECTORY | O_NOFOLLOW`, the last
    /// component with `lastFlags | O_NOFOLLOW`. A symlink anywhere fails with ELOOP or ENOTDIR.
    static func openBeneath(_ rootFD: Int32, _ components: [[UInt8]], lastFlags: Int32, mode: mode_t = 0, display: String) throws -> Int32 {
        guard let last = components.last else { throw BagError.unsafePath(display, reason: tr(.bcEmptyPath)) }
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
        do { try FileIO.writeAll(fd, buffer) } catch { throw BagError.io(operation: "write", path: display, errno: error.rawValue) }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], display: String) throws {
        try bytes.withUnsafeBytes { try writeAll(fd, $0, display: display) }
    }

    /// Reads up to `buffer.count` bytes; fewer only at end of file.
    static func readFull(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, display: String) throws -> Int {
        do { return try FileIO.readFull(fd, into: buffer) } catch { throw BagError.io(operation: "read", path: display, errno: error.rawValue) }
    }

    static func sync(_ fd: Int32, display: String) throws {
        // Some filesystems cannot fsync a folder; that is no reason to fail an export.
        do { try FileIO.sync(fd, ignoringUnsupported: true) } catch { throw BagError.io(operation: "fsync", path: display, errno: error.rawValue) }
    }

    static func status(_ fd: Int32, display: String) throws -> stat {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw error("stat", display) }
        return st
    }

    /// Entries of an open folder (without "." and ".."), each with its `lstat` result.
    /// `limit` bounds the count so a hostile folder cannot exhaust memory.
    static func listDirectory(_ dirFD: Int32, limit: Int, display: String) throws -> [(name: [UInt8], stat: stat)] {
        do {
            return try FileIO.listDirectory(dirFD, limit: limit)
        } catch {
            switch error {
            case .failed(let operation, let name, let code):
                let path = name.map { display + "/" + String(decoding: $0, as: UTF8.self) } ?? display
                throw BagError.io(operation: operation, path: path, errno: code)
            case .tooMany:
                throw BagError.tooLarge(path: display, limit: limit)
            }
        }
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

    static func exists(_ path: String) -> Bool { FileIO.exists(path) }

    static func parent(of path: String) -> String { FileIO.parent(of: path) }

    static func lastComponent(of path: String) -> String { FileIO.lastComponent(of: path) }

    /// Publishes a folder without replacing one that appeared meanwhile (plain `rename` silently
    /// replaces an empty folder): `FileIO.renameNoReplace`.
    static func renameNoReplace(_ from: String, _ to: String) throws {
        do { try FileIO.renameNoReplace(from, to) } catch {
            if error == .fileExists { throw BagError.destinationExists(to) }
            throw BagError.io(operation: "rename", path: to, errno: error.rawValue)
        }
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
