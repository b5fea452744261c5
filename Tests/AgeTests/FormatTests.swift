import Testing
import OpenSSL
@testable import Age
import SystemIO
import Codecs

@Suite("age format pieces")
struct FormatTests {
    @Test("Base64: canonical unpadded only", arguments: [
        ("", true), ("Zg", true), ("Zm8", true), ("Zm9v", true), ("Zh", false), ("Zm9=", false),
        ("Zg==", false), ("Z", false), ("Zm 9", false), ("Zm9v\r", false), ("Zm-_", false),
    ])
    func unpadded(text: String, valid: Bool) {
        #expect((Base64.decodeUnpadded(text) != nil) == valid, "\(text)")
    }

    @Test("Base64: padded decoding for armor is strict", arguments: [
        ("Zg==", true), ("Zm8=", true), ("Zm9v", true), ("Zh==", false), ("Zg=", false), ("Zg", false),
        ("Z===", false), ("Zm=v", false),
    ])
    func padded(text: String, valid: Bool) {
        #expect((Base64.decodePadded(Array(text.utf8)) != nil) == valid, "\(text)")
    }

    @Test("Base64 round-trips random bytes both ways")
    func base64RoundTrip() throws {
        for n in 0..<100 {
            let bytes = try SecureRandom.bytes(n)
            #expect(Base64.decodeUnpadded(Base64.encode(bytes, padded: false)) == bytes)
            #expect(Base64.decodePadded(Base64.encode(bytes, padded: true)) == bytes)
        }
    }

    @Test("The spec's example identity gives the spec's example recipient")
    func specKey() throws {
        let id = try X25519Identity(parsing: "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX")
        #expect(id.recipient.encoded == "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj")
        #expect(try id.encodedSecret() == "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX")
    }

    @Test("Bech32: checksum, case and HRP rules", arguments: [
        "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwq",   // bad checksum
        "AGE1ZVKYG2LQZRAA2LNJVQEJ32NKUU0UES2S82HZRYE869XEEXVN73EQUNUJWJ",   // upper-case recipient
        "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwJ",   // mixed case
        "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equn",       // truncated
        "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqbpgxz", // wrong length
        "",
    ])
    func badRecipients(text: String) {
        #expect(throws: AgeError.self) { try X25519Recipient(parsing: text) }
    }

    @Test("An identity in lower case, or with a recipient's HRP, is refused")
    func badIdentities() {
        #expect(throws: AgeError.self) {
            try X25519Identity(parsing: "age-secret-key-1gfpyysjzgfpyysjzgfpyysjzgfpyysjzgfpyysjzgfpyysjzgfpq4egaex")
        }
        #expect(throws: AgeError.self) {
            try X25519Identity(parsing: "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj")
        }
    }

    @Test("Bech32 round-trips random data")
    func bech32RoundTrip() throws {
        for n in [0, 1, 20, 32, 64] {
            let data = try SecureRandom.bytes(n)
            let s = Bech32.encode(hrp: "age", data: data)
            let d = try Bech32.decode(s)
            #expect(d.hrp == "age" && d.data == data)
        }
    }

    @Test("Stanza bodies wrap at 64 columns and always end with a short line", arguments: [0, 1, 47, 48, 49, 96, 100])
    func stanzaWrapping(bodySize: Int) throws {
        let stanza = Stanza(arguments: ["test", "a"], body: try SecureRandom.bytes(bodySize))
        let header = AgeHeader(stanzas: [stanza], mac: [UInt8](repeating: 7, count: 32))
        let bytes = header.marshal()
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropFirst(2).dropLast(2)
        #expect(lines.dropLast().allSatisfy { $0.count == 64 })
        #expect((lines.last?.count ?? 64) < 64)
        let parsed = try HeaderFormat.parse(BufferedInput(MemoryInput(bytes)))
        #expect(parsed == header)
    }

    @Test("Identity and recipients files: comments and blank lines; errors name the line, not the key")
    func keyFiles() throws {
        let text = "# created: now\n\n# public key: x\nAGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX\r\n"
        #expect(try IdentityFile.parse(Array(text.utf8)).count == 1)
        let bad = "# x\nAGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEQ\n"
        do {
            _ = try IdentityFile.parse(Array(bad.utf8), name: "k")
            Issue.record("accepted a bad checksum")
        } catch let e as AgeError {
            #expect(e.description.contains("line 2"))
            #expect(!e.description.contains("GFPYYSJZ"))
        }
        let recipients = "# team\nage1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj\n\n"
        #expect(try RecipientsFile.parse(Array(recipients.utf8)).count == 1)
        #expect(throws: AgeError.self) { try RecipientsFile.parse(Array("# none\n".utf8)) }
    }

    @Test("Encrypting a passphrase together with another recipient is refused")
    func scryptAlone() throws {
        let x = try X25519Identity.generate()
        let s = try ScryptRecipient(passphrase: SecureBytes(Array("pw".utf8)), workFactor: 2)
        #expect(throws: AgeError.self) { try AgeEncryptor(recipients: [x.recipient, s], output: BufferSink()) }
    }

    @Test("Decrypt refuses work factors above its limit, and accepts them when raised", .timeLimit(.minutes(1)))
    func workFactorLimit() throws {
        let sink = BufferSink()
        let s = try ScryptRecipient(passphrase: SecureBytes(Array("pw".utf8)), workFactor: 12)
        let e = try AgeEncryptor(recipients: [s], output: sink)
        try e.write(Array("hello".utf8))
        try e.finish()
        let low = ScryptIdentity(passphrase: SecureBytes(Array("pw".utf8)), maxWorkFactor: 11)
        #expect(throws: AgeError.self) { try AgeDecryptor(identities: [low], input: MemoryInput(sink.bytes)).decrypt(to: BufferSink()) }
        let ok = ScryptIdentity(passphrase: SecureBytes(Array("pw".utf8)), maxWorkFactor: 12)
        let out = BufferSink()
        try AgeDecryptor(identities: [ok], input: MemoryInput(sink.bytes)).decrypt(to: out)
        #expect(out.bytes == Array("hello".utf8) && out.finished)
    }
}
