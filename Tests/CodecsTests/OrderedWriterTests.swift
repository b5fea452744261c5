import Foundation
import Testing
@testable import Codecs

/// Our JSON writer against Foundation's reader: any string (control characters, quotes,
/// backslashes, Japanese, emoji) survives the round trip, pretty or compact.
@Suite struct JSONValueTests {
    @Test func randomStringsRoundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Unicode.Scalar] = ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "a", "Z", "/", "駐", "車", "😀", " ", "%"]
        for _ in 0..<500 {
            let n = Int.random(in: 0...40, using: &generator)
            var s = ""
            for _ in 0..<n { s.unicodeScalars.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]) }
            for pretty in [true, false] {
                let doc = JSONValue.object([("k", .string(s)), ("n", .array([.int(-3), .uint(UInt64.max), .bool(true), .null]))])
                let parsed = try JSONSerialization.jsonObject(with: Data(doc.bytes(pretty: pretty))) as? [String: Any]
                #expect(parsed?["k"] as? String == s)
            }
        }
    }
}
