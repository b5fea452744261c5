import Custody
import Messages

/// An acquisition record's verdict for people. The record keeps its verdict in English, as
/// written at the time (the record is read by machines and stays as it is); in English that text
/// is shown unchanged, in another language the verdict is told again from the record's fields.
enum AcquisitionVerdict {
    static func text(_ r: AcquisitionRecord) -> String {
        guard Localizer.current.language != .en else { return r.verdict }
        if !r.complete {
            return tr(.acquisitionVerdictIncomplete, ["read": String(r.bytesRead), "size": String(r.sourceSize)])
        }
        if !r.badSectors.isEmpty {
            return tr(.acquisitionVerdictUnreadable, ["bytes": String(r.unreadableBytes), "ranges": String(r.badSectors.count)])
        }
        if let retried = r.readErrors, retried.recoveredByRetry > 0 {
            return tr(.acquisitionVerdictRetried, ["count": String(retried.recoveredByRetry)])
        }
        return tr(.acquisitionVerdictVerified)
    }
}
