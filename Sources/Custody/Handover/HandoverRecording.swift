import AccessLog
import Audit
import Card
import Codecs
import Foundation
import MediaTime
import Messages
import OpenSSL
import Records

/// Builds, signs and checks the handover record (`sdcustody-handover/1`), and names it in the
/// access log. The record is signed with the access log's own key, the way a log entry is
/// (`EntrySigning`): the log entry then carries the record's SHA-256, so the paper, the JSON and
/// the log vouch for one another.
public enum HandoverRecording {
    public static let action = "handover"

    /// Everything the record is made of, besides the evidence itself.
    public struct Inputs: Sendable {
        public var request: HandoverRequest
        public var operatorName: String
        public var language: String
        public var players: [HandoverRecord.Player]
        /// The card's SHA-256 and where it came from (`--original taken`).
        public var card: (sha256: String, source: String)?
        /// Findings of a `--card` audit, used when the provenance has none.
        public var cardFindings: [HandoverRecord.Finding]?
        public init(request: HandoverRequest, operatorName: String, language: String, players: [HandoverRecord.Player] = [],
                    card: (sha256: String, source: String)? = nil, cardFindings: [HandoverRecord.Finding]? = nil) {
            self.request = request; self.operatorName = operatorName; self.language = language; self.players = players
            self.card = card; self.cardFindings = cardFindings
        }
    }

    /// The unsigned record. `now` is UTC seconds since 1970.
    public static func build(_ inputs: Inputs, evidence: HandoverEvidence, log: AccessLog, publicKey: [UInt8],
                             now: Int64) throws -> HandoverRecord {
        let q = inputs.request
        func need(_ f: HandoverRequest.Field) throws -> String {
            guard let v = q[f] else { throw CustodyError.input(tr(.handoverMissingField, ["field": f.rawValue])) }
            return v
        }
        let nowText = UTCTime.format(seconds: now)
        let head = (try? log.head()) ?? nil
        var clock: HandoverRecord.ClockCheck?
        if let c = evidence.provenance?.selection.clockCheck {
            clock = .init(cameraTime: c.cameraTime, referenceTime: c.referenceTime, reference: c.reference, offset: c.offset,
                          loggedAt: c.loggedAt, checkedBy: c.entryHash.flatMap { operatorOfEntry($0, in: log) }, used: c.used)
        }
        let delivered = evidence.delivered
        let p = evidence.provenance
        return HandoverRecord(
            recordNumber: recordNumber(log: log, now: now), createdAt: nowText, tool: CustodyTool.agent, language: inputs.language,
            association: .init(name: q[.association] ?? p?.organization, manager: q[.manager]),
            request: .init(agency: try need(.agency), requester: try need(.requester), contact: q[.contact],
                           document: try need(.requestDocument), legalBasis: try need(.legalBasis), purpose: try need(.purpose),
                           identityCheck: try need(.identityCheck), receivedAt: q[.receivedAt],
                           cameras: q.list(.requestCamera).isEmpty ? (p?.cameraID.map { [$0] } ?? []) : q.list(.requestCamera),
                           window: .init(from: q[.requestFrom] ?? delivered.from, to: q[.requestTo] ?? delivered.to)),
            approval: .init(approvedBy: try need(.approvedBy), route: try need(.approvalRoute), approvedAt: q[.approvedAt] ?? nowText),
            extraction: .init(operatorName: inputs.operatorName, witnesses: q.list(.witness), exportTool: p?.tool, exportedAt: p?.exportedAt),
            medium: try need(.medium), players: inputs.players,
            original: .init(handling: try need(.original), cardSHA256: inputs.card?.sha256, cardSHA256Source: inputs.card?.source),
            bag: evidence.bag, camera: evidence.camera, clockCheck: clock, delivered: delivered, files: evidence.files,
            verification: evidence.verification, securityFindings: evidence.securityFindings ?? inputs.cardFindings,
            log: .init(headHash: head?.hash, headSeq: head?.seq, publicKey: publicKey.hex,
                       keyFingerprint: try Digest.hash(.sha256, publicKey).hex))
    }

    /// Signs the record with `key` (the access log's key).
    public static func sign(_ record: inout HandoverRecord, key: Ed25519Key) throws {
        record.signature = nil
        let signed = record.signedBytes
        record.signature = .init(hash: try Digest.hash(.sha256, signed).hex, value: try key.sign(signed).hex)
    }

    /// Whether the record's signature is the key's (`log.public_key`) over its signed bytes.
    public static func signatureVerifies(_ record: HandoverRecord) -> Bool {
        guard let s = record.signature, let pub = Hex.decode(record.log.publicKey), let sig = Hex.decode(s.value),
              let key = try? Ed25519Key(publicKey: pub) else { return false }
        let signed = record.signedBytes
        guard (try? Digest.hash(.sha256, signed).hex) == s.hash else { return false }
        return (try? key.verify(signature: sig, message: signed)) == true
    }

    /// The key that signs the log (created on first use, as the log does).
    public static func signingKey(_ log: AccessLog) throws -> Ed25519Key {
        do { return try SigningKeyStore.loadOrCreate(path: log.keyPath).key } catch {
            throw CustodyError.input(tr(.ccSigningKey, ["error": "\(error)"]))
        }
    }

    /// `H2026-003`: the fiscal year (April to March, local time) and one more than the handovers
    /// the log already holds for that year.
    public static func recordNumber(log: AccessLog, now: Int64) -> String {
        let year = FiscalYear.of(seconds: now)
        var count = 0
        _ = try? log.forEachEntry { entry, _ in
            guard entry.action == action, entry.succeeded, let t = LogTime.parse(entry.time) else { return }
            if FiscalYear.of(seconds: t / 1000) == year { count += 1 }
        }
        return "H\(year)-" + String(format: "%03d", count + 1)
    }

    static func operatorOfEntry(_ hash: String, in log: AccessLog) -> String? {
        var found: String?
        _ = try? log.forEachEntry { entry, _ in if entry.hash == hash { found = entry.operatorName } }
        return found
    }

    /// What the `handover` log entry keeps for the registers (flat text; nothing secret).
    public static func logDetails(_ r: HandoverRecord, recordSHA256: String) -> [String: String] {
        var d: [String: String] = [
            "record_number": r.recordNumber, "record_sha256": recordSHA256,
            "agency": r.request.agency, "requester": r.request.requester, "request_document": r.request.document,
            "legal_basis": r.request.legalBasis, "purpose": r.request.purpose, "identity_check": r.request.identityCheck,
            "approved_by": r.approval.approvedBy, "approval_route": r.approval.route, "approved_at": r.approval.approvedAt,
            "medium": r.medium, "original": r.original.handling, "files": String(r.files.count),
            "bytes": String(r.bag.payloadBytes), "bag_kind": r.bag.kind,
        ]
        func put(_ key: String, _ value: String?) { if let value, !value.isEmpty { d[key] = value } }
        put("contact", r.request.contact)
        put("received_at", r.request.receivedAt)
        put("camera_id", r.camera.id ?? r.request.cameras.first)
        put("location", r.camera.location)
        put("window_from", r.delivered.from)
        put("window_to", r.delivered.to)
        put("request_from", r.request.window.from)
        put("request_to", r.request.window.to)
        put("clock_offset", r.delivered.clockOffset)
        put("camera_window", cameraWindow(r))
        put("manifest_sha256", r.bag.manifestSHA256)
        put("tagmanifest_sha256", r.bag.tagManifestSHA256)
        put("archive_sha256", r.bag.archiveSHA256)
        put("witnesses", r.extraction.witnesses.isEmpty ? nil : r.extraction.witnesses.joined(separator: "; "))
        put("card_sha256", r.original.cardSHA256)
        put("association", r.association.name)
        return d
    }

    /// The delivered window on the camera's clock: the window on the true-time axis plus the
    /// clock offset (camera = true + offset), as the officer's request reads on the camera's own
    /// screen. Without a window, the camera-time span of the delivered files (`first start – last end`).
    public static func cameraWindow(_ r: HandoverRecord) -> String? {
        let offset = r.delivered.clockOffset.flatMap { ClockOffset(parsing: $0) } ?? .zero
        func camera(_ text: String?) -> String? {
            guard let text, let t = try? TimeWindow.parseTime(text, date: nil), let c = offset.cameraTime(t) else { return nil }
            return String(c.iso.prefix(19))
        }
        if r.delivered.from != nil || r.delivered.to != nil {
            return "\(camera(r.delivered.from) ?? "…") – \(camera(r.delivered.to) ?? "…")"
        }
        let starts = r.files.compactMap(\.start).sorted(), ends = r.files.compactMap { $0.end ?? $0.start }.sorted()
        guard let first = starts.first, let last = ends.last else { return nil }
        return "\(first) – \(last)"
    }
}

/// Japanese fiscal years (会計年度): April 1 to March 31, named by the year they start in,
/// decided in the machine's local time zone.
public enum FiscalYear {
    public static func of(seconds: Int64, timeZone: TimeZone = .current) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        let year = parts.year ?? 1970
        return (parts.month ?? 1) >= 4 ? year : year - 1
    }

    /// Local date and time for a register, `YYYY-MM-DD HH:MM`.
    public static func localText(seconds: Int64, timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}

/// The original card given with `--card SOURCE`: its SHA-256 (read-only, whole source) and what
/// the audit finds on it (issue 16: the findings section when the bag's provenance has none).
public enum HandoverCard {
    public static func examine(_ path: String) throws -> (sha256: String?, findings: [HandoverRecord.Finding]?) {
        let card: CardSource
        do { card = try CardSource(path: path) } catch { throw CustodyError.input("\(path): \(error)") }
        var sha: String?
        if let bytes = card.bytes {
            let hasher = SourceHasher(bytes)
            hasher.start()
            sha = try hasher.wait()
        }
        var findings: [HandoverRecord.Finding]?
        if let opened = try? card.tree(partition: nil), let report = try? CardAuditor(tree: opened.tree).run() {
            findings = report.findings.map { f in
                .init(path: f.path, deleted: f.deleted, kind: f.kind.rawValue, severity: f.severity.rawValue,
                      checklist: f.checklist.rawValue, adviceCode: f.advice.rawValue)
            }
        }
        return (sha, findings)
    }

    /// SHA-256 and size of a file handed over (a player), read in 1 MiB pieces.
    public static func hashFile(_ path: String) throws -> HandoverRecord.Player {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CustodyError.input(tr(.handoverPlayerUnreadable, ["path": path])) }
        defer { try? handle.close() }
        let digest = try Digest(.sha256)
        var size: UInt64 = 0
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            try digest.update(chunk)
            size += UInt64(chunk.count)
        }
        return .init(name: (path as NSString).lastPathComponent, size: size, sha256: try digest.finish().hex)
    }
}
