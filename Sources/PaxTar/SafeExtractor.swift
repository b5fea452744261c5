#if canImport(Glibc)
import Glibc
#endif
import SystemIO
import Messages

/// Extracts a pax/ustar archive from a stream into an existing, empty destination folder,
/// refusing anything that could write outside it or make it something other than folders and
/// regular files:
///
/// - absolute paths, `..`, `.` (except a leading `./`) and empty components, NUL, over-long or
///   over-deep paths;
/// - symlinks, hardlinks, devices, fifos, sparse files and unknown entry types;
/// - the same name twice (or a file where a folder is);
/// - bad header checksums, unknown magic, malformed pax records, numbers that overflow, pax
///   headers larger than the limit, and archives that end early or without their two zero blocks.
///
/// Every folder is created and opened one component at a time under the destination with
/// `O_NOFOLLOW | O_DIRECTORY`, every file created with `O_CREAT | O_EXCL | O_NOFOLLOW`: a symlink
/// in the way is never followed. On error it throws and leaves what it wrote; the caller removes
/// the partial output (it owns the destination).
public struct SafeExtractor {
    public struct Limits: Sendable {
        /// The largest pax extended header (or GNU long name) accepted.
        public var maxHeaderBytes = 1 << 20
        /// Entries in the archive.
        public var maxEntries = 10_000_000
        /// Bytes in one path.
        public var maxPathBytes = 4096
        /// Folders deep.
        public var maxDepth = 256
        /// Total content bytes, where the caller knows a bound.
        public var maxTotalBytes: UInt64 = .max

        public init() {}
    }

    /// What an extraction wrote.
    public struct Summary: Sendable, Equatable {
        public var files = 0
        public var directories = 0
        public var bytes: UInt64 = 0
        /// Paths of files written, in archive order, relative to the destination.
        public var filePaths: [String] = []
    }

    public let destination: String
    public let limits: Limits
    /// fsync every file and folder written (and the destination) before returning, so an
    /// extraction the caller then renames into place survives a crash.
    public let sync: Bool

    public init(destination: String, limits: Limits = Limits(), sync: Bool = true) {
        self.destination = destination
        self.limits = limits
        self.sync = sync
    }

    public func extract(from source: InputSource) throws -> Summary {
        let rootFD = Glibc.open(destination, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard rootFD >= 0 else { throw TarError.io(tr(.tcOpenDestination), destination) }
        defer { close(rootFD) }
        var run = ExtractionRun(rootFD: rootFD, limits: limits, reader: BlockReader(source), sync: sync)
        try run.extract()
        return run.summary
    }
}

private struct ExtractionRun {
    let rootFD: Int32
    let limits: SafeExtractor.Limits
    let reader: BlockReader
    let sync: Bool
    var summary = SafeExtractor.Summary()
    /// Every path created, explicit or implied, and whether it is a folder.
    var seen: [[UInt8]: Bool] = [:]
    /// Folders an archive entry declared (a second declaration is a duplicate).
    var declaredFolders = Set<[UInt8]>()
    /// Folder times, applied at the end (creating children changes a folder's mtime).
    var folderTimes: [([[UInt8]], TarTime)] = []

    init(rootFD: Int32, limits: SafeExtractor.Limits, reader: BlockReader, sync: Bool) {
        self.rootFD = rootFD
        self.limits = limits
        self.reader = reader
        self.sync = sync
    }

    mutating func extract() throws {
        var pax: [String: [UInt8]]?
        var longName: [UInt8]?
        var entries = 0
        while true {
            guard let block = try reader.readExactly(UstarHeader.blockSize) else {
                throw TarError(.truncated, tr(.tcArchiveEndsWithoutItsEnd))
            }
            if block.partial { throw TarError(.truncated, tr(.tcArchiveEndsInsideAHeader)) }
            let header = UstarHeader(bytes: block.bytes)
            if header.isZeroBlock {
                guard pax == nil, longName == nil else { throw TarError(.truncated, tr(.tcExtendedHeaderNotFollowedBy)) }
                guard let second = try reader.readExactly(UstarHeader.blockSize), !second.partial else {
                    throw TarError(.truncated, tr(.tcArchiveEndsAfterASingle))
                }
                guard second.bytes.allSatisfy({ $0 == 0 }) else {
                    throw TarError(.badHeader, tr(.tcAZeroBlockInsideThe))
                }
                break
            }
            entries += 1
            guard entries <= limits.maxEntries else { throw TarError(.limit, tr(.tcMoreThanEntries, ["maxEntries": "\(limits.maxEntries)"])) }
            guard header.checksumMatches() else {
                throw TarError(.badChecksum, tr(.tcHeaderChecksumDoesNotMatch, ["v": "\(reader.offset - 512)"]), entry: TarError.display(header.path))
            }
            guard header.hasKnownMagic else {
                throw TarError(.badHeader, tr(.tcNotAUstarOrPax, ["v": "\(reader.offset - 512)"]), entry: TarError.display(header.path))
            }
            let headerSize = try header.number(UstarHeader.Field.size)
            guard headerSize >= 0 else { throw TarError(.overflow, tr(.tcNegativeSize), entry: TarError.display(header.path)) }

            switch header.typeflag {
            case UstarHeader.TypeFlag.paxExtended:
                guard pax == nil else { throw TarError(.badPaxHeader, tr(.tcTwoPaxExtendedHeadersIn)) }
                let records = try PaxRecords.parse(try readSmall(UInt64(headerSize), what: tr(.tcPaxHeader)))
                if records.keys.contains(where: { $0.hasPrefix("GNU.sparse") }) {
                    throw TarError(.refusedType, tr(.tcSparseFilesAreNotSupported), entry: records["path"].map(TarError.display))
                }
                pax = records
                continue
            case UstarHeader.TypeFlag.paxGlobal:
                let records = try PaxRecords.parse(try readSmall(UInt64(headerSize), what: tr(.tcPaxGlobalHeader)))
                for key in ["path", "size", "linkpath", "mtime"] where records[key] != nil {
                    throw TarError(.badPaxHeader, tr(.tcGlobalPaxHeaderSetsFor, ["key": "\(key)"]))
                }
                continue
            case UstarHeader.TypeFlag.gnuLongName:
                guard longName == nil else { throw TarError(.badHeader, tr(.tcTwoGNULongNamesIn)) }
                var name = try readSmall(UInt64(headerSize), what: tr(.tcGNULongName))
                if let nul = name.firstIndex(of: 0) { name = Array(name[..<nul]) }
                longName = name
                continue
            default:
                break
            }

            var path = pax?["path"] ?? longName ?? header.path
            let size = try pax?["size"].map { try PaxRecords.unsigned($0, key: "size") } ?? UInt64(headerSize)
            let mtime = try pax?["mtime"].map { try PaxRecords.time($0, key: "mtime") }
                ?? TarTime(seconds: try header.number(UstarHeader.Field.mtime))
            let mode = (try? header.number(UstarHeader.Field.mode)) ?? 0o644
            pax = nil
            longName = nil
            let display = TarError.display(path)

            let type = header.typeflag
            switch type {
            case UstarHeader.TypeFlag.regular, UstarHeader.TypeFlag.regularOld, UstarHeader.TypeFlag.contiguous:
                if path.last == 0x2f { throw TarError(.unsafePath, tr(.tcAFileNameEndingIn), entry: display) }
                path = try clean(path, display: display)
                guard !path.isEmpty else { throw TarError(.unsafePath, tr(.tcAFileWithNoName), entry: display) }
                try extractFile(path, size: size, mtime: mtime, mode: mode, display: display)
            case UstarHeader.TypeFlag.directory:
                while path.last == 0x2f { path.removeLast() }
                path = try clean(path, display: display)
                // "./" itself: the destination.
                if path.isEmpty {
                    try skip(size, entry: display)
                    continue
                }
                try extractDirectory(path, mtime: mtime, display: display)
                try skip(size, entry: display)
            case UstarHeader.TypeFlag.symbolicLink:
                throw TarError(.refusedType, tr(.tcSymbolicLinksAreRefused), entry: display)
            case UstarHeader.TypeFlag.hardLink:
                throw TarError(.refusedType, tr(.tcHardLinksAreRefused), entry: display)
            case UstarHeader.TypeFlag.characterDevice, UstarHeader.TypeFlag.blockDevice:
                throw TarError(.refusedType, tr(.tcDeviceNodesAreRefused), entry: display)
            case UstarHeader.TypeFlag.fifo:
                throw TarError(.refusedType, tr(.tcFifosAreRefused), entry: display)
            default:
                throw TarError(.refusedType, tr(.tcEntryTypeIsRefused, ["type": "\(Self.typeName(type))"]), entry: display)
            }
        }
        // Folder times last, deepest first, so creating their children does not undo them.
        for (components, time) in folderTimes.sorted(by: { $0.0.count > $1.0.count }) {
            guard let fd = try? openFolder(components, create: false, display: "") else { continue }
            var times = [timespec(tv_sec: Int(time.seconds), tv_nsec: Int(time.nanoseconds)),
                         timespec(tv_sec: Int(time.seconds), tv_nsec: Int(time.nanoseconds))]
            _ = futimens(fd, &times)
            close(fd)
        }
        if sync {
            let folders = seen.filter { $0.value }.keys.map { $0.split(separator: 0x2f).map(Array.init) }
            for components in folders.sorted(by: { $0.count > $1.count }) {
                let display = components.map(TarError.display).joined(separator: "/")
                let fd = try openFolder(components, create: false, display: display)
                defer { close(fd) }
                try TarFileSystem.sync(fd, display: display)
            }
            try TarFileSystem.sync(rootFD, display: ".")
        }
    }

    static func typeName(_ t: UInt8) -> String {
        (t >= 0x20 && t < 0x7f) ? "'\(Character(Unicode.Scalar(t)))'" : "0x\(String(t, radix: 16))"
    }

    /// Strips leading "./" and checks the remaining path.
    func clean(_ raw: [UInt8], display: String) throws -> [UInt8] {
        var path = raw[...]
        while path.starts(with: [0x2e, 0x2f]) { path = path.dropFirst(2) }
        if path.elementsEqual([0x2e]) { return [] }
        if path.isEmpty { return [] }
        let bytes = Array(path)
        guard bytes.count <= limits.maxPathBytes else { throw TarError(.unsafePath, tr(.tcPathLongerThanBytes, ["maxPathBytes": "\(limits.maxPathBytes)"]), entry: display) }
        if let reason = TarPath.unsafeReason(bytes) { throw TarError(.unsafePath, reason, entry: display) }
        let depth = bytes.reduce(0) { $0 + ($1 == 0x2f ? 1 : 0) }
        guard depth < limits.maxDepth else { throw TarError(.unsafePath, tr(.tcPathDeeperThanFolders, ["maxDepth": "\(limits.maxDepth)"]), entry: display) }
        return bytes
    }

    /// Reads a small entry's content (an extended header) with its padding, bounded.
    mutating func readSmall(_ size: UInt64, what: String) throws -> [UInt8] {
        guard size <= UInt64(limits.maxHeaderBytes) else {
            throw TarError(.limit, tr(.tcOfBytesIsLargerThan, ["what": "\(what)", "size": "\(size)", "maxHeaderBytes": "\(limits.maxHeaderBytes)"]))
        }
        let count = Int(size)
        guard let content = try reader.readExactly(count), !content.partial else {
            if count == 0 { return [] }
            throw TarError(.truncated, tr(.tcArchiveEndsInsideA, ["what": "\(what)"]))
        }
        try skipPadding(UInt64(count), entry: what)
        return content.bytes
    }

    func skipPadding(_ size: UInt64, entry: String) throws {
        let remainder = Int(size % 512)
        guard remainder != 0 else { return }
        guard let padding = try reader.readExactly(512 - remainder), !padding.partial else {
            throw TarError(.truncated, tr(.tcArchiveEndsInsidePadding), entry: entry)
        }
    }

    /// Skips content (a folder entry may carry bytes, which are meaningless).
    func skip(_ size: UInt64, entry: String) throws {
        try reader.stream(size, entry: entry) { _ in }
        try skipPadding(size, entry: entry)
    }

    /// Opens (optionally creating) the folders `components` under the root, never following a
    /// symlink; records folders created implicitly.
    mutating func openFolder(_ components: [[UInt8]], create: Bool, display: String) throws -> Int32 {
        var dirFD = dup(rootFD)
        guard dirFD >= 0 else { throw TarError.io("dup", display) }
        var prefix: [UInt8] = []
        for component in components {
            prefix = prefix.isEmpty ? component : prefix + [0x2f] + component
            if create {
                if let isFolder = seen[prefix], !isFolder {
                    close(dirFD)
                    throw TarError(.duplicate, tr(.tcAFileOfTheSame), entry: display)
                }
                if mkdirat(dirFD, TarFileSystem.cString(component), 0o755) != 0 && errno != EEXIST {
                    let e = TarError.io("mkdir", display)
                    close(dirFD)
                    throw e
                }
                seen[prefix] = true
            }
            let next: Int32
            do {
                next = try TarFileSystem.openAt(dirFD, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, display: display)
            } catch {
                close(dirFD)
                throw error
            }
            close(dirFD)
            dirFD = next
        }
        return dirFD
    }

    mutating func extractDirectory(_ path: [UInt8], mtime: TarTime, display: String) throws {
        if declaredFolders.contains(path) { throw TarError(.duplicate, tr(.tcTheSameFolderTwice), entry: display) }
        if seen[path] == false { throw TarError(.duplicate, tr(.tcAFileOfTheSame), entry: display) }
        let components = path.split(separator: 0x2f).map(Array.init)
        let fd = try openFolder(components, create: true, display: display)
        close(fd)
        declaredFolders.insert(path)
        folderTimes.append((components, mtime))
        summary.directories += 1
    }

    mutating func extractFile(_ path: [UInt8], size: UInt64, mtime: TarTime, mode: Int64, display: String) throws {
        if seen[path] != nil { throw TarError(.duplicate, tr(.tcTheSameNameTwice), entry: display) }
        let (total, overflow) = summary.bytes.addingReportingOverflow(size)
        guard !overflow, total <= limits.maxTotalBytes else {
            throw TarError(.limit, tr(.tcContentExceedsBytes, ["maxTotalBytes": "\(limits.maxTotalBytes)"]), entry: display)
        }
        let components = path.split(separator: 0x2f).map(Array.init)
        let parentFD = try openFolder(Array(components.dropLast()), create: true, display: display)
        defer { close(parentFD) }
        // Only permission bits; never setuid, setgid or sticky. Owner can always read and write.
        let permissions = mode_t((mode & 0o755) | 0o600)
        let fd = try TarFileSystem.openAt(parentFD, components[components.count - 1],
                                          O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: permissions, display: display)
        seen[path] = false
        defer { close(fd) }
        try reader.stream(size, entry: display) { bytes in
            try TarFileSystem.writeAll(fd, bytes, display: display)
        }
        try skipPadding(size, entry: display)
        var times = [timespec(tv_sec: Int(mtime.seconds), tv_nsec: Int(mtime.nanoseconds)),
                     timespec(tv_sec: Int(mtime.seconds), tv_nsec: Int(mtime.nanoseconds))]
        guard futimens(fd, &times) == 0 else { throw TarError.io(tr(.tcSetTimesOf), display) }
        if sync { try TarFileSystem.sync(fd, display: display) }
        summary.files += 1
        summary.bytes = total
        summary.filePaths.append(display)
    }
}
