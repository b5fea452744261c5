import Codecs
import Messages

/// The handover record `REPORT.json` (format `sdcustody-handover/1`) written beside the printed
/// report when footage is handed to the police (issue 14, item 2): the request and who made it,
/// the approval, what was delivered (the bag's identity and file list, or a sealed archive's),
/// the verification made just before, what happens to the original card, the access log's head
/// and the signing key.
///
/// It is signed like an access-log entry: the **signed bytes** are the canonical JSON
/// (`CanonicalJSON`) of the document without its `signature` member; `signature.hash` is their
/// SHA-256 and `signature.value` their Ed25519 signature by the key `log.public_key` (the key that
/// signs the access log). `bytes()` writes the members in one fixed order, so a record read and
/// written again is byte for byte the same; `read(_:)` refuses another format and names the first
/// missing or mistyped field.
public struct HandoverRecord: Equatable, Sendable {
    public static let format = "sdcustody-handover/1"
    static let document = "handover record"

    public var recordNumber: String
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    public var createdAt: String
    public var tool: String
    /// The report's language, `ja` or `en`.
    public var language: String
    public var association: Association
    public var request: Request
    public var approval: Approval
    public var extraction: Extraction
    public var medium: String
    public var players: [Player]
    public var original: Original
    public var bag: Bag
    public var camera: Camera
    public var clockCheck: ClockCheck?
    public var delivered: Window
    public var files: [File]
    public var verification: Verification
    /// The card audit's findings (machine codes only; a finding never holds a secret), nil when
    /// neither the bag's provenance nor a `--card` audit gave any.
    public var securityFindings: [Finding]?
    public var log: LogState
    /// Nil before signing.
    public var signature: Signature?

    public init(recordNumber: String, createdAt: String, tool: String, language: String, association: Association,
                request: Request, approval: Approval, extraction: Extraction, medium: String, players: [Player],
                original: Original, bag: Bag, camera: Camera, clockCheck: ClockCheck?, delivered: Window, files: [File],
                verification: Verification, securityFindings: [Finding]?, log: LogState, signature: Signature? = nil) {
        self.recordNumber = recordNumber; self.createdAt = createdAt; self.tool = tool; self.language = language
        self.association = association; self.request = request; self.approval = approval; self.extraction = extraction
        self.medium = medium; self.players = players; self.original = original; self.bag = bag; self.camera = camera
        self.clockCheck = clockCheck; self.delivered = delivered; self.files = files; self.verification = verification
        self.securityFindings = securityFindings; self.log = log; self.signature = signature
    }

    /// The association that provides the footage and its manager (管理責任者).
    public struct Association: Equatable, Sendable {
        public var name: String?
        public var manager: String?
        public init(name: String?, manager: String?) { self.name = name; self.manager = manager }
    }

    /// The request as received (捜査関係事項照会書, warrant, 任意提出 …).
    public struct Request: Equatable, Sendable {
        public var agency: String
        public var requester: String
        public var contact: String?
        /// Kind, number and date of the request document.
        public var document: String
        public var legalBasis: String
        public var purpose: String
        /// How the requester's identity was checked (fake-police scams).
        public var identityCheck: String
        public var receivedAt: String?
        /// Cameras asked for; empty means the bag's camera.
        public var cameras: [String]
        /// The window asked for, true time `YYYY-MM-DDTHH:MM:SS` (nil: not stated).
        public var window: Window

        public init(agency: String, requester: String, contact: String?, document: String, legalBasis: String,
                    purpose: String, identityCheck: String, receivedAt: String?, cameras: [String], window: Window) {
            self.agency = agency; self.requester = requester; self.contact = contact; self.document = document
            self.legalBasis = legalBasis; self.purpose = purpose; self.identityCheck = identityCheck
            self.receivedAt = receivedAt; self.cameras = cameras; self.window = window
        }
    }

    public struct Approval: Equatable, Sendable {
        public var approvedBy: String
        /// `manager`, `board` or `emergency`.
        public var route: String
        public var approvedAt: String
        public init(approvedBy: String, route: String, approvedAt: String) {
            self.approvedBy = approvedBy; self.route = route; self.approvedAt = approvedAt
        }
    }

    public struct Extraction: Equatable, Sendable {
        public var operatorName: String
        public var witnesses: [String]
        /// The tool that made the export (`sdcustody 0.1.0`, from the provenance).
        public var exportTool: String?
        public var exportedAt: String?
        public init(operatorName: String, witnesses: [String], exportTool: String?, exportedAt: String?) {
            self.operatorName = operatorName; self.witnesses = witnesses; self.exportTool = exportTool; self.exportedAt = exportedAt
        }
    }

    /// Playback software handed over with the footage, hashed.
    public struct Player: Equatable, Sendable {
        public var name: String
        public var size: UInt64
        public var sha256: String
        public init(name: String, size: UInt64, sha256: String) { self.name = name; self.size = size; self.sha256 = sha256 }
    }

    /// What happens to the card: `kept`, `held` (retention extended) or `taken` (by the police).
    public struct Original: Equatable, Sendable {
        public var handling: String
        public var cardSHA256: String?
        /// Where the card's hash came from (`acquisition record …`, `hashed from …`).
        public var cardSHA256Source: String?
        public init(handling: String, cardSHA256: String?, cardSHA256Source: String?) {
            self.handling = handling; self.cardSHA256 = cardSHA256; self.cardSHA256Source = cardSHA256Source
        }
    }

    /// What was handed over: a bag, or a sealed archive checked against its sidecar.
    public struct Bag: Equatable, Sendable {
        /// `bag` or `sealed_archive`.
        public var kind: String
        public var name: String
        public var externalIdentifier: String?
        public var caseID: String?
        public var exhibit: String?
        public var payloadOxum: String?
        public var payloadFiles: UInt64
        public var payloadBytes: UInt64
        public var manifestSHA256: String?
        public var tagManifestSHA256: String?
        public var bagInfoSHA256: String?
        public var archiveSHA256: String?
        public var archiveSize: UInt64?

        public init(kind: String, name: String, externalIdentifier: String?, caseID: String?, exhibit: String?,
                    payloadOxum: String?, payloadFiles: UInt64, payloadBytes: UInt64, manifestSHA256: String?,
                    tagManifestSHA256: String?, bagInfoSHA256: String?, archiveSHA256: String?, archiveSize: UInt64?) {
            self.kind = kind; self.name = name; self.externalIdentifier = externalIdentifier; self.caseID = caseID
            self.exhibit = exhibit; self.payloadOxum = payloadOxum; self.payloadFiles = payloadFiles
            self.payloadBytes = payloadBytes; self.manifestSHA256 = manifestSHA256; self.tagManifestSHA256 = tagManifestSHA256
            self.bagInfoSHA256 = bagInfoSHA256; self.archiveSHA256 = archiveSHA256; self.archiveSize = archiveSize
        }
    }

    /// The camera and its card, as the export's provenance names them.
    public struct Camera: Equatable, Sendable {
        public var id: String?
        public var location: String?
        public var filesystem: String?
        public var label: String?
        public var volumeSerial: String?
        public var cid: String?
        public var imageSHA256: String?
        public init(id: String?, location: String?, filesystem: String?, label: String?, volumeSerial: String?,
                    cid: String?, imageSHA256: String?) {
            self.id = id; self.location = location; self.filesystem = filesystem; self.label = label
            self.volumeSerial = volumeSerial; self.cid = cid; self.imageSHA256 = imageSHA256
        }
    }

    /// The clock check the export used or knew of (`sdcustody clock`).
    public struct ClockCheck: Equatable, Sendable {
        public var cameraTime: String
        public var referenceTime: String
        public var reference: String
        public var offset: String
        public var loggedAt: String?
        public var checkedBy: String?
        public var used: Bool
        public init(cameraTime: String, referenceTime: String, reference: String, offset: String, loggedAt: String?,
                    checkedBy: String?, used: Bool) {
            self.cameraTime = cameraTime; self.referenceTime = referenceTime; self.reference = reference
            self.offset = offset; self.loggedAt = loggedAt; self.checkedBy = checkedBy; self.used = used
        }
    }

    /// A time window on the true-time axis, `YYYY-MM-DDTHH:MM:SS` each end (nil: open or not stated).
    public struct Window: Equatable, Sendable {
        public var from: String?
        public var to: String?
        /// The clock offset the window's camera times were corrected with (`±HH:MM:SS`).
        public var clockOffset: String?
        public init(from: String?, to: String?, clockOffset: String? = nil) {
            self.from = from; self.to = to; self.clockOffset = clockOffset
        }
    }

    /// One delivered file.
    public struct File: Equatable, Sendable {
        /// The payload path inside the bag (`data/card/…`).
        public var path: String
        public var size: UInt64
        public var sha256: String?
        /// Camera time, `YYYY-MM-DDTHH:MM:SS`.
        public var start: String?
        public var end: String?
        public var correctedStart: String?
        public var correctedEnd: String?
        public var timeSource: String?
        public init(path: String, size: UInt64, sha256: String?, start: String?, end: String?, correctedStart: String?,
                    correctedEnd: String?, timeSource: String?) {
            self.path = path; self.size = size; self.sha256 = sha256; self.start = start; self.end = end
            self.correctedStart = correctedStart; self.correctedEnd = correctedEnd; self.timeSource = timeSource
        }
    }

    public struct Verification: Equatable, Sendable {
        /// `valid` (a record is only written for a valid bag).
        public var result: String
        public var checkedAt: String
        public var summary: String
        public var warnings: [String]
        public init(result: String, checkedAt: String, summary: String, warnings: [String]) {
            self.result = result; self.checkedAt = checkedAt; self.summary = summary; self.warnings = warnings
        }
    }

    /// One audit finding, as the provenance's `security_findings` carry it.
    public struct Finding: Equatable, Sendable {
        public var path: String
        public var deleted: Bool
        public var kind: String
        public var severity: String
        public var checklist: String
        public var adviceCode: String
        public init(path: String, deleted: Bool, kind: String, severity: String, checklist: String, adviceCode: String) {
            self.path = path; self.deleted = deleted; self.kind = kind; self.severity = severity
            self.checklist = checklist; self.adviceCode = adviceCode
        }
    }

    /// The access log as the handover found it, before its own entry.
    public struct LogState: Equatable, Sendable {
        public var headHash: String?
        public var headSeq: Int64?
        /// Hex Ed25519 public key that signs the log and this record.
        public var publicKey: String
        /// SHA-256 of the 32 public-key bytes, hex.
        public var keyFingerprint: String
        public init(headHash: String?, headSeq: Int64?, publicKey: String, keyFingerprint: String) {
            self.headHash = headHash; self.headSeq = headSeq; self.publicKey = publicKey; self.keyFingerprint = keyFingerprint
        }
    }

    public struct Signature: Equatable, Sendable {
        public var algorithm: String
        /// SHA-256 of the signed bytes, hex.
        public var hash: String
        /// Ed25519 signature of the signed bytes, hex.
        public var value: String
        public init(algorithm: String = "ed25519", hash: String, value: String) {
            self.algorithm = algorithm; self.hash = hash; self.value = value
        }
    }

    // MARK: Writer

    /// The record as written (pretty, final newline).
    public func bytes() -> [UInt8] { json.bytes(pretty: true) + [0x0A] }

    /// The bytes the signature covers: canonical JSON of the document without `signature`.
    public var signedBytes: [UInt8] {
        guard case .object(let members) = json else { return [] }
        return CanonicalJSON.encode(.object(members.filter { $0.0 != "signature" }))
    }

    private static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }

    private static func window(_ w: Window) -> JSONValue {
        .object([("from", .from(w.from)), ("to", .from(w.to)), ("clock_offset", .from(w.clockOffset))])
    }

    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("format", .string(Self.format)),
            ("record_number", .string(recordNumber)),
            ("created_at", .string(createdAt)),
            ("tool", .string(tool)),
            ("language", .string(language)),
            ("association", .object([("name", .from(association.name)), ("manager", .from(association.manager))])),
            ("request", .object([
                ("agency", .string(request.agency)), ("requester", .string(request.requester)),
                ("contact", .from(request.contact)), ("document", .string(request.document)),
                ("legal_basis", .string(request.legalBasis)), ("purpose", .string(request.purpose)),
                ("identity_check", .string(request.identityCheck)), ("received_at", .from(request.receivedAt)),
                ("cameras", Self.strings(request.cameras)), ("window", Self.window(request.window)),
            ])),
            ("approval", .object([("approved_by", .string(approval.approvedBy)), ("route", .string(approval.route)),
                                  ("approved_at", .string(approval.approvedAt))])),
            ("extraction", .object([("operator", .string(extraction.operatorName)), ("witnesses", Self.strings(extraction.witnesses)),
                                    ("export_tool", .from(extraction.exportTool)), ("exported_at", .from(extraction.exportedAt))])),
            ("medium", .string(medium)),
            ("players", .array(players.map { .object([("name", .string($0.name)), ("size", .uint($0.size)), ("sha256", .string($0.sha256))]) })),
            ("original", .object([("handling", .string(original.handling)), ("card_sha256", .from(original.cardSHA256)),
                                  ("card_sha256_source", .from(original.cardSHA256Source))])),
            ("bag", .object([
                ("kind", .string(bag.kind)), ("name", .string(bag.name)),
                ("external_identifier", .from(bag.externalIdentifier)), ("case", .from(bag.caseID)), ("exhibit", .from(bag.exhibit)),
                ("payload_oxum", .from(bag.payloadOxum)), ("payload_files", .uint(bag.payloadFiles)),
                ("payload_bytes", .uint(bag.payloadBytes)), ("manifest_sha256", .from(bag.manifestSHA256)),
                ("tagmanifest_sha256", .from(bag.tagManifestSHA256)), ("bag_info_sha256", .from(bag.bagInfoSHA256)),
                ("archive_sha256", .from(bag.archiveSHA256)), ("archive_size", bag.archiveSize.map { .uint($0) } ?? .null),
            ])),
            ("camera", .object([
                ("id", .from(camera.id)), ("location", .from(camera.location)), ("filesystem", .from(camera.filesystem)),
                ("label", .from(camera.label)), ("volume_serial", .from(camera.volumeSerial)), ("cid", .from(camera.cid)),
                ("image_sha256", .from(camera.imageSHA256)),
            ])),
            ("clock_check", clockCheck.map { c in .object([
                ("camera_time", .string(c.cameraTime)), ("reference_time", .string(c.referenceTime)),
                ("reference", .string(c.reference)), ("clock_offset", .string(c.offset)), ("logged_at", .from(c.loggedAt)),
                ("checked_by", .from(c.checkedBy)), ("used", .bool(c.used)),
            ]) } ?? .null),
            ("delivered", Self.window(delivered)),
            ("files", .array(files.map { f in .object([
                ("path", .string(f.path)), ("size", .uint(f.size)), ("sha256", .from(f.sha256)),
                ("start", .from(f.start)), ("end", .from(f.end)), ("corrected_start", .from(f.correctedStart)),
                ("corrected_end", .from(f.correctedEnd)), ("time_source", .from(f.timeSource)),
            ]) })),
            ("verification", .object([("result", .string(verification.result)), ("checked_at", .string(verification.checkedAt)),
                                      ("summary", .string(verification.summary)), ("warnings", Self.strings(verification.warnings))])),
            ("security_findings", securityFindings.map { list in .array(list.map { f in .object([
                ("path", .string(f.path)), ("deleted", .bool(f.deleted)), ("kind", .string(f.kind)),
                ("severity", .string(f.severity)), ("checklist", .string(f.checklist)), ("advice_code", .string(f.adviceCode)),
            ]) }) } ?? .null),
            ("log", .object([("head_hash", .from(log.headHash)), ("head_seq", log.headSeq.map { .int($0) } ?? .null),
                             ("public_key", .string(log.publicKey)), ("key_fingerprint", .string(log.keyFingerprint))])),
        ]
        if let signature {
            members.append(("signature", .object([("algorithm", .string(signature.algorithm)), ("hash", .string(signature.hash)),
                                                  ("value", .string(signature.value))])))
        }
        return .object(members)
    }

    // MARK: Reader

    private static func readWindow(_ r: ObjectReader) throws -> Window {
        Window(from: try r.optionalString("from"), to: try r.optionalString("to"), clockOffset: try r.optionalString("clock_offset"))
    }

    private static func sha(_ value: String?, _ r: ObjectReader, _ key: String) throws -> String? {
        guard let value else { return nil }
        guard Hex.isSHA256(value) else {
            throw RecordError.invalid(document: document, field: r.field(key), reason: tr(.rcIsNot64LowerCase))
        }
        return value
    }

    /// Reads a record strictly: the format must be `sdcustody-handover/1`, every field the writer
    /// always writes must be there and of its kind, and every hash must be 64 lower-case hex digits.
    public static func read(_ data: [UInt8]) throws -> HandoverRecord {
        let top = try ObjectReader.parse(data, document: document, limit: 16 << 20)
        try top.requireFormat(format)
        let a = try top.object("association"), q = try top.object("request"), p = try top.object("approval")
        let e = try top.object("extraction"), o = try top.object("original"), b = try top.object("bag")
        let c = try top.object("camera"), v = try top.object("verification"), l = try top.object("log")
        let route = try p.string("route")
        guard ["manager", "board", "emergency"].contains(route) else {
            throw RecordError.invalid(document: document, field: "approval.route", reason: tr(.rcIsNotManagerBoardOr))
        }
        let handling = try o.string("handling")
        guard ["kept", "held", "taken"].contains(handling) else {
            throw RecordError.invalid(document: document, field: "original.handling", reason: tr(.rcIsNotKeptHeldOr))
        }
        let kind = try b.string("kind")
        guard kind == "bag" || kind == "sealed_archive" else {
            throw RecordError.invalid(document: document, field: "bag.kind", reason: tr(.rcIsNotBagOrSealed))
        }
        let players = try top.objects("players").map { r in
            Player(name: try r.string("name"), size: try r.uint("size"), sha256: try sha(try r.string("sha256"), r, "sha256") ?? "")
        }
        let files = try top.objects("files").map { r in
            File(path: try r.string("path"), size: try r.uint("size"), sha256: try sha(try r.optionalString("sha256"), r, "sha256"),
                 start: try r.optionalString("start"), end: try r.optionalString("end"),
                 correctedStart: try r.optionalString("corrected_start"), correctedEnd: try r.optionalString("corrected_end"),
                 timeSource: try r.optionalString("time_source"))
        }
        let findings = try top.optionalObjects("security_findings")?.map { r in
            Finding(path: try r.string("path"), deleted: try r.bool("deleted"), kind: try r.string("kind"),
                    severity: try r.string("severity"), checklist: try r.string("checklist"), adviceCode: try r.string("advice_code"))
        }
        let clock = try top.optionalObject("clock_check").map { r in
            ClockCheck(cameraTime: try r.string("camera_time"), referenceTime: try r.string("reference_time"),
                       reference: try r.string("reference"), offset: try r.string("clock_offset"),
                       loggedAt: try r.optionalString("logged_at"), checkedBy: try r.optionalString("checked_by"), used: try r.bool("used"))
        }
        let signature = try top.optionalObject("signature").map { r in
            Signature(algorithm: try r.string("algorithm"), hash: try sha(try r.string("hash"), r, "hash") ?? "", value: try r.string("value"))
        }
        let publicKey = try l.string("public_key")
        guard publicKey.utf8.count == 64, Hex.decode(publicKey) != nil else {
            throw RecordError.invalid(document: document, field: "log.public_key", reason: tr(.rcIsNot32BytesOf))
        }
        return HandoverRecord(
            recordNumber: try top.string("record_number"), createdAt: try top.string("created_at"), tool: try top.string("tool"),
            language: try top.string("language"),
            association: Association(name: try a.optionalString("name"), manager: try a.optionalString("manager")),
            request: Request(agency: try q.string("agency"), requester: try q.string("requester"), contact: try q.optionalString("contact"),
                             document: try q.string("document"), legalBasis: try q.string("legal_basis"), purpose: try q.string("purpose"),
                             identityCheck: try q.string("identity_check"), receivedAt: try q.optionalString("received_at"),
                             cameras: try q.strings("cameras"), window: try readWindow(try q.object("window"))),
            approval: Approval(approvedBy: try p.string("approved_by"), route: route, approvedAt: try p.string("approved_at")),
            extraction: Extraction(operatorName: try e.string("operator"), witnesses: try e.strings("witnesses"),
                                   exportTool: try e.optionalString("export_tool"), exportedAt: try e.optionalString("exported_at")),
            medium: try top.string("medium"), players: players,
            original: Original(handling: handling, cardSHA256: try sha(try o.optionalString("card_sha256"), o, "card_sha256"),
                               cardSHA256Source: try o.optionalString("card_sha256_source")),
            bag: Bag(kind: kind, name: try b.string("name"), externalIdentifier: try b.optionalString("external_identifier"),
                     caseID: try b.optionalString("case"), exhibit: try b.optionalString("exhibit"),
                     payloadOxum: try b.optionalString("payload_oxum"), payloadFiles: try b.uint("payload_files"),
                     payloadBytes: try b.uint("payload_bytes"),
                     manifestSHA256: try sha(try b.optionalString("manifest_sha256"), b, "manifest_sha256"),
                     tagManifestSHA256: try sha(try b.optionalString("tagmanifest_sha256"), b, "tagmanifest_sha256"),
                     bagInfoSHA256: try sha(try b.optionalString("bag_info_sha256"), b, "bag_info_sha256"),
                     archiveSHA256: try sha(try b.optionalString("archive_sha256"), b, "archive_sha256"),
                     archiveSize: try b.optionalUInt("archive_size")),
            camera: Camera(id: try c.optionalString("id"), location: try c.optionalString("location"),
                           filesystem: try c.optionalString("filesystem"), label: try c.optionalString("label"),
                           volumeSerial: try c.optionalString("volume_serial"), cid: try c.optionalString("cid"),
                           imageSHA256: try sha(try c.optionalString("image_sha256"), c, "image_sha256")),
            clockCheck: clock, delivered: try readWindow(try top.object("delivered")), files: files,
            verification: Verification(result: try v.string("result"), checkedAt: try v.string("checked_at"),
                                       summary: try v.string("summary"), warnings: try v.strings("warnings")),
            securityFindings: findings,
            log: LogState(headHash: try sha(try l.optionalString("head_hash"), l, "head_hash"), headSeq: try l.optionalInt("head_seq"),
                          publicKey: publicKey, keyFingerprint: try sha(try l.string("key_fingerprint"), l, "key_fingerprint") ?? ""),
            signature: signature)
    }
}
