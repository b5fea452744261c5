/// Quotes a name that came from a card, a bag or an archive for a message, with control
/// characters escaped, so a hostile name cannot forge extra output lines or hide characters:
/// `"` and `\` as `\"` and `\\`; newline, return and tab as `\n`, `\r`, `\t`; other C0 and C1
/// controls and DEL as `\u{xx}` (Swift's spelling, lower-case hex).
///
/// This is BagIt's former rendering; PaxTar's showed a tab as `\u{9}`. A tab as `\t` reads like
/// `\n` and `\r` beside it and as JSON and C write it; no test pinned either form.
public func quotedName(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7f || (scalar.value >= 0x80 && scalar.value < 0xa0) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
