import Audit
import Card
import Codecs

/// The audit's findings as JSON, in the one shape `audit --json` and the export's provenance
/// (`security_findings`) share: machine codes and non-secret facts. Front ends add the advice
/// in words (`advice`) from their message catalogue.
public enum SecurityFindings {
    /// One finding: `path`, `deleted`, `kind`, `severity`, `checklist`, `advice_code`, `details`.
    public static func fields(_ f: AuditFinding) -> [(String, JSONValue)] {
        [
            ("path", .string(f.path)),
            ("deleted", .bool(f.deleted)),
            ("kind", .string(f.kind.rawValue)),
            ("severity", .string(f.severity.rawValue)),
            ("checklist", .string(f.checklist.rawValue)),
            ("advice_code", .string(f.advice.rawValue)),
            ("details", .object(f.facts.map { fact in
                switch fact.value {
                case .text(let s): return (fact.name, .string(s))
                case .int(let n): return (fact.name, .int(Int64(n)))
                case .bool(let b): return (fact.name, .bool(b))
                }
            })),
        ]
    }

    /// The findings of an export's card for its provenance; nil when the card's files could not
    /// be listed for the audit (the export itself says why elsewhere).
    static func forProvenance(tree: FileTree, includeDeleted: Bool) -> JSONValue? {
        guard let report = try? CardAuditor(tree: tree, includeDeleted: includeDeleted).run() else { return nil }
        return .array(report.findings.map { .object(fields($0)) })
    }
}
