import Foundation
import Testing
import TestSupport
import OpenSSL
@testable import Age
import SystemIO

/// Every age test kit vector that does not need ML-KEM gives its expected outcome, and for successes
/// (and partial releases) the SHA-256 of the plaintext released.
@Suite("age test kit")
struct TestkitTests {
    @Test("Vector", .requiresSharedTestData("age-testkit"), arguments: TestkitVector.allNames)
    func vector(name: String) throws {
        let v = try TestkitVector.load(name) // throws on a vector this runner does not understand
        if v.isPostQuantum { return }       // ML-KEM: not in OpenSSL 3.0
        guard let file = try v.ageFile() else {
            Issue.record("cannot inflate \(name) (python3 missing?)")
            return
        }
        var identities: [AgeIdentity] = []
        for text in v.identities { identities.append(try X25519Identity(parsing: text)) }
        for p in v.passphrases { identities.append(ScryptIdentity(passphrase: SecureBytes(Array(p.utf8)))) }

        let digest = try Digest(.sha256)
        let sink = CountingSink { try digest.update($0) }
        var outcome = "success"
        var error: AgeError?
        do {
            try AgeDecryptor(identities: identities, input: MemoryInput(file), armor: v.armored ? .armored : .binary).decrypt(to: sink)
        } catch let e as AgeError {
            error = e
            outcome = e.testkitOutcome ?? "other: \(e)"
        }
        #expect(outcome == v.expect, "\(name): got \(error.map(String.init(describing:)) ?? "success")")
        if let expected = v.payload {
            #expect(try digest.finish().hex == expected, "\(name): released plaintext differs")
        }
    }

    /// The parameterized test passes with zero vectors: here the kit must be there (under CI the
    /// requirement fails without it) and every file in it must be one the runner understands.
    @Test("The kit is all there", .requiresSharedTestData("age-testkit"))
    func coverage() throws {
        let names = TestkitVector.allNames
        #expect(!names.isEmpty, "no vectors under \(TestkitVector.folder?.path ?? "?")")
        var usable = 0
        for name in names {
            do {
                if try !TestkitVector.load(name).isPostQuantum { usable += 1 }
            } catch {
                Issue.record("\(error)")
            }
        }
        #expect(names.count >= 140)
        #expect(usable >= 120)
    }

    /// The runner's parser refuses what it does not understand instead of skipping it.
    @Test("A vector the runner does not understand fails", arguments: [
        ("expect: success\nfuture key: 1\n\nage", "unknown header key"),
        ("expect: maybe\n\nage", "unknown expect value"),
        ("expect: success\ncompressed: zstd\n\nage", "unknown compression"),
        ("expect: success\narmored: perhaps\n\nage", "unknown armored value"),
        ("expect: success\n[section]\n\nage", "not a `key: value` header line"),
        ("expect: success\nno blank line", "does not end with a blank line"),
        ("comment: no expect\n\nage", "no expect line"),
    ])
    func unknownVectorFails(text: String, problem: String) throws {
        let dir = try TemporaryDirectory("age-testkit")
        defer { dir.remove() }
        try Data(text.utf8).write(to: dir.url.appendingPathComponent("v"))
        let error = #expect(throws: TestkitFormatError.self) { try TestkitVector.load("v", in: dir.url) }
        #expect(error?.problem.contains(problem) == true, "\(String(describing: error))")
    }
}
