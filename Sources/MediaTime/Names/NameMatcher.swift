/// A name as a row of one-byte units, one per character, which `NamePiece`s match.
///
/// A name of printable ASCII (nearly every camera name) is its own UTF-8 bytes. Any other name
/// is converted character by character (grapheme clusters, as Swift Regex matched them): a
/// single ASCII scalar stays its byte, any other character Unicode calls a number becomes
/// `otherNumber`, and everything else `other`, which no class but `noneOf` accepts.
enum NameUnits {
    /// A non-ASCII character that is a number (`Character.isNumber`): `\d` took it.
    static let otherNumber: UInt8 = 0x80
    /// Any other non-ASCII character, or a character of several scalars (`"\r\n"`, `"é"` decomposed).
    static let other: UInt8 = 0x81

    static func isDigit(_ u: UInt8) -> Bool { u &- 0x30 < 10 }
    static func isLetter(_ u: UInt8) -> Bool { (u | 0x20) &- 0x61 < 26 }
    static func lower(_ u: UInt8) -> UInt8 { u &- 0x41 < 26 ? u | 0x20 : u }

    /// True when the bytes can be matched as they are: printable ASCII, where one byte is one
    /// character (CR is left out: CR LF is a single character).
    static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where b < 0x20 || b >= 0x7F { return false }
        return true
    }

    /// Calls `body` with the units of `text` and a function giving the text of a unit range.
    static func with<R>(_ text: Substring, _ body: (UnsafeBufferPointer<UInt8>, (Range<Int>) -> String) -> R) -> R {
        var contiguous = text
        if contiguous.withUTF8(isPlainASCII) {
            return contiguous.withUTF8 { bytes in
                body(bytes) { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
            }
        }
        let characters = Array(text)
        let units: [UInt8] = characters.map { c in
            if c.unicodeScalars.count == 1, let s = c.unicodeScalars.first, s.isASCII { return UInt8(s.value) }
            return c.isNumber ? otherNumber : other
        }
        return units.withUnsafeBufferPointer { body($0) { String(characters[$0]) } }
    }
}

/// Matches a shape against the whole of a name's units, the way a backtracking regular
/// expression engine would (greedy repeats, ordered alternatives, first whole match wins).
///
/// Bounded: a name is at most 255 units, every repeat has a finite bound or stops at the
/// name's end, and a repeat never takes an empty turn, so the search ends.
struct NameMatcher {
    let units: UnsafeBufferPointer<UInt8>
    /// Where each field starts and ends in `units` (-1: not filled), two lanes per field.
    private(set) var spans = SIMD32<Int16>(repeating: -1)

    init(_ units: UnsafeBufferPointer<UInt8>) { self.units = units }

    /// The field's range in the units, if the match filled it.
    func span(_ field: NameField) -> Range<Int>? {
        let start = Int(spans[2 * field.rawValue]), end = Int(spans[2 * field.rawValue + 1])
        return start >= 0 && end >= start ? start..<end : nil
    }

    /// The field as a number (nil when absent, or when it holds a digit that is not ASCII,
    /// as `Int(_:)` of such text is nil).
    func number(_ field: NameField) -> Int? {
        guard let r = span(field), !r.isEmpty else { return nil }
        var value = 0
        for i in r {
            let u = units[i]
            guard NameUnits.isDigit(u) else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(u &- 0x30))
            guard !o1, !o2 else { return nil }
            value = sum
        }
        return value
    }

    /// True when `shape` matches all of the units; the fields are then in `spans`.
    mutating func wholeMatch(_ shape: [NamePiece]) -> Bool {
        spans = SIMD32<Int16>(repeating: -1)
        let end = units.count
        guard end <= Int(Int16.max) else { return false }
        return sequence(shape[...], at: 0) { _, position in position == end }
    }

    private mutating func setSpan(_ field: NameField, _ range: Range<Int>) {
        spans[2 * field.rawValue] = Int16(truncatingIfNeeded: range.lowerBound)
        spans[2 * field.rawValue + 1] = Int16(truncatingIfNeeded: range.upperBound)
    }

    typealias Continuation = (inout NameMatcher, Int) -> Bool

    private mutating func sequence(_ pieces: ArraySlice<NamePiece>, at position: Int, then next: Continuation) -> Bool {
        guard let first = pieces.first else { return next(&self, position) }
        let rest = pieces.dropFirst()
        return piece(first, at: position) { m, p in m.sequence(rest, at: p, then: next) }
    }

    private mutating func piece(_ piece: NamePiece, at position: Int, then next: Continuation) -> Bool {
        switch piece {
        case .literal(let bytes):
            guard bytes.count <= units.count - position else { return false }
            for (i, b) in bytes.enumerated() where NameUnits.lower(units[position + i]) != b { return false }
            return next(&self, position + bytes.count)
        case .run(let characters, let count, let field):
            var n = 0
            while n < count.upperBound, position + n < units.count, characters.accepts(units[position + n]) { n += 1 }
            guard n >= count.lowerBound else { return false }
            let saved = spans
            for length in stride(from: n, through: count.lowerBound, by: -1) {
                if let field { setSpan(field, position..<(position + length)) }
                if next(&self, position + length) { return true }
                spans = saved
            }
            return false
        case .group(let pieces, let count, let field):
            return repeatGroup(pieces, count: count, field: field, done: 0, at: position, then: next)
        case .either(let alternatives):
            for alternative in alternatives where sequence(alternative[...], at: position, then: next) { return true }
            return false
        }
    }

    /// Greedy: one more turn of the group first, then (if enough turns were taken) the rest.
    private mutating func repeatGroup(_ pieces: [NamePiece], count: ClosedRange<Int>, field: NameField?,
                                      done: Int, at position: Int, then next: Continuation) -> Bool {
        if done < count.upperBound {
            let saved = spans
            let again = sequence(pieces[...], at: position) { m, end in
                // A turn past the minimum must take something, or it could repeat forever.
                guard end > position || done < count.lowerBound else { return false }
                let inner = m.spans
                if let field { m.setSpan(field, position..<end) }
                if m.repeatGroup(pieces, count: count, field: field, done: done + 1, at: end, then: next) { return true }
                m.spans = inner
                return false
            }
            if again { return true }
            spans = saved
        }
        guard done >= count.lowerBound else { return false }
        return next(&self, position)
    }
}
