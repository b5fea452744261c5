import Messages
import OpenSSL
import SystemIO

/// Whether the input is ASCII-armored.
public enum ArmorMode: Sendable {
    /// Armored when the first non-whitespace bytes are `-----BEGIN`.
    case auto
    case armored
    case binary
}

/// Decrypts an age v1 file from an `InputSource`, streaming plaintext to an `OutputSink` one
/// authenticated 64 KiB chunk at a time. The sink's `finish` is called only after the final chunk
/// authenticated; on any error it is not, and whatever was written must be discarded.
public final class AgeDecryptor {
    private let identities: [AgeIdentity]
    private let input: InputSource
    private let armor: ArmorMode

    public init(identities: [AgeIdentity], input: InputSource, armor: ArmorMode = .auto) {
        self.identities = identities
        self.input = input
        self.armor = armor
    }

    /// Reads the header, finds the file key and checks the header MAC; returns the input positioned
    /// at the payload nonce together with the header.
    func openHeader() throws -> (header: AgeHeader, fileKey: SecureBytes, input: BufferedInput) {
        let raw = BufferedInput(input)
        var source = raw
        var armored = armor == .armored
        if armor == .auto {
            let head = try raw.peek(4096)
            let text = head.drop(while: Armor.isWhitespace)
            armored = text.starts(with: Array("-----BEGIN".utf8))
        }
        if armored { source = BufferedInput(ArmoredInput(raw), capacity: 256 * 1024) }

        let header = try HeaderFormat.parse(source)
        var fileKey: SecureBytes?
        for identity in identities {
            if let key = try identity.unwrap(stanzas: header.stanzas) {
                fileKey = key
                break
            }
        }
        guard let fileKey else { throw AgeError.noMatch(AgeDecryptor.describeMiss(header.stanzas, identities)) }
        guard fileKey.count == FileKey.size else { throw AgeError.headerFailure(tr(.acTheFileKeyIsNot)) }
        try HeaderMAC.verify(fileKey: fileKey, header: header)
        return (header, fileKey, source)
    }

    /// Decrypts the whole file into `output`, then calls `output.finish()`.
    public func decrypt(to output: OutputSink) throws {
        let (_, fileKey, source) = try openHeader()
        var nonce = [UInt8](repeating: 0, count: PayloadStream.nonceSize)
        let n = try nonce.withUnsafeMutableBytes { try source.fill($0) }
        guard n == PayloadStream.nonceSize else { throw AgeError.headerFailure(tr(.acThePayloadNonceIsMissing)) }
        try PayloadDecryptor(fileKey: fileKey, nonce: nonce, input: source).decrypt(to: output)
        try output.finish()
    }

    /// A one-line reason naming what the file was encrypted to (types only, nothing secret).
    static func describeMiss(_ stanzas: [Stanza], _ identities: [AgeIdentity]) -> String {
        let types = stanzas.map(\.type)
        if types.contains(ScryptRecipient.stanzaType) {
            if identities.contains(where: { $0 is ScryptIdentity }) { return tr(.ageWhyWrongPassphrase) }
            return tr(.ageWhyNoPassphrase)
        }
        let x = types.filter { $0 == X25519Recipient.stanzaType }.count
        if x > 0 {
            return x == 1 ? tr(.ageWhyX25519One) : tr(.ageWhyX25519Many, ["count": String(x)])
        }
        return tr(.ageWhyUnsupportedTypes)
    }
}
