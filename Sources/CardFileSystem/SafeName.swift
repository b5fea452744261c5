import Messages
/// Turns a name read from a card into one that can be shown in a `/`-separated path and used
/// below an output folder without escaping it.
///
/// The card's name is kept wherever it is harmless. Only what would change the meaning of a
/// path is replaced: `/`, `\` and NUL become `%2F`, `%5C` and `%00`; a whole name of `.` or `..`
/// becomes `%2E` / `%2E%2E`; other control characters become `%XX`. Each replacement is reported
/// so the caller can add a note to the entry; the original stays on the card and in the notes.
public enum SafeName {
    /// Returns the safe form and, when anything was replaced, a note saying what.
    public static func make(_ raw: String) -> (name: String, note: String?) {
        if raw == "." || raw == ".." {
            let safe = String(repeating: "%2E", count: raw.count)
            return (safe, tr(.scNameCannotBeUsedAs, ["raw": "\(raw)", "safe": "\(safe)"]))
        }
        if raw.isEmpty {
            return ("%00", tr(.scEmptyNameShownAs00))
        }
        // Nearly every name is harmless: check its bytes once before building anything.
        if !raw.utf8.contains(where: { $0 < 0x20 || $0 == 0x2F || $0 == 0x5C || $0 == 0x7F }) {
            return (raw, nil)
        }
        var out = ""
        var replaced: [String] = []
        for scalar in raw.unicodeScalars {
            switch scalar.value {
            case 0x2F, 0x5C, 0x00..<0x20, 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                let code = "%" + (hex.count < 2 ? "0" + hex : hex)
                out += code
                replaced.append(code)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        if replaced.isEmpty { return (raw, nil) }
        return (out, tr(.scNameHoldsCharactersThatCannot, ["v": "\(Set(replaced).sorted().joined(separator: " "))"]))
    }

    /// Decodes UTF-16 code units (as FAT long names and exFAT names store them), replacing lone
    /// surrogates with U+FFFD and saying so.
    public static func decodeUTF16(_ units: [UInt16]) -> (name: String, note: String?) {
        var out = ""
        var bad = false
        var iterator = units.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): out.unicodeScalars.append(s)
            case .emptyInput: break loop
            case .error:
                bad = true
                out.unicodeScalars.append("\u{FFFD}")
            }
        }
        return (out, bad ? tr(.scNameHoldsUnpairedUTF16) : nil)
    }
}
