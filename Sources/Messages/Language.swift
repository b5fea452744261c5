/// The language people read the tool's output in (PRODUCT.md: `--lang ja|en`, else the locale).
/// Machine-read output (`--json` keys and codes, bag-info labels, provenance and log formats) does
/// not change with it.
public enum Language: String, CaseIterable, Sendable {
    case en
    case ja

    /// `--lang`, else `SDCUSTODY_LANG`, else the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is
    /// set and not empty (POSIX's order); a `ja` locale (`ja_JP.UTF-8`, `ja`) means Japanese,
    /// anything else English. Decided from the names alone, so it does not depend on the C library
    /// having the ja_JP locale installed.
    public static func resolve(option: String?, environment: [String: String]) -> Language {
        if let option, let language = Language(code: option) { return language }
        if let chosen = environment["SDCUSTODY_LANG"], let language = Language(code: chosen) { return language }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return Language(code: value) ?? .en
        }
        return .en
    }

    /// `ja`, `ja_JP`, `ja_JP.UTF-8`, `ja-JP` → Japanese; `en…`, `C`, `POSIX` → English; else nil.
    public init?(code: String) {
        let lower = code.lowercased()
        let base = lower.split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == "." || $0 == "@" }).first.map(String.init) ?? lower
        switch base {
        case "ja": self = .ja
        case "en", "c", "posix": self = .en
        default: return nil
        }
    }
}
