import Messages
import Codecs
import OpenSSL

/// The scrypt recipient type (age spec "The scrypt recipient type"): a passphrase. Its stanza must
/// be the only one in a header.
public struct ScryptRecipient: AgeRecipient {
    static let stanzaType = "scrypt"
    static let saltLabel = Array("age-encryption.org/v1/scrypt".utf8)
    /// age's default work factor: 2^18 (about a second, 256 MiB).
    public static let defaultWorkFactor = 18

    private let passphrase: SecureBytes
    public let workFactor: Int

    public init(passphrase: SecureBytes, workFactor: Int = ScryptRecipient.defaultWorkFactor) throws {
        guard passphrase.count > 0 else { throw AgeError.invalidKey(tr(.ageWhyEmptyPassphrase)) }
        guard (1...30).contains(workFactor) else { throw AgeError.invalidKey(tr(.acScryptWorkFactorMustBe)) }
        self.passphrase = passphrase
        self.workFactor = workFactor
    }

    public func wrap(fileKey: SecureBytes) throws -> [Stanza] {
        do {
            let salt = try SecureRandom.bytes(16)
            let wrapKey = try Scrypt.ageWrapKey(passphrase: passphrase, salt: ScryptRecipient.saltLabel + salt, logN: workFactor)
            let body = try FileKey.wrap(fileKey, with: wrapKey)
            return [Stanza(arguments: [ScryptRecipient.stanzaType, Base64.encodeString(salt), String(workFactor)], body: body)]
        } catch let e as OpenSSLError {
            throw AgeError.crypto(e.description)
        }
    }
}
