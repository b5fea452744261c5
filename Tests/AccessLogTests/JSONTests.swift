import Foundation
import OpenSSL
import Testing
import TestSupport
@testable import AccessLog
import Codecs

@Suite struct JSONTests {
    @Test func parsesAndReencodesCanonically() throws {
        let text = #"{"b":[1,-2,true,false,null],"a":"x\/y\u00e9\ud83d\ude00\n","c":{}}"#
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(value["a"]?.stringValue == "x/yé😀\n")
        #expect(String(decoding: CanonicalJSON.encode(value), as: UTF8.self) == #"{"a":"x/yé😀\n","b":[1,-2,true,false,null],"c":{}}"#)
    }

    @Test(arguments: [
        "", "{", "{\"a\":1,\"a\":2}", "[1,]", "{\"a\" 1}", "01", "1.5", "1e3", "\"\\x\"", "\"\\ud800\"",
        "\"a\u{01}\"", "nul", "{} {}", "99999999999999999999", "\"\\u12\"", "[" + String(repeating: "[", count: 40) + "]",
    ])
    func rejectsWhatTheLogNeverWrites(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xff, 0x22]) }
    }

    /// Hostile input: random bytes and random mutations of a real line never trap or hang.
    @Test(.timeLimit(.minutes(1))) func randomInputNeverTraps() throws {
        let t = try TestLog()
        defer { t.remove() }
        try t.fill(1)
        let line = Array(try #require(t.lines.first).utf8)
        var generator = SystemRandomNumberGenerator()
        for round in 0..<3000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0...64, using: &generator)).map { _ in
                    "{}[],:\"\\0123456789-aeflnrstu \u{7f}".utf8.randomElement(using: &generator) ?? 0
                }
            } else {
                bytes = line
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            }
            if let value = try? JSONParser.parse(bytes) {
                // Whatever parses re-encodes to something that parses to the same value.
                #expect(try JSONParser.parse(CanonicalJSON.encode(value)) == value)
            }
            var validator = EntryValidator()
            _ = validator.check(bytes)
        }
    }

    /// The hash is reproducible with jq, as the module documents: `jq -cjS 'del(.hash, .signature)'`.
    @Test(.requires("jq"))
    func jqRecomputesEveryHash() throws {
        let t = try TestLog()
        defer { t.remove() }
        var awkward = TestLog.record(1, caseID: "事件 \"7\" \\ / \u{7f}\u{01}\u{1f}\t\n\r\u{08}\u{0c}", source: "/DCIM/ü 😀.mp4")
        awkward.details = ["z": "last", "A": "first", "é": "accent"]
        try t.log.append(awkward)
        try t.log.append(TestLog.record(2, outcome: .failed("bad sector")))
        for (i, line) in t.lines.enumerated() {
            let jq = try runProcess(["jq", "-cjS", "del(.hash, .signature)"], stdin: Data(line.utf8))
            #expect(jq.status == 0, "\(jq.stderrText)")
            let members = try object(line)
            #expect(Array(jq.stdout) == EntrySigning.signedBytes(of: members), "line \(i + 1): jq's bytes differ")
            #expect(try Digest.hash(.sha256, Array(jq.stdout)).hex == members["hash"]?.stringValue)
            // And the stored line is what jq prints for the whole entry.
            let whole = try runProcess(["jq", "-cjS", "."], stdin: Data(line.utf8))
            #expect(whole.stdoutText == line)
        }
    }

    /// The signature checks with OpenSSL's own tool, from the entry's `key` alone.
    @Test(.requires("openssl"))
    func opensslChecksTheSignature() throws {
        let t = try TestLog()
        defer { t.remove() }
        let entry = try t.log.append(TestLog.record(1))
        let line = try #require(t.lines.first)
        let signed = EntrySigning.signedBytes(of: try object(line))
        let spki = try #require(Hex.decode("302a300506032b6570032100" + entry.key))
        try Data(signed).write(to: URL(fileURLWithPath: t.dir.path("signed.bin")))
        try Data(try #require(Hex.decode(entry.signature))).write(to: URL(fileURLWithPath: t.dir.path("sig.bin")))
        try Data(spki).write(to: URL(fileURLWithPath: t.dir.path("pub.der")))
        let r = try runProcess(["openssl", "pkeyutl", "-verify", "-pubin", "-keyform", "DER", "-inkey", t.dir.path("pub.der"),
                                "-rawin", "-in", t.dir.path("signed.bin"), "-sigfile", t.dir.path("sig.bin")])
        #expect(r.status == 0, "\(r.stdoutText) \(r.stderrText)")
    }
}
