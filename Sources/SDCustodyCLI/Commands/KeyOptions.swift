import Custody
import Messages
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// The recipient options of `encrypt` and `seal` (PRODUCT.md "Recipients and keys"). A passphrase
/// is never an argument: it comes from a file or from the terminal.
struct EncryptionKeyOptions: ParsableArguments {
    @Option(name: [.customShort("r"), .customLong("recipient")], help: ArgumentHelp(tr(.optRecipient), valueName: "age1…"))
    var recipients: [String] = []

    @Option(name: .customLong("recipients-file"), help: ArgumentHelp(tr(.optRecipientsFile), valueName: "FILE"))
    var recipientsFiles: [String] = []

    /// An identity file's recipient is a recipient too (as `age -e -i`).
    @Option(name: [.customShort("i"), .customLong("identity")], help: ArgumentHelp(tr(.optIdentity), valueName: "FILE"))
    var identityFiles: [String] = []

    @Option(name: .customLong("passphrase-file"), help: ArgumentHelp(tr(.optPassphraseFile), valueName: "FILE"))
    var passphraseFile: String?

    /// The options as the library takes them.
    var material: KeyMaterial {
        KeyMaterial(recipients: recipients, recipientsFiles: recipientsFiles, identityFiles: identityFiles, passphraseFile: passphraseFile)
    }

    /// The recipients; with no option, a passphrase asked twice on the terminal.
    func encryptionRecipients(workFactor: Int) throws -> [AgeRecipient] {
        try material.encryptionRecipients(workFactor: workFactor) { try PassphrasePrompt.ask(confirm: true) }
    }
}

/// The key options of `decrypt` and `unseal`: an identity file or a passphrase (never the
/// recipients, which are for encrypting, so their help does not offer them).
struct DecryptionKeyOptions: ParsableArguments {
    @Option(name: [.customShort("i"), .customLong("identity")], help: ArgumentHelp(tr(.optIdentity), valueName: "FILE"))
    var identityFiles: [String] = []

    @Option(name: .customLong("passphrase-file"), help: ArgumentHelp(tr(.optPassphraseFile), valueName: "FILE"))
    var passphraseFile: String?

    /// The options as the library takes them.
    var material: KeyMaterial {
        KeyMaterial(recipients: [], recipientsFiles: [], identityFiles: identityFiles, passphraseFile: passphraseFile)
    }

    /// The identities; with no option, a passphrase asked on the terminal.
    func decryptionIdentities(maxWorkFactor: Int) throws -> [AgeIdentity] {
        try material.decryptionIdentities(maxWorkFactor: maxWorkFactor) { try PassphrasePrompt.ask(confirm: false) }
    }
}
