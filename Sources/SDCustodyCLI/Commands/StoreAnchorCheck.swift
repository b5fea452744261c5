import Custody
import ObjectStore
import Messages

/// `log verify --anchors s3://BUCKET/PREFIX`: after the log's own check, every anchor under the
/// prefix must still be in it (LogAnchoring.check); exit 1 naming the anchor and the entry if not.
enum StoreAnchorCheck {
    static func run(_ log: AccessLog, _ url: String, _ storeOptions: StoreOptions, quiet: Bool) throws {
        let prefix = try StoreCommand.location(url)
        let result = try LogAnchoring.check(log: log, against: prefix, client: storeOptions.configuration.client())
        for key in result.unreadable { Terminal.warning(tr(.anchorUnreadable, ["anchor": key])) }
        if let first = result.problems.first {
            for p in result.problems.dropFirst() { Terminal.error(p.message) }
            throw CLIError.evidence(first.message)
        }
        if result.anchors == 0 { throw CLIError.input(tr(.anchorNone, ["prefix": prefix.description])) }
        if !quiet { print(tr(.anchorsHold, ["count": String(result.anchors), "prefix": prefix.description])) }
    }
}
