import Messages

/// `--lang ja|en` (or `--lang=ja`), accepted by every command.
enum LanguageOption {
    /// The value of the last `--lang` before a `--` and the arguments without it. A `--lang`
    /// with a value that is not `ja` or `en` is left in place, so the parser reports it.
    static func extract(_ arguments: [String]) -> (language: String?, rest: [String]) {
        var rest: [String] = []
        var language: String?
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" {
                rest += arguments[i...]
                break
            }
            if a == "--lang", i + 1 < arguments.count, Language(code: arguments[i + 1]) != nil,
               ["ja", "en"].contains(arguments[i + 1].lowercased()) {
                language = arguments[i + 1]
                i += 2
                continue
            }
            if a.hasPrefix("--lang="), ["ja", "en"].contains(a.dropFirst("--lang=".count).lowercased()) {
                language = String(a.dropFirst("--lang=".count))
                i += 1
                continue
            }
            rest.append(a)
            i += 1
        }
        return (language, rest)
    }
}
