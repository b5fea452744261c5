/// HTML text escaping for values that come from a card, a bag or an officer.
enum HTML {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters would let a hostile name break the layout: shown as U+FFFD.
                if c.value < 0x20 && c != "\n" && c != "\t" || (0x7F..<0xA0).contains(c.value) { out += "\u{FFFD}" } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    /// A CSS string literal's content (the footer's margin-box text).
    static func cssString(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\22 "
            case "\\": out += "\\5c "
            default: out += c.value < 0x20 ? " " : String(c)
            }
        }
        return out
    }
}
