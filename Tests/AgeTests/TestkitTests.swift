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
    @Test("Vector", .enabled(if: TestEnvironment.haveSharedTestData, "needs ../shared/testdata/age-testkit"),
          arguments: TestkitVector.allNames)
    func vector(name: String) throws {
        guard let v = try TestkitVector.load(name) else { return } // unknown key: the kit says ignore
        if v.isPostQuantum { return }                                // ML-KEM: not in OpenSSL 3.0
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

    @Test("The kit is all there", .enabled(if: TestEnvironment.haveSharedTestData, "needs ../shared/testdata/age-testkit"))
    func coverage() throws {
        let names = TestkitVector.allNames
        let usable = try names.compactMap { try TestkitVector.load($0) }.filter { !$0.isPostQuantum }
        #expect(names.count >= 140)
        #expect(usable.count >= 120)
    }
}
