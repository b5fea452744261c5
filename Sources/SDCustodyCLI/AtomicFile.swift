import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Small output files (records, sidecars, keys) written so that a reader never sees half of one
/// and nothing existing is replaced: temporary name, fsync, link into place, fsync the folder.
enum AtomicFile {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static func write(_ data: Data, to path: String, mode: mode_t) throws {
        let dir = (path as NSString).deletingLastPathComponent
        let temp = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw Failure(description: String(cString: strerror(errno))) }
        var ok = false
        defer { if !ok { unlink(temp) } }
        try data.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                guard let base = raw.baseAddress else { break }
                let n = Glibc.write(fd, base + off, raw.count - off)
                if n < 0 { if errno == EINTR { continue }; close(fd); throw Failure(description: String(cString: strerror(errno))) }
                off += n
            }
        }
        guard fsync(fd) == 0 else { close(fd); throw Failure(description: "fsync: " + String(cString: strerror(errno))) }
        close(fd)
        fchmodat(AT_FDCWD, temp, mode, 0)
        guard link(temp, path) == 0 else {
            throw Failure(description: errno == EEXIST ? "already exists; not overwritten" : String(cString: strerror(errno)))
        }
        unlink(temp)
        ok = true
        let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }
}
