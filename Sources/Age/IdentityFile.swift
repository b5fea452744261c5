import Messages
import OpenSSL

/// An identity file as `age-keygen` writes it: `#` comment lines, blank lines, and one
/// `AGE-SECRET-KEY-1…` per line. Errors name the line number, never its content.
public enum IdentityFile {
    /// Identity files are small; anything larger is not one.
    static let maxSize = 1 << 20

    public static func parse(_ bytes: [UInt8], name: String = "identity file") throws -> [X25519Identity] {
        guard bytes.count <= maxSize else { throw AgeError.invalidKey("\(name) is larger than 1 MiB; not an identity file") }
        var identities: [X25519Identity] = []
        for (index, rawLine) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            var line = rawLine[...]
            if line.last == 0x0D { line = line.dropLast() }
            if line.isEmpty || line.first == UInt8(ascii: "#") { continue }
            let text = String(decoding: line, as: UTF8.self)
            do {
                identities.append(try X25519Identity(parsing: text))
            } catch let e as AgeError {
                if case .invalidKey(let why) = e { throw AgeError.invalidKey(tr(.ageWhyFileLine, ["name": name, "line": String(index + 1), "why": why])) }
                throw e
            }
        }
        guard !identities.isEmpty else { throw AgeError.invalidKey(tr(.ageWhyNoIdentities, ["name": name])) }
        return identities
    }

    /// The text `keygen` writes: creation time, public key, secret key.
    public static func render(_ identity: X25519Identity, created: String) throws -> String {
        "# created: \(created)\n# public key: \(identity.recipient.encoded)\n\(try identity.encodedSecret())\n"
    }
}

/// A recipients file: `#` comments, blank lines, one `age1…` recipient per line.
public enum RecipientsFile {
    public static func parse(_ bytes: [UInt8], name: String = "recipients file") throws -> [X25519Recipient] {
        guard bytes.count <= IdentityFile.maxSize else { throw AgeError.invalidKey("\(name) is larger than 1 MiB") }
        var recipients: [X25519Recipient] = []
        for (index, rawLine) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            var line = rawLine[...]
            if line.last == 0x0D { line = line.dropLast() }
            if line.isEmpty || line.first == UInt8(ascii: "#") { continue }
            let text = String(decoding: line, as: UTF8.self)
            do {
                recipients.append(try X25519Recipient(parsing: text))
            } catch let e as AgeError {
                if case .invalidKey(let why) = e { throw AgeError.invalidKey(tr(.ageWhyFileLine, ["name": name, "line": String(index + 1), "why": why])) }
                throw e
            }
        }
        guard !recipients.isEmpty else { throw AgeError.invalidKey(tr(.ageWhyNoRecipientsIn, ["name": name])) }
        return recipients
    }
}
