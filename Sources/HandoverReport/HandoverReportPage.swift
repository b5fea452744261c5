import Codecs
import Messages
import Records

/// The printed handover report (issue 14 item 3): one self-contained HTML document (no network,
/// no script; fonts from the system, Japanese from Noto CJK), laid out for A4. Japanese labels
/// carry English sub-labels; with `language: .en` the labels are English only. Every printed page's
/// footer names the record, the page (n of m) and the bag-info SHA-256 (CSS paged media margin
/// boxes, which Chromium prints).
public struct HandoverReportPage {
    public let record: HandoverRecord
    public let language: Language
    public let keyFrames: any KeyFrameSource

    public init(record: HandoverRecord, language: Language, keyFrames: any KeyFrameSource = NoKeyFrames()) {
        self.record = record
        self.language = language
        self.keyFrames = keyFrames
    }

    private var en: Localizer { Localizer(.en) }
    private var local: Localizer { Localizer(language) }

    /// A label: Japanese with its English sub-label, or English alone.
    func label(_ key: MessageKey) -> String {
        if language == .en { return HTML.escape(en.text(key)) }
        return "<span class=\"ja\">\(HTML.escape(local.text(key)))</span><span class=\"en\">\(HTML.escape(en.text(key)))</span>"
    }

    /// Text in the report's language (values explained in words, e.g. the approval route).
    func words(_ key: MessageKey) -> String { HTML.escape(local.text(key)) }

    func value(_ s: String?) -> String {
        guard let s, !s.isEmpty else { return "<span class=\"none\">—</span>" }
        return HTML.escape(s)
    }

    /// A time as people read it: `2026-11-20 21:31:00` (the record keeps the ISO form).
    func time(_ s: String?) -> String {
        guard let s, !s.isEmpty else { return value(nil) }
        var t = s.replacingOccurrences(of: "T", with: " ")
        if t.hasSuffix("Z") { t = String(t.dropLast()) + " UTC" }
        return HTML.escape(t)
    }

    /// A file's camera span: the date, then `start–end` (the end's date only when it differs).
    func span(_ start: String?, _ end: String?) -> String {
        guard let start, start.count >= 19 else { return value(start) }
        let date = String(start.prefix(10)), from = String(start.dropFirst(11))
        guard let end, end.count >= 19 else { return "\(HTML.escape(date))<br>\(HTML.escape(from))" }
        let to = end.hasPrefix(date) ? String(end.dropFirst(11)) : end.replacingOccurrences(of: "T", with: " ")
        return "\(HTML.escape(date))<br>\(HTML.escape(from))–\(HTML.escape(to))"
    }

    func hash(_ s: String?) -> String {
        guard let s, !s.isEmpty else { return "<span class=\"none\">—</span>" }
        return "<code class=\"hash\">\(HTML.escape(s))</code>"
    }

    func rows(_ items: [(MessageKey, String)]) -> String {
        "<table class=\"kv\">" + items.map { "<tr><th>\(label($0.0))</th><td>\($0.1)</td></tr>" }.joined() + "</table>"
    }

    func section(_ key: MessageKey, _ body: String, id: String) -> String {
        "<section id=\"\(id)\"><h2>\(label(key))</h2>\(body)</section>"
    }

    /// The lines the QR code holds and the verification section prints.
    public var hashBlock: String {
        let r = record
        var lines = ["\(HandoverRecord.format) \(r.recordNumber)"]
        func add(_ name: String, _ v: String?) { if let v { lines.append("\(name): \(v)") } }
        add("external-identifier", r.bag.externalIdentifier)
        add("payload-oxum", r.bag.payloadOxum)
        add("manifest-sha256", r.bag.manifestSHA256)
        add("tagmanifest-sha256", r.bag.tagManifestSHA256)
        add("bag-info-sha256", r.bag.bagInfoSHA256)
        add("archive-sha256", r.bag.archiveSHA256)
        add("log-head", r.log.headHash)
        add("key-fingerprint", r.log.keyFingerprint)
        add("record-signature", r.signature?.hash)
        return lines.joined(separator: "\n")
    }

    // MARK: The document

    public func html() -> String {
        let r = record
        let pageText = local.text(.handoverRFooterPage, ["n": "\u{1}", "m": "\u{2}"])
        let parts = pageText.components(separatedBy: "\u{1}")
        let before = parts.first ?? "", middleAfter = (parts.count > 1 ? parts[1] : "").components(separatedBy: "\u{2}")
        let between = middleAfter.first ?? "", after = middleAfter.count > 1 ? middleAfter[1] : ""
        let recordText = "\(local.text(.handoverRRecordNumber)) \(r.recordNumber)"
        let bagInfo = r.bag.bagInfoSHA256.map { "bag-info.txt SHA-256 \($0)" } ?? r.bag.archiveSHA256.map { "archive SHA-256 \($0)" } ?? ""
        let footer = "content: \"\(HTML.cssString(recordText + "   " + before))\" counter(page) \"\(HTML.cssString(between))\" counter(pages) \"\(HTML.cssString(after))\";"
        var body = ""
        body += header()
        body += request()
        body += approval()
        body += camera()
        body += clock()
        body += extraction()
        body += files()
        body += medium()
        body += verification()
        body += original()
        body += security()
        body += conditions()
        body += signatures()
        return """
        <!DOCTYPE html>
        <html lang="\(language == .ja ? "ja" : "en")">
        <head>
        <meta charset="utf-8">
        <meta name="generator" content="\(HTML.escape(r.tool))">
        <title>\(HTML.escape(local.text(.handoverRTitle))) \(HTML.escape(r.recordNumber))</title>
        <style>
        @page { size: A4; margin: 16mm 14mm 18mm 14mm;
          @bottom-left { \(footer) font: 7.5pt "Noto Sans CJK JP", "Noto Sans JP", sans-serif; color: #444; }
          @bottom-right { content: "\(HTML.cssString(bagInfo))"; font: 6.5pt "DejaVu Sans Mono", monospace; color: #444; }
        }
        :root { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", sans-serif; font-size: 9.5pt; color: #111; }
        body { margin: 0 auto; max-width: 182mm; line-height: 1.35; }
        h1 { font-size: 16pt; margin: 0 0 2mm 0; }
        h1 .en { font-size: 10pt; }
        h2 { font-size: 11pt; border-bottom: 1.5px solid #1f3a60; margin: 3.5mm 0 1mm 0; padding-bottom: 0.5mm; break-after: avoid; }
        h2 .en { font-size: 8pt; }
        .ja { display: block; }
        .en { display: block; color: #555; font-size: 6.5pt; font-weight: normal; line-height: 1.1; }
        html[lang=en] .en { display: inline; color: inherit; font-size: inherit; }
        section#approval, section#camera, section#clock, section#medium, section#original, section#signatures,
        section#conditions, section#security { break-inside: avoid-page; }
        * { box-sizing: border-box; }
        td.n { text-align: right; white-space: nowrap; }
        section#verification table.kv th { width: 30%; }
        tr, figure, svg { break-inside: avoid; }
        table { border-collapse: collapse; width: 100%; }
        table.kv th { width: 34%; text-align: left; vertical-align: top; font-weight: 600; padding: 0.6mm 2mm 0.6mm 0; border-bottom: 0.5px solid #ccc; }
        table.kv td { padding: 0.6mm 0; border-bottom: 0.5px solid #ccc; vertical-align: top; overflow-wrap: anywhere; }
        .head table.kv th { width: 30mm; }
        td.t { white-space: nowrap; font-size: 7.5pt; }
        table.list th { text-align: left; font-weight: 600; font-size: 8pt; border-bottom: 1px solid #888; padding: 0.8mm 1mm; vertical-align: bottom; }
        table.list td { font-size: 8pt; border-bottom: 0.5px solid #ccc; padding: 0.8mm 1mm; vertical-align: top; overflow-wrap: anywhere; }
        table.list tr { break-inside: avoid; }
        code, .mono { font-family: "DejaVu Sans Mono", "Noto Sans Mono CJK JP", monospace; font-size: 7.5pt; }
        code.hash { word-break: break-all; }
        .none { color: #888; }
        .head { display: grid; grid-template-columns: 1fr auto; gap: 4mm; align-items: start; }
        .badge { border: 2px solid #2e7d32; color: #2e7d32; padding: 1mm 3mm; font-weight: 700; font-size: 10pt; text-align: center; }
        .badge.bad { border-color: #c62828; color: #c62828; }
        .timeline { width: 100%; height: auto; }
        .timeline .cam { font-size: 11px; font-weight: 600; }
        .timeline .tick { font-size: 9px; fill: #333; }
        .legend { font-size: 7.5pt; display: flex; gap: 4mm; flex-wrap: wrap; margin-top: 1mm; }
        .legend span { display: inline-flex; align-items: center; gap: 1mm; }
        .sw { display: inline-block; width: 5mm; height: 3mm; border: 0.5px solid #666; }
        .verify { display: grid; grid-template-columns: 1fr 42mm; gap: 4mm; }
        pre.cmd { background: #f4f4f4; padding: 1.5mm 2mm; font-size: 7.5pt; white-space: pre-wrap; word-break: break-all; margin: 1mm 0; }
        .frames { display: flex; gap: 1.5mm; }
        .frames figure { margin: 0; font-size: 6.5pt; text-align: center; }
        .frames img { height: 14mm; display: block; }
        .signs { display: grid; grid-template-columns: repeat(3, 1fr); gap: 4mm; margin-top: 2mm; }
        .sign { border: 1px solid #333; padding: 2mm; min-height: 36mm; position: relative; }
        .sign .line { border-bottom: 0.5px solid #333; height: 8mm; margin-top: 1mm; font-size: 7.5pt; color: #444; display: flex; align-items: flex-end; }
        .sign .seal { position: absolute; right: 2mm; bottom: 2mm; width: 14mm; height: 14mm; border: 1px dashed #999; border-radius: 50%; display: flex; align-items: center; justify-content: center; color: #999; font-size: 8pt; }
        ul.conditions { margin: 1mm 0 0 0; padding-left: 5mm; }
        @media screen { body { padding: 10mm; } }
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    func header() -> String {
        let r = record
        let valid = r.verification.result == "valid"
        let badge = valid ? "<div class=\"badge\">\(label(.handoverRResultValid))</div>"
                          : "<div class=\"badge bad\">\(label(.handoverRInvalid))</div>"
        return "<header class=\"head\"><div><h1>\(label(.handoverRTitle))</h1>"
            + rows([(.handoverRRecordNumber, "<strong>\(value(r.recordNumber))</strong>"),
                    (.handoverRAssociation, value(r.association.name)), (.handoverRManager, value(r.association.manager)),
                    (.handoverRCreatedAt, time(r.createdAt))])
            + "</div>\(badge)</header>"
    }

    func window(_ w: HandoverRecord.Window) -> String {
        guard w.from != nil || w.to != nil else { return value(nil) }
        return "\(time(w.from)) – \(time(w.to))"
    }

    func request() -> String {
        let q = record.request
        return section(.handoverRSRequest, rows([
            (.handoverRAgency, value(q.agency)), (.handoverRRequester, value(q.requester)), (.handoverRContact, value(q.contact)),
            (.handoverRIdentityCheck, value(q.identityCheck)), (.handoverRRequestDocument, value(q.document)),
            (.handoverRLegalBasis, value(q.legalBasis)), (.handoverRPurpose, value(q.purpose)),
            (.handoverRReceivedAt, time(q.receivedAt)), (.handoverRCameras, value(q.cameras.joined(separator: ", "))),
            (.handoverRRequestedWindow, window(q.window)),
        ]), id: "request")
    }

    func approval() -> String {
        let a = record.approval
        return section(.handoverRSApproval, rows([
            (.handoverRApprovedBy, value(a.approvedBy)), (.handoverRApprovedAt, time(a.approvedAt)),
            (.handoverRRoute, words(MessageKey("handover.r.route_" + a.route)) + " <span class=\"mono\">(\(HTML.escape(a.route)))</span>"),
        ]), id: "approval")
    }

    func camera() -> String {
        let c = record.camera
        return section(.handoverRSCamera, rows([
            (.handoverRCamera, value(c.id)), (.handoverRSite, value(c.location)), (.handoverRCardCid, hash(c.cid)),
            (.handoverRVolumeLabel, value(c.label)), (.handoverRFilesystem, value([c.filesystem, c.volumeSerial.map { "serial \($0)" }].compactMap { $0 }.joined(separator: ", "))),
            (.handoverRImageSha256, hash(c.imageSHA256)),
        ]), id: "camera")
    }

    func clock() -> String {
        guard let c = record.clockCheck else {
            return section(.handoverRSClock, "<p>\(label(.handoverRNoClock))</p>"
                           + rows([(.handoverROffset, value(record.delivered.clockOffset))]), id: "clock")
        }
        return section(.handoverRSClock, rows([
            (.handoverRCameraShowed, time(c.cameraTime)), (.handoverRReferenceShowed, time(c.referenceTime)),
            (.handoverROffset, "<strong>\(value(c.offset))</strong>"), (.handoverRReference, value(c.reference)),
            (.handoverRCheckedAt, time(c.loggedAt)), (.handoverRCheckedBy, value(c.checkedBy)),
            (.handoverRClockUsed, c.used ? "✓" : "—"),
        ]), id: "clock")
    }

    func extraction() -> String {
        let r = record, e = r.extraction
        var body = rows([
            (.handoverROperator, value(e.operatorName)), (.handoverRWitnesses, value(e.witnesses.joined(separator: ", "))),
            (.handoverRTool, value([e.exportTool, r.tool].compactMap { $0 }.uniqued().joined(separator: " / "))),
            (.handoverRExportedAt, time(e.exportedAt)),
            (.handoverRRequestedWindow, window(r.request.window)), (.handoverRDeliveredWindow, window(r.delivered)),
        ])
        body += "<h3 style=\"font-size:9pt;margin:2mm 0 0 0\">\(label(.handoverRTimeline))</h3>"
        let cameraName = r.camera.id ?? r.request.cameras.first ?? "camera"
        if let svg = CoverageTimeline.svg(files: r.files, requested: r.request.window, delivered: r.delivered, camera: cameraName) {
            body += svg
            func sw(_ style: String, _ key: MessageKey) -> String {
                "<span><i class=\"sw\" style=\"\(style)\"></i>\(HTML.escape(local.text(key)))\(language == .ja ? " / " + HTML.escape(en.text(key)) : "")</span>"
            }
            body += "<div class=\"legend\">" + sw("background:#2e9d4f", .handoverRLgRecorded)
                + sw("background:repeating-linear-gradient(45deg,#d33 0 2px,#fde2e2 2px 4px)", .handoverRLgGap)
                + sw("background:#9aa0a6", .handoverRLgOutside)
                + sw("border:0;border-top:2px dashed #1f5fbf;height:0", .handoverRLgRequested)
                + sw("border:0;border-top:2px solid #111;height:0", .handoverRLgDelivered) + "</div>"
        } else {
            body += "<p class=\"none\">\(label(.handoverRNoTimes))</p>"
        }
        return section(.handoverRSExtraction, body, id: "extraction")
    }

    func files() -> String {
        let r = record
        guard !r.files.isEmpty else { return section(.handoverRSFiles, "<p>\(label(.handoverRNoFiles))</p>", id: "files") }
        let frames = r.files.map { keyFrames.keyFrames(forPayloadPath: $0.path) }
        // Without any key frame the column would only repeat "not available": one line says it instead.
        let withFrames = frames.contains { !$0.isEmpty }
        var t = withFrames ? "" : "<p class=\"none\" style=\"margin:0 0 1mm 0\">\(label(.handoverRKeyFramesNone))</p>"
        t += "<table class=\"list\"><thead><tr><th>#</th><th>\(label(.handoverRCFile))</th><th>\(label(.handoverRCSize))</th><th>\(label(.handoverRCStart))</th><th>\(label(.handoverRCCorrected))</th><th>\(label(.handoverRCSource))</th>"
            + (withFrames ? "<th>\(label(.handoverRKeyFrames))</th>" : "") + "</tr></thead><tbody>"
        for (i, f) in r.files.enumerated() {
            let frames = frames[i]
            let framesHTML = !withFrames ? "" : frames.isEmpty ? "<td><span class=\"none\">\(words(.handoverRKeyFramesNone))</span></td>"
                : "<td><div class=\"frames\">" + frames.prefix(3).map { k in
                    "<figure><img alt=\"\(HTML.escape(k.label))\" src=\"data:image/jpeg;base64,\(String(decoding: Base64.encode(k.jpeg, padded: true), as: UTF8.self))\"><figcaption>\(HTML.escape(k.label))</figcaption></figure>"
                }.joined() + "</div></td>"
            t += "<tr><td>\(i + 1)</td><td><code>\(HTML.escape(f.path))</code><br><code class=\"hash\">SHA-256 \(HTML.escape(f.sha256 ?? "—"))</code></td>"
                + "<td class=\"n\">\(f.size)</td><td class=\"t\">\(span(f.start, f.end))</td>"
                + "<td class=\"t\">\(span(f.correctedStart, f.correctedEnd))</td><td><code>\(value(f.timeSource))</code></td>\(framesHTML)</tr>"
        }
        return section(.handoverRSFiles, t + "</tbody></table>", id: "files")
    }

    func medium() -> String {
        let players = record.players.isEmpty ? words(.handoverRNone)
            : record.players.map { "\(HTML.escape($0.name)) (\($0.size) bytes)<br><code class=\"hash\">SHA-256 \(HTML.escape($0.sha256))</code>" }.joined(separator: "<br>")
        return section(.handoverRSMedium, rows([(.handoverRMedium, value(record.medium)), (.handoverRPlayer, players)]), id: "medium")
    }

    func verification() -> String {
        let r = record, b = r.bag
        var items: [(MessageKey, String)] = [
            (.handoverRResult, "<strong>\(HTML.escape(r.verification.summary))</strong><br><span class=\"none\">\(time(r.verification.checkedAt))</span>"),
            (.handoverRExternalId, value(b.externalIdentifier)), (.handoverRPayloadOxum, value(b.payloadOxum)),
        ]
        if b.kind == "bag" {
            items += [(.handoverRManifestSha, hash(b.manifestSHA256)), (.handoverRTagmanifestSha, hash(b.tagManifestSHA256)),
                      (.handoverRBaginfoSha, hash(b.bagInfoSHA256))]
        } else {
            items.append((.handoverRArchiveSha, hash(b.archiveSHA256)))
        }
        items += [(.handoverRLogHead, r.log.headHash.map { "#\(r.log.headSeq.map(String.init) ?? "?") " + hash($0) } ?? value(nil)),
                  (.handoverRKeyFingerprint, hash(r.log.keyFingerprint)), (.handoverRSignature, hash(r.signature?.hash))]
        let commands = b.kind == "bag"
            ? "bagit.py --validate \(b.name)\ncd \(b.name) && sha256sum -c manifest-sha256.txt && sha256sum -c tagmanifest-sha256.txt\nsdcustody verify \(b.name)"
            : "sha256sum \(b.name)    # = \(b.archiveSHA256 ?? "")\nsdcustody verify \(b.name)"
        let qr = QRCodeSVG.svg(hashBlock, size: 40) ?? ""
        // The hashes get the full width, so each stays on one line (and reads back from the PDF whole).
        let body = rows(items) + "<div class=\"verify\"><div>"
            + "<p style=\"margin:1.5mm 0 0 0\">\(label(.handoverRHowToCheck))</p><pre class=\"cmd\">\(HTML.escape(commands))</pre></div>"
            + "<figure style=\"margin:0;text-align:center\">\(qr)<figcaption style=\"font-size:7pt\">\(label(.handoverRQr))</figcaption></figure></div>"
        return section(.handoverRSVerification, body, id: "verification")
    }

    func original() -> String {
        let o = record.original
        var items: [(MessageKey, String)] = [(.handoverRSOriginal, "<strong>\(words(MessageKey("handover.r.original_" + o.handling)))</strong> <span class=\"mono\">(\(HTML.escape(o.handling)))</span>")]
        if o.cardSHA256 != nil || o.handling == "taken" {
            items += [(.handoverRCardSha, hash(o.cardSHA256)), (.handoverRCardShaSource, value(o.cardSHA256Source))]
        }
        return section(.handoverRSOriginal, rows(items), id: "original")
    }

    func security() -> String {
        guard let findings = record.securityFindings else {
            return section(.handoverRSSecurity, "<p class=\"none\">\(label(.handoverRSecurityUnchecked))</p>", id: "security")
        }
        guard !findings.isEmpty else { return section(.handoverRSSecurity, "<p>\(label(.handoverRSecurityNone))</p>", id: "security") }
        var t = "<table class=\"list\"><thead><tr><th>\(label(.handoverRCSeverity))</th><th>\(label(.handoverRCPath))</th><th>\(label(.handoverRCChecklist))</th><th>\(label(.handoverRCAdvice))</th></tr></thead><tbody>"
        for f in findings {
            func text(_ prefix: String, _ code: String) -> String {
                let key = MessageKey(prefix + code)
                return local.has(key) ? HTML.escape(local.text(key)) : HTML.escape(code)
            }
            t += "<tr><td>\(text("audit.severity.", f.severity))</td><td><code>\(HTML.escape(f.path))</code>\(f.deleted ? words(.auditItemDeleted) : "")<br><code>\(HTML.escape(f.kind))</code></td>"
                + "<td>\(text("audit.checklist.", f.checklist))</td><td>\(text("audit.advice.", f.adviceCode))</td></tr>"
        }
        return section(.handoverRSSecurity, t + "</tbody></table><p class=\"none\">\(label(.handoverRSecurityNote))</p>", id: "security")
    }

    func conditions() -> String {
        let list = [MessageKey.handoverRCondPurpose, .handoverRCondCustody, .handoverRCondReturn].map { "<li>\(label($0))</li>" }.joined()
        return section(.handoverRSConditions, "<ul class=\"conditions\">\(list)</ul>", id: "conditions")
    }

    func signatures() -> String {
        func box(_ who: MessageKey, name: String?) -> String {
            "<div class=\"sign\"><strong>\(label(who))</strong>"
                + "<div class=\"line\">\(label(.handoverRNameLine))&nbsp;\(name.map(HTML.escape) ?? "")</div>"
                + "<div class=\"line\">\(label(.handoverRDateLine))</div>"
                + "<div class=\"seal\">\(words(.handoverRSeal))</div></div>"
        }
        let r = record
        return section(.handoverRSSignatures, "<div class=\"signs\">" + box(.handoverRProvider, name: r.extraction.operatorName)
                       + box(.handoverRWitness, name: r.extraction.witnesses.first) + box(.handoverRRecipient, name: r.request.requester)
                       + "</div>", id: "signatures")
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
