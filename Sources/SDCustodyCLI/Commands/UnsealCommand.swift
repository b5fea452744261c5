import Custody
import Messages
import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `sdcustody unseal FILE.age --out DIR`: decrypt, extract safely, verify the bag.
struct UnsealCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "unseal",
        abstract: tr(.helpUnsealAbstract),
        discussion: tr(.helpUnsealDiscussion)
    ) }

    @Argument(help: ArgumentHelp(tr(.optSealedArchive), valueName: "FILE.age")) var archive: String
    @Option(name: .customLong("out"), help: ArgumentHelp(tr(.optUnsealOut), valueName: "DIR"))
    var out: String
    @OptionGroup var keys: DecryptionKeyOptions
    @Option(name: .customLong("max-work-factor"), help: ArgumentHelp(tr(.optMaxWorkFactor), valueName: "N"))
    var maxWorkFactor: Int = ScryptIdentity.defaultMaxWorkFactor
    @Option(name: .long, help: ArgumentHelp(tr(.optOperatorUnseal))) var `operator`: String?
    @OptionGroup var logOptions: AccessLogOptions

    func validate() throws {
        guard (1...40).contains(maxWorkFactor) else { throw ValidationError(tr(.usageMaxWorkFactor)) }
    }

    func run() throws {
        try logOptions.run("unseal", operator: `operator`, producesEvidence: true) { draft in
            var st = stat()
            draft.source = SourceRecord(path: archive, size: lstat(archive, &st) == 0 ? Int64(st.st_size) : nil)
            if let data = FileManager.default.contents(atPath: SealedArchiveSidecar.path(forArchive: archive)),
               let sidecar = try? SealedArchiveSidecar.parse([UInt8](data)) {
                draft.identify(externalIdentifier: sidecar.externalIdentifier)
            }
            let identities: [AgeIdentity]
            do { identities = try keys.decryptionIdentities(maxWorkFactor: maxWorkFactor) } catch let e as AgeError {
                throw CLIError.input("unseal: \(e)")
            }
            let result: Sealing.UnsealResult
            do {
                result = try Sealing.unseal(archive: archive, out: out, identities: identities)
            } catch let mismatch as Sealing.SidecarMismatch {
                throw CLIError.evidence("unseal: \(mismatch)")
            } catch let failure as Sealing.BagCheckFailure {
                Sealing.printProblems(failure.report)
                draft.details["verdict"] = failure.report.verdict.rawValue
                if failure.report.verdict == .notABag {
                    throw CLIError.input(tr(.unsealNotABag, ["archive": archive, "summary": VerifyCommand.summary(failure.report)]))
                }
                throw CLIError.evidence(tr(.unsealInvalidBag, ["archive": archive, "summary": VerifyCommand.summary(failure.report)]))
            }
            draft.identify(externalIdentifier: result.externalIdentifier)
            draft.outputs = [OutputRecord(path: out, size: Int64(clamping: result.report.payloadByteCount))]
            draft.details["verdict"] = result.report.verdict.rawValue
            draft.details["payload_files"] = String(result.report.payloadFileCount)
            FileHandleOutput.standardOutput.write(
                tr(.unsealUnsealed, ["bag": out]) + "\n"
                + tr(result.files == 1 ? .unsealExtractedOne : .unsealExtractedOther,
                     ["files": String(result.files), "bytes": String(result.bytes)]) + "\n"
                + tr(.unsealBag, ["summary": VerifyCommand.summary(result.report)]) + "\n")
        }
    }
}
