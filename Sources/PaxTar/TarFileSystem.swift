#if canImport(Glibc)
import Glibc
#endif
import SystemIO
import Messages

/// The system calls the writer and extractor use: everything relative to an open folder, with
/// `O_NOFOLLOW`, errors as `TarError.io`. The calls themselves (and their EINTR retries) are
/// SystemIO's `FileIO`.
enum TarFileSystem {
    static func cString(_ bytes: [UInt8]) -> [CChar] { FileIO.cString(bytes) }

    static func openAt(_ dirFD: Int32, _ name: [UInt8], _ flags: Int32, mode: mode_t = 0, display: String) throws -> Int32 {
        do { return try FileIO.openAt(dirFD, name, flags, mode: mode) } catch { throw TarError.io("open", display, errno: error.rawValue) }
    }

    /// Entries of an open folder (without "." and ".."), sorted by name bytes, with `lstat` results.
    static func list(_ dirFD: Int32, display: String) throws -> [(name: [UInt8], stat: stat)] {
        let out: [(name: [UInt8], stat: stat)]
        do {
            out = try FileIO.listDirectory(dirFD, limit: 10_000_000)
        } catch {
            switch error {
            case .failed(let operation, _, let code): throw TarError.io(operation, display, errno: code)
            case .tooMany: throw TarError(.limit, tr(.tcFolderHasTooManyEntries), entry: display)
            }
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
            let n: Int
            do { n = try FileIO.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want])) } catch {
                throw TarError.io("read", display, errno: error.rawValue)
            }
            if n == 0 { throw TarError(.truncated, tr(.tcFileShrankWhileBeingArchived), entry: display) }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            left -= UInt64(n)
        }
    }

    static func sync(_ fd: Int32, display: String) throws {
        // A file that cannot be synced here (EINVAL, EROFS) is not an error.
        do { try FileIO.sync(fd, ignoringUnsupported: true) } catch { throw TarError.io("fsync", display, errno: error.rawValue) }
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, display: String) throws {
        do { try FileIO.writeAll(fd, bytes) } catch { throw TarError.io("write", display, errno: error.rawValue) }
    }
}
