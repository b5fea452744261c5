import OpenSSL
import SystemIO

/// Entry points for the libFuzzer targets (Fuzz/FuzzAgeHeader, Fuzz/FuzzAgeDecrypt) and their
/// corpus replay test. Every input must end in a thrown `AgeError` or success, never a trap.
package enum AgeFuzzing {
    /// A fixed, public test identity (its secret is in this source file: never use it for data).
    /// Seeds in Tests/Corpus/FuzzAgeDecrypt are encrypted to it or to `passphrase`.
    package static let identityText = "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX"
    package static let passphrase = "fuzzing"
    /// Low so the fuzzer is not stalled by scrypt; seeds use work factor 2.
    package static let maxWorkFactor = 4

    /// Parses `data` as a header; a header that parses must re-encode to the bytes it came from.
    /// Returns false on a round-trip mismatch (the fuzz target treats that as a crash).
    @discardableResult
    package static func exerciseHeader(_ data: [UInt8]) -> Bool {
        let input = BufferedInput(MemoryInput(data), capacity: 64 * 1024)
        guard let header = try? HeaderFormat.parse(input) else { return true }
        let again = header.marshal()
        return data.starts(with: again) && header.macInput == AgeHeader.marshalWithoutMAC(header.stanzas)
    }

    /// Decrypts `data` (binary or armored) with the fuzz identity and passphrase into a counting sink.
    /// Returns the error outcome, or nil on success.
    @discardableResult
    package static func exerciseDecrypt(_ data: [UInt8]) -> AgeError? {
        do {
            let x = try X25519Identity(parsing: identityText)
            let s = ScryptIdentity(passphrase: SecureBytes(Array(passphrase.utf8)), maxWorkFactor: maxWorkFactor)
            try AgeDecryptor(identities: [x, s], input: MemoryInput(data)).decrypt(to: CountingSink())
            return nil
        } catch let e as AgeError {
            return e
        } catch {
            return .io(String(describing: error))
        }
    }
}
