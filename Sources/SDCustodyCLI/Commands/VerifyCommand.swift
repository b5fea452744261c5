import ArgumentParser
import BagIt
import Foundation

/// `sdcustody verify DIR [--json]`: full check of a bag (every hash, nothing missing, nothing
/// extra, tag files intact), naming each problem file. Exit 0 valid, 1 invalid, 2 not a bag or
/// unreadable.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a BagIt bag: every hash, nothing missing, nothing extra, tag files intact.",
        discussion: """
        Prints each problem (changed, missing, extra, ...) and a one-line verdict. \
        Exit status: 0 the bag is valid, 1 it is not, 2 it is not a bag or could not be read.
        """
    )

    @Argument(help: "The bag folder.")
    var dir: String

    @Flag(name: .long, help: "Print one JSON document on stdout.")
    var json = false

    /// Checks the lead adds (provenance, access log) go here.
    static var additionalChecks: [BagValidator.Check] { BagEvidenceChecks.all }

    func run() throws {
        // A sealed archive (FILE.age with its FILE.age.json sidecar) is checked without a key.
        if let sealed = VerifySealedArchive.target(dir, json: json) { return try sealed.run() }
        let report = BagValidator(additionalChecks: Self.additionalChecks).validate(dir)
        if json {
            FileHandleOutput.standardOutput.write(try Self.json(report, bag: dir) + "\n")
        } else {
            var out = ""
            // For "not a bag" the verdict line already says why.
            if report.verdict != .notABag {
                for problem in report.problems { out += problem.description + "\n" }
            }
            for warning in report.warnings { out += "warning: " + warning.description + "\n" }
            out += "\(dir): \(report.summary)\n"
            FileHandleOutput.standardOutput.write(out)
        }
        switch report.verdict {
        case .valid:
            return
        case .invalid:
            throw CLIError.evidence("\(dir) is not a valid bag: \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s")")
        case .notABag:
            throw CLIError.input("\(dir) is not a bag or cannot be read: \(report.problems.first.map(\.description) ?? "unknown reason")")
        }
    }

    /// The report as one JSON object: verdict, version, payload counts, problems (kind, path,
    /// algorithm where there is one, message) and warnings.
    static func json(_ report: BagReport, bag: String) throws -> String {
        var problems: [[String: Any]] = []
        for problem in report.problems {
            var item: [String: Any] = ["kind": problem.kind, "message": problem.description]
            if let path = problem.path { item["path"] = path }
            if case let .changed(_, algorithm) = problem { item["algorithm"] = algorithm }
            if case let .notInManifest(_, manifest) = problem { item["manifest"] = manifest }
            problems.append(item)
        }
        var warnings: [[String: Any]] = []
        for warning in report.warnings {
            var item: [String: Any] = ["message": warning.message]
            if let path = warning.path { item["path"] = path }
            warnings.append(item)
        }
        var object: [String: Any] = [
            "bag": bag,
            "verdict": report.verdict.rawValue,
            "summary": report.summary,
            "payload_files": report.payloadFileCount,
            "payload_bytes": report.payloadByteCount,
            "algorithms": report.checkedAlgorithms,
            "problems": problems,
            "warnings": warnings,
        ]
        object["bagit_version"] = report.version ?? NSNull()
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
