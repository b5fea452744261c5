import Testing
import OpenSSL

/// Known-answer tests for the primitives age is built on, from their RFCs.
private func hex(_ s: String) -> [UInt8] {
    var out: [UInt8] = []
    var chars = Array(s.filter { !$0.isWhitespace })
    if chars.count % 2 == 1 { chars.append("0") }
    var i = 0
    while i + 1 < chars.count {
        out.append(UInt8(String(chars[i...i + 1]), radix: 16) ?? 0)
        i += 2
    }
    return out
}

@Suite("X25519 (RFC 7748)")
struct X25519Tests {
    @Test("§5.2 scalar multiplication vector")
    func scalarMultiplication() throws {
        let key = try X25519PrivateKey.with(rawRepresentation: SecureBytes(hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4")))
        let out = try key.sharedSecret(with: hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))
        #expect(out.unsafeArrayCopy.hex == "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552")
    }

    @Test("§6.1 Diffie-Hellman: public keys and the shared secret")
    func diffieHellman() throws {
        let alice = try X25519PrivateKey.with(rawRepresentation: SecureBytes(hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")))
        let bob = try X25519PrivateKey.with(rawRepresentation: SecureBytes(hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")))
        #expect(try alice.publicKey().hex == "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
        #expect(try bob.publicKey().hex == "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
        let k1 = try alice.sharedSecret(with: bob.publicKey())
        let k2 = try bob.sharedSecret(with: alice.publicKey())
        #expect(k1.unsafeArrayCopy.hex == "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")
        #expect(k1.unsafeArrayCopy == k2.unsafeArrayCopy)
    }

    @Test("A low-order share is refused", arguments: [
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
    ])
    func lowOrder(point: String) throws {
        let key = try X25519PrivateKey.generate()
        #expect(throws: X25519Error.allZeroSharedSecret) { try key.sharedSecret(with: hex(point)) }
    }

    @Test("Generated keys round-trip through their raw form")
    func roundTrip() throws {
        let key = try X25519PrivateKey.generate()
        let again = try X25519PrivateKey.with(rawRepresentation: key.rawRepresentation())
        #expect(try key.publicKey() == again.publicKey())
    }
}

@Suite("HKDF-SHA-256 (RFC 5869)")
struct HKDFTests {
    @Test("Test case 1")
    func case1() throws {
        let ikm = SecureBytes([UInt8](repeating: 0x0b, count: 22))
        let okm = try HKDF.sha256(ikm: ikm, salt: hex("000102030405060708090a0b0c"), info: hex("f0f1f2f3f4f5f6f7f8f9"), count: 42)
        #expect(okm.unsafeArrayCopy.hex == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
    }

    @Test("Test case 3: empty salt and info")
    func case3() throws {
        let ikm = SecureBytes([UInt8](repeating: 0x0b, count: 22))
        let okm = try HKDF.sha256(ikm: ikm, salt: [], info: [], count: 42)
        #expect(okm.unsafeArrayCopy.hex == "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8")
    }
}

@Suite("HMAC-SHA-256 (RFC 4231)")
struct HMACTests {
    @Test("Test case 1")
    func case1() throws {
        let key = [UInt8](repeating: 0x0b, count: 20)
        let mac = try key.withUnsafeBytes { try HMAC.sha256(key: $0, message: Array("Hi There".utf8)) }
        #expect(mac.hex == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test("Test case 2, fed in pieces")
    func case2() throws {
        let h = try HMAC.with(key: SecureBytes(Array("Jefe".utf8)))
        try h.update(Array("what do ya want ".utf8))
        try h.update(Array("for nothing?".utf8))
        #expect(try h.finish().hex == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}

@Suite("ChaCha20-Poly1305 (RFC 8439)")
struct ChaChaPolyTests {
    let key = hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f")
    let nonce = hex("070000004041424344454647")
    let aad = hex("50515253c0c1c2c3c4c5c6c7")
    let plaintext = Array("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.".utf8)
    let expected = """
        d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116\
        1ae10b594f09e26a7e902ecbd0600691
        """

    @Test("§2.8.2 AEAD seal vector")
    func seal() throws {
        let c = try ChaChaPoly.with(key: SecureBytes(key))
        let out = try plaintext.withUnsafeBytes { try c.seal(nonce: nonce, plaintext: $0, aad: aad) }
        #expect(out.hex == expected)
    }

    @Test("§2.8.2 AEAD open vector; a flipped bit is an authentication failure")
    func open() throws {
        let c = try ChaChaPoly.with(key: SecureBytes(key))
        let out = try c.open(nonce: nonce, ciphertext: hex(expected), aad: aad)
        #expect(out.unsafeArrayCopy == plaintext)
        var damaged = hex(expected)
        damaged[3] ^= 1
        #expect(throws: ChaChaPoly.AuthenticationFailure.self) { try c.open(nonce: nonce, ciphertext: damaged, aad: aad) }
        // The context stays usable after a failure.
        #expect(try c.open(nonce: nonce, ciphertext: hex(expected), aad: aad).unsafeArrayCopy == plaintext)
    }

    @Test("Empty plaintext round-trips; a short key is refused")
    func roundTrips() throws {
        let c = try ChaChaPoly.with(key: SecureBytes(key))
        let sealed = try [UInt8]().withUnsafeBytes { try c.seal(nonce: nonce, plaintext: $0) }
        #expect(sealed.count == 16)
        #expect(try c.open(nonce: nonce, ciphertext: sealed).count == 0)
        #expect(throws: OpenSSLError.self) { try ChaChaPoly.with(key: SecureBytes([1, 2, 3])) }
    }
}

@Suite("scrypt (RFC 7914 §12)")
struct ScryptTests {
    @Test("Vectors 1–3", arguments: [
        ("", "", UInt64(16), UInt64(1), UInt64(1), "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"),
        ("password", "NaCl", 1024, 8, 16, "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"),
        ("pleaseletmein", "SodiumChloride", 16384, 8, 1, "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887"),
    ])
    func vectors(password: String, salt: String, n: UInt64, r: UInt64, p: UInt64, expected: String) throws {
        let pw = Array(password.utf8)
        let out = try pw.withUnsafeBytes { try Scrypt.derive(password: $0, salt: Array(salt.utf8), n: n, r: r, p: p, count: 64) }
        #expect(out.unsafeArrayCopy.hex == expected)
    }

    @Test("age's work factor 18 needs more than OpenSSL's default maxmem, and works")
    func workFactor18() throws {
        #expect((Scrypt.memoryRequired(n: 1 << 18, r: 8, p: 1) ?? 0) > 32 * 1024 * 1024)
        let out = try Scrypt.ageWrapKey(passphrase: SecureBytes(Array("password".utf8)), salt: [UInt8](repeating: 1, count: 44), logN: 18)
        #expect(out.count == 32)
    }
}

@Suite("SecureRandom and SecureBytes")
struct RandomTests {
    @Test("Random buffers differ and are the asked size")
    func random() throws {
        let a = try SecureRandom.bytes(32), b = try SecureRandom.bytes(32)
        #expect(a.count == 32 && a != b)
    }

    @Test("Wiping clears an array in place")
    func wipe() {
        var a: [UInt8] = [1, 2, 3]
        SecureBytes.wipe(&a)
        #expect(a == [0, 0, 0])
    }
}
