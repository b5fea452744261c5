import BagIt
import Codecs
import Foundation
import OpenSSL
import Records
import Messages

/// What is being handed over, checked in full before anything is written (issue 14 item 2): a
/// bag (`BagVerification`: every hash, nothing missing or extra, tag files, provenance and log
/// excerpt) or a sealed `FILE.age` checked against its sidecar (`SealedArchiveCheck`: size,
/// SHA-256, recipients), with the identity the handover record names.
public struct HandoverEvidence: Sendable {
    public var bag: HandoverRecord.Bag
    public var files: [HandoverRecord.File]
    public var provenance: ProvenanceDocument?
    public var verification: HandoverRecord.Verification
    /// Why the evidence failed its check; empty when it passed.
    public var problems: [String]
    public var isValid: Bool { problems.isEmpty }

    /// Examines `path` (a bag folder, `FILE.age`, or its `FILE.age.json`). A target that is not a
    /// bag at all, or cannot be read, throws (exit 2); a bag that fails a check comes back with
    /// `problems` (exit 1).
    public static func examine(_ path: String) throws -> HandoverEvidence {
        let checkedAt = SealedArchiveSidecar.now()
        if let sealed = SealedArchiveCheck.target(path) {
            let report = try sealed.run()
            let s = report.sidecar
            var ids = AccessDraft()
            ids.identify(externalIdentifier: s.externalIdentifier)
            let bag = HandoverRecord.Bag(
                kind: "sealed_archive", name: (sealed.archive as NSString).lastPathComponent,
                externalIdentifier: s.externalIdentifier, caseID: ids.caseID, exhibit: ids.exhibit,
                payloadOxum: s.payloadOxum, payloadFiles: UInt64(clamping: s.payloadFiles), payloadBytes: s.payloadBytes,
                manifestSHA256: nil, tagManifestSHA256: nil, bagInfoSHA256: nil,
                archiveSHA256: report.sha256, archiveSize: report.size)
            let summary = report.isValid
                ? tr(.ccSealedArchiveMatchesItsSidecar, ["size": "\(report.size)", "sha256": "\(report.sha256)"])
                : tr(.ccSealedArchiveDoesNotMatch, ["count": "\(report.problems.count)"])
            return HandoverEvidence(bag: bag, files: [], provenance: nil,
                                    verification: .init(result: report.isValid ? "valid" : "invalid", checkedAt: checkedAt,
                                                        summary: summary, warnings: []),
                                    problems: report.problems)
        }

        let outcome = BagVerification.verify(path)
        let report = outcome.report
        if report.verdict == .notABag {
            throw CustodyError.input("\(path): \(report.summary)")
        }
        let problems = report.problems.map(\.description)
        // Tag files are read again only from a bag that passed (so each is a regular file the
        // validator hashed), and only as regular files of a sane size: a symlink to a device
        // swapped in meanwhile cannot make this hang.
        let valid = problems.isEmpty
        func contents(_ name: String, limit: Int64 = 64 << 20) -> Data? {
            guard valid, let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + name),
                  attributes[.type] as? FileAttributeType == .typeRegular,
                  let size = attributes[.size] as? Int64, size <= limit else { return nil }
            return FileManager.default.contents(atPath: path + "/" + name)
        }
        func digest(_ name: String) -> String? {
            guard let data = contents(name) else { return nil }
            return try? Digest.hash(.sha256, Array(data)).hex
        }
        var provenance: ProvenanceDocument?
        if let data = contents(ProvenanceDocument.fileName) {
            provenance = try? ProvenanceDocument.read(Array(data))
        }
        let bag = HandoverRecord.Bag(
            kind: "bag", name: (URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent),
            externalIdentifier: outcome.info?.first("External-Identifier"), caseID: outcome.caseID, exhibit: outcome.exhibit,
            payloadOxum: outcome.info?.first("Payload-Oxum"), payloadFiles: UInt64(report.payloadFileCount),
            payloadBytes: report.payloadByteCount, manifestSHA256: digest("manifest-sha256.txt"),
            tagManifestSHA256: digest("tagmanifest-sha256.txt"), bagInfoSHA256: digest("bag-info.txt"),
            archiveSHA256: nil, archiveSize: nil)
        let files = provenance.map(Self.files(of:)) ?? (valid ? Self.manifestFiles(path) : [])
        return HandoverEvidence(bag: bag, files: files, provenance: provenance,
                                verification: .init(result: report.verdict.rawValue, checkedAt: checkedAt, summary: report.summary,
                                                    warnings: report.warnings.map(\.description)),
                                problems: problems)
    }

    /// The delivered files as the provenance describes them: whole files, then recordings cut
    /// from recorder containers.
    static func files(of doc: ProvenanceDocument) -> [HandoverRecord.File] {
        var out = doc.files.map { f in
            HandoverRecord.File(path: f.storedPath, size: f.size, sha256: f.sha256, start: f.recording?.start, end: f.recording?.end,
                                correctedStart: f.recording?.correction?.correctedStart,
                                correctedEnd: f.recording?.correction?.correctedEnd, timeSource: f.recording?.timeSource)
        }
        for r in doc.recordings ?? [] {
            guard let stored = r.storedPath else { continue }
            out.append(HandoverRecord.File(path: stored, size: r.length, sha256: r.sha256, start: r.start, end: r.end,
                                           correctedStart: nil, correctedEnd: nil, timeSource: r.timeSource))
        }
        return out
    }

    /// A bag another tool wrote: its payload manifest's paths and hashes (the sizes from the files).
    static func manifestFiles(_ bag: String) -> [HandoverRecord.File] {
        guard let text = try? String(contentsOfFile: bag + "/manifest-sha256.txt", encoding: .utf8) else { return [] }
        return text.split(whereSeparator: \.isNewline).compactMap { line in
            guard let space = line.firstIndex(of: " ") else { return nil }
            let hash = String(line[..<space]).lowercased()
            let name = line[line.index(after: space)...].trimmingCharacters(in: .whitespaces)
            let size = (try? FileManager.default.attributesOfItem(atPath: bag + "/" + name)[.size] as? UInt64) ?? 0
            return HandoverRecord.File(path: name, size: size, sha256: Hex.isSHA256(hash) ? hash : nil, start: nil, end: nil,
                                       correctedStart: nil, correctedEnd: nil, timeSource: nil)
        }
    }

    /// The camera and card as the provenance names them.
    public var camera: HandoverRecord.Camera {
        guard let p = provenance else {
            return .init(id: nil, location: nil, filesystem: nil, label: nil, volumeSerial: nil, cid: nil, imageSHA256: nil)
        }
        let fs = p.volume.filesystem
        let acquisitionSHA = p.source.acquisition?["sha256"]?.stringValue
        return .init(id: p.cameraID, location: p.location, filesystem: fs?["filesystem"]?.stringValue,
                     label: fs?["label"]?.stringValue, volumeSerial: fs?["serial"]?.stringValue, cid: p.source.device?.cid,
                     imageSHA256: acquisitionSHA ?? (p.source.kind == "image" || p.source.kind == "split_image" ? p.source.sha256 : nil))
    }

    /// The card's SHA-256 from an acquisition record the export read (`--original taken`).
    public var acquisitionSHA256: (sha256: String, record: String)? {
        guard let a = provenance?.source.acquisition, let sha = a["sha256"]?.stringValue, Hex.isSHA256(sha) else { return nil }
        return (sha, a["record"]?.stringValue ?? "acquisition record")  // a field of the signed record: fixed words
    }

    /// The export's window on the true-time axis and its clock offset.
    public var delivered: HandoverRecord.Window {
        guard let s = provenance?.selection else { return .init(from: nil, to: nil) }
        return .init(from: s.windowTrueTime?.from, to: s.windowTrueTime?.to, clockOffset: s.clockOffset)
    }

    /// The audit findings the export recorded (`security_findings`), nil when it recorded none.
    public var securityFindings: [HandoverRecord.Finding]? {
        guard let list = provenance?.securityFindings?.arrayValue else { return nil }
        return list.compactMap(Self.finding)
    }

    static func finding(_ v: JSONValue) -> HandoverRecord.Finding? {
        guard let path = v["path"]?.stringValue, let kind = v["kind"]?.stringValue else { return nil }
        return .init(path: path, deleted: v["deleted"]?.boolValue ?? false, kind: kind,
                     severity: v["severity"]?.stringValue ?? "info", checklist: v["checklist"]?.stringValue ?? "",
                     adviceCode: v["advice_code"]?.stringValue ?? "")
    }
}
