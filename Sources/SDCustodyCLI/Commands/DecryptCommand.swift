import Custody
import Messages
import ArgumentParser

/// `sdcustody decrypt IN --out OUT`: raw age v1 decryption of one file.
struct DecryptCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "decrypt",
        abstract: tr(.helpDecryptAbstract),
        discussion: tr(.helpDecryptDiscussion)
    ) }

    @Argument(help: ArgumentHelp(tr(.optDecryptIn))) var input: String
    @Option(name: .customLong("out"), help: ArgumentHelp(tr(.optDecryptOut), valueName: "OUT")) var out: String
    @OptionGroup var keys: DecryptionKeyOptions
    @Option(name: .customLong("max-work-factor"), help: ArgumentHelp(tr(.optMaxWorkFactor), valueName: "N"))
    var maxWorkFactor: Int = ScryptIdentity.defaultMaxWorkFactor
    @Option(name: .long, help: ArgumentHelp(tr(.optOperatorDecrypt))) var `operator`: String?
    @OptionGroup var logOptions: AccessLogOptions

    func validate() throws {
        guard (1...40).contains(maxWorkFactor) else { throw ValidationError(tr(.usageMaxWorkFactor)) }
    }

    func run() throws {
        try logOptions.run("decrypt", operator: `operator`, producesEvidence: true) { draft in
            draft.source = SourceRecord(path: input)
            do {
                let identities = try keys.decryptionIdentities(maxWorkFactor: maxWorkFactor)
                let source = try InputFile(path: input)
                draft.source = SourceRecord(path: input, size: source.size)
                let output = try AtomicFileOutput(path: out, mode: 0o600)
                // The plaintext is hashed on a second thread as it is written, for the log.
                let hashing: HashingOutput
                do { hashing = try HashingOutput(downstream: output) } catch { output.discard(); throw error }
                do {
                    try AgeDecryptor(identities: identities, input: source.input).decrypt(to: hashing)
                } catch {
                    hashing.drain()
                    output.discard()
                    throw error
                }
                draft.outputs = [OutputRecord(path: out, size: Int64(clamping: hashing.count), sha256: hashing.sha256)]
            } catch let e where e is AgeError || e is SystemIOError {
                throw CLIError.input("decrypt: \(input): \(e)")
            }
        }
    }
}
