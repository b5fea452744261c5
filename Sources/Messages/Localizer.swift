import Synchronization

/// Turns message keys into text in the chosen language, filling `{name}` placeholders, so word
/// order is each language's own and never built by concatenation.
public struct Localizer: Sendable {
    public let language: Language

    public init(_ language: Language) { self.language = language }

    /// The process's language, chosen once at start-up (`SDCustody.run`) before any command runs.
    public static var current: Localizer {
        get { Localizer(chosen.withLock { $0 }) }
    }

    /// Chooses the process's language.
    public static func choose(_ language: Language) { chosen.withLock { $0 = language } }

    private static let chosen = Mutex<Language>(.en)

    /// The text of `key` with `arguments` put in place of its `{name}` placeholders. A missing
    /// translation falls back to English (the catalogue test keeps that from happening).
    public func text(_ key: MessageKey, _ arguments: [String: String] = [:]) -> String {
        let template = Catalog.table(language)[key] ?? Catalog.table(.en)[key] ?? key.rawValue
        return Self.fill(template, arguments)
    }

    /// Whether the catalogue has `key` (for keys made from data, such as a filesystem's field names).
    public func has(_ key: MessageKey) -> Bool { Catalog.table(language)[key] != nil }

    /// Replaces every `{name}` with `arguments[name]`; unknown names stay as they are.
    static func fill(_ template: String, _ arguments: [String: String]) -> String {
        // On the UTF-8 view: messages are made per file on a damaged card, and
        // `String.contains(String)` and `Character` searches cost more than the lookup itself.
        let brace = UInt8(ascii: "{"), closing = UInt8(ascii: "}")
        let utf8 = template.utf8
        guard !arguments.isEmpty, utf8.contains(brace) else { return template }
        var out = ""
        out.reserveCapacity(utf8.count + 32)
        var rest = Substring(template)
        while let open = rest.utf8.firstIndex(of: brace) {
            out += rest[..<open]
            guard let close = rest.utf8[open...].firstIndex(of: closing) else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if let value = arguments[name] { out += value } else { out += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// The `{name}` placeholders of a template, for the catalogue test.
    static func placeholders(_ template: String) -> Set<String> {
        var names = Set<String>()
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}

/// The text of a key made from data, or `fallback` when the catalogue has none.
public func tr(_ key: MessageKey, fallback: String) -> String {
    Localizer.current.has(key) ? Localizer.current.text(key) : fallback
}

/// Shorthand for the process's localizer.
public func tr(_ key: MessageKey, _ arguments: [String: String] = [:]) -> String {
    Localizer.current.text(key, arguments)
}
