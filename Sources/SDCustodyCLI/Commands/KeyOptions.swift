import Custody
import ArgumentParser
import Age
import OpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// The key and recipient options `encrypt`, `decrypt` (and later `seal`/`unseal`) share
/// (PRODUCT.md "Recipients and keys"). A passphrase is never an argument: it comes from a file or
/// from the terminal.
struct KeyOptions: ParsableArguments {
    @Option(name: [.customShort("r"), .customLong("recipient")], help: ArgumentHelp("Encrypt to this age1… recipient (repeatable).", valueName: "age1…"))
    var recipients: [String] = []

    @Option(name: .customLong("recipients-file"), help: ArgumentHelp("Encrypt to every recipient listed in FILE (repeatable).", valueName: "FILE"))
    var recipientsFiles: [String] = []

    @Option(name: [.customShort("i"), .customLong("identity")], help: ArgumentHelp("Identity file (AGE-SECRET-KEY-1…); decrypt with it, or encrypt to its recipient (repeatable).", valueName: "FILE"))
    var identityFiles: [String] = []

    @Option(name: .customLong("passphrase-file"), help: ArgumentHelp("Read the passphrase from the first line of FILE.", valueName: "FILE"))
    var passphraseFile: String?

    /// Nothing given: the passphrase comes from the terminal.
    var isEmpty: Bool { recipients.isEmpty && recipientsFiles.isEmpty && identityFiles.isEmpty && passphraseFile == nil }

    /// The recipients for `encrypt`.
    func encryptionRecipients(workFactor: Int) throws -> [AgeRecipient] {
        var out: [AgeRecipient] = []
        for r in recipients { out.append(try X25519Recipient(parsing: r)) }
        for f in recipientsFiles { out += try RecipientsFile.parse(try KeyFiles.read(f), name: f) }
        for f in identityFiles { out += try KeyFiles.identities(f).map(\.recipient) as [AgeRecipient] }
        var passphrase: SecureBytes?
        if let f = passphraseFile {
            passphrase = try KeyFiles.passphrase(fromFile: f)
        } else if isEmpty {
            passphrase = try PassphrasePrompt.ask(confirm: true)
        }
        if let passphrase {
            guard out.isEmpty else { throw CLIError.input("a passphrase cannot be combined with --recipient, --recipients-file or --identity") }
            out.append(try ScryptRecipient(passphrase: passphrase, workFactor: workFactor))
        }
        return out
    }

    /// The identities for `decrypt`.
    func decryptionIdentities(maxWorkFactor: Int) throws -> [AgeIdentity] {
        guard recipients.isEmpty, recipientsFiles.isEmpty else {
            throw CLIError.input("--recipient and --recipients-file are for encrypting; decrypt with --identity or a passphrase")
        }
        var out: [AgeIdentity] = []
        for f in identityFiles { out += try KeyFiles.identities(f) as [AgeIdentity] }
        if let f = passphraseFile {
            out.append(ScryptIdentity(passphrase: try KeyFiles.passphrase(fromFile: f), maxWorkFactor: maxWorkFactor))
        } else if isEmpty {
            out.append(ScryptIdentity(passphrase: try PassphrasePrompt.ask(confirm: false), maxWorkFactor: maxWorkFactor))
        }
        return out
    }
}

/// Reading key material from files: bounded, and never echoing contents into messages.
enum KeyFiles {
    static let maxSize = 1 << 20

    static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CLIError.input("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        defer { SecureBytes.wipe(&chunk) }
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                SecureBytes.wipe(&out)
                throw CLIError.input("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            guard out.count + n <= maxSize else {
                SecureBytes.wipe(&out)
                throw CLIError.input("\(path) is larger than 1 MiB; not a key file")
            }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    static func identities(_ path: String) throws -> [X25519Identity] {
        var bytes = try read(path)
        defer { SecureBytes.wipe(&bytes) }
        return try IdentityFile.parse(bytes, name: path)
    }

    /// The first line of the file, without its line end.
    static func passphrase(fromFile path: String) throws -> SecureBytes {
        var bytes = try read(path)
        defer { SecureBytes.wipe(&bytes) }
        var end = bytes.firstIndex(of: 0x0A) ?? bytes.count
        if end > 0 && bytes[end - 1] == 0x0D { end -= 1 }
        guard end > 0 else { throw CLIError.input("\(path): the passphrase (first line) is empty") }
        var line = Array(bytes[0..<end])
        return SecureBytes(&line)
    }
}
