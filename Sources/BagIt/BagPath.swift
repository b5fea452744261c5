import Messages
/// Paths inside a bag: checking the relative paths a caller hands the writer, and the escaping
/// manifests and fetch.txt use for file paths (RFC 8493 §2.1.3 and §2.2.3: CR, LF and `%` — and
/// only those — are percent-encoded).
public enum BagPath {
    /// Splits a caller's relative path into components, refusing anything that is not a plain
    /// downward path: empty, leading `/`, empty components (`a//b`, trailing `/`), `.` or `..`,
    /// NUL, or invalid UTF-8 (Swift strings are always valid, so only NUL needs checking here).
    public static func components(ofRelative path: String) throws -> [[UInt8]] {
        let bytes = Array(path.utf8)
        if bytes.isEmpty { throw BagError.unsafePath(path, reason: tr(.bcEmptyPath)) }
        if bytes.contains(0) { throw BagError.unsafePath(path, reason: "contains NUL") }
        if bytes.first == 0x2f { throw BagError.unsafePath(path, reason: tr(.bcAbsolutePath)) }
        let parts = bytes.split(separator: 0x2f, omittingEmptySubsequences: false).map(Array.init)
        for part in parts {
            if part.isEmpty { throw BagError.unsafePath(path, reason: tr(.bcEmptyPathComponent)) }
            if part == [0x2e] || part == [0x2e, 0x2e] {
                throw BagError.unsafePath(path, reason: "`.` or `..` component")
            }
        }
        return parts
    }

    /// The form a path takes in a manifest or fetch.txt: `%` → `%25`, LF → `%0A`, CR → `%0D`.
    public static func encode(_ path: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(path.count)
        for b in path {
            switch b {
            case 0x25: out += [0x25, 0x32, 0x35]
            case 0x0a: out += [0x25, 0x30, 0x41]
            case 0x0d: out += [0x25, 0x30, 0x44]
            default: out.append(b)
            }
        }
        return out
    }

    public static func encode(_ path: String) -> String {
        String(decoding: encode(Array(path.utf8)), as: UTF8.self)
    }

    /// Undoes `encode` for BagIt 1.0 manifests. Only `%25`, `%0A` and `%0D` (either case) are
    /// decoded; any other `%` sequence is a literal part of the name, as the 1.0 rule says only
    /// those three are encoded.
    public static func decode(_ path: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(path.count)
        var i = 0
        while i < path.count {
            if path[i] == 0x25, i + 2 < path.count {
                let pair = (path[i + 1], path[i + 2] | 0x20)
                switch pair {
                case (0x32, 0x35): out.append(0x25); i += 3; continue
                case (0x30, 0x61): out.append(0x0a); i += 3; continue
                case (0x30, 0x64): out.append(0x0d); i += 3; continue
                default: break
                }
            }
            out.append(path[i])
            i += 1
        }
        return out
    }

    /// Why a path read from a manifest or fetch.txt would reach outside the bag, or nil when it
    /// stays inside. Checks `/`-absolute paths, `~` home references, Windows drive letters and
    /// UNC prefixes, `.`/`..`/empty components and NUL.
    static func escapeReason(_ path: [UInt8]) -> String? {
        if path.isEmpty { return tr(.bcEmptyPath) }
        if path.contains(0) { return "contains NUL" }
        if path.first == 0x2f { return tr(.bcAbsolutePath) }
        if path.first == 0x7e { return tr(.bcHomeFolderReference) }
        if path.first == 0x5c { return tr(.bcStartsWithABackslashWindows) }
        if path.count >= 2, path[1] == 0x3a, (path[0] | 0x20) >= 0x61, (path[0] | 0x20) <= 0x7a {
            return tr(.bcWindowsDriveLetter)
        }
        for part in path.split(separator: 0x2f, omittingEmptySubsequences: false) {
            if part.isEmpty { return tr(.bcEmptyPathComponent) }
            if part.elementsEqual([0x2e, 0x2e]) { return "`..` component" }
            if part.elementsEqual([0x2e]) { return "`.` component" }
        }
        return nil
    }

    /// The path as text for reports: UTF-8 where valid, otherwise with U+FFFD for bad bytes.
    static func display(_ path: [UInt8]) -> String {
        String(decoding: path, as: UTF8.self)
    }
}
