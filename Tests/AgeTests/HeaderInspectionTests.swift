import OpenSSL
import Testing
@testable import Age
import SystemIO

/// Reading a header without a key: what `verify FILE.age` relies on.
@Suite struct HeaderInspectionTests {
    func encrypted(_ recipients: [AgeRecipient], armor: Bool = false) throws -> [UInt8] {
        let sink = BufferSink()
        let e = try AgeEncryptor(recipients: recipients, armor: armor, output: sink)
        try e.write(Array("payload".utf8))
        try e.finish()
        return sink.bytes
    }

    @Test func x25519RecipientsBinaryAndArmored() throws {
        let a = try X25519Identity.generate().recipient
        let b = try X25519Identity.generate().recipient
        for armor in [false, true] {
            let s = try AgeHeaderInspection.inspect(MemoryInput(try encrypted([a, b], armor: armor)))
            #expect(s.stanzaTypes == ["X25519", "X25519"])
            #expect(s.scryptWorkFactor == nil)
            #expect(s.armored == armor)
        }
    }

    @Test func scryptWorkFactor() throws {
        let r = try ScryptRecipient(passphrase: SecureBytes(Array("pw".utf8)), workFactor: 10)
        let s = try AgeHeaderInspection.inspect(MemoryInput(try encrypted([r])))
        #expect(s.stanzaTypes == ["scrypt"])
        #expect(s.scryptWorkFactor == 10)
    }

    @Test("not an age file, or a cut header: a header failure", .timeLimit(.minutes(1)), arguments: [0, 10, 40])
    func damaged(cut: Int) throws {
        let good = try encrypted([try X25519Identity.generate().recipient])
        let bytes = cut == 0 ? Array("hello, not age\n".utf8) : Array(good.prefix(cut))
        #expect(throws: AgeError.self) { try AgeHeaderInspection.inspect(MemoryInput(bytes)) }
    }
}
