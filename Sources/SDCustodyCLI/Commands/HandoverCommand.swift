import ArgumentParser
import Custody
import Foundation
import HandoverReport
import Messages

/// `sdcustody handover BAG --out REPORT.html [request fields]` (issue 14 items 2, 3 and 5): checks
/// the bag (or sealed archive) in full, then writes the printable report, the signed handover
/// record `REPORT.json` beside it (and `REPORT.pdf` with `--pdf`), and logs a `handover` entry
/// carrying the record's SHA-256. The work is `HandoverEvidence`, `HandoverRecording` and
/// `HandoverReportPage`; this is options, prompts and rendering.
struct HandoverCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "handover", abstract: tr(.helpHandoverAbstract), discussion: tr(.helpHandoverDiscussion)) }

    @Argument(help: ArgumentHelp(tr(.optHandoverBag), valueName: "BAG")) var bag: String
    @Option(name: .long, help: ArgumentHelp(tr(.optHandoverOut), valueName: "REPORT.html")) var out: String
    @Option(name: .long, help: ArgumentHelp(tr(.optHandoverAgency), valueName: "text")) var agency: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optHandoverRequester), valueName: "text")) var requester: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optHandoverContact), valueName: "text")) var contact: String?
    @Option(name: .customLong("request-document"), help: ArgumentHelp(tr(.optHandoverDocument), valueName: "text")) var requestDocument: String?
    @Option(name: .customLong("legal-basis"), help: ArgumentHelp(tr(.optHandoverLegal), valueName: "text")) var legalBasis: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optHandoverPurpose), valueName: "text")) var purpose: String?
    @Option(name: .customLong("identity-check"), help: ArgumentHelp(tr(.optHandoverIdentity), valueName: "text")) var identityCheck: String?
    @Option(name: .customLong("approved-by"), help: ArgumentHelp(tr(.optHandoverApprovedBy), valueName: "name")) var approvedBy: String?
    @Option(name: .customLong("approval-route"), help: ArgumentHelp(tr(.optHandoverRoute), valueName: "manager|board|emergency")) var approvalRoute: String?
    @Option(name: .customLong("approved-at"), help: ArgumentHelp(tr(.optHandoverApprovedAt), valueName: "time")) var approvedAt: String?
    @Option(name: .customLong("received-at"), help: ArgumentHelp(tr(.optHandoverReceivedAt), valueName: "time")) var receivedAt: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optHandoverWitness), valueName: "name")) var witness: [String] = []
    @Option(name: .long, help: ArgumentHelp(tr(.optHandoverMedium), valueName: "text")) var medium: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optHandoverPlayer), valueName: "file")) var player: [String] = []
    @Option(name: .long, help: ArgumentHelp(tr(.optHandoverOriginal), valueName: "kept|held|taken")) var original: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optHandoverCard), valueName: "SOURCE")) var card: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optHandoverAssociation), valueName: "name")) var association: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optHandoverManager), valueName: "name")) var manager: String?
    @Option(name: .customLong("request-from"), help: ArgumentHelp(tr(.optHandoverRequestFrom), valueName: "T")) var requestFrom: String?
    @Option(name: .customLong("request-to"), help: ArgumentHelp(tr(.optHandoverRequestTo), valueName: "T")) var requestTo: String?
    @Option(name: .customLong("request-camera"), help: ArgumentHelp(tr(.optHandoverRequestCamera), valueName: "id")) var requestCamera: [String] = []
    @Option(name: .customLong("request-file"), help: ArgumentHelp(tr(.optHandoverRequestFile), valueName: "FILE.json")) var requestFile: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optHandoverOperator), valueName: "name")) var `operator`: String?
    @Flag(name: .long, help: ArgumentHelp(tr(.optHandoverPDF))) var pdf = false
    @Flag(name: .long, help: ArgumentHelp(tr(.optJSONStdout))) var json = false
    @OptionGroup var logOptions: AccessLogOptions

    /// The command-line fields as a request.
    var commandLineRequest: HandoverRequest {
        var q = HandoverRequest()
        let single: [(HandoverRequest.Field, String?)] = [
            (.agency, agency), (.requester, requester), (.contact, contact), (.requestDocument, requestDocument),
            (.legalBasis, legalBasis), (.purpose, purpose), (.identityCheck, identityCheck), (.approvedBy, approvedBy),
            (.approvalRoute, approvalRoute), (.approvedAt, approvedAt), (.receivedAt, receivedAt), (.medium, medium),
            (.original, original), (.card, card), (.association, association), (.manager, manager),
            (.requestFrom, requestFrom), (.requestTo, requestTo), (.operator, `operator`),
        ]
        for (field, value) in single { if let value { q.values[field] = value } }
        if !witness.isEmpty { q.lists[.witness] = witness }
        if !player.isEmpty { q.lists[.player] = player }
        if !requestCamera.isEmpty { q.lists[.requestCamera] = requestCamera }
        return q
    }

    /// The report's language: `--lang` when given, else the request file's `lang`, else Japanese
    /// (the record is for Japanese officers and associations first).
    static func reportLanguage(_ request: HandoverRequest) -> Language {
        let argv = Array(CommandLine.arguments.dropFirst())
        if LanguageOption.extract(argv).language != nil { return Localizer.current.language }
        if let code = request[.lang], let l = Language(rawValue: code.lowercased()) { return l }
        return .ja
    }

    /// `--request-from`/`--request-to` as `YYYY-MM-DDTHH:MM:SS`.
    static func normalisedTime(_ text: String?, option: String) throws -> String? {
        guard let text else { return nil }
        do { return try TimeWindow.parseTime(text, date: nil, option: option).iso } catch {
            throw ValidationError(String(describing: error))
        }
    }

    func run() throws {
        guard out.lowercased().hasSuffix(".html") || out.lowercased().hasSuffix(".htm") else {
            throw ValidationError(tr(.handoverOutHTML))
        }
        let stem = String(out[..<(out.lastIndex(of: ".") ?? out.endIndex)])
        let jsonPath = stem + ".json", pdfPath = stem + ".pdf"
        for path in [out, jsonPath] + (pdf ? [pdfPath] : []) where FileManager.default.fileExists(atPath: path) {
            throw CLIError.input(tr(.handoverExists, ["path": path]))
        }
        var request = commandLineRequest
        if let requestFile { request.fill(from: try HandoverRequest.read(file: requestFile)) }
        try askForMissing(&request)
        if let problem = request.invalidChoice { throw ValidationError(problem) }
        request[.requestFrom] = try Self.normalisedTime(request[.requestFrom], option: "--request-from")
        request[.requestTo] = try Self.normalisedTime(request[.requestTo], option: "--request-to")
        request[.receivedAt] = try Self.normalisedTime(request[.receivedAt], option: "--received-at")
        request[.approvedAt] = try Self.normalisedTime(request[.approvedAt], option: "--approved-at")
        let language = Self.reportLanguage(request)

        try logOptions.run(HandoverRecording.action, operator: request[.operator], producesEvidence: true) { draft in
            draft.source = SourceRecord(path: bag)
            // 1. The evidence, checked in full before anything is written.
            let evidence = try HandoverEvidence.examine(bag)
            draft.caseID = evidence.bag.caseID
            draft.exhibit = evidence.bag.exhibit
            draft.source = SourceRecord(path: bag, sha256: evidence.bag.tagManifestSHA256 ?? evidence.bag.archiveSHA256)
            guard evidence.isValid else {
                var message = tr(.handoverInvalid, ["bag": bag, "problem": evidence.problems.first ?? evidence.verification.summary])
                if evidence.problems.count > 1 { message += " " + tr(.handoverInvalidMore, ["count": String(evidence.problems.count), "bag": bag]) }
                throw CLIError.evidence(message)
            }
            // 2. The card: its hash for --original taken, its audit when the bag carries none.
            var cardHash: (sha256: String, source: String)?
            var cardFindings: [HandoverRecord.Finding]?
            if let source = request[.card] {
                let examined = try HandoverCard.examine(source)
                if let sha = examined.sha256 { cardHash = (sha, "hashed from \(source) at handover") }
                cardFindings = examined.findings
            }
            if cardHash == nil, let acquired = evidence.acquisitionSHA256 {
                cardHash = (acquired.sha256, "acquisition record \(acquired.record)")
            }
            if request[.original] == "taken" && cardHash == nil { throw CLIError.input(tr(.handoverTakenNeedsCard)) }
            let players = try request.list(.player).map(HandoverCard.hashFile)

            // 3. The record, signed with the log's key.
            let log = AccessLogging.accessLog(option: logOptions.log)
            let key = try HandoverRecording.signingKey(log)
            let inputs = HandoverRecording.Inputs(
                request: request, operatorName: AccessLogging.operatorName(option: request[.operator]),
                language: language.rawValue, players: players, card: cardHash, cardFindings: cardFindings)
            var record = try HandoverRecording.build(inputs, evidence: evidence, log: log, publicKey: try key.publicKeyBytes(),
                                                     now: Int64(Date().timeIntervalSince1970))
            try HandoverRecording.sign(&record, key: key)
            let recordBytes = record.bytes()
            let recordSHA = try Digest.hash(.sha256, recordBytes).hex

            // 4. The files: the record first, then the report; nothing is replaced.
            let frames: any KeyFrameSource = bag.hasSuffix(".age") ? NoKeyFrames() : HandoverKeyFrames(bag: bag, language: language)
            let html = HandoverReportPage(record: record, language: language, keyFrames: frames).html()
            do {
                try AtomicFile.write(recordBytes, to: jsonPath, mode: 0o644)
            } catch { throw CLIError.input("\(jsonPath): \(error)") }
            do {
                try AtomicFile.write(Array(html.utf8), to: out, mode: 0o644)
            } catch { throw CLIError.input("\(out): \(error)") }
            draft.outputs = [OutputRecord(path: jsonPath, size: Int64(recordBytes.count), sha256: recordSHA),
                             OutputRecord(path: out, size: Int64(html.utf8.count), sha256: try Digest.hash(.sha256, Array(html.utf8)).hex)]
            draft.details = HandoverRecording.logDetails(record, recordSHA256: recordSHA)
            if !json { print(tr(.handoverWritten, ["number": record.recordNumber, "html": out, "json": jsonPath])) }

            // 5. The PDF, where Chromium is installed.
            if pdf {
                if let chromium = ChromiumPrinter.find() {
                    do {
                        try ChromiumPrinter.printPDF(html: out, to: pdfPath, chromium: chromium)
                        if let data = FileManager.default.contents(atPath: pdfPath) {
                            draft.outputs.append(OutputRecord(path: pdfPath, size: Int64(data.count), sha256: try Digest.hash(.sha256, Array(data)).hex))
                        }
                        if !json { print(tr(.handoverPDFWritten, ["pdf": pdfPath])) }
                    } catch {
                        Terminal.warning(tr(.handoverPDFFailed, ["pdf": pdfPath, "reason": "\(error)", "html": out]))
                    }
                } else {
                    Terminal.note(tr(.handoverNoChromium, ["html": out]))
                }
            }
            if json {
                let written = draft.outputs.map(\.path)
                print(JSONValue.object([
                    ("record_number", .string(record.recordNumber)), ("record", .string(jsonPath)),
                    ("record_sha256", .string(recordSHA)), ("report", .string(out)),
                    ("pdf", written.contains(pdfPath) ? .string(pdfPath) : .null),
                    ("verification", .string(record.verification.summary)),
                ]).serialized(pretty: false))
            }
        }
        // Issue 17: with a store configured for anchors (SDCUSTODY_S3_ANCHORS), the log's head,
        // now holding this handover, is put where the laptop's owner cannot rewrite it. The
        // handover itself stands whatever the store answers.
        do {
            if let anchored = try LogAnchoring.anchorIfConfigured(logOption: logOptions.log) {
                Terminal.note(tr(.storeAnchored, ["seq": String(anchored.anchor.seq), "key": anchored.location.description]))
            }
        } catch { Terminal.warning(tr(.storeAnchorFailed, ["reason": "\(error)"])) }
    }

    /// What a prompt calls each required field: the report's own label for it.
    static let promptLabel: [HandoverRequest.Field: MessageKey] = [
        .agency: .handoverRAgency, .requester: .handoverRRequester, .requestDocument: .handoverRRequestDocument,
        .legalBasis: .handoverRLegalBasis, .purpose: .handoverRPurpose, .identityCheck: .handoverRIdentityCheck,
        .approvedBy: .handoverRApprovedBy, .approvalRoute: .optHandoverRoute, .medium: .handoverRMedium,
        .original: .optHandoverOriginal,
    ]

    /// On a terminal, asks for each missing required field; otherwise names the first one.
    func askForMissing(_ request: inout HandoverRequest) throws {
        let missing = request.missing
        guard let first = missing.first else { return }
        guard Terminal.stdinIsTerminal && Terminal.stderrIsTerminal else {
            throw ValidationError(tr(.handoverMissingField, ["field": first.rawValue]))
        }
        for field in missing {
            while request[field] == nil {
                let name = Self.promptLabel[field].map { tr($0) + " (--\(field.rawValue))" } ?? "--" + field.rawValue
                FileHandle.standardError.write(Data(tr(.handoverPrompt, ["field": name]).utf8))
                guard let line = readLine() else { throw ValidationError(tr(.handoverMissingField, ["field": field.rawValue])) }
                let value = line.trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { request[field] = value }
            }
        }
    }
}
