import Testing
import Codecs

@Suite struct Base64Tests {
    @Test func strictRoundTrip() {
        var g = SeededGenerator(seed: 64)
        for n in 0..<300 {
            let bytes = (0..<n % 97).map { _ in UInt8.random(in: 0...255, using: &g) }
            #expect(Base64.decodeUnpadded(Base64.encode(bytes, padded: false)) == bytes)
            #expect(Base64.decodePadded(Base64.encode(bytes, padded: true)) == bytes)
            #expect(Base64.encodeString(bytes).utf8.count == (bytes.count * 4 + 2) / 3)
        }
    }

    @Test func rejectsNonCanonicalInput() {
        // Leftover bits that are not zero: "Zh" and "Zm9=" decode to the same bytes as "Zg"/"Zm8"
        // in a lenient decoder.
        for bad in ["Zh", "Zm9", "Z", "Zg==", "Zm 9", "Zm9v\n", "Zm-_", "Zm9v="] {
            #expect(Base64.decodeUnpadded(bad) == nil, "\(bad)")
        }
        for bad in ["Zh==", "Zg=", "Zg", "Z===", "Zm=v", "Zm9=", "====", "Zm8=="] {
            #expect(Base64.decodePadded(Array(bad.utf8)) == nil, "\(bad)")
        }
        #expect(Base64.decodeUnpadded("Zm8") == [0x66, 0x6F])
        #expect(Base64.decodePadded(Array("Zm8=".utf8)) == [0x66, 0x6F])
    }
}

@Suite struct HexTests {
    @Test func roundTrip() {
        var g = SeededGenerator(seed: 16)
        for n in 0..<200 {
            let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &g) }
            let text = Hex.encode(bytes)
            #expect(text.utf8.count == bytes.count * 2)
            #expect(text == text.lowercased())
            #expect(Hex.decode(text) == bytes)
            #expect(Hex.decode(text.uppercased(), allowUpperCase: true) == bytes)
        }
    }

    @Test func rejects() {
        for bad in ["a", "0g", "AB", " 00", "0x00"] { #expect(Hex.decode(bad) == nil, "\(bad)") }
        #expect(Hex.isSHA256(String(repeating: "ab", count: 32)))
        #expect(!Hex.isSHA256(String(repeating: "AB", count: 32)))
        #expect(!Hex.isSHA256("abcd"))
    }
}

@Suite struct UTCTimeTests {
    @Test func knownInstants() {
        #expect(UTCTime.format(seconds: 0) == "1970-01-01T00:00:00Z")
        #expect(UTCTime.format(seconds: 951_782_400) == "2000-02-29T00:00:00Z")
        #expect(UTCTime.format(seconds: 1_780_000_000) == "2026-05-28T20:26:40Z")
        #expect(UTCTime.format(seconds: -1) == "1969-12-31T23:59:59Z")
        #expect(UTCTime.format(seconds: 4_102_444_799) == "2099-12-31T23:59:59Z")
        #expect(UTCTime.format(milliseconds: 1_780_000_000_123) == "2026-05-28T20:26:40.123Z")
        #expect(UTCTime.format(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
    }
}
