import Custody
import Messages
import ArgumentParser
import Foundation

/// `sdcustody verify DIR [--json]`: full check of a bag (every hash, nothing missing, nothing
/// extra, tag files intact), naming each problem file. Exit 0 valid, 1 invalid, 2 not a bag or
/// unreadable.
struct VerifyCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "verify",
        abstract: tr(.helpVerifyAbstract),
        discussion: tr(.helpVerifyDiscussion)
    ) }

    @Argument(help: ArgumentHelp(tr(.optVerifyTarget)))
    var dir: String

    @Flag(name: .long, help: ArgumentHelp(tr(.optJSONStdout)))
    var json = false

    @Option(name: .long, help: ArgumentHelp(tr(.optOperatorVerify)))
    var `operator`: String?

    @OptionGroup var logOptions: AccessLogOptions

    func run() throws {
        try logOptions.run("verify", operator: `operator`, producesEvidence: false) { draft in
            draft.source = SourceRecord(path: dir)
            // A sealed archive (FILE.age with its FILE.age.json sidecar) is checked without a key.
            if let sealed = VerifySealedArchive.target(dir, json: json) { return try sealed.run() }
            try verifyBag(&draft)
        }
    }

    func verifyBag(_ draft: inout AccessDraft) throws {
        let outcome = BagVerification.verify(dir)
        let report = outcome.report
        draft.source = SourceRecord(path: dir, size: Int64(clamping: report.payloadByteCount))
        draft.details["verdict"] = report.summary
        draft.caseID = outcome.caseID
        draft.exhibit = outcome.exhibit
        if json {
            FileHandleOutput.standardOutput.write(BagVerification.json(report, bag: dir).serialized(pretty: false) + "\n")
        } else if report.verdict != .notABag {
            // "Not a bag" is an error: its one line on stderr says why (not the same words twice).
            var out = ""
            for problem in report.problems { out += problem.description + "\n" }
            for warning in report.warnings { out += tr(.verifyWarningLine, ["warning": warning.description]) + "\n" }
            out += tr(.verifyVerdict, ["bag": dir, "summary": Self.summary(report)]) + "\n"
            FileHandleOutput.standardOutput.write(out)
        }
        switch report.verdict {
        case .valid:
            return
        case .invalid:
            throw CLIError.evidence(tr(report.problems.count == 1 ? .verifyFailedErrorOne : .verifyFailedErrorOther,
                                      ["bag": dir, "problems": String(report.problems.count)]))
        case .notABag:
            throw CLIError.input(tr(.verifyNotABagError, ["bag": dir, "reason": report.problems.first.map(\.description) ?? "?"]))
        }
    }

    /// The one-line verdict (`BagReport.summary`, in the chosen language).
    static func summary(_ report: BagReport) -> String {
        switch report.verdict {
        case .valid:
            return tr(report.payloadFileCount == 1 ? .verifyValidOne : .verifyValidOther,
                      ["files": String(report.payloadFileCount), "bytes": String(report.payloadByteCount),
                       "algorithms": report.checkedAlgorithms.joined(separator: "+")])
        case .invalid:
            return tr(report.problems.count == 1 ? .verifyInvalidOne : .verifyInvalidOther,
                      ["problems": String(report.problems.count)])
        case .notABag:
            return tr(.verifyNotABag, ["reason": report.problems.first.map(\.description) ?? "?"])
        }
    }
}
