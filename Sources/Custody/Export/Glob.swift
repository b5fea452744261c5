#if canImport(Glibc)
import Glibc
#endif

/// Shell-style patterns for `--include`: `*` and `?` match within and across folders, `**/`
/// matches any folder prefix; compared with the card path (no leading `/`).
public enum Glob {
    public static func matches(_ pattern: String, _ path: String) -> Bool {
        var p = Substring(pattern)
        while p.hasPrefix("/") { p.removeFirst() }
        return fnmatch(String(p), path, 0) == 0 || fnmatch(String(p), path, 1 << 4) == 0  // FNM_CASEFOLD (GNU): FAT names are case-insensitive
    }
}
