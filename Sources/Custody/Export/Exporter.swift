import Messages
import Foundation
import AccessLog
import BagIt
import Card
import CardFileSystem
import CardIO
import MediaTime
import OpenSSL
import Records
import Codecs

/// What `export` was asked for.
public struct ExportRequest {
    public var sourcePath: String
    public var output: String
    public var caseID: String
    public var exhibit: String
    public var operatorName: String
    public var organization: String?
    public var cameraID: String?
    public var location: String?
    public var includes: [String]
    public var deleted: Bool
    public var window: TimeWindow?
    public var windowText: (from: String?, to: String?, date: String?)
    public var offset: ClockOffset?
    /// The camera's most recent clock check, if the log has one (`ClockCheck.latest`); `offset`
    /// is its offset unless `--clock-offset` was given.
    public var clockCheck: ClockCheck?
    public var extraAlgorithms: [DigestAlgorithm]
    public var partition: Int?
    /// Export what can be read even when the listing is incomplete (a damaged card).
    public var allowIncomplete: Bool
    public var commandLine: [String]
    public var accessLog: AccessLog?
    /// Also write playable working copies under `data/playable/` (issue 13; `PlayableCopies`).
    public var playable = false
    /// The media helper for `playable` (nil: the one beside the running executable).
    public var mediaHelper: MediaHelper?
    /// Also export the footage carved from unallocated clusters under `data/carved/` (issue 12).
    public var carve = false

    public init(sourcePath: String, output: String, caseID: String, exhibit: String, operatorName: String,
                organization: String? = nil, cameraID: String? = nil, location: String? = nil, includes: [String] = [],
                deleted: Bool = false, window: TimeWindow? = nil, windowText: (from: String?, to: String?, date: String?) = (nil, nil, nil),
                offset: ClockOffset? = nil, clockCheck: ClockCheck? = nil, extraAlgorithms: [DigestAlgorithm] = [], partition: Int? = nil,
                allowIncomplete: Bool = false, commandLine: [String] = [], accessLog: AccessLog? = nil) {
        self.sourcePath = sourcePath
        self.output = output
        self.caseID = caseID
        self.exhibit = exhibit
        self.operatorName = operatorName
        self.organization = organization
        self.cameraID = cameraID
        self.location = location
        self.includes = includes
        self.deleted = deleted
        self.window = window
        self.windowText = windowText
        self.offset = offset
        self.clockCheck = clockCheck
        self.extraAlgorithms = extraAlgorithms
        self.partition = partition
        self.allowIncomplete = allowIncomplete
        self.commandLine = commandLine
        self.accessLog = accessLog
    }
}

/// What `export` did, for its summary and its log entry.
public struct ExportResult {
    public var bagPath: String
    public var files: Int
    public var bytes: UInt64
    public var payloadOxum: String
    public var sourceSHA256: String?
    public var tagManifestSHA256: String?
    public var warnings: [String]
    /// Files copied only in part (`--partial`): the bag holds `recovered` of their `recorded` bytes.
    public var partialFiles: [PartialFile] = []
    /// Card paths of unclosed recordings a plain export did not recover (`--partial` would).
    public var unclosedNotRecovered: [String] = []
    /// Playable working copies written (`--playable`).
    public var workingCopies: [WorkingCopyRecord] = []
    /// Finds carved from unallocated clusters (`export --carve`) and their bytes.
    public var carvedFinds = 0
    public var carvedBytes: UInt64 = 0

    public struct PartialFile: Sendable, Equatable {
        public var path: String
        public var recovered: UInt64
        public var recorded: UInt64
        public var reason: String
    }
}

/// Exports the chosen files of a card as a BagIt bag: each file read once from the card, hashed
/// in the same pass as it is written, re-read from the bag and checked, with a provenance tag
/// file and the access-log entries about this evidence. The bag is built under a temporary name
/// and renamed into place only when complete (BagWriter).
public final class Exporter {
    public static let provenanceFile = ProvenanceDocument.fileName
    public let request: ExportRequest
    public var progress: ((_ done: UInt64, _ total: UInt64) -> Void)?
    public var shouldStop: () -> Bool = { false }

    public init(_ request: ExportRequest) { self.request = request }

    struct Selected {
        let item: FootageItem
        let storedPath: String
        let storedReason: String?
        /// An unclosed recording read along its whole chain into `data/recovered/` (the card's
        /// own entry is exported as it is, beside it).
        var chainOf: FileContent? = nil
    }

    public func run(card: CardSource) throws -> ExportResult {
        let (tree, slot) = try card.tree(partition: request.partition)
        let listing = try tree.listing(includeDeleted: request.deleted)
        // A bag that silently lacks files would validate while incomplete: refuse, unless asked.
        if !listing.problems.isEmpty && !request.allowIncomplete {
            let shown = listing.problems.prefix(3).joined(separator: "; ")
            throw CustodyError.input(tr(.exportIncompleteCard, ["problems": shown + (listing.problems.count > 3 ? "; …" : "")]))
        }
        // What the source itself is wrong about (a truncated image, a card mounted read-write)
        // belongs in the bag, not only on this terminal.
        var warnings = card.warnings + listing.problems.map { tr(.warnListingIncomplete, ["problem": "\($0)"]) }
        var names = StoredNames()
        var selected: [Selected] = []
        var unclosedNotRecovered: [String] = []
        var undated = 0
        for entry in listing.entries where !entry.isDirectory {
            // The path test is free; the recording time costs a read of the file's headers.
            if !request.includes.isEmpty && !request.includes.contains(where: { Glob.matches($0, entry.path) }) { continue }
            let item = Footage.item(entry, tree: tree, offset: request.offset)
            if let window = request.window {
                guard let span = item.span else { undated += 1; continue }
                guard RecordingSelection.overlaps(span, window) else { continue }
            }
            let stored = names.store(item.entry.path, root: item.entry.deleted ? "recovered" : "card")
            selected.append(Selected(item: item, storedPath: stored.path, storedReason: stored.reason))
            if entry.damage.contains(.unclosed) {
                if request.allowIncomplete, let chain = try tree.unclosedContent(of: entry) {
                    let recovered = names.store(entry.path, root: "recovered")
                    selected.append(Selected(item: Footage.item(entry, content: chain, offset: request.offset),
                                             storedPath: recovered.path, storedReason: recovered.reason, chainOf: chain))
                } else if !request.allowIncomplete {
                    unclosedNotRecovered.append(entry.path)
                }
            }
        }
        if undated > 0 {
            warnings.append(undated == 1 ? tr(.warnUndatedOne) : tr(.warnUndatedMany, ["count": String(undated)]))
        }
        // A recorder card in a window: recordings as byte ranges instead of whole containers.
        let recorder = RecordingExport.plan(request: request, listing: listing, tree: tree, selected: &selected, names: &names)
        warnings += recorder.warnings
        guard !selected.isEmpty || !recorder.planned.isEmpty else {
            throw CustodyError.input(tr(.exportNothing))
        }
        // A file whose chain breaks cannot be copied whole: name every one before writing
        // anything, unless asked to export what can be read.
        if !request.allowIncomplete {
            try refuseDamaged(selected, tree: tree)
        }

        let writer = try BagWriter(destination: request.output, algorithms: request.extraAlgorithms,
                                   softwareAgent: CustodyTool.agent)
        var completed = false
        defer { if !completed { writer.abort() } }

        // The whole image's SHA-256, on the second core while the files are copied. On every way
        // out the thread is stopped and joined: the process must not exit while it is inside
        // libcrypto, whose exit-time cleanup would pull the state from under it.
        let sourceHasher = card.kind == .imageFile || card.kind == .splitImage ? card.bytes.map { SourceHasher($0) } : nil
        sourceHasher?.start()
        defer { sourceHasher?.cancelAndWait() }

        // The progress bar counts the recordings' bytes too (a windowed export of a ring card is mostly those).
        let total = selected.reduce(UInt64(0)) { $0 &+ ($1.chainOf?.size ?? $1.item.entry.size) }
            &+ recorder.planned.reduce(UInt64(0)) { $0 &+ $1.recording.length }
        var done: UInt64 = 0
        var fileRecords: [ProvenanceDocument.File] = []
        var incompleteFiles: [String] = []
        var partialFiles: [ExportResult.PartialFile] = []
        for s in selected {
            let entry = s.item.entry
            let content: FileContent
            if let chain = s.chainOf {
                content = chain
            } else if request.allowIncomplete {
                do {
                    content = try tree.salvageContent(of: entry)
                } catch where entry.deleted {
                    // A deleted file nothing of which can be recovered is still accounted for:
                    // an empty file whose provenance says why (never a file that seems whole).
                    content = Exporter.nothingRecovered(entry, reason: "\(error)")
                }
            } else {
                content = try tree.content(of: entry)
            }
            for w in content.warnings { warnings.append("\(entry.path): \(w)") }
            let file = try writer.beginFile(relativePath: s.storedPath, modificationTime: Exporter.date(entry.modified))
            do {
                try content.forEachChunk { chunk in
                    if self.shouldStop() { throw CustodyError.input(tr(.exportInterrupted)) }
                    try file.write(chunk)
                    done &+= UInt64(chunk.count)
                    self.progress?(done, total)
                }
            } catch let e as CustodyError {
                throw e
            } catch {
                throw CustodyError.input("\(entry.path): \(error)")
            }
            let record = try file.finish()
            let fileRecord = Provenance.file(s, content: content, record: record, slot: slot, offset: request.offset)
            if fileRecord.complete == false {
                partialFiles.append(ExportResult.PartialFile(path: entry.path, recovered: record.size, recorded: entry.size,
                                                             reason: fileRecord.incompleteReason ?? "damaged"))
                incompleteFiles.append("\(entry.path): \(record.size) of \(entry.size) bytes (\(fileRecord.incompleteReason ?? "damaged"))")
            }
            fileRecords.append(fileRecord)
        }

        let recordingRanges = try RecordingExport.write(recorder.planned, tree: tree, writer: writer, slot: slot, shouldStop: shouldStop) { n in
            done &+= n
            self.progress?(done, total)
        }

        let carved = request.carve ? try CarvedExport.write(slot: slot, request: request, writer: writer, shouldStop: shouldStop) : nil
        warnings += carved?.warnings ?? []

        // Issue 13: working copies of what players cannot open, made from the bag's own masters.
        var workingCopies: [WorkingCopyRecord] = []
        if request.playable {
            let masters = fileRecords.compactMap { f in f.sha256.map { PlayableMaster(storedPath: f.storedPath, cardPath: f.cardPath, offset: 0, length: f.size, sha256: $0) } }
                + recordingRanges.compactMap { r in
                    r.storedPath.flatMap { p in r.sha256.map { PlayableMaster(storedPath: p, cardPath: r.container, offset: r.offset, length: r.length, sha256: $0) } }
                }
                // A carved program stream or DHAV find is footage no player opens either. It has no
                // card file: its stored name (which keeps the type's extension) stands for the card
                // path, and its image bytes are in the provenance's `carved` entry.
                + (carved?.records ?? []).compactMap { c in
                    c.sha256.map { PlayableMaster(storedPath: c.storedPath, cardPath: c.storedPath, offset: 0, length: c.length, sha256: $0) }
                }
            let outcome = try PlayableCopies.make(masters, writer: writer, helper: request.mediaHelper, shouldStop: shouldStop)
            workingCopies = outcome.copies
            for f in outcome.failures { warnings.append(tr(.exportPlayableFailed, ["path": f.path, "reason": f.reason])) }
        }

        let sourceDigest = try sourceHasher?.wait()
        // The bag says which unclosed recordings it does not hold; the terminal says it through
        // the catalogue (`ExportResult.unclosedNotRecovered`).
        let unclosedWarnings = unclosedNotRecovered.map {
            tr(.ccUnclosedRecordingTheCameraNever, ["0": "\($0)"])
                + tr(.ccNotRecoveredExportPartialRecovers)
        }
        var provenance = Provenance.export(request: request, card: card, slot: slot, listing: listing,
                                           files: fileRecords, sourceSHA256: sourceDigest, warnings: warnings + unclosedWarnings)
        // Issue 16: what the card reveals about the camera's security goes with the evidence
        // (findings hold no secret).
        provenance.securityFindings = SecurityFindings.forProvenance(tree: tree, includeDeleted: request.deleted)
        let recordingsInProvenance = recordingRanges
            + RecordingExport.listed(request: request, listing: listing, tree: tree, selected: selected, slot: slot)
        if !recordingsInProvenance.isEmpty { provenance.recordings = recordingsInProvenance }
        if request.playable { provenance.workingCopies = workingCopies }
        provenance.carved = carved?.records
        try writer.addTagFile(relativePath: Exporter.provenanceFile, contents: provenance.bytes())

        // The access-log entries about this evidence, so the police can check its history.
        if let log = request.accessLog, FileManager.default.fileExists(atPath: log.path) {
            var criteria = ExcerptCriteria(caseID: request.caseID, exhibit: request.exhibit, paths: [request.sourcePath])
            if let sourceDigest { criteria.sha256s.insert(sourceDigest) }
            if let recorded = card.acquisitionRecord?.hashes["sha256"] { criteria.sha256s.insert(recorded) }
            do {
                let excerpt = try log.excerpt(concerning: criteria)
                try writer.addTagFile(relativePath: LogExcerpt.fileName, contents: excerpt.serialized())
            } catch {
                warnings.append(tr(.warnLogNotIncluded, ["reason": "\(error)"]))
            }
        }

        var info = ExportBagInfo(
            sourceOrganization: request.organization ?? "unspecified (pass --organization)",
            contactName: request.operatorName,
            externalIdentifier: "case \(request.caseID), exhibit \(request.exhibit)",
            externalDescription: "Footage exported by sdcustody from \(Exporter.baseName(request.sourcePath))"
                + (card.kind == .mountedFolder ? " (logical copy from a mounted folder)" : ""),
            caseID: request.caseID, exhibit: request.exhibit, sourceSHA256: sourceDigest,
            cameraID: request.cameraID, location: request.location,
            clockOffset: request.offset?.description ?? "not given", sourceWarnings: card.warnings,
            incomplete: !listing.problems.isEmpty
                ? "the card could not be read completely: \(listing.problems.count) problems, see \(Exporter.provenanceFile)"
                : incompleteFiles.isEmpty ? nil
                : "\(incompleteFiles.count) file\(incompleteFiles.count == 1 ? "" : "s") could not be read completely, see \(Exporter.provenanceFile)",
            timeWindow: request.window.map { "\($0.from?.iso ?? "start") to \($0.to?.iso ?? "end") (true time)" })
        info.incompleteFiles = incompleteFiles
        info.recordingFlags = recorder.flags
        info.carvedFinds = carved?.bagInfo ?? []
        for element in info.elements { try writer.addInfo(element.label, element.value) }
        for c in workingCopies {
            try writer.addInfo("Playable-Working-Copy", "\(c.storedPath) (stream copy of \(c.masterStoredPath), SHA-256 \(c.masterSHA256))")
        }
        let result = try writer.finish()
        completed = true
        var exported = ExportResult(bagPath: result.path, files: result.files.count, bytes: result.payloadOxum.octetCount,
                                    payloadOxum: result.payloadOxum.description, sourceSHA256: sourceDigest,
                                    tagManifestSHA256: result.tagManifestDigests[.sha256], warnings: warnings)
        exported.partialFiles = partialFiles
        exported.unclosedNotRecovered = unclosedNotRecovered
        exported.workingCopies = workingCopies
        exported.carvedFinds = carved?.records.count ?? 0
        exported.carvedBytes = carved?.bytes ?? 0
        return exported
    }

    /// The content of a deleted file of which nothing could be recovered.
    static func nothingRecovered(_ entry: CardEntry, reason: String) -> FileContent {
        var plan = ContentPlan(runs: [], size: 0, dataLength: 0, unrecoverableBytes: entry.size,
                               warnings: [tr(.warnNothingRecovered, ["bytes": String(entry.size), "reason": reason])])
        plan.incompleteReason = reason
        return FileContent(source: EmptySource(), size: 0, plan: plan, warnings: plan.warnings) { _ in }
    }

    /// Throws `DamagedSelection` naming every selected file the listing found unreadable in full.
    func refuseDamaged(_ selected: [Selected], tree: FileTree) throws {
        var damaged: [DamagedSelection.File] = []
        for s in selected {
            let e = s.item.entry
            guard e.damage.contains(where: \.losesData) else { continue }
            var reason = e.damage.map(\.rawValue).joined(separator: ", ")
            do { _ = try tree.content(of: e) } catch { reason = "\(error)" }
            damaged.append(DamagedSelection.File(path: e.path, damage: e.damage, reason: reason))
        }
        if !damaged.isEmpty { throw DamagedSelection(files: damaged) }
    }

    public static func baseName(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p.split(separator: "/").last.map(String.init) ?? path
    }

    /// The card's wall-clock time as an instant: in its recorded zone where it has one, else in
    /// this machine's zone (so `ls -l` in the bag shows what the card shows).
    public static func date(_ t: CardTimestamp?) -> Date? {
        guard let t, t.isValid else { return nil }
        let seconds = Double(t.wallClockSeconds) + Double(t.nanosecond) / 1e9
        if let off = t.utcOffsetMinutes { return Date(timeIntervalSince1970: seconds - Double(off * 60)) }
        let guess = Date(timeIntervalSince1970: seconds)
        let zone = TimeZone.current.secondsFromGMT(for: guess)
        return Date(timeIntervalSince1970: seconds - Double(zone))
    }
}

