import Custody
import Messages
import Foundation

/// `sdcustody acquire --verify SOURCE --record IMAGE.acquisition.json`: a returned card against
/// its acquisition record. Exit 0 unchanged, 1 changed, 2 record or card unreadable.
struct AcquireVerifyReport {
    let source: String
    let record: String
    let json: Bool
    var caseID: String?
    var exhibit: String?

    func run(_ draft: inout AccessDraft) throws {
        let bar = ProgressBar(label: "verify")
        Interruption.install()
        let outcome: AcquireVerifyOutcome
        do {
            outcome = try AcquireVerification.run(source: source, record: record, draft: &draft, caseID: caseID, exhibit: exhibit,
                                                  shouldStop: { Interruption.requested },
                                                  progress: { done, total in bar.update(done: done, total: total, extra: "") })
        } catch {
            bar.finish()
            throw error
        }
        bar.finish()
        if json {
            let doc: JSONValue = .object([
                ("source", .string(outcome.source)), ("record", .string(outcome.recordPath)),
                ("acquired_at", .string(outcome.acquiredAt)), ("image_sha256", .string(outcome.imageSHA256)),
                ("source_sha256", .string(outcome.sourceSHA256)),
                ("acquired_size", .int(Int64(clamping: outcome.acquiredSize))), ("source_size", .int(Int64(clamping: outcome.sourceSize))),
                ("result", .string(outcome.result.rawValue)),
            ])
            FileHandleOutput.standardOutput.write(doc.serialized(pretty: false) + "\n")
        } else {
            var text = tr(.acquireVerifySource, ["source": source, "bytes": String(outcome.sourceSize),
                                                 "acquiredBytes": String(outcome.acquiredSize)]) + "\n"
            text += tr(.acquireVerifyRecord, ["record": record, "date": outcome.acquiredAt]) + "\n"
            text += tr(.acquireVerifyThen, ["hash": outcome.imageSHA256]) + "\n"
            text += tr(.acquireVerifyNow, ["hash": outcome.sourceSHA256]) + "\n"
            if outcome.sourceSize != outcome.acquiredSize {
                text += tr(.acquireVerifySizeChanged, ["bytes": String(outcome.sourceSize), "acquiredBytes": String(outcome.acquiredSize)]) + "\n"
            }
            text += tr(outcome.result == .unchanged ? .acquireVerifyUnchanged : .acquireVerifyChanged, ["date": outcome.acquiredAt]) + "\n"
            FileHandleOutput.standardOutput.write(text)
        }
        if outcome.result == .changed {
            throw CLIError.evidence(tr(.acquireVerifyChangedError, ["source": source, "date": outcome.acquiredAt]))
        }
    }
}
