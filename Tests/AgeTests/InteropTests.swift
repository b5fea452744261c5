import Foundation
import Testing
import TestSupport
import OpenSSL
@testable import Age
import SystemIO

/// Both ways with Debian's `age` 1.1.x: what we write, `age -d` reads; what `age` writes, we read.
@Suite("Interop with the age CLI", .requires("age"))
struct InteropTests {
    struct Case: CustomStringConvertible, Sendable {
        let description: String
        let size: Int
        let recipients: Int
        let armor: Bool
    }

    static let cases: [Case] = [
        Case(description: "X25519", size: 1000, recipients: 1, armor: false),
        Case(description: "several recipients", size: 5000, recipients: 3, armor: false),
        Case(description: "armored", size: 100_000, recipients: 1, armor: true),
        Case(description: "empty", size: 0, recipients: 1, armor: false),
        Case(description: "empty armored", size: 0, recipients: 1, armor: true),
        Case(description: "exactly 64 KiB", size: 64 * 1024, recipients: 1, armor: false),
        Case(description: "64 KiB + 1", size: 64 * 1024 + 1, recipients: 2, armor: false),
        Case(description: "10 MiB", size: 10 << 20, recipients: 2, armor: false),
    ]

    private func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    private func readFile(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    @Test("What we encrypt, age -d decrypts", arguments: cases)
    func oursToAge(c: Case) throws {
        let dir = try TemporaryDirectory("age-interop")
        defer { dir.remove() }
        let plaintext = try SecureRandom.bytes(c.size)
        let ids = try (0..<c.recipients).map { _ in try X25519Identity.generate() }
        let out = try AtomicFileOutput(path: dir.path("file.age"))
        let enc = try AgeEncryptor(recipients: ids.map(\.recipient), armor: c.armor, output: out)
        try enc.write(plaintext)
        try enc.finish()
        for (i, id) in ids.enumerated() {
            try writeFile(dir.path("id\(i)"), Array(try IdentityFile.render(id, created: "test").utf8))
            // To stdout: age creates an -o file only once it has a byte to write.
            let r = try runProcess(["age", "-d", "-i", dir.path("id\(i)"), dir.path("file.age")])
            #expect(r.status == 0, "age -d: \(r.stderrText)")
            #expect([UInt8](r.stdout) == plaintext)
        }
    }

    @Test("What age encrypts, we decrypt", arguments: cases)
    func ageToOurs(c: Case) throws {
        let dir = try TemporaryDirectory("age-interop")
        defer { dir.remove() }
        let plaintext = try SecureRandom.bytes(c.size)
        try writeFile(dir.path("plain"), plaintext)
        let ids = try (0..<c.recipients).map { _ in try X25519Identity.generate() }
        var argv = ["age"]
        for id in ids { argv += ["-r", id.recipient.encoded] }
        if c.armor { argv.append("-a") }
        argv += ["-o", dir.path("file.age"), dir.path("plain")]
        let r = try runProcess(argv)
        #expect(r.status == 0, "age: \(r.stderrText)")
        for id in ids {
            let fd = open(dir.path("file.age"), O_RDONLY)
            defer { close(fd) }
            let out = BufferSink()
            try AgeDecryptor(identities: [id], input: FileDescriptorInput(fd: fd)).decrypt(to: out)
            #expect(out.bytes == plaintext && out.finished)
        }
    }

    @Test("Identity files: age-keygen's are read by us, ours by age", .requires("age-keygen"))
    func identityFiles() throws {
        let dir = try TemporaryDirectory("age-interop")
        defer { dir.remove() }
        let r = try runProcess(["age-keygen", "-o", dir.path("theirs")])
        #expect(r.status == 0)
        let theirs = try IdentityFile.parse(try readFile(dir.path("theirs")))
        let y = try runProcess(["age-keygen", "-y", dir.path("theirs")])
        #expect(y.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == theirs.first?.recipient.encoded)
        let ours = try X25519Identity.generate()
        try writeFile(dir.path("ours"), Array(try IdentityFile.render(ours, created: "2026-01-01T00:00:00Z").utf8))
        let y2 = try runProcess(["age-keygen", "-y", dir.path("ours")])
        #expect(y2.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == ours.recipient.encoded)
    }

    @Test("Passphrase: ours to age -d (through a pty), age -p (through a pty) to ours",
          .requires("python3"))
    func passphrase() throws {
        let dir = try TemporaryDirectory("age-interop")
        defer { dir.remove() }
        let plaintext = try SecureRandom.bytes(100_000)
        try writeFile(dir.path("plain"), plaintext)
        let secret = "tr0ub4dor &3 passphrase"

        // Ours → age.
        let out = try AtomicFileOutput(path: dir.path("ours.age"))
        let enc = try AgeEncryptor(recipients: [try ScryptRecipient(passphrase: SecureBytes(Array(secret.utf8)))], output: out)
        try enc.write(plaintext)
        try enc.finish()
        let ageBinary = TestEnvironment.which("age") ?? "/usr/bin/age"
        let d = try PtyDriver.run([ageBinary, "-d", "-o", dir.path("from-ours"), dir.path("ours.age")], passphrase: secret)
        #expect(d.status == 0, "age -d: \(d.stdoutText)")
        #expect(try readFile(dir.path("from-ours")) == plaintext)

        // age → ours.
        let e = try PtyDriver.run([ageBinary, "-p", "-o", dir.path("theirs.age"), dir.path("plain")], passphrase: secret)
        #expect(e.status == 0, "age -p: \(e.stdoutText)")
        let fd = open(dir.path("theirs.age"), O_RDONLY)
        defer { close(fd) }
        let sink = BufferSink()
        try AgeDecryptor(identities: [ScryptIdentity(passphrase: SecureBytes(Array(secret.utf8)))], input: FileDescriptorInput(fd: fd)).decrypt(to: sink)
        #expect(sink.bytes == plaintext)
    }
}
