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

/// A shape compiled for `NameMatcher`: a flat list of plain instructions, so matching a name
/// touches no reference counts and allocates nothing.
///
/// The compilation is the textbook one for backtracking matchers: a group repeated `m...n`
/// times is `m` copies of its body and then `n - m` nested optional copies, each optional copy
/// a `split` that prefers the body; alternatives are a chain of `split`s; a kept group is the
/// body between two `save`s. That keeps the order in which a regular expression engine tries
/// things, and so which way of matching wins.
struct NameProgram: Sendable {
    struct Instruction: Sendable {
        enum Code: UInt8, Sendable { case run, split, jump, save, match }
        var code: Code
        /// run: fewest and most units; split: the preferred and the other target; jump: target; save: lane.
        var a: Int32 = 0
        var b: Int32 = 0
        /// run: the field whose lanes get the run's start and end (-1: none).
        var field: Int8 = -1
        /// run: the units it takes, one bit per unit value.
        var units = SIMD4<UInt64>(repeating: 0)

        func takes(_ unit: UInt8) -> Bool { (units[Int(unit >> 6)] >> UInt64(unit & 63)) & 1 == 1 }
    }

    /// A group may repeat at most this many times (it is unrolled).
    static let maxGroupRepeats = 16

    private(set) var instructions: [Instruction] = []
    /// False when the shape asked for something the compiler cannot do (a group repeated
    /// without bound or more than `maxGroupRepeats` times); such a shape never matches.
    private(set) var isValid = true

    init(_ shape: [NamePiece]) {
        emit(shape)
        instructions.append(Instruction(code: .match))
        if !isValid { instructions = [Instruction(code: .run, a: 1, b: 1)] + [Instruction(code: .match)] }
    }

    private mutating func emit(_ pieces: [NamePiece]) {
        for piece in pieces { emit(piece) }
    }

    private mutating func patch(_ at: Int, a: Int? = nil, b: Int? = nil) {
        if let a { instructions[at].a = Int32(a) }
        if let b { instructions[at].b = Int32(b) }
    }

    private mutating func emit(_ piece: NamePiece) {
        switch piece {
        case .literal(let bytes):
            for byte in bytes { emitRun(.oneOf([byte]), 1...1, nil) }
        case .run(let characters, let count, let field):
            emitRun(characters, count, field)
        case .group(let pieces, let count, let field):
            guard count.lowerBound >= 0, count.upperBound <= NameProgram.maxGroupRepeats else { isValid = false; return }
            func body(_ p: inout NameProgram) {
                if let field { p.instructions.append(Instruction(code: .save, a: Int32(2 * field.rawValue))) }
                p.emit(pieces)
                if let field { p.instructions.append(Instruction(code: .save, a: Int32(2 * field.rawValue + 1))) }
            }
            for _ in 0..<count.lowerBound { body(&self) }
            var splits: [Int] = []
            for _ in count.lowerBound..<count.upperBound {
                splits.append(instructions.count)
                instructions.append(Instruction(code: .split))
                patch(splits[splits.count - 1], a: instructions.count)
                body(&self)
            }
            for s in splits { patch(s, b: instructions.count) }
        case .either(let alternatives):
            var jumps: [Int] = []
            for (i, alternative) in alternatives.enumerated() {
                if i < alternatives.count - 1 {
                    let split = instructions.count
                    instructions.append(Instruction(code: .split, a: Int32(split + 1)))
                    emit(alternative)
                    jumps.append(instructions.count)
                    instructions.append(Instruction(code: .jump))
                    patch(split, b: instructions.count)
                } else {
                    emit(alternative)
                }
            }
            for j in jumps { patch(j, a: instructions.count) }
        }
    }

    private mutating func emitRun(_ characters: NameCharacters, _ count: ClosedRange<Int>, _ field: NameField?) {
        var units = SIMD4<UInt64>(repeating: 0)
        for u in 0...255 where characters.accepts(UInt8(u)) { units[u >> 6] |= 1 << UInt64(u & 63) }
        // A name is at most 255 units: a longer bound is "as many as there are".
        let most = Int32(min(count.upperBound, Int(Int16.max)))
        instructions.append(Instruction(code: .run, a: Int32(min(count.lowerBound, Int(Int16.max))), b: most,
                                        field: field.map { Int8($0.rawValue) } ?? -1, units: units))
    }
}

/// Runs a `NameProgram` over the whole of a name's units, the way a backtracking regular
/// expression engine would (greedy repeats, ordered alternatives, first whole match wins).
///
/// Bounded: a name is at most 255 units and every loop in a program is unrolled, so each
/// instruction is tried a bounded number of times from each position.
struct NameMatcher {
    /// The name's units: valid only inside the `NameUnits.with` call that gave them, so a
    /// matcher, and what it found, is used there and never kept.
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

    /// True when `program` matches all of the units; the fields are then in `spans`.
    mutating func wholeMatch(_ program: NameProgram) -> Bool {
        spans = SIMD32<Int16>(repeating: -1)
        guard units.count <= Int(Int16.max) else { return false }
        return program.instructions.withUnsafeBufferPointer { run($0, 0, 0) }
    }

    /// Runs from instruction `pc` at unit `position`; recursion only where there is a choice.
    private mutating func run(_ program: UnsafeBufferPointer<NameProgram.Instruction>, _ pc: Int, _ position: Int) -> Bool {
        var pc = pc, position = position
        while pc < program.count {
            let op = program[pc]
            switch op.code {
            case .match:
                return position == units.count
            case .jump:
                pc = Int(op.a)
            case .split:
                if run(program, Int(op.a), position) { return true }
                pc = Int(op.b)
            case .save:
                let lane = Int(op.a), saved = spans[lane]
                spans[lane] = Int16(truncatingIfNeeded: position)
                if run(program, pc + 1, position) { return true }
                spans[lane] = saved
                return false
            case .run:
                let fewest = Int(op.a), most = Int(op.b)
                var n = 0
                while n < most, position + n < units.count, op.takes(units[position + n]) { n += 1 }
                guard n >= fewest else { return false }
                let lane = 2 * Int(op.field)
                if n == fewest {  // no choice: go on without recursing
                    if op.field >= 0 { setLanes(lane, position, position + n) }
                    position += n
                    pc += 1
                    continue
                }
                let saved = op.field >= 0 ? (spans[lane], spans[lane + 1]) : (-1, -1)
                for length in stride(from: n, through: fewest, by: -1) {
                    if op.field >= 0 { setLanes(lane, position, position + length) }
                    if run(program, pc + 1, position + length) { return true }
                }
                if op.field >= 0 { spans[lane] = saved.0; spans[lane + 1] = saved.1 }
                return false
            }
        }
        return false
    }

    private mutating func setLanes(_ lane: Int, _ start: Int, _ end: Int) {
        spans[lane] = Int16(truncatingIfNeeded: start)
        spans[lane + 1] = Int16(truncatingIfNeeded: end)
    }
}
