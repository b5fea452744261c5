import Custody
import Messages
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `sdcustody encrypt IN --out OUT`: raw age v1 encryption of one file.
struct EncryptCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "encrypt",
        abstract: tr(.helpEncryptAbstract),
        discussion: """
        Recipients: --recipient age1…, --recipients-file FILE, --identity FILE (its recipient), or a \
        passphrase from --passphrase-file FILE. With none of these, a passphrase is asked twice on \
        the terminal. OUT is written 0600 and never overwrites an existing file.
        """
    ) }

    @Argument(help: "The file to encrypt.") var input: String
    @Option(name: .customLong("out"), help: ArgumentHelp("Where to write the age file.", valueName: "OUT")) var out: String
    @OptionGroup var keys: KeyOptions
    @Flag(name: .customLong("armor"), help: "Write PEM-style ASCII armor instead of binary.") var armor = false
    @Option(name: .customLong("work-factor"), help: ArgumentHelp("scrypt work factor (log2 N) for a passphrase.", valueName: "N"))
    var workFactor: Int = ScryptRecipient.defaultWorkFactor
    @Option(name: .long, help: "Who is encrypting (else SDCUSTODY_OPERATOR, else the login name).") var `operator`: String?
    @OptionGroup var logOptions: AccessLogOptions

    func validate() throws {
        guard (10...22).contains(workFactor) else { throw ValidationError("--work-factor must be between 10 and 22") }
    }

    func run() throws {
        try logOptions.run("encrypt", operator: `operator`, producesEvidence: true) { draft in
            draft.source = SourceRecord(path: input)
            do {
                let recipients = try keys.encryptionRecipients(workFactor: workFactor)
                let source = try InputFile(path: input)
                draft.source = SourceRecord(path: input, size: source.size)
                let output = try AtomicFileOutput(path: out, mode: 0o600)
                // The ciphertext is hashed on a second thread as it is written, for the log.
                let hashing: HashingOutput
                do { hashing = try HashingOutput(downstream: output) } catch { output.discard(); throw error }
                do {
                    let encryptor = try AgeEncryptor(recipients: recipients, armor: armor, output: hashing)
                    try encryptor.encrypt(from: source.input)
                } catch {
                    hashing.drain()
                    output.discard()
                    throw error
                }
                draft.outputs = [OutputRecord(path: out, size: Int64(clamping: hashing.count), sha256: hashing.sha256)]
                draft.details["recipients"] = Sealing.recipientLabels(recipients).joined(separator: " ")
            } catch let e where e is AgeError || e is SystemIOError {
                throw CLIError.input("encrypt: \(e)")
            }
        }
    }
}
