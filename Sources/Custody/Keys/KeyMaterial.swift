import Messages
import Age
import OpenSSL
import SystemIO
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// The keys and recipients a command was given (PRODUCT.md "Recipients and keys"): `age1…`
/// recipients, recipients files, identity files and a passphrase file. A passphrase is never an
/// argument: it comes from a file or, when nothing at all was given, from `askPassphrase` (the
/// front end's prompt).
public struct KeyMaterial: Sendable {
    public var recipients: [String]
    public var recipientsFiles: [String]
    public var identityFiles: [String]
    public var passphraseFile: String?

    public init(recipients: [String] = [], recipientsFiles: [String] = [], identityFiles: [String] = [], passphraseFile: String? = nil) {
        self.recipients = recipients
        self.recipientsFiles = recipientsFiles
        self.identityFiles = identityFiles
        self.passphraseFile = passphraseFile
    }

    /// Nothing given: the passphrase comes from the front end.
    public var isEmpty: Bool { recipients.isEmpty && recipientsFiles.isEmpty && identityFiles.isEmpty && passphraseFile == nil }

    /// The recipients to encrypt to.
    public func encryptionRecipients(workFactor: Int, askPassphrase: () throws -> SecureBytes) throws -> [AgeRecipient] {
        var out: [AgeRecipient] = []
        for r in recipients { out.append(try X25519Recipient(parsing: r)) }
        for f in recipientsFiles { out += try RecipientsFile.parse(try KeyFiles.read(f), name: f) }
        for f in identityFiles { out += try KeyFiles.identities(f).map(\.recipient) as [AgeRecipient] }
        var passphrase: SecureBytes?
        if let f = passphraseFile {
            passphrase = try KeyFiles.passphrase(fromFile: f)
        } else if isEmpty {
            passphrase = try askPassphrase()
        }
        if let passphrase {
            guard out.isEmpty else { throw CustodyError.input(tr(.keysPassphraseWithKeys)) }
            out.append(try ScryptRecipient(passphrase: passphrase, workFactor: workFactor))
        }
        return out
    }

    /// The identities to decrypt with.
    public func decryptionIdentities(maxWorkFactor: Int, askPassphrase: () throws -> SecureBytes) throws -> [AgeIdentity] {
        guard recipients.isEmpty, recipientsFiles.isEmpty else {
            throw CustodyError.input(tr(.keysRecipientsForDecrypt))
        }
        var out: [AgeIdentity] = []
        for f in identityFiles { out += try KeyFiles.identities(f) as [AgeIdentity] }
        if let f = passphraseFile {
            out.append(ScryptIdentity(passphrase: try KeyFiles.passphrase(fromFile: f), maxWorkFactor: maxWorkFactor))
        } else if isEmpty {
            out.append(ScryptIdentity(passphrase: try askPassphrase(), maxWorkFactor: maxWorkFactor))
        }
        return out
    }
}

/// Reading key material from files: bounded, and never echoing contents into messages.
public enum KeyFiles {
    public static let maxSize = 1 << 20

    public static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CustodyError.input(tr(.errorCannotOpen, ["path": path, "reason": errnoText(errno)])) }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        defer { SecureBytes.wipe(&chunk) }
        while true {
            let n: Int
            do { n = try chunk.withUnsafeMutableBytes { try FileIO.read(fd, into: $0) } } catch {
                SecureBytes.wipe(&out)
                throw CustodyError.input(tr(.errorCannotRead, ["path": path, "reason": (error as? Errno).map { errnoText($0.rawValue) } ?? "\(error)"]))
            }
            if n == 0 { break }
            guard out.count + n <= maxSize else {
                SecureBytes.wipe(&out)
                throw CustodyError.input(tr(.keysFileTooLarge, ["path": path]))
            }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    public static func identities(_ path: String) throws -> [X25519Identity] {
        var bytes = try read(path)
        defer { SecureBytes.wipe(&bytes) }
        return try IdentityFile.parse(bytes, name: path)
    }

    /// The first line of the file, without its line end.
    public static func passphrase(fromFile path: String) throws -> SecureBytes {
        var bytes = try read(path)
        defer { SecureBytes.wipe(&bytes) }
        var end = bytes.firstIndex(of: 0x0A) ?? bytes.count
        if end > 0 && bytes[end - 1] == 0x0D { end -= 1 }
        guard end > 0 else { throw CustodyError.input(tr(.keysEmptyPassphrase, ["path": path])) }
        var line = Array(bytes[0..<end])
        return SecureBytes(&line)
    }
}
