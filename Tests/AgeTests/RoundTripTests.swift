import Testing
import OpenSSL
@testable import Age
import SystemIO

/// Property test: encrypt → decrypt returns the plaintext for random sizes around the 64 KiB chunk
/// boundaries, random recipient sets, random write patterns, binary and armored.
@Suite("age round trips")
struct RoundTripTests {
    /// Sizes at and around chunk boundaries plus random ones.
    static let sizes: [Int] = {
        let c = 64 * 1024
        var s = [0, 1, 15, 16, 17, c - 1, c, c + 1, 2 * c - 1, 2 * c, 2 * c + 1, 3 * c + 7]
        var g = SystemRandomNumberGenerator()
        for _ in 0..<8 { s.append(Int.random(in: 0...(4 * c), using: &g)) }
        return s
    }()

    @Test("encrypt then decrypt gives back the plaintext", arguments: sizes)
    func roundTrip(size: Int) throws {
        var g = SystemRandomNumberGenerator()
        let plaintext = try SecureRandom.bytes(size)
        let identities = try (0..<Int.random(in: 1...5, using: &g)).map { _ in try X25519Identity.generate() }
        let armor = Bool.random(using: &g)
        let sink = BufferSink()
        let enc = try AgeEncryptor(recipients: identities.map(\.recipient), armor: armor, output: sink)
        // Feed in random-size pieces so buffering across chunk edges is exercised.
        var offset = 0
        while offset < plaintext.count {
            let n = min(plaintext.count - offset, Int.random(in: 1...100_000, using: &g))
            try plaintext[offset..<(offset + n)].withUnsafeBytes { try enc.write($0) }
            offset += n
        }
        try enc.finish()
        #expect(sink.finished)

        // Any one of the recipients' identities opens it, alongside unrelated identities.
        let chosen = identities[Int.random(in: 0..<identities.count, using: &g)]
        let stranger = try X25519Identity.generate()
        let out = BufferSink()
        try AgeDecryptor(identities: [stranger, chosen], input: MemoryInput(sink.bytes)).decrypt(to: out)
        #expect(out.finished)
        #expect(out.bytes == plaintext)

        // A stranger alone gets "no match".
        #expect(throws: AgeError.noMatch(AgeDecryptor.describeMiss(
            try HeaderFormat.parse(BufferedInput(MemoryInput(armor ? try armoredBody(sink.bytes) : sink.bytes))).stanzas, [stranger]))) {
            try AgeDecryptor(identities: [stranger], input: MemoryInput(sink.bytes)).decrypt(to: BufferSink())
        }
    }

    @Test("Passphrase round trip; the wrong passphrase is no match")
    func passphrase() throws {
        let plaintext = try SecureRandom.bytes(70_000)
        let sink = BufferSink()
        let enc = try AgeEncryptor(recipients: [try ScryptRecipient(passphrase: SecureBytes(Array("correct horse".utf8)), workFactor: 10)], output: sink)
        try enc.write(plaintext)
        try enc.finish()
        let out = BufferSink()
        try AgeDecryptor(identities: [ScryptIdentity(passphrase: SecureBytes(Array("correct horse".utf8)))], input: MemoryInput(sink.bytes)).decrypt(to: out)
        #expect(out.bytes == plaintext)
        #expect(throws: AgeError.noMatch("wrong passphrase")) {
            try AgeDecryptor(identities: [ScryptIdentity(passphrase: SecureBytes(Array("wrong".utf8)))], input: MemoryInput(sink.bytes)).decrypt(to: BufferSink())
        }
    }

    @Test("Every single-byte change is caught, and named for where it is", arguments: [0, 40, 100, 180, 200, 5000, 66_000, 66_100])
    func tamper(at position: Int) throws {
        let id = try X25519Identity.generate()
        let sink = BufferSink()
        let enc = try AgeEncryptor(recipients: [id.recipient], output: sink)
        try enc.write(try SecureRandom.bytes(70_000))
        try enc.finish()
        var damaged = sink.bytes
        guard position < damaged.count else { return }
        damaged[position] ^= 0x01
        let out = BufferSink()
        do {
            try AgeDecryptor(identities: [id], input: MemoryInput(damaged)).decrypt(to: out)
            Issue.record("tampering at \(position) went unnoticed")
        } catch let e as AgeError {
            #expect(e.testkitOutcome != nil)
            #expect(!out.finished)
        }
    }

    private func armoredBody(_ bytes: [UInt8]) throws -> [UInt8] {
        let input = ArmoredInput(BufferedInput(MemoryInput(bytes)))
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = try buf.withUnsafeMutableBytes { try input.read(into: $0) }
            if n == 0 { break }
            out += buf[0..<n]
        }
        return out
    }
}
