import OpenSSL

/// Something a file key can be wrapped for: produces the stanzas that carry it.
public protocol AgeRecipient {
    func wrap(fileKey: SecureBytes) throws -> [Stanza]
}

/// Something that can unwrap a file key from a header's stanzas.
public protocol AgeIdentity {
    /// The 16-byte file key, or nil when no stanza is addressed to this identity (or none opened).
    /// Throws `AgeError.headerFailure` when a stanza it recognises is malformed.
    func unwrap(stanzas: [Stanza]) throws -> SecureBytes?
}

/// The 128-bit file key (age spec "File key").
enum FileKey {
    static let size = 16

    static func generate() throws -> SecureBytes {
        do { return try SecureRandom.secureBytes(size) } catch let e as OpenSSLError { throw AgeError.crypto(e.description) }
    }

    /// Seals the file key with ChaCha20-Poly1305 under `wrapKey` and the all-zero nonce, as the
    /// X25519 and scrypt stanzas do.
    static func wrap(_ fileKey: SecureBytes, with wrapKey: SecureBytes) throws -> [UInt8] {
        do {
            let aead = try ChaChaPoly.with(key: wrapKey)
            return try fileKey.withUnsafeBytes { try aead.seal(nonce: [UInt8](repeating: 0, count: 12), plaintext: $0) }
        } catch let e as OpenSSLError {
            throw AgeError.crypto(e.description)
        }
    }

    /// Opens a 32-byte stanza body; nil when it does not authenticate (not our key).
    static func unwrap(_ body: [UInt8], with wrapKey: SecureBytes) throws -> SecureBytes? {
        do {
            let aead = try ChaChaPoly.with(key: wrapKey)
            return try aead.open(nonce: [UInt8](repeating: 0, count: 12), ciphertext: body)
        } catch is ChaChaPoly.AuthenticationFailure {
            return nil
        } catch let e as OpenSSLError {
            throw AgeError.crypto(e.description)
        }
    }
}
