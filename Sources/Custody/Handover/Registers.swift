import AccessLog
import Foundation

/// The association's registers (issue 14 item 4) as views of the access log: the provision
/// register (提供記録簿) from `handover` entries, with the card's return from `acquire-verify`
/// entries whose image hash matches a handover's card; the viewing register (閲覧記録簿) from
/// `export`, `cat` and `frames` entries. Times are shown in local time; fiscal years run April to
/// March.
public enum Registers {
    /// One provision: the columns of the register, as text.
    public struct Provision: Sendable, Equatable {
        public var number: Int
        public var recordNumber: String
        public var receivedAt: String
        public var agency: String
        public var requester: String
        public var identityCheck: String
        public var requestDocument: String
        public var legalBasis: String
        public var purpose: String
        public var approval: String
        public var route: String
        public var camera: String
        public var windowCamera: String
        public var windowCorrected: String
        public var clockOffset: String
        public var medium: String
        public var files: Int
        public var bytes: UInt64
        public var manifestSHA256: String
        public var handler: String
        public var witnesses: String
        public var handedOverAt: String
        public var original: String
        public var cardSHA256: String
        /// `unchanged 2026-12-05 10:00` / `changed 2026-12-05 10:00`; empty while the card is out.
        public var returned: String
        /// Copies erased or returned: not in the log, left for the officer to fill in.
        public var copiesDisposed: String
        public var fiscalYear: Int
    }

    /// One viewing (export, cat, frames): who looked at footage, when and what.
    public struct Viewing: Sendable, Equatable {
        public var number: Int
        public var at: String
        public var who: String
        public var action: String
        public var purpose: String
        public var camera: String
        public var window: String
        public var witness: String
        public var copies: String
        public var caseID: String
        public var fiscalYear: Int
    }

    /// Totals of one agency and purpose in a fiscal year, for the ward's annual report.
    public struct Total: Sendable, Equatable {
        public var fiscalYear: Int
        public var agency: String
        public var purpose: String
        public var count: Int
        public var files: Int
        public var bytes: UInt64
    }

    static func value(_ argv: [String], _ option: String) -> String? {
        for (i, a) in argv.enumerated() {
            if a == option, i + 1 < argv.count { return argv[i + 1] }
            if a.hasPrefix(option + "=") { return String(a.dropFirst(option.count + 1)) }
        }
        return nil
    }

    static func seconds(_ entry: LogEntry) -> Int64 { (LogTime.parse(entry.time) ?? 0) / 1000 }

    /// Every successful handover in `entries` (log order), optionally of one fiscal year.
    public static func provisions(_ entries: [LogEntry], fiscalYear: Int? = nil, timeZone: TimeZone = .current) -> [Provision] {
        let returns = entries.filter { $0.action == "acquire-verify" && $0.succeeded }
        var rows: [Provision] = []
        for e in entries where e.action == HandoverRecording.action && e.succeeded {
            let d = e.details ?? [:]
            let t = seconds(e)
            let year = FiscalYear.of(seconds: t, timeZone: timeZone)
            if let fiscalYear, year != fiscalYear { continue }
            let card = d["card_sha256"] ?? ""
            var returned = ""
            if !card.isEmpty, let back = returns.last(where: { ($0.details?["image_sha256"] ?? "") == card && seconds($0) >= t }) {
                let result = back.details?["result"] ?? "checked"
                returned = "\(result) \(FiscalYear.localText(seconds: seconds(back), timeZone: timeZone))"
            }
            let window = [d["window_from"], d["window_to"]].compactMap { $0 }
            rows.append(Provision(
                number: rows.count + 1, recordNumber: d["record_number"] ?? "",
                receivedAt: d["received_at"] ?? "", agency: d["agency"] ?? "", requester: d["requester"] ?? "",
                identityCheck: d["identity_check"] ?? "", requestDocument: d["request_document"] ?? "",
                legalBasis: d["legal_basis"] ?? "", purpose: d["purpose"] ?? "", approval: d["approved_by"] ?? "",
                route: d["approval_route"] ?? "",
                camera: [d["camera_id"], d["location"]].compactMap { $0 }.joined(separator: " / "),
                windowCamera: d["camera_window"] ?? "", windowCorrected: window.joined(separator: " – "),
                clockOffset: d["clock_offset"] ?? "", medium: d["medium"] ?? "", files: Int(d["files"] ?? "") ?? 0,
                bytes: UInt64(d["bytes"] ?? "") ?? 0, manifestSHA256: d["manifest_sha256"] ?? d["archive_sha256"] ?? "",
                handler: e.operatorName, witnesses: d["witnesses"] ?? "",
                handedOverAt: FiscalYear.localText(seconds: t, timeZone: timeZone), original: d["original"] ?? "",
                cardSHA256: card, returned: returned, copiesDisposed: "", fiscalYear: year))
        }
        return rows
    }

    /// Every export, cat and frames entry (successful ones), optionally of one fiscal year.
    public static func viewings(_ entries: [LogEntry], fiscalYear: Int? = nil, timeZone: TimeZone = .current) -> [Viewing] {
        var rows: [Viewing] = []
        for e in entries where ["export", "cat", "frames"].contains(e.action) && e.succeeded {
            let t = seconds(e)
            let year = FiscalYear.of(seconds: t, timeZone: timeZone)
            if let fiscalYear, year != fiscalYear { continue }
            let d = e.details ?? [:]
            let argv = e.commandLine
            var window = [value(argv, "--from"), value(argv, "--to")].compactMap { $0 }.joined(separator: " – ")
            var copies = ""
            switch e.action {
            case "export":
                copies = d["files"].map { tr(.registerCopiesBagFiles, ["bag": e.outputs.first?.path ?? "", "files": $0]) }
                    ?? tr(.registerCopiesBag, ["bag": e.outputs.first?.path ?? ""])
            case "cat":
                window = d["path"] ?? window
                copies = tr(.registerCopiesStdout)
            default:
                window = [d["path"], d["recording"]].compactMap { $0 }.joined(separator: " ")
                copies = d["frames"].map { tr(.registerCopiesFrames, ["out": d["out"] ?? "", "count": framesCount($0)]) } ?? (d["out"] ?? "")
            }
            rows.append(Viewing(
                number: rows.count + 1, at: FiscalYear.localText(seconds: t, timeZone: timeZone), who: e.operatorName,
                action: tr(MessageKey("register.action." + e.action), fallback: e.action),
                purpose: d["purpose"] ?? e.caseID.map { tr(.registerPurposeCase, ["case": $0]) } ?? "",
                camera: value(argv, "--camera-id") ?? e.source?.cardIdentity?["volume_label"] ?? e.source?.path ?? "",
                window: window, witness: d["witness"] ?? "", copies: copies, caseID: e.caseID ?? "", fiscalYear: year))
        }
        return rows
    }

    /// The `frames` detail is a JSON array of frames; its length, or the text as it is.
    static func framesCount(_ text: String) -> String {
        if let data = text.data(using: .utf8), let list = try? JSONSerialization.jsonObject(with: data) as? [Any] {
            return String(list.count)
        }
        return text
    }

    /// Totals by fiscal year, agency and purpose, in order of first appearance.
    public static func summary(_ rows: [Provision]) -> [Total] {
        var out: [Total] = []
        for r in rows {
            if let i = out.firstIndex(where: { $0.fiscalYear == r.fiscalYear && $0.agency == r.agency && $0.purpose == r.purpose }) {
                out[i].count += 1
                out[i].files += r.files
                out[i].bytes &+= r.bytes
            } else {
                out.append(Total(fiscalYear: r.fiscalYear, agency: r.agency, purpose: r.purpose, count: 1, files: r.files, bytes: r.bytes))
            }
        }
        return out
    }

    // MARK: CSV

    /// RFC 4180 CSV, UTF-8 with a byte-order mark and CRLF line ends, as Excel opens it. A cell
    /// that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the start) is
    /// prefixed with `'`: a requester's name typed as `=HYPERLINK(…)` stays text.
    public static func csv(header: [String], rows: [[String]]) -> [UInt8] {
        func cell(_ s: String) -> String {
            var v = s
            if let first = v.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(Character(first)) { v = "'" + v }
            if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                v = "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return v
        }
        var text = ""
        for line in [header] + rows { text += line.map(cell).joined(separator: ",") + "\r\n" }
        return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
    }
}
