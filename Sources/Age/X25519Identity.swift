import Messages
import Codecs
import OpenSSL

/// An X25519 identity (age spec "The X25519 recipient type"): 32 random bytes written
/// `AGE-SECRET-KEY-1…` in upper-case Bech32.
public final class X25519Identity: AgeIdentity {
    static let hrp = "AGE-SECRET-KEY-"
    private let key: X25519PrivateKey
    public let recipient: X25519Recipient

    /// A new random identity.
    public static func generate() throws -> X25519Identity {
        do { return try X25519Identity(key: X25519PrivateKey.generate()) } catch let e as OpenSSLError { throw AgeError.crypto(e.description) }
    }

    private init(key: X25519PrivateKey) throws {
        self.key = key
        do { recipient = try X25519Recipient(publicKey: key.publicKey()) } catch let e as OpenSSLError { throw AgeError.crypto(e.description) }
    }

    /// Parses `AGE-SECRET-KEY-1…` (upper case, checksum checked). Errors never echo the key.
    public convenience init(parsing text: String) throws {
        var decoded: (hrp: String, data: [UInt8])
        do { decoded = try Bech32.decode(text) } catch { throw AgeError.invalidKey(tr(.acNotAValidAgeIdentity, ["error": "\(error)"])) }
        defer { SecureBytes.wipe(&decoded.data) }
        guard decoded.hrp == X25519Identity.hrp else {
            if decoded.hrp.uppercased() == "AGE-SECRET-KEY-PQ-" {
                throw AgeError.invalidKey(tr(.acPostQuantumAGESECRETKEY))
            }
            throw AgeError.invalidKey(tr(.ageWhyNotIdentity))
        }
        guard decoded.data.count == 32 else { throw AgeError.invalidKey(tr(.acAnAgeIdentityHolds32)) }
        let secret = SecureBytes(&decoded.data)
        let key: X25519PrivateKey
        do { key = try X25519PrivateKey.with(rawRepresentation: secret) } catch { throw AgeError.invalidKey("not a valid X25519 key") }
        try self.init(key: key)
    }

    /// The `AGE-SECRET-KEY-1…` text. Secret: goes only into a 0600 identity file.
    public func encodedSecret() throws -> String {
        do {
            var raw = try key.rawRepresentation().unsafeArrayCopy
            defer { SecureBytes.wipe(&raw) }
            return Bech32.encode(hrp: X25519Identity.hrp, data: raw).uppercased()
        } catch let e as OpenSSLError {
            throw AgeError.crypto(e.description)
        }
    }

    public func unwrap(stanzas: [Stanza]) throws -> SecureBytes? {
        for stanza in stanzas where stanza.type == X25519Recipient.stanzaType {
            guard stanza.arguments.count == 2 else { throw AgeError.headerFailure(tr(.acX25519StanzaMustHaveExactly)) }
            guard let share = Base64.decodeUnpadded(stanza.arguments[1]), share.count == 32 else {
                throw AgeError.headerFailure(tr(.acX25519StanzaShareIsNot))
            }
            guard stanza.body.count == FileKey.size + 16 else { throw AgeError.headerFailure(tr(.acX25519StanzaBodyIsNot)) }
            let shared: SecureBytes
            do {
                shared = try key.sharedSecret(with: share)
            } catch is X25519Error {
                throw AgeError.headerFailure(tr(.acX25519ShareIsALow))
            } catch let e as OpenSSLError {
                throw AgeError.crypto(e.description)
            }
            let wrapKey: SecureBytes
            do {
                wrapKey = try HKDF.sha256(ikm: shared, salt: share + recipient.publicKey, info: X25519Recipient.info, count: 32)
            } catch let e as OpenSSLError {
                throw AgeError.crypto(e.description)
            }
            if let fileKey = try FileKey.unwrap(stanza.body, with: wrapKey) { return fileKey }
        }
        return nil
    }
}
