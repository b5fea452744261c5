import Custody
import Messages
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// The key and recipient options `encrypt`, `decrypt` (and later `seal`/`unseal`) share
/// (PRODUCT.md "Recipients and keys"). A passphrase is never an argument: it comes from a file or
/// from the terminal.
struct KeyOptions: ParsableArguments {
    @Option(name: [.customShort("r"), .customLong("recipient")], help: ArgumentHelp(tr(.optRecipient), valueName: "age1…"))
    var recipients: [String] = []

    @Option(name: .customLong("recipients-file"), help: ArgumentHelp(tr(.optRecipientsFile), valueName: "FILE"))
    var recipientsFiles: [String] = []

    @Option(name: [.customShort("i"), .customLong("identity")], help: ArgumentHelp(tr(.optIdentity), valueName: "FILE"))
    var identityFiles: [String] = []

    @Option(name: .customLong("passphrase-file"), help: ArgumentHelp(tr(.optPassphraseFile), valueName: "FILE"))
    var passphraseFile: String?

    /// The options as the library takes them.
    var material: KeyMaterial {
        KeyMaterial(recipients: recipients, recipientsFiles: recipientsFiles, identityFiles: identityFiles,
                    passphraseFile: passphraseFile)
    }

    /// The recipients for `encrypt` and `seal`; with no option, a passphrase asked twice on the terminal.
    func encryptionRecipients(workFactor: Int) throws -> [AgeRecipient] {
        try material.encryptionRecipients(workFactor: workFactor) { try PassphrasePrompt.ask(confirm: true) }
    }

    /// The identities for `decrypt` and `unseal`; with no option, a passphrase asked on the terminal.
    func decryptionIdentities(maxWorkFactor: Int) throws -> [AgeIdentity] {
        try material.decryptionIdentities(maxWorkFactor: maxWorkFactor) { try PassphrasePrompt.ask(confirm: false) }
    }
}
