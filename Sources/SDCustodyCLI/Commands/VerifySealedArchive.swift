import Custody
import Messages
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `sdcustody verify FILE.age`: the sealed-archive check (`SealedArchiveCheck`) rendered as text or
/// JSON. Exit 0 when everything matches, 1 on a mismatch, 2 when there is no sidecar or a file
/// cannot be read.
struct VerifySealedArchive {
    let check: SealedArchiveCheck
    let json: Bool

    static func target(_ path: String, json: Bool) -> VerifySealedArchive? {
        SealedArchiveCheck.target(path).map { VerifySealedArchive(check: $0, json: json) }
    }

    func run() throws {
        let report = try check.run()
        let archive = check.archive, sidecar = report.sidecar, problems = report.problems
        if json {
            let doc: JSONValue = .object([
                ("archive", .string(archive)),
                ("sidecar", .string(check.sidecarPath)),
                ("verdict", .string(report.isValid ? "valid" : "invalid")),
                ("ciphertext", .object([("sha256", .string(report.sha256)), ("size", .uint(report.size))])),
                ("bag", .object([("name", .string(sidecar.bagName)), ("payload_oxum", .from(sidecar.payloadOxum)),
                                 ("external_identifier", .from(sidecar.externalIdentifier))])),
                ("recipients", .array(sidecar.recipients.map { .string($0) })),
                ("sealed", .string(sidecar.sealed)),
                ("problems", .array(problems.map { .string($0) })),
            ])
            FileHandleOutput.standardOutput.write(doc.serialized(pretty: false) + "\n")
        } else {
            var out = ""
            for p in problems { out += tr(.verifyArchiveProblem, ["archive": archive, "problem": p]) + "\n" }
            if problems.isEmpty {
                out += tr(.verifyArchiveValid, ["archive": archive, "bytes": String(report.size), "sha256": report.sha256,
                                                "sealed": sidecar.sealed, "bag": sidecar.bagName])
                if let oxum = sidecar.payloadOxum { out += tr(.verifyArchiveOxum, ["oxum": oxum]) }
                out += tr(.verifyArchiveStanzas, ["count": String(report.stanzaTypes?.count ?? 0)]) + "\n"
            } else {
                out += tr(problems.count == 1 ? .verifyArchiveInvalidOne : .verifyArchiveInvalidOther,
                          ["archive": archive, "problems": String(problems.count)]) + "\n"
            }
            FileHandleOutput.standardOutput.write(out)
        }
        if !problems.isEmpty {
            throw CLIError.evidence(tr(problems.count == 1 ? .verifySidecarMismatchOne : .verifySidecarMismatchOther, ["archive": archive, "problems": String(problems.count)]))
        }
    }
}
