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
        discussion: tr(.helpEncryptDiscussion)
    ) }

    @Argument(help: ArgumentHelp(tr(.optEncryptIn))) var input: String
    @Option(name: .customLong("out"), help: ArgumentHelp(tr(.optEncryptOut), valueName: "OUT")) var out: String
    @OptionGroup var keys: EncryptionKeyOptions
    @Flag(name: .customLong("armor"), help: ArgumentHelp(tr(.optArmor))) var armor = false
    @Option(name: .customLong("work-factor"), help: ArgumentHelp(tr(.optWorkFactor), valueName: "N"))
    var workFactor: Int = ScryptRecipient.defaultWorkFactor
    @Option(name: .long, help: ArgumentHelp(tr(.optOperatorEncrypt))) var `operator`: String?
    @OptionGroup var logOptions: AccessLogOptions

    func validate() throws {
        guard (10...22).contains(workFactor) else { throw ValidationError(tr(.usageWorkFactor)) }
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
