import ArgumentParser
import Custody
import ObjectStore
import Messages
import Foundation

/// `sdcustody store init|put|verify|ls|get|hold|release|anchor s3://BUCKET/…`: sealed archives on
/// an S3 object store with Object Lock (WORM) retention. The work is in Custody's ArchiveStore
/// and LogAnchoring; these commands parse, log and print.
struct StoreCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "store",
        abstract: tr(.helpStoreAbstract),
        discussion: tr(.helpStoreDiscussion),
        subcommands: [StoreInitCommand.self, StorePutCommand.self, StoreVerifyCommand.self, StoreLsCommand.self,
                      StoreGetCommand.self, StoreHoldCommand.self, StoreReleaseCommand.self, StoreAnchorCommand.self]) }

    static func location(_ url: String) throws -> S3Location {
        guard let l = S3Location(url) else { throw CLIError.input(tr(.storeBadLocation, ["url": url])) }
        return l
    }

    static func retentionText(_ r: Retention?) -> String {
        guard let r else { return tr(.storeNoRetention) }
        return tr(.storeRetentionUntil, ["mode": r.mode.rawValue, "until": ISO8601Time.format(r.until)])
    }

    static func holdText(_ on: Bool) -> String { on ? tr(.storeHoldOn) : tr(.storeHoldOff) }

    static func headJSON(_ h: ObjectHead) -> [(String, JSONValue)] {
        [("size", .uint(h.size)), ("etag", .string(h.etag)), ("version_id", .from(h.versionID)),
         ("retention_mode", .from(h.retention?.mode.rawValue)), ("retain_until", .from(h.retention.map { ISO8601Time.format($0.until) })),
         ("legal_hold", .bool(h.legalHold))]
    }

    /// The log details of one object version.
    static func headDetails(_ h: ObjectHead, prefix: String = "") -> [String: String] {
        var d: [String: String] = ["\(prefix)size": String(h.size), "\(prefix)etag": h.etag, "\(prefix)legal_hold": h.legalHold ? "on" : "off"]
        if let v = h.versionID { d["\(prefix)version_id"] = v }
        if let r = h.retention { d["\(prefix)retention_mode"] = r.mode.rawValue; d["\(prefix)retain_until"] = ISO8601Time.format(r.until) }
        return d
    }
}

/// `--endpoint`, `--profile`, `--ca-file`; credentials come from the environment or the profile.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(tr(.optStoreEndpoint), valueName: "url")) var endpoint: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optStoreProfile), valueName: "name")) var profile: String?
    @Option(name: .customLong("ca-file"), help: ArgumentHelp(tr(.optStoreCAFile), valueName: "file")) var caFile: String?

    init() {}

    var configuration: StoreConfiguration { StoreConfiguration(endpoint: endpoint, profile: profile, caFile: caFile) }

    func store() throws -> ArchiveStore { ArchiveStore(client: try configuration.client()) }

    func endpointText() -> String { (try? configuration.endpoint().description) ?? "?" }
}

struct StoreInitCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(commandName: "init", abstract: tr(.helpStoreInitAbstract)) }
    @Argument(help: ArgumentHelp(tr(.argStoreBucket), valueName: "s3://BUCKET")) var bucket: String
    @Option(name: .customLong("default-retention-days"), help: ArgumentHelp(tr(.optStoreDefaultDays), valueName: "N")) var days: Int?
    @Option(name: .long, help: ArgumentHelp(tr(.optStoreMode), valueName: "compliance|governance")) var mode: String = "compliance"
    @Option(name: .long, help: ArgumentHelp(tr(.optStoreOperator))) var `operator`: String?
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var logOptions: AccessLogOptions

    func run() throws {
        let location = try StoreCommand.location(bucket)
        guard let lockMode = LockMode(rawValue: mode.uppercased()) else { throw CLIError.input(tr(.storeBadMode, ["mode": mode])) }
        if let days, !(1...36500).contains(days) { throw CLIError.input(tr(.storeBadDays, ["days": String(days)])) }
        try logOptions.run("store-init", operator: `operator`, producesEvidence: false) { draft in
            draft.details = ["bucket": location.bucket, "endpoint": storeOptions.endpointText()]
            if let days { draft.details["default_retention"] = "\(lockMode.rawValue) \(days) days" }
            try storeOptions.store().initBucket(location.bucket, defaultRetention: days.map { (lockMode, $0) })
            print(tr(.storeInitDone, ["bucket": location.bucket]))
            if let days { print(tr(.storeInitDefault, ["mode": lockMode.rawValue, "days": String(days)])) }
        }
    }
}

struct StorePutCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(commandName: "put", abstract: tr(.helpStorePutAbstract),
                                                                          discussion: tr(.helpStorePutDiscussion)) }
    @Argument(help: ArgumentHelp(tr(.argStoreArchive), valueName: "FILE.age")) var archive: String
    @Argument(help: ArgumentHelp(tr(.argStoreDestination), valueName: "s3://BUCKET/PREFIX")) var destination: String
    @Option(name: .customLong("retain-until"), help: ArgumentHelp(tr(.optStoreRetainUntil), valueName: "date")) var retainUntil: String?
    @Option(name: .customLong("retain-days"), help: ArgumentHelp(tr(.optStoreRetainDays), valueName: "N")) var retainDays: Int?
    @Option(name: .long, help: ArgumentHelp(tr(.optStoreMode), valueName: "compliance|governance")) var mode: String = "compliance"
    @Flag(name: .customLong("legal-hold"), help: ArgumentHelp(tr(.optStoreLegalHold))) var legalHold = false
    @Flag(name: .customLong("no-anchor"), help: ArgumentHelp(tr(.optStoreNoAnchor))) var noAnchor = false
    @Option(name: .long, help: ArgumentHelp(tr(.optStoreOperator))) var `operator`: String?
    @Flag(name: .long, help: ArgumentHelp(tr(.optJSONStdout))) var json = false
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var logOptions: AccessLogOptions

    func retention() throws -> Retention? {
        guard let lockMode = LockMode(rawValue: mode.uppercased()) else { throw CLIError.input(tr(.storeBadMode, ["mode": mode])) }
        if retainUntil != nil && retainDays != nil { throw CLIError.input(tr(.storeRetainBoth)) }
        if let retainUntil {
            guard let t = ISO8601Time.parse(retainUntil), t > ISO8601Time.now() else {
                throw CLIError.input(tr(.storeBadRetainUntil, ["date": retainUntil]))
            }
            return Retention(mode: lockMode, until: t)
        }
        if let retainDays {
            guard (1...36500).contains(retainDays) else { throw CLIError.input(tr(.storeBadDays, ["days": String(retainDays)])) }
            return Retention(mode: lockMode, until: ISO8601Time.now() + Int64(retainDays) * 86_400)
        }
        return nil
    }

    func run() throws {
        let target = try StoreCommand.location(destination)
        let retention = try retention()
        let result = try logOptions.run("store-put", operator: `operator`, producesEvidence: true) { draft -> ArchiveStore.PutResult in
            draft.source = SourceRecord(path: archive)
            draft.details["endpoint"] = storeOptions.endpointText()
            let r = try storeOptions.store().put(archive: archive, to: target, retention: retention, legalHold: legalHold)
            draft.source = SourceRecord(path: archive, size: Int64(clamping: r.size), sha256: r.sha256)
            draft.outputs = [OutputRecord(path: r.archive.description, size: Int64(clamping: r.head.size), sha256: r.sha256)]
            draft.caseID = r.caseID
            draft.exhibit = r.exhibit
            draft.details.merge(StoreCommand.headDetails(r.head)) { $1 }
            if let s = r.sidecarHead { draft.details.merge(StoreCommand.headDetails(s, prefix: "sidecar_")) { $1 } }
            draft.details["already_stored"] = r.alreadyStored ? "yes" : "no"
            draft.details["parts"] = String(r.parts)
            return r
        }
        var anchored: LogAnchoring.Written?
        if !noAnchor {
            let prefix = ProcessInfo.processInfo.environment[LogAnchoring.environmentName].flatMap(S3Location.init)
                ?? S3Location(bucket: target.bucket, key: "sdcustody-anchors/" + AccessLogging.hostName())
            do {
                anchored = try LogAnchoring.anchor(log: AccessLogging.accessLog(option: logOptions.log), at: prefix,
                                                   client: storeOptions.configuration.client())
            } catch { Terminal.warning(tr(.storeAnchorFailed, ["reason": "\(error)"])) }
        }
        if json {
            var doc: [(String, JSONValue)] = [("archive", .string(result.archive.description)), ("sidecar", .string(result.sidecar.description)),
                                              ("sha256", .string(result.sha256)), ("already_stored", .bool(result.alreadyStored)),
                                              ("parts", .int(Int64(result.parts))), ("case", .from(result.caseID)), ("exhibit", .from(result.exhibit))]
            doc += StoreCommand.headJSON(result.head)
            doc.append(("anchor", .from(anchored?.location.description)))
            print(JSONValue.object(doc).serialized(pretty: false))
            return
        }
        print(result.alreadyStored ? tr(.storePutAlready, ["key": result.archive.description, "sha": result.sha256])
              : tr(.storePutDone, ["key": result.archive.description, "size": String(result.head.size), "parts": String(result.parts)]))
        print(tr(.storeVersionLine, ["version": result.head.versionID ?? "-", "etag": result.head.etag]))
        print(StoreCommand.retentionText(result.head.retention) + "  " + StoreCommand.holdText(result.head.legalHold))
        if let a = anchored { print(tr(.storeAnchored, ["seq": String(a.anchor.seq), "key": a.location.description])) }
    }
}

struct StoreVerifyCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(commandName: "verify", abstract: tr(.helpStoreVerifyAbstract)) }
    @Argument(help: ArgumentHelp(tr(.argStoreObject), valueName: "s3://BUCKET/KEY.age")) var object: String
    @Option(name: .long, help: ArgumentHelp(tr(.optStoreOperator))) var `operator`: String?
    @Flag(name: .long, help: ArgumentHelp(tr(.optJSONStdout))) var json = false
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var logOptions: AccessLogOptions

    func run() throws {
        let location = try StoreCommand.location(object)
        let r = try logOptions.run("store-verify", operator: `operator`, producesEvidence: false) { draft -> ArchiveStore.VerifyResult in
            draft.source = SourceRecord(path: location.description)
            let r = try storeOptions.store().verify(location)
            draft.source = SourceRecord(path: location.description, size: Int64(clamping: r.size), sha256: r.sha256)
            draft.details = StoreCommand.headDetails(r.head)
            if !r.isValid { throw CLIError.evidence(tr(.storeVerifyFailed, ["key": location.description, "problems": r.problems.joined(separator: "; ")])) }
            return r
        }
        if json {
            print(JSONValue.object([("archive", .string(location.description)), ("valid", .bool(true)), ("sha256", .string(r.sha256))]
                                   + StoreCommand.headJSON(r.head)).serialized(pretty: false))
            return
        }
        print(tr(.storeVerified, ["key": location.description, "sha": r.sha256, "size": String(r.size)]))
        print(StoreCommand.retentionText(r.head.retention) + "  " + StoreCommand.holdText(r.head.legalHold))
    }
}

struct StoreGetCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(commandName: "get", abstract: tr(.helpStoreGetAbstract)) }
    @Argument(help: ArgumentHelp(tr(.argStoreObject), valueName: "s3://BUCKET/KEY.age")) var object: String
    @Option(name: .long, help: ArgumentHelp(tr(.optStoreOut), valueName: "FILE.age")) var out: String
    @Option(name: .long, help: ArgumentHelp(tr(.optStoreOperator))) var `operator`: String?
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var logOptions: AccessLogOptions

    func run() throws {
        let location = try StoreCommand.location(object)
        try logOptions.run("store-get", operator: `operator`, producesEvidence: true) { draft in
            draft.source = SourceRecord(path: location.description)
            let r = try storeOptions.store().get(location, to: out)
            draft.source = SourceRecord(path: location.description, size: Int64(clamping: r.size), sha256: r.sha256)
            draft.outputs = [OutputRecord(path: out, size: Int64(clamping: r.size), sha256: r.sha256)]
            draft.details = StoreCommand.headDetails(r.head)
            print(tr(.storeGot, ["key": location.description, "out": out, "sha": r.sha256]))
        }
    }
}

struct StoreLsCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(commandName: "ls", abstract: tr(.helpStoreLsAbstract)) }
    @Argument(help: ArgumentHelp(tr(.argStorePrefix), valueName: "s3://BUCKET/PREFIX")) var prefix: String
    @Flag(name: .long, help: ArgumentHelp(tr(.optJSONStdout))) var json = false
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let location = try StoreCommand.location(prefix)
        let items = try storeOptions.store().list(location)
        if json {
            let array: [JSONValue] = items.map { i in
                .object([("key", .string(i.key)), ("size", .uint(i.size)), ("case", .from(i.caseID)), ("exhibit", .from(i.exhibit)),
                         ("sha256", .from(i.sha256)), ("retention_mode", .from(i.retention?.mode.rawValue)),
                         ("retain_until", .from(i.retention.map { ISO8601Time.format($0.until) })), ("legal_hold", .bool(i.legalHold)),
                         ("version_id", .from(i.versionID))])
            }
            print(JSONValue.object([("location", .string(location.description)), ("archives", .array(array))]).serialized(pretty: false))
            return
        }
        if items.isEmpty { print(tr(.storeLsNone, ["prefix": location.description])); return }
        let header = [tr(.storeLsKey), tr(.storeLsCase), tr(.storeLsExhibit), tr(.storeLsSize), tr(.storeLsUntil), tr(.storeLsHold)]
        let rows = items.map { i in
            [i.key, i.caseID ?? "-", i.exhibit ?? "-", String(i.size),
             i.retention.map { "\($0.mode.rawValue) \(ISO8601Time.format($0.until))" } ?? "-", i.legalHold ? "ON" : "-"]
                .map(LogCommand.Show.printable)
        }
        var widths = header.map(DisplayWidth.of)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(c)) } }
        for r in [header] + rows { print(LogCommand.Show.format(r, widths), terminator: "") }
    }
}

/// `store hold` and `store release` share everything but the direction.
struct StoreHoldCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(commandName: "hold", abstract: tr(.helpStoreHoldAbstract)) }
    @Argument(help: ArgumentHelp(tr(.argStoreObject), valueName: "s3://BUCKET/KEY.age")) var object: String
    @Option(name: .long, help: ArgumentHelp(tr(.optStoreOperator))) var `operator`: String?
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var logOptions: AccessLogOptions
    func run() throws { try StoreHoldCommand.change(object, on: true, operator: `operator`, storeOptions, logOptions) }

    static func change(_ object: String, on: Bool, operator op: String?, _ storeOptions: StoreOptions, _ logOptions: AccessLogOptions) throws {
        let location = try StoreCommand.location(object)
        try logOptions.run(on ? "store-hold" : "store-release", operator: op, producesEvidence: true) { draft in
            draft.source = SourceRecord(path: location.description)
            let head = try storeOptions.store().setLegalHold(location, on: on)
            draft.details = StoreCommand.headDetails(head)
            print(tr(on ? .storeHeld : .storeReleased, ["key": location.description]))
            print(StoreCommand.retentionText(head.retention) + "  " + StoreCommand.holdText(head.legalHold))
        }
    }
}

struct StoreReleaseCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(commandName: "release", abstract: tr(.helpStoreReleaseAbstract)) }
    @Argument(help: ArgumentHelp(tr(.argStoreObject), valueName: "s3://BUCKET/KEY.age")) var object: String
    @Option(name: .long, help: ArgumentHelp(tr(.optStoreOperator))) var `operator`: String?
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var logOptions: AccessLogOptions
    func run() throws { try StoreHoldCommand.change(object, on: false, operator: `operator`, storeOptions, logOptions) }
}

struct StoreAnchorCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(commandName: "anchor", abstract: tr(.helpStoreAnchorAbstract)) }
    @Argument(help: ArgumentHelp(tr(.argStorePrefix), valueName: "s3://BUCKET/PREFIX")) var prefix: String
    @Option(name: .customLong("retain-days"), help: ArgumentHelp(tr(.optStoreAnchorDays), valueName: "N")) var retainDays = LogAnchoring.defaultRetentionDays
    @Flag(name: .long, help: ArgumentHelp(tr(.optJSONStdout))) var json = false
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var logOptions: AccessLogOptions

    func run() throws {
        let location = try StoreCommand.location(prefix)
        guard (1...36500).contains(retainDays) else { throw CLIError.input(tr(.storeBadDays, ["days": String(retainDays)])) }
        let log = try LogCommand.existingLog(logOptions)
        let w = try LogAnchoring.anchor(log: log, at: location, client: storeOptions.configuration.client(), retentionDays: retainDays)
        if json {
            print(JSONValue.object([("anchor", .string(w.location.description)), ("seq", .int(w.anchor.seq)), ("sha256", .string(w.anchor.sha256)),
                                    ("key_fingerprint", .string(LogAnchoring.fingerprint(w.anchor.key))),
                                    ("retain_until", .string(ISO8601Time.format(w.retention.until)))]).serialized(pretty: false))
        } else {
            print(tr(.storeAnchored, ["seq": String(w.anchor.seq), "key": w.location.description]))
        }
    }
}
