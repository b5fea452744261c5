import OpenSSL
import Messages

/// Chooses the name a card file is stored under in a bag. A card's name is kept exactly unless it
/// cannot be: a component longer than the output filesystem allows (255 bytes of UTF-8: a
/// 255-character Japanese exFAT name needs up to 765), a `%` (which RFC 8493 §2.1.3 asks
/// manifests to escape and common validators then misread), or two card files that would land
/// on the same stored path. Every change is recorded, so the provenance maps stored names back
/// to the card's.
public struct StoredNames {
    /// Stored paths already used, to keep them unique.
    private var used: Set<String> = []

    /// The stored path for `cardPath` below `root` (`card` or `recovered`), and why it differs
    /// from the card's path, if it does.
    public mutating func store(_ cardPath: String, root: String) -> (path: String, reason: String?) {
        var reasons: [String] = []
        let components = cardPath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var stored: [String] = []
        for c in components {
            var name = c
            if name.contains("%") {
                name = name.replacingOccurrences(of: "%", with: "\u{FF05}")
                reasons.append(tr(.ccStoredAsUFF05))
            }
            if name.utf8.count > 255 {
                name = StoredNames.shorten(name)
                reasons.append(tr(.ccANameLongerThan255))
            }
            stored.append(name)
        }
        var path = ([root] + stored).joined(separator: "/")
        if used.contains(path) {
            var n = 2
            var candidate = path
            while used.contains(candidate) && n < 100_000 {
                candidate = StoredNames.withSuffix(path, "~\(n)")
                n += 1
            }
            path = candidate
            reasons.append(tr(.ccAnotherCardFileHasThe))
        }
        used.insert(path)
        return (path, reasons.isEmpty ? nil : reasons.joined(separator: "; "))
    }

    /// `name` cut to fit 255 bytes with `~` and 8 hex digits of its SHA-256 before the extension.
    public static func shorten(_ name: String) -> String {
        let digest = ((try? Digest.hash(.sha256, Array(name.utf8))) ?? []).hex.prefix(8)
        var ext = ""
        if let dot = name.lastIndex(of: "."), name.distance(from: dot, to: name.endIndex) <= 16 {
            ext = String(name[dot...])
        }
        let stem = ext.isEmpty ? name : String(name[..<(name.lastIndex(of: ".") ?? name.endIndex)])
        let budget = 255 - ext.utf8.count - 9
        var cut = ""
        for ch in stem where cut.utf8.count + String(ch).utf8.count <= budget { cut.append(ch) }
        return cut + "~" + digest + ext
    }

    public static func withSuffix(_ path: String, _ suffix: String) -> String {
        let slash = path.lastIndex(of: "/")
        let nameStart = slash.map { path.index(after: $0) } ?? path.startIndex
        if let dot = path[nameStart...].lastIndex(of: "."), dot != nameStart {
            return String(path[..<dot]) + suffix + String(path[dot...])
        }
        return path + suffix
    }
}
