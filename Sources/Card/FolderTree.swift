#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CardIO
import CardFileSystem
import SystemIO
import Messages

/// A card the system has already mounted, read as ordinary files: a logical view only (no
/// deleted files, no cluster runs), and the system may change it while we read. Symbolic links
/// are listed but never followed.
public final class FolderTree: FileTree {
    public let root: String
    /// Deepest folder nesting walked; cameras use three or four levels.
    static let maxDepth = 64
    /// Most entries listed, so a hostile or looping tree cannot exhaust memory.
    static let maxEntries = 1_000_000

    public init(root: String) {
        var r = root
        while r.count > 1 && r.hasSuffix("/") { r.removeLast() }
        self.root = r
    }

    public func listing(includeDeleted: Bool) throws -> VolumeListing {
        var listing = VolumeListing()
        if includeDeleted {
            listing.problems.append(tr(.scDeletedFilesCannotBeSeen))
        }
        var seen = Set<[UInt64]>()
        try walk(relative: "", depth: 0, into: &listing, seen: &seen)
        return listing
    }

    private func walk(relative: String, depth: Int, into listing: inout VolumeListing, seen: inout Set<[UInt64]>) throws {
        let dirPath = relative.isEmpty ? root : root + "/" + relative
        guard depth <= Self.maxDepth else {
            listing.problems.append(tr(.scNestedDeeperThanFoldersNot, ["relative": "\(relative)", "maxDepth": "\(Self.maxDepth)"]))
            return
        }
        guard let dir = opendir(dirPath) else {
            let reason = errnoText(errno)
            if relative.isEmpty { throw CardIOError.cannotOpen(path: dirPath, reason: reason) }
            listing.problems.append(tr(.scCannotReadFolder, ["relative": "\(relative)", "reason": "\(reason)"]))
            return
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let ent = readdir(dir) {
            let name = withUnsafeBytes(of: ent.pointee.d_name) { raw -> String in
                let bytes = raw.prefix { $0 != 0 }
                return String(decoding: bytes, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        // readdir order is the filesystem driver's; sort so listings are stable.
        names.sort()
        for name in names {
            guard listing.entries.count < Self.maxEntries else {
                listing.problems.append(tr(.scMoreThanEntriesTheRest, ["maxEntries": "\(Self.maxEntries)"]))
                return
            }
            let rel = relative.isEmpty ? name : relative + "/" + name
            var st = stat()
            guard lstat(root + "/" + rel, &st) == 0 else {
                listing.problems.append("\(rel): \(errnoText(errno))")
                continue
            }
            let kind = st.st_mode & S_IFMT
            let isDir = kind == S_IFDIR
            var notes: [String] = []
            if kind == S_IFLNK { notes.append(tr(.scSymbolicLinkNotFollowed)) }
            let entry = CardEntry(
                path: rel, name: name, isDirectory: isDir,
                size: kind == S_IFREG ? UInt64(max(0, st.st_size)) : 0,
                modified: Self.localTime(st.st_mtim.tv_sec, st.st_mtim.tv_nsec),
                accessed: Self.localTime(st.st_atim.tv_sec, st.st_atim.tv_nsec),
                attributes: isDir ? 0x10 : 0, notes: notes)
            listing.entries.append(entry)
            if isDir {
                let key = [UInt64(st.st_dev), UInt64(st.st_ino)]
                if seen.contains(key) {
                    listing.problems.append(tr(.scFolderSeenTwiceALoop, ["rel": "\(rel)"]))
                    continue
                }
                seen.insert(key)
                try walk(relative: rel, depth: depth + 1, into: &listing, seen: &seen)
            }
        }
    }

    /// The system's view of a file time in this machine's local zone. The FAT driver shows the
    /// card's wall-clock fields as local time, so this gives back what the card holds.
    static func localTime(_ seconds: Int, _ nanoseconds: Int) -> CardTimestamp? {
        var t = time_t(seconds)
        var tmv = tm()
        guard localtime_r(&t, &tmv) != nil else { return nil }
        return CardTimestamp(year: Int(tmv.tm_year) + 1900, month: Int(tmv.tm_mon) + 1, day: Int(tmv.tm_mday),
                             hour: Int(tmv.tm_hour), minute: Int(tmv.tm_min), second: Int(tmv.tm_sec),
                             nanosecond: nanoseconds)
    }

    public func content(of entry: CardEntry) throws -> FileContent {
        if entry.isDirectory { throw FileSystemError.isDirectory(path: entry.path) }
        let path = root + "/" + entry.path
        var st = stat()
        guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else {
            throw CardIOError.cannotOpen(path: path, reason: tr(.scNotARegularFileLinks))
        }
        let file = try FileByteSource(path: path, name: entry.path)
        let size = file.size
        let plan = ContentPlan(runs: [ClusterRun(firstCluster: 0, clusterCount: 0, byteOffset: 0, byteLength: size)],
                               size: size, dataLength: size)
        return FileContent(source: file, size: size, plan: nil, warnings: []) { body in
            try ContentStream(source: file, plan: plan).forEachChunk(body)
        }
    }
}
