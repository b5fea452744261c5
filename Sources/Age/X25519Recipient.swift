import Messages
import Codecs
import OpenSSL

/// The X25519 recipient type (age spec "The X25519 recipient type"): a public key written `age1…`.
public struct X25519Recipient: AgeRecipient, Equatable {
    static let stanzaType = "X25519"
    static let info = Array("age-encryption.org/v1/X25519".utf8)
    static let hrp = "age"

    public let publicKey: [UInt8]

    public init(publicKey: [UInt8]) throws {
        guard publicKey.count == 32 else { throw AgeError.invalidKey(tr(.acAnX25519RecipientIs32)) }
        self.publicKey = publicKey
    }

    /// Parses `age1…` (lower case, checksum checked).
    public init(parsing text: String) throws {
        let decoded: (hrp: String, data: [UInt8])
        do { decoded = try Bech32.decode(text) } catch { throw AgeError.invalidKey(tr(.acNotAValidAgeRecipient, ["error": "\(error)"])) }
        guard decoded.hrp == X25519Recipient.hrp else {
            if decoded.hrp.lowercased() == "age1pq" { throw AgeError.invalidKey(tr(.acPostQuantumAge1pqRecipientsAre)) }
            throw AgeError.invalidKey(tr(.ageWhyNotRecipient))
        }
        guard decoded.data.count == 32 else { throw AgeError.invalidKey(tr(.acAnAgeRecipientHolds32, ["count": "\(decoded.data.count)"])) }
        try self.init(publicKey: decoded.data)
    }

    /// The `age1…` form.
    public var encoded: String { Bech32.encode(hrp: X25519Recipient.hrp, data: publicKey) }

    public func wrap(fileKey: SecureBytes) throws -> [Stanza] {
        do {
            let ephemeral = try X25519PrivateKey.generate()
            let share = try ephemeral.publicKey()
            let shared = try ephemeral.sharedSecret(with: publicKey)
            let wrapKey = try HKDF.sha256(ikm: shared, salt: share + publicKey, info: X25519Recipient.info, count: 32)
            let body = try FileKey.wrap(fileKey, with: wrapKey)
            return [Stanza(arguments: [X25519Recipient.stanzaType, Base64.encodeString(share)], body: body)]
        } catch let e as OpenSSLError {
            throw AgeError.crypto(e.description)
        } catch let e as X25519Error {
            throw AgeError.invalidKey(tr(.acCannotEncryptToThisRecipient, ["e": "\(e)"]))
        }
    }
}
