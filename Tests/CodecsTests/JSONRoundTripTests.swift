import Testing
import Codecs

/// Parse ∘ write is the identity on every value the strict parser can produce, for all three
/// writers (canonical, compact, pretty); and the writers keep their byte forms.
@Suite struct JSONRoundTripTests {
    static let alphabet: [Unicode.Scalar] = ["\"", "\\", "/", "\n", "\r", "\t", "\u{8}", "\u{C}", "\u{0}", "\u{1F}",
                                             "\u{7F}", "a", "Z", " ", "%", "é", "駐", "😀", "\u{2028}"]

    static func randomString(_ g: inout SeededGenerator) -> String {
        var s = ""
        for _ in 0..<Int.random(in: 0...12, using: &g) {
            s.unicodeScalars.append(alphabet[Int.random(in: 0..<alphabet.count, using: &g)])
        }
        return s
    }

    /// A value the parser can return: integers only, no duplicate member names.
    static func randomValue(_ g: inout SeededGenerator, depth: Int = 0) -> JSONValue {
        let kinds = depth >= 4 ? 4 : 6
        switch Int.random(in: 0..<kinds, using: &g) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &g))
        case 2:
            let edge: [Int64] = [0, -1, 1, .max, .min]
            return .int(Bool.random(using: &g) ? edge[Int.random(in: 0..<edge.count, using: &g)] : Int64.random(in: -1_000_000...1_000_000, using: &g))
        case 3: return .string(randomString(&g))
        case 4: return .array((0..<Int.random(in: 0...4, using: &g)).map { _ in randomValue(&g, depth: depth + 1) })
        default:
            var members: [(String, JSONValue)] = []
            var names: Set<String> = []
            for _ in 0..<Int.random(in: 0...4, using: &g) {
                let name = randomString(&g)
                guard names.insert(name).inserted else { continue }
                members.append((name, randomValue(&g, depth: depth + 1)))
            }
            return .object(members)
        }
    }

    @Test func parseOfWriteIsIdentity() throws {
        var g = SeededGenerator(seed: 0x5DC_0D1)
        for _ in 0..<2000 {
            let value = Self.randomValue(&g)
            let canonical = CanonicalJSON.encode(value)
            #expect(try JSONParser.parse(canonical) == value)
            #expect(try JSONParser.parse(value.bytes(pretty: false)) == value)
            #expect(try JSONParser.parse(value.bytes(pretty: true)) == value)
            // Canonical form is a fixed point.
            #expect(CanonicalJSON.encode(try JSONParser.parse(canonical)) == canonical)
        }
    }

    @Test func writersKeepTheirByteForms() {
        let value = JSONValue.object([("b", .string("\u{8}\u{C}\t\u{1}/")), ("a", .array([.int(-2), .uint(3), .bool(false), .null]))])
        // Canonical: sorted, no whitespace, \b and \f short forms.
        #expect(String(decoding: CanonicalJSON.encode(value), as: UTF8.self) == #"{"a":[-2,3,false,null],"b":"\b\f\t\u0001/"}"#)
        // Pretty and compact: member order kept, \b and \f as \u00xx.
        #expect(value.serialized(pretty: false) == #"{"b":"\u0008\u000c\t\u0001/","a":[-2,3,false,null]}"#)
        #expect(value.serialized(pretty: true) == "{\n  \"b\": \"\\u0008\\u000c\\t\\u0001/\",\n  \"a\": [\n    -2,\n    3,\n    false,\n    null\n  ]\n}")
        #expect(JSONValue.object([]).serialized() == "{}")
        #expect(JSONValue.array([]).serialized() == "[]")
    }

    @Test func parserIsStrict() {
        for bad in [#"{"a":1,"a":2}"#, "[1,]", "01", "1.5", "1e3", "\"\u{1}\"", #""\ud800""#, "[1] x", "", "nul",
                    String(repeating: "[", count: JSONParser.maxDepth + 1) + String(repeating: "]", count: JSONParser.maxDepth + 1)] {
            #expect(throws: JSONParseError.self, "\(bad)") { try JSONParser.parse(Array(bad.utf8)) }
        }
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: Never.self) { try JSONParser.parse(Array((String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)).utf8)) }
    }

    @Test func accessors() throws {
        let v = try JSONParser.parse(Array(#"{"s":"x","n":-5,"o":{"k":true},"a":[null]}"#.utf8))
        #expect(v["s"]?.stringValue == "x")
        #expect(v["n"]?.integerValue == -5)
        #expect(v["o"]?["k"]?.boolValue == true)
        #expect(v["a"]?.arrayValue?.count == 1)
        #expect(v["missing"] == nil)
        #expect(v.dictionary?.count == 4)
        // Member order does not matter for equality; values do.
        #expect(JSONValue.object([("a", .int(1)), ("b", .int(2))]) == .object([("b", .int(2)), ("a", .int(1))]))
        #expect(JSONValue.object([("a", .int(1))]) != .object([("a", .int(2))]))
        #expect(JSONValue.object(["b": .null, "a": .null]).serialized(pretty: false) == #"{"a":null,"b":null}"#)
    }
}
