import Custody
import ArgumentParser
import Messages

/// `sdcustody audit SOURCE`: what the card reveals about its camera's security, per the city's
/// checklist. The work is `CardAuditor`'s (module Audit); this is options and rendering. A
/// finding holds no secret, so nothing rendered here can show one.
struct AuditCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "audit", abstract: tr(.auditHelpAbstract), discussion: tr(.auditHelpDiscussion))
    }

    @OptionGroup var card: CardOptions
    @Flag(name: .long, help: ArgumentHelp(tr(.auditHelpDeleted))) var deleted = false
    @Flag(name: .long, help: ArgumentHelp(tr(.auditHelpJSON))) var json = false

    func run() throws {
        try card.logged("audit") { draft in
            let source = try card.open()
            let opened = try card.tree(of: source)
            draft.source = AccessLogging.sourceRecord(source, slot: opened.slot)
            let report: AuditReport
            do {
                report = try CardAuditor(tree: opened.tree, includeDeleted: deleted).run()
            } catch {
                throw CLIError.input("\(source.path): \(error)")
            }
            // The log keeps what was found, by kind: findings hold no secret.
            draft.details.merge(Self.logDetails(report, deleted: deleted)) { _, new in new }
            for problem in report.problems { Terminal.warning(tr(.auditUnreadable, ["problem": problem])) }
            let out = OutputBuffer()
            out.append(json ? Self.json(report, source: source, slot: opened.slot).serialized() + "\n" : Self.text(report, source: source.path))
            out.flush()
        }
    }

    /// `findings`, `finding_kinds` (`kind:count,…`) and `finding_severities` for the access log.
    static func logDetails(_ report: AuditReport, deleted: Bool) -> [String: String] {
        func counts(_ names: [String]) -> String {
            var seen: [String: Int] = [:]
            for n in names { seen[n, default: 0] += 1 }
            return seen.keys.sorted().map { "\($0):\(seen[$0] ?? 0)" }.joined(separator: ",")
        }
        var details = ["findings": String(report.findings.count),
                       "finding_kinds": counts(report.findings.map(\.kind.rawValue)),
                       "finding_severities": counts(report.findings.map(\.severity.rawValue))]
        if deleted { details["deleted_files"] = "included" }
        if !report.complete { details["audit_complete"] = "false" }
        return details
    }

    // MARK: JSON

    static func json(_ report: AuditReport, source: CardSource, slot: CardSource.VolumeSlot?) -> JSONValue {
        let english = Localizer(.en)
        let findings: [JSONValue] = report.findings.map { f in
            // The shared shape, with the advice in English words before its code.
            var fields = SecurityFindings.fields(f)
            let at = fields.firstIndex { $0.0 == "advice_code" } ?? fields.count
            fields.insert(("advice", .string(english.text(MessageKey("audit.advice." + f.advice.rawValue)))), at: at)
            return .object(fields)
        }
        return .object([
            ("source", .string(source.path)),
            ("partition", slot.map { .int(Int64($0.index)) } ?? .null),
            ("findings", .array(findings)),
            ("files_examined", .int(Int64(report.filesExamined))),
            ("problems", .array(report.problems.map { .string($0) })),
            ("complete", .bool(report.complete)),
        ])
    }

    // MARK: Text

    /// Grouped by severity, most urgent first; each finding with its checklist item and advice.
    static func text(_ report: AuditReport, source: String) -> String {
        var out = tr(report.findings.count == 1 ? .auditHeadingOne : .auditHeadingOther,
                     ["source": source, "count": String(report.findings.count)]) + "\n"
        // "Nothing found" only when everything was read: a partial check proves nothing absent.
        if report.findings.isEmpty && report.complete {
            out += "\n" + tr(.auditNone) + "\n"
        }
        for severity in Severity.allCases {
            let group = report.findings.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            out += "\n" + tr(.auditGroup, ["severity": tr(MessageKey("audit.severity." + severity.rawValue)), "count": String(group.count)]) + "\n"
            for f in group {
                out += tr(.auditItem, ["path": f.path, "deleted": f.deleted ? tr(.auditItemDeleted) : "", "summary": summary(f)]) + "\n"
                out += tr(.auditChecklistLine, ["item": tr(MessageKey("audit.checklist." + f.checklist.rawValue))]) + "\n"
                out += tr(.auditAdviceLine, ["advice": tr(MessageKey("audit.advice." + f.advice.rawValue))]) + "\n"
            }
        }
        if report.findings.contains(where: { $0.kind == .wifiCredentials || $0.kind == .defaultPassword || $0.kind == .storedPassword }) {
            out += "\n" + tr(.auditNoSecretsNote) + "\n"
        }
        if !report.complete {
            out += "\n" + tr(.auditIncomplete, ["count": String(report.problems.count)]) + "\n"
        }
        return out
    }

    /// One line saying what was found. Values from the card are quoted with control characters
    /// escaped (`quotedName`), so a hostile network name cannot forge lines.
    static func summary(_ f: AuditFinding) -> String {
        let key = f.text("key") ?? "?"
        let line = f.text("line") ?? "?"
        let ssid = f.text("ssid").map(quotedName) ?? ""
        let secret = f.text("secret").map { tr(MessageKey("audit.secret." + $0)) } ?? ""
        let length = f.text("length") ?? "?"
        switch f.kind {
        case .wifiCredentials:
            return tr(.auditSummaryWifi, ["role": tr(MessageKey("audit.role." + (f.text("role") ?? "unknown"))), "ssid": ssid,
                                          "key": key, "line": line, "secret": secret, "length": length])
        case .defaultPassword:
            return f.text("ssid") != nil
                ? tr(.auditSummaryDefaultNetwork, ["ssid": ssid, "key": key, "line": line])
                : tr(.auditSummaryDefaultPlain, ["key": key, "line": line])
        case .storedPassword:
            return tr(.auditSummaryStored, ["key": key, "line": line, "secret": secret, "length": length])
        case .wirelessDownload:
            return tr(.auditSummaryWireless, ["key": key, "line": line])
        case .cloudService:
            return tr(.auditSummaryCloud, ["key": key, "line": line])
        case .serverFunction:
            return tr(.auditSummaryServer, ["server": f.text("server") ?? "?", "key": key, "line": line])
        case .autorunScript:
            if f.fact("folder") == .bool(true) { return tr(.auditSummaryScriptFolder, ["files": f.text("files") ?? "?"]) }
            if let servers = f.text("starts_servers") {
                return tr(.auditSummaryScriptServers, ["size": f.text("size") ?? "?", "servers": servers.replacingOccurrences(of: ",", with: ", ")])
            }
            return tr(.auditSummaryScript, ["size": f.text("size") ?? "?"])
        case .firmware:
            if f.advice == .firmwareFileOnCard { return tr(.auditSummaryFirmwareFile, ["size": f.text("size") ?? "?"]) }
            if let model = f.text("model") {
                return tr(.auditSummaryFirmwareModel, ["model": quotedName(model), "version": f.text("version").map(quotedName) ?? "?"])
            }
            if let version = f.text("version") { return tr(.auditSummaryFirmwareVersion, ["version": quotedName(version)]) }
            return tr(.auditSummaryFirmwareUnknown)
        case .timeZone:
            let zone = quotedName(f.text("zone") ?? "?")
            var s = f.text("utc_offset").map { tr(.auditSummaryZoneOffset, ["zone": zone, "offset": $0, "key": key, "line": line]) }
                ?? tr(.auditSummaryZone, ["zone": zone, "key": key, "line": line])
            if case .bool(let on)? = f.fact("summer_time") { s += tr(.auditSummaryZoneSummer, ["state": tr(on ? .auditOn : .auditOff)]) }
            if let verdict = f.text("file_times") {
                s += tr(MessageKey("audit.summary.time_zone.files." + verdict), ["count": f.text("files_in_other_zone") ?? "?"])
            }
            return s
        }
    }
}
