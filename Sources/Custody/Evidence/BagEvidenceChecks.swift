import Records
import AccessLog
import BagIt
import Messages

/// The checks `verify` adds to BagIt's for bags sdcustody wrote: the provenance file must agree
/// with the payload (every file it names is there with the size and SHA-256 it records, and no
/// payload file is missing from it), and the access-log excerpt must verify on its own.
public enum BagEvidenceChecks {
    public static var all: [BagValidator.Check] { [provenance, accessLog] }

    public static func provenance(_ bag: Bag) throws -> [BagProblem] {
        guard bag.tagFiles.contains(Exporter.provenanceFile) else { return [] }
        let name = "provenance"
        let bytes: [UInt8]
        do { bytes = try bag.readTagFile(Exporter.provenanceFile) } catch {
            return [.check(name: name, path: Exporter.provenanceFile, reason: tr(.provCannotRead, ["reason": "\(error)"]))]
        }
        let doc: ProvenanceDocument
        do { doc = try ProvenanceDocument.read(bytes) } catch {
            return [.check(name: name, path: Exporter.provenanceFile,
                           reason: tr(.provNotDocument, ["format": ProvenanceDocument.format, "reason": "\(error)"]))]
        }
        var problems: [BagProblem] = []
        var payload: [String: Bag.PayloadFile] = [:]
        for f in bag.payloadFiles { payload[f.path] = f }
        var named = Set<String>()
        for f in doc.files {
            named.insert(f.storedPath)
            guard let file = payload[f.storedPath] else {
                problems.append(.check(name: name, path: f.storedPath, reason: tr(.provNotInBag)))
                continue
            }
            if f.size != file.size {
                problems.append(.check(name: name, path: f.storedPath, reason: tr(.provSize, ["recorded": String(f.size), "held": String(file.size)])))
            }
            if let sha = f.sha256, let actual = file.digests["sha256"], sha != actual {
                problems.append(.check(name: name, path: f.storedPath, reason: tr(.provSHA, ["recorded": sha, "actual": actual])))
            }
        }
        // Recordings exported as byte ranges of a container (issue 11) are payload files too.
        for r in doc.recordings ?? [] {
            // A recording only listed (its container copied whole) is checked with the container.
            guard let storedPath = r.storedPath else { continue }
            named.insert(storedPath)
            guard let file = payload[storedPath] else {
                problems.append(.check(name: name, path: storedPath, reason: tr(.provNotInBag)))
                continue
            }
            if r.length != file.size {
                problems.append(.check(name: name, path: storedPath, reason: tr(.provSize, ["recorded": String(r.length), "held": String(file.size)])))
            }
            if let sha = r.sha256, let actual = file.digests["sha256"], sha != actual {
                problems.append(.check(name: name, path: storedPath, reason: tr(.provSHA, ["recorded": sha, "actual": actual])))
            }
        }
        // Playable working copies (issue 13) are payload files the provenance names too.
        for c in doc.workingCopies ?? [] {
            named.insert(c.storedPath)
            guard let file = payload[c.storedPath] else {
                problems.append(.check(name: name, path: c.storedPath, reason: tr(.ccNamedInTheProvenanceBut)))
                continue
            }
            if c.size != file.size {
                problems.append(.check(name: name, path: c.storedPath, reason: tr(.ccProvenanceRecordsBytesTheBag, ["size": "\(c.size)", "size2": "\(file.size)"])))
            }
            if let actual = file.digests["sha256"], c.sha256 != actual {
                problems.append(.check(name: name, path: c.storedPath, reason: tr(.ccProvenanceRecordsSHA256The, ["sha256": "\(c.sha256)", "actual": "\(actual)"])))
            }
        }
        // Finds carved from unallocated clusters (issue 12) are payload files too.
        for c in doc.carved ?? [] {
            named.insert(c.storedPath)
            guard let file = payload[c.storedPath] else {
                problems.append(.check(name: name, path: c.storedPath, reason: tr(.ccNamedInTheProvenanceBut)))
                continue
            }
            if c.length != file.size {
                problems.append(.check(name: name, path: c.storedPath, reason: tr(.ccProvenanceRecordsBytesTheBag2, ["length": "\(c.length)", "size": "\(file.size)"])))
            }
            if let sha = c.sha256, let actual = file.digests["sha256"], sha != actual {
                problems.append(.check(name: name, path: c.storedPath, reason: tr(.ccProvenanceRecordsSHA256The2, ["sha": "\(sha)", "actual": "\(actual)"])))
            }
        }
        for f in bag.payloadFiles where !named.contains(f.path) {
            problems.append(.check(name: name, path: f.path, reason: tr(.provNotInProvenance)))
        }
        return problems
    }

    public static func accessLog(_ bag: Bag) throws -> [BagProblem] {
        guard bag.tagFiles.contains(LogExcerpt.fileName) else { return [] }
        let name = "access-log"
        do {
            let excerpt = try LogExcerpt.parse(try bag.readTagFile(LogExcerpt.fileName))
            let result = excerpt.verify()
            if let problem = result.problem {
                return [.check(name: name, path: LogExcerpt.fileName, reason: "\(problem)")]
            }
            return []
        } catch {
            return [.check(name: name, path: LogExcerpt.fileName, reason: tr(.provCannotRead, ["reason": "\(error)"]))]
        }
    }
}
