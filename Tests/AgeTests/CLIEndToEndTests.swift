import Foundation
import Testing
import TestSupport
import OpenSSL
@testable import Age
import Codecs

/// `sdcustody keygen/encrypt/decrypt` run as a user would: the built binary, exit codes, files.
@Suite("sdcustody keygen/encrypt/decrypt", .requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
struct CLIEndToEndTests {
    var binary: String { TestEnvironment.sdcustodyBinary?.path ?? "sdcustody" }

    private func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int) ?? -1
    }

    private func entries(_ dir: TemporaryDirectory) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.url.path)) ?? []).sorted()
    }

    @Test("keygen writes a 0600 identity, prints its recipient, and never overwrites")
    func keygen() throws {
        let dir = try TemporaryDirectory("age-cli")
        defer { dir.remove() }
        let r = try runProcess([binary, "keygen", "--out", dir.path("key")])
        #expect(r.status == 0)
        let recipient = r.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(recipient.hasPrefix("age1"))
        #expect(mode(dir.path("key")) == 0o600)
        let text = try String(contentsOfFile: dir.path("key"), encoding: .utf8)
        #expect(text.contains("# created: "))
        #expect(text.contains("# public key: \(recipient)"))
        #expect(try IdentityFile.parse(Array(text.utf8)).first?.recipient.encoded == recipient)
        #expect(!r.stdoutText.contains("AGE-SECRET-KEY"))
        let again = try runProcess([binary, "keygen", "--out", dir.path("key")])
        #expect(again.status == 2)
        #expect(try String(contentsOfFile: dir.path("key"), encoding: .utf8) == text)
    }

    @Test("encrypt then decrypt with keys and with passphrase files; outputs 0600; OUT never overwritten")
    func roundTrip() throws {
        let dir = try TemporaryDirectory("age-cli")
        defer { dir.remove() }
        let plaintext = try SecureRandom.bytes(200_000)
        try Data(plaintext).write(to: dir.url.appendingPathComponent("plain"))
        let k = try runProcess([binary, "keygen", "--out", dir.path("key")])
        let recipient = k.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        try Data("# list\n\(recipient)\n".utf8).write(to: dir.url.appendingPathComponent("recipients"))

        let e = try runProcess([binary, "encrypt", dir.path("plain"), "--out", dir.path("a.age"), "--recipients-file", dir.path("recipients"), "--armor"])
        #expect(e.status == 0, "\(e.stderrText)")
        #expect(mode(dir.path("a.age")) == 0o600)
        #expect(try String(contentsOfFile: dir.path("a.age"), encoding: .utf8).hasPrefix("-----BEGIN AGE ENCRYPTED FILE-----"))
        let d = try runProcess([binary, "decrypt", dir.path("a.age"), "--out", dir.path("a.out"), "--identity", dir.path("key")])
        #expect(d.status == 0, "\(d.stderrText)")
        #expect(mode(dir.path("a.out")) == 0o600)
        #expect([UInt8](try Data(contentsOf: dir.url.appendingPathComponent("a.out"))) == plaintext)

        let again = try runProcess([binary, "decrypt", dir.path("a.age"), "--out", dir.path("a.out"), "--identity", dir.path("key")])
        #expect(again.status == 2)
        #expect(again.stderrText.contains("already exists"))

        try Data("s3cret phrase\n".utf8).write(to: dir.url.appendingPathComponent("pw"))
        let pe = try runProcess([binary, "encrypt", dir.path("plain"), "--out", dir.path("p.age"), "--passphrase-file", dir.path("pw"), "--work-factor", "12"])
        #expect(pe.status == 0, "\(pe.stderrText)")
        let pd = try runProcess([binary, "decrypt", dir.path("p.age"), "--out", dir.path("p.out"), "--passphrase-file", dir.path("pw")])
        #expect(pd.status == 0, "\(pd.stderrText)")
        #expect([UInt8](try Data(contentsOf: dir.url.appendingPathComponent("p.out"))) == plaintext)
        #expect(!pd.stderrText.contains("s3cret") && !pe.stderrText.contains("s3cret"))
        // No temporary files are left behind.
        #expect(!entries(dir).contains { $0.hasSuffix(".partial") })
    }

    @Test("Wrong key, damaged header, damaged chunk: exit 2, one clear line, no OUT, nothing left behind")
    func failures() throws {
        let dir = try TemporaryDirectory("age-cli")
        defer { dir.remove() }
        let plaintext = try SecureRandom.bytes(150_000)
        try Data(plaintext).write(to: dir.url.appendingPathComponent("plain"))
        let k = try runProcess([binary, "keygen", "--out", dir.path("key")])
        let recipient = k.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try runProcess([binary, "keygen", "--out", dir.path("other")])
        #expect(try runProcess([binary, "encrypt", dir.path("plain"), "--out", dir.path("f.age"), "--recipient", recipient]).status == 0)
        let good = [UInt8](try Data(contentsOf: dir.url.appendingPathComponent("f.age")))

        func attempt(_ bytes: [UInt8], key: String, expect fragment: String) throws {
            let name = "t-\(UUID().uuidString)"
            try Data(bytes).write(to: dir.url.appendingPathComponent(name))
            let r = try runProcess([binary, "decrypt", dir.path(name), "--out", dir.path(name + ".out"), "--identity", dir.path(key)])
            #expect(r.status == 2)
            #expect(r.stderrText.split(separator: "\n").count == 1, "\(r.stderrText)")
            #expect(r.stderrText.contains(fragment), "\(r.stderrText)")
            #expect(!FileManager.default.fileExists(atPath: dir.path(name + ".out")))
            #expect(!r.stderrText.contains("AGE-SECRET-KEY"))
        }
        try attempt(good, key: "other", expect: "no identity matched")
        // A flipped bit in the MAC line: the header no longer authenticates.
        var header = good
        let dashes = Array("--- ".utf8)
        let macAt = (0..<300).first { Array(good[$0..<($0 + 4)]) == dashes } ?? 0
        header[macAt + 10] = header[macAt + 10] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        try attempt(header, key: "key", expect: "header")
        // A changed stanza type is no longer addressed to the key at all.
        var stanza = good
        stanza[25] = UInt8(ascii: "Y")
        try attempt(stanza, key: "key", expect: "no identity matched")
        var chunk = good
        chunk[good.count - 100] ^= 1
        try attempt(chunk, key: "key", expect: "chunk 3")
        try attempt(Array(good.dropLast(70_000)), key: "key", expect: "payload")
        #expect(!entries(dir).contains { $0.hasSuffix(".partial") })
    }

    @Test("With no key options and stdin not a terminal: an error, not a prompt")
    func noPromptWithoutTerminal() throws {
        let dir = try TemporaryDirectory("age-cli")
        defer { dir.remove() }
        try Data("x".utf8).write(to: dir.url.appendingPathComponent("plain"))
        let r = try runProcess([binary, "encrypt", dir.path("plain"), "--out", dir.path("x.age")])
        #expect(r.status == 2)
        #expect(r.stderrText.contains("not a terminal"))
        #expect(!FileManager.default.fileExists(atPath: dir.path("x.age")))
    }

    @Test("The terminal prompt: asked twice to encrypt, once to decrypt, read by age too",
          .requires("python3", "age"))
    func prompt() throws {
        let dir = try TemporaryDirectory("age-cli")
        defer { dir.remove() }
        let plaintext = try SecureRandom.bytes(10_000)
        try Data(plaintext).write(to: dir.url.appendingPathComponent("plain"))
        let e = try PtyDriver.run([binary, "encrypt", dir.path("plain"), "--out", dir.path("p.age")], passphrase: "typed in")
        #expect(e.status == 0, "\(e.stdoutText)")
        #expect(e.stdoutText.contains("Passphrase again"))
        #expect(!e.stdoutText.contains("typed in"))   // echo was off
        let d = try PtyDriver.run([binary, "decrypt", dir.path("p.age"), "--out", dir.path("p.out")], passphrase: "typed in")
        #expect(d.status == 0, "\(d.stdoutText)")
        #expect([UInt8](try Data(contentsOf: dir.url.appendingPathComponent("p.out"))) == plaintext)
        let a = try PtyDriver.run([TestEnvironment.which("age") ?? "age", "-d", "-o", dir.path("a.out"), dir.path("p.age")], passphrase: "typed in")
        #expect(a.status == 0)
        #expect([UInt8](try Data(contentsOf: dir.url.appendingPathComponent("a.out"))) == plaintext)
    }

    @Test("Decrypt refuses a work factor above 22 unless --max-work-factor allows it", .timeLimit(.minutes(1)))
    func maxWorkFactorFlag() throws {
        let dir = try TemporaryDirectory("age-cli")
        defer { dir.remove() }
        // A header claiming work factor 23 is refused before any scrypt work.
        var file = Array("age-encryption.org/v1\n-> scrypt AAAAAAAAAAAAAAAAAAAAAA 23\n".utf8)
        file += Array(Base64.encode([UInt8](repeating: 0, count: 32), padded: false)) + [0x0A]
        file += Array("--- ".utf8) + Array(Base64.encode([UInt8](repeating: 0, count: 32), padded: false)) + [0x0A]
        file += [UInt8](repeating: 0, count: 40)
        try Data(file).write(to: dir.url.appendingPathComponent("wf.age"))
        try Data("pw\n".utf8).write(to: dir.url.appendingPathComponent("pw"))
        let r = try runProcess([binary, "decrypt", dir.path("wf.age"), "--out", dir.path("o"), "--passphrase-file", dir.path("pw")])
        #expect(r.status == 2)
        #expect(r.stderrText.contains("--max-work-factor"))
    }
}
