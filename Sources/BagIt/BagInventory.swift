#if canImport(Glibc)
import Glibc
#endif

/// Everything in a bag folder, found by walking it from an open descriptor without following
/// symlinks. Bounded: `maxDepth` folders deep and `maxEntries` entries in all.
struct BagInventory {
    struct Entry {
        let size: UInt64
        let isRegular: Bool
    }

    static let maxDepth = 128
    static let maxEntries = 10_000_000

    /// Regular and irregular files under data/ ("data/…" byte paths).
    var payload: [[UInt8]: Entry] = [:]
    /// Regular and irregular files outside data/.
    var tags: [[UInt8]: Entry] = [:]
    /// Whether data/ exists as a folder.
    var hasDataFolder = false
    /// Symlinks, devices, fifos and sockets anywhere in the bag.
    var irregular: [[UInt8]] = []

    private var count = 0

    static func walk(_ rootFD: Int32, display: String) throws -> BagInventory {
        var inventory = BagInventory()
        try inventory.walk(rootFD, prefix: [], depth: 0, display: display)
        return inventory
    }

    private mutating func walk(_ dirFD: Int32, prefix: [UInt8], depth: Int, display: String) throws {
        guard depth <= BagInventory.maxDepth else {
            throw BagError.tooLarge(path: display + "/" + BagPath.display(prefix), limit: BagInventory.maxDepth)
        }
        let entries = try FileSystem.listDirectory(dirFD, limit: BagInventory.maxEntries,
                                                   display: prefix.isEmpty ? display : BagPath.display(prefix))
        for entry in entries.sorted(by: { $0.name.lexicographicallyPrecedes($1.name) }) {
            count += 1
            if count > BagInventory.maxEntries { throw BagError.tooLarge(path: display, limit: BagInventory.maxEntries) }
            let path = prefix.isEmpty ? entry.name : prefix + [0x2f] + entry.name
            let type = entry.stat.st_mode & S_IFMT
            let inData = path.starts(with: Array("data/".utf8))
            if type == S_IFDIR {
                if path == Array("data".utf8) { hasDataFolder = true }
                let fd = try FileSystem.openAt(dirFD, entry.name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, display: BagPath.display(path))
                defer { close(fd) }
                try walk(fd, prefix: path, depth: depth + 1, display: display)
                continue
            }
            let regular = type == S_IFREG
            if !regular { irregular.append(path) }
            let item = Entry(size: regular ? UInt64(max(0, entry.stat.st_size)) : 0, isRegular: regular)
            if inData { payload[path] = item } else { tags[path] = item }
        }
    }
}
