/// A field a name piece can fill.
public enum NameField: Int, CaseIterable, Sendable {
    case year, year2, month, day, hour, minute, second
    case endYear, endMonth, endDay, endHour, endMinute, endSecond
    case channel, sequence
    /// Ten digits of Unix time (seconds since 1970-01-01T00:00:00Z, UTC), as Xiaomi names carry.
    case epoch

    /// The group name the shape's `expression` shows (the old regular expressions' names).
    var groupName: String {
        switch self {
        case .year: return "y"
        case .year2: return "yy"
        case .month: return "mo"
        case .day: return "d"
        case .hour: return "h"
        case .minute: return "mi"
        case .second: return "s"
        case .endYear: return "ey"
        case .endMonth: return "emo"
        case .endDay: return "ed"
        case .endHour: return "eh"
        case .endMinute: return "emi"
        case .endSecond: return "es"
        case .channel: return "ch"
        case .sequence: return "seq"
        case .epoch: return "epoch"
        }
    }
}

/// Which characters a run of a name accepts. Matching is case-insensitive.
///
/// These mirror what the earlier regular expressions matched under Swift Regex's default
/// (grapheme) semantics, so that names match exactly as before: `digit` is `\d`, which there
/// also takes any other character Unicode calls a number (`Character.isNumber`, e.g. `٣`, `²`);
/// such a character fills a field but is no number to `Int`, so a time field holding one is
/// absent. Every other class takes ASCII only.
public enum NameCharacters: Sendable {
    /// `\d`: an ASCII digit, or another character that is a number.
    case digit
    /// `[a-z]`: an ASCII letter, either case.
    case letter
    /// `[a-z0-9]`: an ASCII letter or ASCII digit.
    case letterOrDigit
    /// One of these ASCII characters (letters in either case; kept as written, for `expression`).
    case oneOf([UInt8])
    /// Any character except these ASCII characters.
    case noneOf([UInt8])

    func accepts(_ unit: UInt8) -> Bool {
        switch self {
        case .digit: return NameUnits.isDigit(unit) || unit == NameUnits.otherNumber
        case .letter: return NameUnits.isLetter(unit)
        case .letterOrDigit: return NameUnits.isLetter(unit) || NameUnits.isDigit(unit)
        case .oneOf(let set): return unit < 0x80 && set.contains { NameUnits.lower($0) == NameUnits.lower(unit) }
        case .noneOf(let set): return !(unit < 0x80 && set.contains { NameUnits.lower($0) == NameUnits.lower(unit) })
        }
    }

    var expression: String {
        func escaped(_ set: [UInt8]) -> String {
            set.enumerated().map { i, b in
                let c = String(UnicodeScalar(b))
                let inside = i > 0 && i < set.count - 1
                return "]\\[^".utf8.contains(b) || (b == UInt8(ascii: "-") && inside) ? "\\" + c : c
            }.joined()
        }
        switch self {
        case .digit: return #"\d"#
        case .letter: return "[a-z]"
        case .letterOrDigit: return "[a-z0-9]"
        case .oneOf(let set): return "[" + escaped(set) + "]"
        case .noneOf(let set): return "[^" + escaped(set) + "]"
        }
    }
}

/// One piece of a name's shape. Write rows with the helpers below (`.digits(4, .year)`,
/// `"_"`, `.optional(...)`, `.either(...)`); a string literal is a literal piece.
///
/// Pieces match like a regular expression's: repeats are greedy and give back characters when
/// the rest does not match, alternatives are tried in order, and the first way the whole stem
/// matches wins. That is the order Swift Regex used, so a field is filled the same way it was.
public indirect enum NamePiece: Sendable, ExpressibleByStringLiteral {
    /// These characters, case-insensitively (stored lowercased).
    case literal([UInt8])
    /// Between `count.lowerBound` and `count.upperBound` characters of a class, kept as `field`.
    case run(NameCharacters, count: ClosedRange<Int>, field: NameField?)
    /// The pieces repeated `count` times (greedy; at most `NameProgram.maxGroupRepeats`), the
    /// whole matched text kept as `field`.
    case group([NamePiece], count: ClosedRange<Int>, field: NameField?)
    /// The first of these alternatives that lets the rest match.
    case either([[NamePiece]])

    /// A literal, matched case-insensitively. Only ASCII is meaningful in a camera name.
    public init(stringLiteral value: String) {
        self = .literal(Array(value.utf8).map(NameUnits.lower))
    }

    /// Exactly `n` digits into `field`.
    public static func digits(_ n: Int, _ field: NameField) -> NamePiece { .run(.digit, count: n...n, field: field) }
    /// Between `count.lowerBound` and `count.upperBound` digits into `field`.
    public static func digits(_ count: ClosedRange<Int>, _ field: NameField? = nil) -> NamePiece { .run(.digit, count: count, field: field) }
    /// Letters, kept as `field`.
    public static func letters(_ count: ClosedRange<Int>, _ field: NameField? = nil) -> NamePiece { .run(.letter, count: count, field: field) }
    /// One or more letters (a word prefix such as `VID` or `REC`).
    public static var word: NamePiece { .run(.letter, count: 1...unbounded, field: nil) }
    /// One or more letters or digits.
    public static var alphanumericWord: NamePiece { .run(.letterOrDigit, count: 1...unbounded, field: nil) }
    /// One of these characters (case-insensitive), kept as `field`.
    public static func oneOf(_ characters: String, _ field: NameField? = nil) -> NamePiece {
        .run(.oneOf(Array(characters.utf8)), count: 1...1, field: field)
    }
    /// Up to `count` characters other than these.
    public static func noneOf(_ characters: String, _ count: ClosedRange<Int>) -> NamePiece {
        .run(.noneOf(Array(characters.utf8)), count: count, field: nil)
    }
    /// The pieces, or nothing.
    public static func optional(_ pieces: NamePiece...) -> NamePiece { .group(pieces, count: 0...1, field: nil) }
    /// The pieces, `count` times.
    public static func repeated(_ count: ClosedRange<Int>, _ pieces: NamePiece...) -> NamePiece { .group(pieces, count: count, field: nil) }
    /// The pieces, their matched text kept as `field`.
    public static func capture(_ field: NameField, _ pieces: NamePiece...) -> NamePiece { .group(pieces, count: 1...1, field: field) }
    /// The first alternative that lets the rest of the name match.
    public static func either(_ alternatives: [NamePiece]...) -> NamePiece { .either(alternatives) }

    /// "As many as there are" (a name is at most 255 bytes anyway).
    public static let unbounded = Int.max

    /// True when a quantifier may follow the piece's expression directly.
    var isAtom: Bool {
        switch self {
        case .literal(let bytes): return bytes.count == 1
        case .run(_, let count, let field): return field != nil || count == 1...1
        case .group(_, let count, let field): return field != nil && count == 1...1
        case .either: return true
        }
    }

    func captures(_ f: NameField) -> Bool {
        switch self {
        case .literal: return false
        case .run(_, _, let field): return field == f
        case .group(let pieces, _, let field): return field == f || pieces.contains { $0.captures(f) }
        case .either(let alternatives): return alternatives.contains { $0.contains { $0.captures(f) } }
        }
    }

    /// The piece as a regular expression (for documentation and `NamePattern.expression`).
    public var expression: String {
        func quantifier(_ c: ClosedRange<Int>) -> String {
            switch (c.lowerBound, c.upperBound) {
            case (1, 1): return ""
            case (0, 1): return "?"
            case (0, NamePiece.unbounded): return "*"
            case (1, NamePiece.unbounded): return "+"
            case let (l, u) where l == u: return "{\(l)}"
            case let (l, u): return "{\(l),\(u)}"
            }
        }
        func named(_ f: NameField?, _ body: String) -> String { f.map { "(?<\($0.groupName)>" + body + ")" } ?? body }
        switch self {
        case .literal(let bytes):
            return bytes.map { b in
                let c = String(UnicodeScalar(b))
                return #"\.[]()?*+{}|^$"#.utf8.contains(b) ? "\\" + c : c
            }.joined()
        case .run(let chars, let count, let field):
            return named(field, chars.expression + quantifier(count))
        case .group(let pieces, let count, let field):
            let body = pieces.map(\.expression).joined()
            if let field, count == 1...1 { return named(field, body) }
            // One piece that is already a unit (a named run, one character, alternatives) needs no group.
            if field == nil, pieces.count == 1, pieces[0].isAtom { return body + quantifier(count) }
            return named(field, "(?:" + body + ")" + quantifier(count))
        case .either(let alternatives):
            return "(?:" + alternatives.map { $0.map(\.expression).joined() }.joined(separator: "|") + ")"
        }
    }
}
