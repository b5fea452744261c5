import Codecs
import OpenSSL
import Messages

/// Unwraps scrypt stanzas with a passphrase. Enforces that an scrypt stanza is alone in the header
/// and caps the work factor, since a hostile file could otherwise demand hours and gigabytes.
public final class ScryptIdentity: AgeIdentity {
    /// The default cap: 2^22 (about 4 GiB of scrypt memory, tens of seconds).
    public static let defaultMaxWorkFactor = 22

    private let passphrase: SecureBytes
    public let maxWorkFactor: Int

    public init(passphrase: SecureBytes, maxWorkFactor: Int = ScryptIdentity.defaultMaxWorkFactor) {
        self.passphrase = passphrase
        self.maxWorkFactor = maxWorkFactor
    }

    public func unwrap(stanzas: [Stanza]) throws -> SecureBytes? {
        guard stanzas.contains(where: { $0.type == ScryptRecipient.stanzaType }) else { return nil }
        guard stanzas.count == 1, let stanza = stanzas.first else {
            throw AgeError.headerFailure(tr(.acAnScryptStanzaMustBe))
        }
        guard stanza.arguments.count == 3 else { throw AgeError.headerFailure(tr(.acScryptStanzaMustHaveExactly)) }
        guard let salt = Base64.decodeUnpadded(stanza.arguments[1]), salt.count == 16 else {
            throw AgeError.headerFailure(tr(.acScryptSaltIsNot16))
        }
        let factorText = Array(stanza.arguments[2].utf8)
        // `^[1-9][0-9]*$`, and short enough not to overflow.
        guard let firstDigit = factorText.first, firstDigit >= UInt8(ascii: "1"), firstDigit <= UInt8(ascii: "9"),
              factorText.count <= 4, factorText.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let workFactor = Int(stanza.arguments[2]) else {
            throw AgeError.headerFailure(tr(.acScryptWorkFactorIsNot))
        }
        guard workFactor <= maxWorkFactor else {
            throw AgeError.headerFailure(tr(.acScryptWorkFactorIsAbove, ["workFactor": "\(workFactor)", "maxWorkFactor": "\(maxWorkFactor)"]))
        }
        guard workFactor < 63 else { throw AgeError.headerFailure(tr(.acScryptWorkFactorIsToo)) }
        guard stanza.body.count == FileKey.size + 16 else { throw AgeError.headerFailure(tr(.acScryptStanzaBodyIsNot)) }
        let wrapKey: SecureBytes
        do {
            wrapKey = try Scrypt.ageWrapKey(passphrase: passphrase, salt: ScryptRecipient.saltLabel + salt, logN: workFactor)
        } catch let e as OpenSSLError {
            throw AgeError.crypto(e.description)
        }
        return try FileKey.unwrap(stanza.body, with: wrapKey)
    }
}
