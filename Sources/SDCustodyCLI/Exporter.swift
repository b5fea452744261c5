import Foundation
import AccessLog
import Acquisition
import BagIt
import Card
import CardFileSystem
import CardIO
import MediaTime
import OpenSSL
import Codecs

/// What `export` was asked for.
struct ExportRequest {
    var sourcePath: String
    var output: String
    var caseID: String
    var exhibit: String
    var operatorName: String
    var organization: String?
    var cameraID: String?
    var location: String?
    var includes: [String]
    var deleted: Bool
    var window: TimeWindow?
    var windowText: (from: String?, to: String?, date: String?)
    var offset: ClockOffset?
    var extraAlgorithms: [DigestAlgorithm]
    var partition: Int?
    /// Export what can be read even when the listing is incomplete (a damaged card).
    var allowIncomplete: Bool
    var commandLine: [String]
    var accessLog: AccessLog?
}

/// What `export` did, for its summary and its log entry.
struct ExportResult {
    var bagPath: String
    var files: Int
    var bytes: UInt64
    var payloadOxum: String
    var sourceSHA256: String?
    var tagManifestSHA256: String?
    var warnings: [String]
}

/// Exports the chosen files of a card as a BagIt bag: each file read once from the card, hashed
/// in the same pass as it is written, re-read from the bag and checked, with a provenance tag
/// file and the access-log entries about this evidence. The bag is built under a temporary name
/// and renamed into place only when complete (BagWriter).
final class Exporter {
    static let provenanceFile = "sdcustody-provenance.json"
    let request: ExportRequest
    var progress: ((_ done: UInt64, _ total: UInt64) -> Void)?
    var shouldStop: () -> Bool = { false }

    init(_ request: ExportRequest) { self.request = request }

    struct Selected {
        let item: FootageItem
        let storedPath: String
        let storedReason: String?
    }

    func run(card: CardSource) throws -> ExportResult {
        let (tree, slot) = try card.tree(partition: request.partition)
        let listing = try tree.listing(includeDeleted: request.deleted)
        // A bag that silently lacks files would validate while incomplete: refuse, unless asked.
        if !listing.problems.isEmpty && !request.allowIncomplete {
            let shown = listing.problems.prefix(3).joined(separator: "; ")
            throw CLIError.input("the card could not be read completely (\(shown)\(listing.problems.count > 3 ? "; …" : "")); no bag written. "
                                 + "Image it with `sdcustody acquire`, or pass --partial to export what can be read")
        }
        // What the source itself is wrong about (a truncated image, a card mounted read-write)
        // belongs in the bag, not only on this terminal.
        var warnings = card.warnings + listing.problems.map { "the listing is incomplete: \($0)" }
        var names = StoredNames()
        var selected: [Selected] = []
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
        }
        if undated > 0 {
            warnings.append("\(undated) file\(undated == 1 ? " has" : "s have") no recording time and could not be placed in the window; not exported")
        }
        guard !selected.isEmpty else {
            throw CLIError.input("nothing to export: no file on the card matches the selection")
        }

        let writer = try BagWriter(destination: request.output, algorithms: request.extraAlgorithms,
                                   softwareAgent: "sdcustody \(SDCustody.version)")
        var completed = false
        defer { if !completed { writer.abort() } }

        // The whole image's SHA-256, on the second core while the files are copied. On every way
        // out the thread is stopped and joined: the process must not exit while it is inside
        // libcrypto, whose exit-time cleanup would pull the state from under it.
        let sourceHasher = card.kind == .imageFile || card.kind == .splitImage ? card.bytes.map { SourceHasher($0) } : nil
        sourceHasher?.start()
        defer { sourceHasher?.cancelAndWait() }

        let total = selected.reduce(UInt64(0)) { $0 &+ $1.item.entry.size }
        var done: UInt64 = 0
        var fileRecords: [JSONValue] = []
        for s in selected {
            let entry = s.item.entry
            let content = try tree.content(of: entry)
            for w in content.warnings { warnings.append("\(entry.path): \(w)") }
            let file = try writer.beginFile(relativePath: s.storedPath, modificationTime: Exporter.date(entry.modified))
            do {
                try content.forEachChunk { chunk in
                    if self.shouldStop() { throw CLIError.input("interrupted; no bag was written") }
                    try file.write(chunk)
                    done &+= UInt64(chunk.count)
                    self.progress?(done, total)
                }
            } catch let e as CLIError {
                throw e
            } catch {
                throw CLIError.input("\(entry.path): \(error)")
            }
            let record = try file.finish()
            fileRecords.append(Provenance.file(s, content: content, record: record, slot: slot, offset: request.offset))
        }

        let sourceDigest = try sourceHasher?.wait()
        let provenance = Provenance.export(request: request, card: card, slot: slot, listing: listing,
                                           files: fileRecords, sourceSHA256: sourceDigest, warnings: warnings)
        var provenanceBytes = provenance.bytes()
        provenanceBytes.append(0x0A)
        try writer.addTagFile(relativePath: Exporter.provenanceFile, contents: provenanceBytes)

        // The access-log entries about this evidence, so the police can check its history.
        if let log = request.accessLog, FileManager.default.fileExists(atPath: log.path) {
            var criteria = ExcerptCriteria(caseID: request.caseID, exhibit: request.exhibit, paths: [request.sourcePath])
            if let sourceDigest { criteria.sha256s.insert(sourceDigest) }
            if let recorded = card.acquisitionRecord?.hashes["sha256"] { criteria.sha256s.insert(recorded) }
            do {
                let excerpt = try log.excerpt(concerning: criteria)
                try writer.addTagFile(relativePath: LogExcerpt.fileName, contents: excerpt.serialized())
            } catch {
                warnings.append("the access log's entries could not be included: \(error)")
            }
        }

        try writer.addInfo("Source-Organization", request.organization ?? "unspecified (pass --organization)")
        try writer.addInfo("Contact-Name", request.operatorName)
        try writer.addInfo("External-Identifier", "case \(request.caseID), exhibit \(request.exhibit)")
        try writer.addInfo("External-Description", "Footage exported by sdcustody from \(Exporter.baseName(request.sourcePath))"
                           + (card.kind == .mountedFolder ? " (logical copy from a mounted folder)" : ""))
        try writer.addInfo("SDCustody-Case", request.caseID)
        try writer.addInfo("SDCustody-Exhibit", request.exhibit)
        if let sourceDigest { try writer.addInfo("SDCustody-Source-SHA256", sourceDigest) }
        if let cameraID = request.cameraID { try writer.addInfo("SDCustody-Camera-ID", cameraID) }
        if let location = request.location { try writer.addInfo("SDCustody-Location", location) }
        try writer.addInfo("SDCustody-Clock-Offset", request.offset?.description ?? "not given")
        for w in card.warnings { try writer.addInfo("SDCustody-Source-Warning", w) }
        if !listing.problems.isEmpty {
            try writer.addInfo("SDCustody-Incomplete", "the card could not be read completely: \(listing.problems.count) problems, see sdcustody-provenance.json")
        }
        if let window = request.window {
            try writer.addInfo("SDCustody-Time-Window", "\(window.from?.iso ?? "start") to \(window.to?.iso ?? "end") (true time)")
        }
        let result = try writer.finish()
        completed = true
        let tagManifest = try? Digest.hash(.sha256, Array((try? Data(contentsOf: URL(fileURLWithPath: result.path + "/tagmanifest-sha256.txt"))) ?? Data())).hex
        return ExportResult(bagPath: result.path, files: result.files.count, bytes: result.payloadOxum.octetCount,
                            payloadOxum: result.payloadOxum.description, sourceSHA256: sourceDigest,
                            tagManifestSHA256: tagManifest, warnings: warnings)
    }

    static func baseName(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p.split(separator: "/").last.map(String.init) ?? path
    }

    /// The card's wall-clock time as an instant: in its recorded zone where it has one, else in
    /// this machine's zone (so `ls -l` in the bag shows what the card shows).
    static func date(_ t: CardTimestamp?) -> Date? {
        guard let t, t.isValid else { return nil }
        let seconds = Double(t.wallClockSeconds) + Double(t.nanosecond) / 1e9
        if let off = t.utcOffsetMinutes { return Date(timeIntervalSince1970: seconds - Double(off * 60)) }
        let guess = Date(timeIntervalSince1970: seconds)
        let zone = TimeZone.current.secondsFromGMT(for: guess)
        return Date(timeIntervalSince1970: seconds - Double(zone))
    }
}

/// Hashes a whole source on its own thread (the issue asks both cores to be used).
final class SourceHasher: @unchecked Sendable {
    let source: ByteSource
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<String, Error> = .failure(CLIError.input("source hash not computed"))
    private let lock = NSLock()
    private var cancelled = false

    private var started = false

    init(_ source: ByteSource) { self.source = source }

    func start() {
        started = true
        let thread = Thread { [self] in
            defer { done.signal() }
            do {
                let digest = try Digest(.sha256)
                let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 4096)
                defer { buffer.deallocate() }
                var offset: UInt64 = 0
                while offset < source.size {
                    if lock.withLock({ cancelled }) { throw CLIError.input("cancelled") }
                    let n = try source.readFully(at: offset, into: buffer)
                    if n == 0 { break }
                    try digest.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
                    offset += UInt64(n)
                }
                let hex = try digest.finish().hex
                lock.withLock { result = .success(hex) }
            } catch {
                lock.withLock { result = .failure(error) }
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    func wait() throws -> String {
        done.wait()
        done.signal()
        return try lock.withLock { try result.get() }
    }

    /// Stops the thread at its next block and waits for it to end.
    func cancelAndWait() {
        lock.withLock { cancelled = true }
        guard started else { return }
        done.wait()
        done.signal()
    }
}

/// Shell-style patterns for `--include`: `*` and `?` match within and across folders, `**/`
/// matches any folder prefix; compared with the card path (no leading `/`).
enum Glob {
    static func matches(_ pattern: String, _ path: String) -> Bool {
        var p = Substring(pattern)
        while p.hasPrefix("/") { p.removeFirst() }
        return fnmatch(String(p), path, 0) == 0 || fnmatch(String(p), path, 1 << 4) == 0  // FNM_CASEFOLD (GNU): FAT names are case-insensitive
    }
}
