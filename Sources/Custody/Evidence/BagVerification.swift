import BagIt
import Codecs
import Foundation
import Records

/// The full check of a bag as `verify` and `seal` make it: BagIt's rules (every hash, nothing
/// missing, nothing extra, tag files intact) plus, for bags sdcustody wrote, the provenance and
/// access-log excerpt checks (`BagEvidenceChecks`). The bag is read once.
public enum BagVerification {
    /// A validation with what the bag says of itself.
    public struct Outcome: Sendable {
        public var report: BagReport
        /// bag-info.txt as parsed during the validation (nil when it could not be).
        public var info: BagInfo?
        /// The export's `SDCustody-Case` and `SDCustody-Exhibit`, for the access log.
        public var caseID: String?
        public var exhibit: String?
    }

    /// With `deferPayloadHashing`, everything but the payload bytes: the caller checks those as it
    /// streams them (`BagValidator.deferPayloadHashing`, `PayloadStreamCheck`).
    public static func verify(_ path: String, deferPayloadHashing: Bool = false) -> Outcome {
        final class Capture: @unchecked Sendable { var info: BagInfo? }
        // Written once by the validator's check, on the validating thread, and read only after
        // `validate` has returned: no concurrent access.
        let capture = Capture()
        let check: BagValidator.Check = { bag in
            capture.info = bag.info
            return []
        }
        let report = BagValidator(additionalChecks: BagEvidenceChecks.all + [check], deferPayloadHashing: deferPayloadHashing).validate(path)
        var outcome = Outcome(report: report, info: capture.info)
        if let info = capture.info {
            outcome.caseID = info.first(ExportBagInfo.Label.caseID)
            outcome.exhibit = info.first(ExportBagInfo.Label.exhibit)
        } else if let text = try? String(contentsOfFile: path + "/bag-info.txt", encoding: .utf8) {
            // A bag-info.txt the validator could not parse still names the case for the log.
            for line in text.split(whereSeparator: \.isNewline) {
                if line.hasPrefix(ExportBagInfo.Label.caseID + ": ") { outcome.caseID = String(line.dropFirst(ExportBagInfo.Label.caseID.count + 2)) }
                if line.hasPrefix(ExportBagInfo.Label.exhibit + ": ") { outcome.exhibit = String(line.dropFirst(ExportBagInfo.Label.exhibit.count + 2)) }
            }
        }
        return outcome
    }

    /// The report as `verify --json` prints it: verdict, version, payload counts, problems (kind,
    /// path, algorithm where there is one, message) and warnings; members in name order.
    public static func json(_ report: BagReport, bag: String) -> JSONValue {
        let problems: [JSONValue] = report.problems.map { problem in
            var item: [(String, JSONValue)] = []
            if case let .changed(_, algorithm) = problem { item.append(("algorithm", .string(algorithm))) }
            item.append(("kind", .string(problem.kind)))
            if case let .notInManifest(_, manifest) = problem { item.append(("manifest", .string(manifest))) }
            item.append(("message", .string(problem.description)))
            if let path = problem.path { item.append(("path", .string(path))) }
            return .object(item)
        }
        let warnings: [JSONValue] = report.warnings.map { warning in
            var item: [(String, JSONValue)] = [("message", .string(warning.message))]
            if let path = warning.path { item.append(("path", .string(path))) }
            return .object(item)
        }
        return .object([
            ("algorithms", .array(report.checkedAlgorithms.map { .string($0) })),
            ("bag", .string(bag)),
            ("bagit_version", .from(report.version)),
            ("payload_bytes", .uint(report.payloadByteCount)),
            ("payload_files", .int(Int64(report.payloadFileCount))),
            ("problems", .array(problems)),
            ("summary", .string(report.summary)),
            ("verdict", .string(report.verdict.rawValue)),
            ("warnings", .array(warnings)),
        ])
    }
}
