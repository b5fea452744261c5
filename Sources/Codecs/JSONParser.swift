import Messages
/// Why a line is not JSON we accept, with the byte offset inside the line.
public struct JSONParseError: Error, CustomStringConvertible, Equatable, Sendable {
    public let offset: Int
    public let reason: String
    public var description: String { tr(.rcAtByte, ["reason": "\(reason)", "offset": "\(offset)"]) }
}

/// A strict RFC 8259 parser (the access log reads its lines with it). By default numbers are
/// integers only (`.int`): the log writes no fractions, and a line holding one was not written by
/// us. Records that hold durations parse with `allowFractions`: a number with a fraction or an
/// exponent becomes `.double`, and a whole number above `Int64.max` `.uint`. Object
/// members keep their order in the document. Bounded: nesting depth is capped, every loop
/// advances through the input, duplicate member names and invalid UTF-8 are rejected (either
/// would let two readers see different entries in the same bytes).
public struct JSONParser {
    public static let maxDepth = 32

    private let bytes: [UInt8]
    private var index = 0
    private let allowFractions: Bool

    private init(_ bytes: [UInt8], allowFractions: Bool) {
        self.bytes = bytes
        self.allowFractions = allowFractions
    }

    /// Parses exactly one value filling `bytes` (surrounding JSON whitespace allowed).
    public static func parse(_ bytes: [UInt8], allowFractions: Bool = false) throws -> JSONValue {
        var parser = JSONParser(bytes, allowFractions: allowFractions)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw parser.error(tr(.rcTrailingDataAfterTheJSON)) }
        return value
    }

    private func error(_ reason: String) -> JSONParseError { JSONParseError(offset: index, reason: reason) }

    private mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0a || bytes[index] == 0x0d {
            index += 1
        }
    }

    private mutating func expect(_ literal: String) throws {
        let l = Array(literal.utf8)
        guard index + l.count <= bytes.count, Array(bytes[index..<(index + l.count)]) == l else {
            throw error("expected \(literal)")
        }
        index += l.count
    }

    private mutating func parseValue(depth: Int) throws -> JSONValue {
        guard depth < Self.maxDepth else { throw error(tr(.rcNestingDeeperThan, ["maxDepth": "\(Self.maxDepth)"])) }
        guard index < bytes.count else { throw error(tr(.rcUnexpectedEnd)) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error(tr(.rcUnexpectedCharacter))
        }
    }

    private mutating func parseObject(depth: Int) throws -> JSONValue {
        index += 1
        var members: [(String, JSONValue)] = []
        var names: Set<String> = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error(tr(.rcExpectedAMemberName)) }
            let name = try parseString()
            guard names.insert(name).inserted else { throw error(tr(.rcDuplicateMember, ["name": "\(name)"])) }
            skipWhitespace()
            try expect(":")
            skipWhitespace()
            members.append((name, try parseValue(depth: depth + 1)))
            skipWhitespace()
            guard index < bytes.count else { throw error(tr(.rcUnterminatedObject)) }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw error("expected , or }")
        }
    }

    private mutating func parseArray(depth: Int) throws -> JSONValue {
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard index < bytes.count else { throw error(tr(.rcUnterminatedArray)) }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
            throw error("expected , or ]")
        }
    }

    private mutating func parseNumber() throws -> JSONValue {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        skipDigits()
        guard index > digitsStart else { throw error(tr(.rcExpectedDigits)) }
        guard !(bytes[digitsStart] == 0x30 && index - digitsStart > 1) else { throw error(tr(.rcLeadingZero)) }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            guard allowFractions else { throw error(tr(.rcFractionalNumbersAreNotUsed)) }
            // RFC 8259 §6: frac = "." 1*DIGIT, exp = ("e" / "E") ["-" / "+"] 1*DIGIT.
            if bytes[index] == UInt8(ascii: ".") {
                index += 1
                let fractionStart = index
                skipDigits()
                guard index > fractionStart else { throw error(tr(.rcExpectedDigitsAfterTheDecimal)) }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
                let exponentStart = index
                skipDigits()
                guard index > exponentStart else { throw error(tr(.rcExpectedDigitsInTheExponent)) }
            }
            guard let d = Double(String(decoding: bytes[start..<index], as: UTF8.self)), d.isFinite else {
                throw error(tr(.rcNumberOutOfRange))
            }
            return .double(d)
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if let n = Int64(text) { return .int(n) }
        if allowFractions, let n = UInt64(text) { return .uint(n) }
        throw error(tr(.rcIntegerOutOfRange))
    }

    private mutating func skipDigits() {
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw error(tr(.rcBadHexDigitInU))
            }
            v = v << 4 | d
            index += 1
        }
        return v
    }

    private mutating func parseString() throws -> String {
        index += 1  // opening quote
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw error(tr(.rcUnterminatedString)) }
            let c = bytes[index]
            if c == UInt8(ascii: "\"") { index += 1; break }
            if c < 0x20 { throw error(tr(.rcControlCharacterInString)) }
            if c != UInt8(ascii: "\\") { out.append(c); index += 1; continue }
            index += 1
            guard index < bytes.count else { throw error(tr(.rcUnterminatedEscape)) }
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5c)
            case UInt8(ascii: "/"): out.append(0x2f)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0c)
            case UInt8(ascii: "n"): out.append(0x0a)
            case UInt8(ascii: "r"): out.append(0x0d)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw error(tr(.rcLoneSurrogate))
                    }
                    index += 2
                    let low = try parseHex4()
                    guard low >= 0xDC00 && low < 0xE000 else { throw error(tr(.rcLoneSurrogate)) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw error(tr(.rcLoneSurrogate))
                }
                guard let u = Unicode.Scalar(scalar) else { throw error(tr(.rcInvalidCodePoint)) }
                out += Array(String(Character(u)).utf8)
            default: throw error(tr(.rcUnknownEscape))
            }
        }
        // Strict: invalid UTF-8 is an error, not silently repaired.
        guard let s = String(validating: out, as: UTF8.self) else { throw error(tr(.rcInvalidUTF8InString)) }
        return s
    }
}
