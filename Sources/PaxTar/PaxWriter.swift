#if canImport(Glibc)
import Glibc
#endif
import SystemIO

/// Writes a POSIX.1-2001 pax archive (ustar headers, plus a pax extended header where ustar
/// cannot hold a value) to an `OutputSink`, streaming file content through.
///
/// - Paths longer than 100 bytes or not ASCII get a pax `path` record; the ustar name field
///   then holds an ASCII stand-in for readers without pax support.
/// - Sizes above ustar's 8 GiB get a pax `size` record (and base-256 in the header, as GNU does).
/// - Times before 1970, past 2242 or with sub-second parts get a pax `mtime` record.
/// - Owner and mode are fixed: uid/gid 0, "root", 0644 files, 0755 folders.
/// - `finish()` writes the two zero blocks that end the archive.
public final class PaxWriter {
    private let sink: OutputSink
    private var open: (path: String, size: UInt64, written: UInt64)?
    private var finished = false
    private var paxCount = 0

    public init(sink: OutputSink) { self.sink = sink }

    /// Adds a folder entry ("path/").
    public func addDirectory(path: String, modificationTime: TarTime = TarTime(seconds: 0)) throws {
        try checkIdle()
        let bytes = try PaxWriter.checked(path)
        try writeHeader(path: bytes + [0x2f], size: 0, mtime: modificationTime, typeflag: UstarHeader.TypeFlag.directory, mode: 0o755)
    }

    /// Starts a regular file of exactly `size` bytes; send them with `write`, then `endFile()`.
    public func beginFile(path: String, size: UInt64, modificationTime: TarTime = TarTime(seconds: 0)) throws {
        try checkIdle()
        let bytes = try PaxWriter.checked(path)
        try writeHeader(path: bytes, size: size, mtime: modificationTime, typeflag: UstarHeader.TypeFlag.regular, mode: 0o644)
        open = (path, size, 0)
    }

    /// The next content bytes of the open file.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let current = open else { throw TarError(.misuse, "no file is open") }
        let (total, overflow) = current.written.addingReportingOverflow(UInt64(bytes.count))
        guard !overflow, total <= current.size else {
            throw TarError(.misuse, "more bytes than the \(current.size) announced", entry: current.path)
        }
        try sink.write(bytes)
        open = (current.path, current.size, total)
    }

    /// Ends the open file: checks its size and pads to the block boundary.
    public func endFile() throws {
        guard let current = open else { throw TarError(.misuse, "no file is open") }
        guard current.written == current.size else {
            throw TarError(.misuse, "\(current.written) bytes written, \(current.size) announced", entry: current.path)
        }
        try pad(current.size)
        open = nil
    }

    /// A whole file from memory.
    public func addFile(path: String, contents: [UInt8], modificationTime: TarTime = TarTime(seconds: 0)) throws {
        try beginFile(path: path, size: UInt64(contents.count), modificationTime: modificationTime)
        try contents.withUnsafeBytes { try write($0) }
        try endFile()
    }

    /// Archives a folder tree from disk under `archivePath` (folders first, names in byte order,
    /// content streamed in 1 MiB reads, times kept to the nanosecond). Symlinks and special files
    /// are refused, never followed: a bag holds only folders and regular files.
    /// Archives the folder at `diskPath` as `archivePath`, recursively; `observer` sees each
    /// regular file's bytes as they are archived (to hash them in the same read).
    public func addTree(diskPath: String, archivePath: String, observer: ArchivedFileObserver? = nil) throws {
        let fd = Glibc.open(diskPath, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw TarError.io("open", diskPath) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw TarError.io("stat", diskPath) }
        try addDirectory(path: archivePath, modificationTime: TarTime(seconds: Int64(st.st_mtim.tv_sec), nanoseconds: UInt32(st.st_mtim.tv_nsec)))
        try addChildren(fd, archivePath: archivePath, relative: [], display: diskPath, depth: 0, observer: observer)
    }

    private func addChildren(_ dirFD: Int32, archivePath: String, relative: [UInt8], display: String, depth: Int,
                             observer: ArchivedFileObserver?) throws {
        guard depth < 256 else { throw TarError(.limit, "folders nested deeper than 256", entry: display) }
        for (name, st) in try TarFileSystem.list(dirFD, display: display) {
            guard let nameText = String(validating: name, as: UTF8.self) else {
                throw TarError(.unsafePath, "name is not UTF-8", entry: display + "/" + TarError.display(name))
            }
            let childArchive = archivePath + "/" + nameText
            let childDisplay = display + "/" + nameText
            let childRelative = relative.isEmpty ? name : relative + [0x2F] + name
            let mtime = TarTime(seconds: Int64(st.st_mtim.tv_sec), nanoseconds: UInt32(st.st_mtim.tv_nsec))
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                let fd = try TarFileSystem.openAt(dirFD, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, display: childDisplay)
                defer { close(fd) }
                try addDirectory(path: childArchive, modificationTime: mtime)
                try addChildren(fd, archivePath: childArchive, relative: childRelative, display: childDisplay, depth: depth + 1,
                                observer: observer)
            case S_IFREG:
                let fd = try TarFileSystem.openAt(dirFD, name, O_RDONLY | O_NOFOLLOW, display: childDisplay)
                defer { close(fd) }
                var now = stat()
                guard fstat(fd, &now) == 0, (now.st_mode & S_IFMT) == S_IFREG else { throw TarError.io("stat", childDisplay) }
                let size = UInt64(max(0, now.st_size))
                try beginFile(path: childArchive, size: size, modificationTime: mtime)
                try observer?.willArchive(path: childRelative, size: size)
                try TarFileSystem.copy(from: fd, count: size, display: childDisplay) { chunk in
                    try observer?.archived(chunk)
                    try write(chunk)
                }
                try observer?.didArchive()
                try endFile()
            default:
                throw TarError(.refusedType, "not a regular file or folder; refusing to archive it", entry: childDisplay)
            }
        }
    }

    /// Ends the archive with two zero blocks.
    public func finish() throws {
        try checkIdle()
        let zeros = [UInt8](repeating: 0, count: UstarHeader.blockSize * 2)
        try zeros.withUnsafeBytes { try sink.write($0) }
        finished = true
    }

    // MARK: Internals

    private func checkIdle() throws {
        if finished { throw TarError(.misuse, "the archive is already finished") }
        if let current = open { throw TarError(.misuse, "a file is still open", entry: current.path) }
    }

    /// Paths must be plain relative paths: no leading `/`, no empty, `.` or `..` components, no NUL.
    static func checked(_ path: String) throws -> [UInt8] {
        let bytes = Array(path.utf8)
        if let reason = TarPath.unsafeReason(bytes) { throw TarError(.unsafePath, reason, entry: path) }
        return bytes
    }

    private func writeHeader(path: [UInt8], size: UInt64, mtime: TarTime, typeflag: UInt8, mode: Int64) throws {
        var records: [(key: String, value: [UInt8])] = []
        let nameFits = path.count <= UstarHeader.Field.name.count && path.allSatisfy { $0 >= 0x20 && $0 < 0x7f }
        if !nameFits { records.append(("path", path)) }
        if size > UstarHeader.maxOctal(UstarHeader.Field.size.count) { records.append(("size", Array(String(size).utf8))) }
        if mtime.nanoseconds != 0 || mtime.seconds < 0 || UInt64(mtime.seconds) > UstarHeader.maxOctal(UstarHeader.Field.mtime.count) {
            records.append(("mtime", Array(mtime.paxValue.utf8)))
        }
        let name = nameFits ? path : PaxWriter.standIn(path, directory: typeflag == UstarHeader.TypeFlag.directory)
        if !records.isEmpty {
            let content = PaxRecords.encode(records)
            paxCount += 1
            let paxName = Array("PaxHeaders.\(paxCount)/".utf8) + PaxWriter.standIn(path, directory: false).suffix(80)
            let header = UstarHeader.make(name: Array(paxName.prefix(100)), mode: 0o644, size: UInt64(content.count),
                                          mtime: max(0, mtime.seconds), typeflag: UstarHeader.TypeFlag.paxExtended)
            try header.bytes.withUnsafeBytes { try sink.write($0) }
            try content.withUnsafeBytes { try sink.write($0) }
            try pad(UInt64(content.count))
        }
        let header = UstarHeader.make(name: name, mode: mode, size: size, mtime: mtime.seconds, typeflag: typeflag)
        try header.bytes.withUnsafeBytes { try sink.write($0) }
    }

    /// An ASCII name of at most 100 bytes standing in for a path a pax record carries: other
    /// bytes become `_`, and long paths keep their end (the file name is the useful part).
    static func standIn(_ path: [UInt8], directory: Bool) -> [UInt8] {
        var ascii = path.map { ($0 >= 0x20 && $0 < 0x7f) ? $0 : 0x5f }
        let limit = directory ? 99 : 100
        if directory { ascii.removeLast() } // the trailing "/" is re-added after trimming
        if ascii.count > limit { ascii = Array(ascii.suffix(limit)) }
        while ascii.first == 0x2f { ascii.removeFirst() }
        if directory { ascii.append(0x2f) }
        return ascii
    }

    private func pad(_ size: UInt64) throws {
        let remainder = Int(size % UInt64(UstarHeader.blockSize))
        guard remainder != 0 else { return }
        let zeros = [UInt8](repeating: 0, count: UstarHeader.blockSize - remainder)
        try zeros.withUnsafeBytes { try sink.write($0) }
    }
}

/// Path rules shared by the writer and the extractor.
enum TarPath {
    static func unsafeReason(_ bytes: [UInt8]) -> String? {
        if bytes.isEmpty { return "empty path" }
        if bytes.contains(0) { return "path contains NUL" }
        if bytes.first == 0x2f { return "absolute path" }
        for part in bytes.split(separator: 0x2f, omittingEmptySubsequences: false) {
            if part.isEmpty { return "empty path component" }
            if part.elementsEqual([0x2e]) { return "`.` component" }
            if part.elementsEqual([0x2e, 0x2e]) { return "`..` component" }
        }
        return nil
    }
}

/// Sees each regular file `PaxWriter.addTree` archives: its path relative to the tree's root
/// (`/`-separated bytes), then its bytes in order as they are archived, then its end.
public protocol ArchivedFileObserver: AnyObject {
    func willArchive(path: [UInt8], size: UInt64) throws
    func archived(_ bytes: UnsafeRawBufferPointer) throws
    func didArchive() throws
}
