#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemIO
import SystemPackage
import Messages

/// One line of a log file as it lies on disk.
struct ScannedLine {
    /// 1-based.
    var number: Int
    /// Byte offset of the line's first byte.
    var offset: Int64
    /// The bytes without the final newline.
    var bytes: [UInt8]
    /// False only for a last line with no newline: a torn tail.
    var terminated: Bool
    /// The line was longer than `LogFile.maxLineBytes`; `bytes` is empty. Never an entry we wrote.
    var overlong = false
}

/// File-level helpers: folders, line scanning, whole writes. System calls retry on EINTR
/// (SystemIO's `FileIO`).
enum LogFile {
    /// No entry we write comes near this; a longer line is damage, and the bound keeps memory flat.
    static let maxLineBytes = 1 << 20
    static let readChunk = 64 * 1024

    /// Creates `folder` and any missing parents with mode 0700. Existing folders are left as they are.
    static func makeFolders(_ folder: String) throws {
        guard !folder.isEmpty, folder != "/", folder != "." else { return }
        var st = stat()
        if stat(folder, &st) == 0 {
            guard st.st_mode & S_IFMT == S_IFDIR else { throw AccessLogError.io(operation: tr(.lcUseFolder), path: folder, errno: ENOTDIR) }
            return
        }
        try makeFolders(parent(of: folder))
        if mkdir(folder, 0o700) != 0 {
            let code = errno
            if code == EEXIST { return }
            throw AccessLogError.io(operation: tr(.lcCreateFolder), path: folder, errno: code)
        }
        // mkdir applies the umask, which can only remove bits; make the mode exact.
        _ = chmod(folder, 0o700)
        syncFolder(parent(of: folder))
    }

    static func parent(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.last == "/" { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "." }
        let parent = p[..<slash]
        return parent.isEmpty ? "/" : String(parent)
    }

    /// fsync on a folder, so a new name in it survives a crash. Best effort: some filesystems refuse.
    static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        do { try FileIO.writeAll(fd, bytes) } catch { throw AccessLogError.io(operation: "write", path: path, errno: error.rawValue) }
    }

    static func pread(_ fd: Int32, count: Int, at offset: Int64, path: String) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        let got: Int
        do { got = try buffer.withUnsafeMutableBytes { try FileIO.readFull(fd, at: offset, into: $0) } } catch let e as Errno {
            throw AccessLogError.io(operation: "read", path: path, errno: e.rawValue)
        }
        return Array(buffer[0..<got])
    }

    /// The last line of an open file of `size` bytes, read backwards in chunks (the file is not
    /// read whole on every append). Nil for an empty file. `number` is not known here and is 0.
    static func lastLine(_ fd: Int32, size: Int64, path: String) throws -> ScannedLine? {
        guard size > 0 else { return nil }
        let lastByte = try pread(fd, count: 1, at: size - 1, path: path)
        let terminated = lastByte.first == 0x0a
        let end = terminated ? size - 1 : size  // exclusive end of the line's content
        var start = end
        var collected: [UInt8] = []
        while start > 0 {
            let chunk = Int(min(Int64(readChunk), start))
            let bytes = try pread(fd, count: chunk, at: start - Int64(chunk), path: path)
            guard bytes.count == chunk else { throw AccessLogError.io(operation: "read", path: path, errno: EIO) }
            if let newline = bytes.lastIndex(of: 0x0a) {
                collected = Array(bytes[(newline + 1)...]) + collected
                start = start - Int64(chunk) + Int64(newline) + 1
                return ScannedLine(number: 0, offset: start, bytes: collected, terminated: terminated)
            }
            collected = bytes + collected
            start -= Int64(chunk)
            guard collected.count <= maxLineBytes else {
                throw AccessLogError.lineTooLong(path: path, line: 0)
            }
        }
        return ScannedLine(number: 0, offset: 0, bytes: collected, terminated: terminated)
    }

    /// Opens the log at `path` for reading and takes a shared lock: appenders hold an exclusive
    /// one while they write, so no half-written line is read (or mistaken for a torn tail).
    static func openForReading(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw AccessLogError.notFound(path) }
            throw AccessLogError.io(operation: "open", path: path, errno: errno)
        }
        do { try FileIO.lock(fd, LOCK_SH) } catch {
            close(fd)
            throw AccessLogError.io(operation: "lock", path: path, errno: error.rawValue)
        }
        return fd
    }

    /// Calls `body` for every line of the file at `path`, in order, reading in chunks. A line
    /// longer than `maxLineBytes` is passed as `overlong` with no bytes, so memory stays bounded
    /// and the lines after it are still read.
    static func forEachLine(path: String, _ body: (ScannedLine) throws -> Void) throws {
        let fd = try openForReading(path)
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: readChunk)
        var pending: [UInt8] = []
        var pendingOffset: Int64 = 0
        var fileOffset: Int64 = 0
        var number = 0
        var overlong = false
        while true {
            let n: Int
            do { n = try buffer.withUnsafeMutableBytes { try FileIO.read(fd, into: $0) } } catch let e as Errno {
                throw AccessLogError.io(operation: "read", path: path, errno: e.rawValue)
            }
            if n == 0 { break }
            var lineStart = 0
            for i in 0..<n where buffer[i] == 0x0a {
                if !overlong { pending += buffer[lineStart..<i] }
                if pending.count > maxLineBytes {
                    overlong = true
                    pending = []
                }
                number += 1
                try body(ScannedLine(number: number, offset: pendingOffset, bytes: pending, terminated: true, overlong: overlong))
                pending.removeAll(keepingCapacity: true)
                overlong = false
                lineStart = i + 1
                pendingOffset = fileOffset + Int64(i) + 1
            }
            if !overlong { pending += buffer[lineStart..<n] }
            fileOffset += Int64(n)
            if pending.count > maxLineBytes {
                overlong = true
                pending = []
            }
        }
        if !pending.isEmpty || overlong {
            number += 1
            try body(ScannedLine(number: number, offset: pendingOffset, bytes: pending, terminated: false, overlong: overlong))
        }
    }
}
