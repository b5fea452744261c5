import Custody
import Messages
import ArgumentParser
import Foundation

/// `sdcustody seal DIR --out FILE.age`: a POSIX pax tar of a bag, streamed straight into age
/// encryption, plus a plaintext sidecar `FILE.age.json` for checking storage without a key.
struct SealCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "seal",
        abstract: tr(.helpSealAbstract),
        discussion: tr(.helpSealDiscussion)
    ) }

    @Argument(help: ArgumentHelp(tr(.optSealBag), valueName: "dir")) var dir: String
    @Option(name: .customLong("out"), help: ArgumentHelp(tr(.optSealOut), valueName: "FILE.age"))
    var out: String
    @OptionGroup var keys: EncryptionKeyOptions
    @Option(name: .customLong("work-factor"), help: ArgumentHelp(tr(.optWorkFactor), valueName: "N"))
    var workFactor: Int = ScryptRecipient.defaultWorkFactor
    @Option(name: .long, help: ArgumentHelp(tr(.optOperatorSeal))) var `operator`: String?
    @OptionGroup var logOptions: AccessLogOptions

    func validate() throws {
        guard (10...22).contains(workFactor) else { throw ValidationError(tr(.usageWorkFactor)) }
    }

    func run() throws {
        try logOptions.run("seal", operator: `operator`, producesEvidence: true) { draft in
            draft.source = SourceRecord(path: dir)
            let recipients: [AgeRecipient]
            do { recipients = try keys.encryptionRecipients(workFactor: workFactor) } catch let e as AgeError {
                throw CLIError.input("seal: \(e)")
            }
            let result: Sealing.SealResult
            do {
                result = try Sealing.seal(bag: dir, out: out, recipients: recipients,
                                          recipientLabels: Sealing.recipientLabels(recipients))
            } catch let failure as Sealing.BagCheckFailure {
                Sealing.printProblems(failure.report)
                if failure.report.verdict == .notABag {
                    throw CLIError.input(tr(.sealNotABag, ["bag": dir, "summary": VerifyCommand.summary(failure.report)]))
                }
                throw CLIError.evidence(tr(.sealInvalidBag, ["bag": dir, "summary": VerifyCommand.summary(failure.report)]))
            }
            let s = result.sidecar
            draft.source = SourceRecord(path: dir, size: Int64(clamping: s.payloadBytes))
            draft.identify(externalIdentifier: s.externalIdentifier)
            draft.outputs = [OutputRecord(path: result.archive, size: Int64(clamping: s.ciphertextSize), sha256: s.ciphertextSHA256),
                             Sealing.outputRecord(result.sidecarPath)]
            draft.details["payload_oxum"] = s.payloadOxum
            draft.details["bag_name"] = s.bagName
            draft.details["recipients"] = s.recipients.joined(separator: " ")

            var text = tr(.sealSealed, ["archive": result.archive, "bytes": String(s.ciphertextSize)]) + "\n"
            text += tr(.sealSHA256, ["sha256": s.ciphertextSHA256]) + "\n"
            text += tr(.sealSidecar, ["sidecar": result.sidecarPath]) + "\n"
            text += tr(s.payloadFiles == 1 ? .sealBagOne : .sealBagOther,
                       ["bag": s.bagName, "files": String(s.payloadFiles), "bytes": String(s.payloadBytes)])
            if let oxum = s.payloadOxum { text += tr(.sealBagOxum, ["oxum": oxum]) }
            text += "\n"
            if let id = s.externalIdentifier { text += tr(.sealIdentifier, ["identifier": id]) + "\n" }
            for r in s.recipients { text += tr(.sealRecipient, ["recipient": Self.recipientText(r)]) + "\n" }
            FileHandleOutput.standardOutput.write(text)
        }
    }
}

extension SealCommand {
    /// A sidecar's recipient label as people read it: public keys as they are, the passphrase
    /// label (`passphrase (scrypt, work factor N)`, kept in English in the sidecar) in their language.
    static func recipientText(_ label: String) -> String {
        let prefix = "passphrase (scrypt, work factor "
        guard label.hasPrefix(prefix), label.hasSuffix(")") else { return label }
        return tr(.sealRecipientPassphrase, ["factor": String(label.dropFirst(prefix.count).dropLast())])
    }
}

extension Sealing {
    /// Each problem of a failed bag check on stderr, before the one-line error.
    static func printProblems(_ report: BagReport) {
        var text = ""
        if report.verdict != .notABag {
            for problem in report.problems.prefix(100) { text += "  \(problem.description)\n" }
            if report.problems.count > 100 { text += tr(.sealMoreProblems, ["count": String(report.problems.count - 100)]) + "\n" }
        }
        if !text.isEmpty { FileHandleOutput.standardError.write(text) }
    }

    /// A small output's record with its size and SHA-256 (read back from the disk).
    static func outputRecord(_ path: String) -> OutputRecord {
        guard let data = FileManager.default.contents(atPath: path), let digest = try? Digest.hash(.sha256, [UInt8](data)) else {
            return OutputRecord(path: path)
        }
        return OutputRecord(path: path, size: Int64(data.count), sha256: digest.hex)
    }
}
