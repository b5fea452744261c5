import Custody
import Messages
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `sdcustody keygen [--out FILE]`: a new X25519 identity in age's text format.
struct KeygenCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "keygen",
        abstract: tr(.helpKeygenAbstract),
        discussion: tr(.helpKeygenDiscussion)
    ) }

    @Option(name: .customLong("out"), help: ArgumentHelp(tr(.optKeygenOut), valueName: "FILE"))
    var out: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optOperatorKeygen))) var `operator`: String?
    @OptionGroup var logOptions: AccessLogOptions

    func run() throws {
        // Not evidence, but who made which key is worth a line in the log: the public key only.
        try logOptions.run("keygen", operator: `operator`, producesEvidence: false) { draft in
            try generate(&draft)
        }
    }

    func generate(_ draft: inout AccessDraft) throws {
        do {
            let identity = try X25519Identity.generate()
            var text = Array(try IdentityFile.render(identity, created: KeygenCommand.now()).utf8)
            defer { SecureBytes.wipe(&text) }
            draft.details["recipient"] = identity.recipient.encoded
            if let out {
                let file = try AtomicFileOutput(path: out, mode: 0o600)
                try text.withUnsafeBytes { try file.write($0) }
                try file.finish()
                draft.outputs = [OutputRecord(path: out)]
                FileHandleOutput.standardOutput.write(identity.recipient.encoded + "\n")
            } else {
                FileHandleOutput.standardOutput.write(bytes: &text)
                Terminal.note(tr(.keygenPublicKey, ["recipient": identity.recipient.encoded]))
            }
        } catch let e where e is AgeError || e is SystemIOError {
            throw CLIError.input("keygen: \(e)")
        }
    }

    /// RFC 3339 UTC, as in age-keygen's `# created:` line.
    static func now() -> String { UTCTime.format(seconds: Int64(time(nil))) }
}
