import Foundation
import Testing
import TestSupport
@testable import OpenSSL

private func bytes(_ hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var chars = Array(hex.utf8)[...]
    while chars.count >= 2 {
        let pair = String(decoding: chars.prefix(2), as: UTF8.self)
        out.append(UInt8(pair, radix: 16) ?? 0)
        chars = chars.dropFirst(2)
    }
    return out
}

/// RFC 8032 §7.1 test vectors for Ed25519 (TEST 1, 2, 3 and SHA(abc)).
private let rfc8032: [(secret: String, public: String, message: String, signature: String)] = [
    ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
     "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
    ("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
     "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
    ("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
     "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
    ("833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
     "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
     "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"),
]

@Suite struct Ed25519Tests {
    @Test(arguments: 0..<rfc8032.count)
    func rfc8032Vector(index: Int) throws {
        let v = rfc8032[index]
        let key = try Ed25519Key(seed: bytes(v.secret))
        #expect(try key.publicKeyBytes().hex == v.public)
        // Ed25519 is deterministic: the signature must be exactly the RFC's.
        #expect(try key.sign(bytes(v.message)).hex == v.signature)
        let pub = try Ed25519Key(publicKey: bytes(v.public))
        #expect(try pub.verify(signature: bytes(v.signature), message: bytes(v.message)))
    }

    @Test(arguments: 0..<rfc8032.count)
    func changedMessageOrSignatureFails(index: Int) throws {
        let v = rfc8032[index]
        let pub = try Ed25519Key(publicKey: bytes(v.public))
        var signature = bytes(v.signature)
        signature[5] ^= 0x01
        #expect(try !pub.verify(signature: signature, message: bytes(v.message)))
        #expect(try !pub.verify(signature: bytes(v.signature), message: bytes(v.message) + [0]))
        #expect(try !pub.verify(signature: Array(bytes(v.signature).dropLast()), message: bytes(v.message)))
    }

    @Test func publicKeyCannotSign() throws {
        let pub = try Ed25519Key.generate().publicKey()
        #expect(throws: Ed25519Error.notPrivate) { try pub.sign([1, 2, 3]) }
    }

    @Test func generatedKeysSignAndDiffer() throws {
        let a = try Ed25519Key.generate(), b = try Ed25519Key.generate()
        #expect(try a.publicKeyBytes() != b.publicKeyBytes())
        let signature = try a.sign(Array("evidence".utf8))
        #expect(try a.publicKey().verify(signature: signature, message: Array("evidence".utf8)))
        #expect(try !b.verify(signature: signature, message: Array("evidence".utf8)))
    }

    @Test func pemRoundTrip() throws {
        let key = try Ed25519Key(seed: bytes(rfc8032[0].secret))
        let pem = try key.pkcs8PEM()
        #expect(pem == "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n-----END PRIVATE KEY-----\n")
        let back = try Ed25519Key(pkcs8PEM: pem)
        #expect(try back.seedBytes() == key.seedBytes())
        #expect(throws: Ed25519Error.self) { try Ed25519Key(pkcs8PEM: pem.replacingOccurrences(of: "MC4C", with: "MC4D")) }
        #expect(throws: Ed25519Error.self) { try Ed25519Key(pkcs8PEM: "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n") }
    }

    @Test func keyFileIs0600AndNeverOverwritten() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("signing-key.pem")
        let key = try Ed25519Key.generate()
        try key.write(toFile: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(throws: Ed25519Error.exists(path)) { try Ed25519Key.generate().write(toFile: path) }
        #expect(try Ed25519Key(contentsOfFile: path).publicKeyBytes() == key.publicKeyBytes())
        // No temporary files left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["signing-key.pem"])
    }

    /// The key file is the one OpenSSL's own tool reads and writes.
    @Test(.requires("openssl"))
    func opensslReadsOurKeyAndWeReadItsKey() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let ours = dir.path("ours.pem")
        let key = try Ed25519Key(seed: bytes(rfc8032[1].secret))
        try key.write(toFile: ours)
        let text = try runProcess(["openssl", "pkey", "-in", ours, "-text", "-noout"]).stdoutText
        #expect(text.contains("ED25519 Private-Key"))
        #expect(text.replacingOccurrences(of: ":", with: "").replacingOccurrences(of: " ", with: "")
            .replacingOccurrences(of: "\n", with: "").contains(rfc8032[1].public))

        let theirs = dir.path("theirs.pem")
        let generated = try runProcess(["openssl", "genpkey", "-algorithm", "ed25519", "-out", theirs])
        #expect(generated.status == 0)
        let loaded = try Ed25519Key(contentsOfFile: theirs)
        let message = Array("chain of custody".utf8)
        let messageFile = dir.path("message"), signatureFile = dir.path("signature")
        try Data(message).write(to: URL(fileURLWithPath: messageFile))
        try Data(loaded.sign(message)).write(to: URL(fileURLWithPath: signatureFile))
        let check = try runProcess(["openssl", "pkeyutl", "-verify", "-rawin", "-inkey", theirs,
                                    "-in", messageFile, "-sigfile", signatureFile])
        #expect(check.status == 0, "\(check.stderrText)")
    }
}
