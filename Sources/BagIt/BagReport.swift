import Messages
/// One thing that makes a bag invalid (or, for `.unreadable`, unverifiable).
/// Paths are relative to the bag folder ("data/card/DCIM/x.mp4", "bag-info.txt").
public enum BagProblem: Hashable, Sendable, CustomStringConvertible {
    /// The file's content does not hash to the checksum a manifest gives for it.
    case changed(path: String, algorithm: String)
    /// A manifest (or fetch.txt) lists the file but it is not in the bag.
    case missing(path: String)
    /// The file is in `data/` but in no payload manifest.
    case extra(path: String)
    /// BagIt 1.0: a payload file listed in some payload manifests but not in this one.
    case notInManifest(path: String, manifest: String)
    /// A manifest lists the same path more than once.
    case duplicateEntry(path: String, manifest: String)
    /// A path in a manifest or fetch.txt reaches out of the bag (or out of `data/`).
    case pathEscapes(path: String, file: String, reason: String)
    /// A tag file is malformed, or a required one is absent.
    case badTagFile(name: String, reason: String)
    /// bag-info.txt's Payload-Oxum disagrees with the payload found.
    case oxumMismatch(declared: String, found: String)
    /// A payload or tag path is a symlink, device, fifo or socket: never followed or read.
    case notRegularFile(path: String)
    /// A file could not be read (permissions, I/O error): the bag could not be checked.
    case unreadable(path: String, reason: String)
    /// A problem found by a caller's additional check (provenance, access log, ...).
    case check(name: String, path: String?, reason: String)

    /// A short tag for JSON and for grouping: "changed", "missing", "extra", ...
    public var kind: String {
        switch self {
        case .changed: return "changed"
        case .missing: return "missing"
        case .extra: return "extra"
        case .notInManifest: return "not-in-manifest"
        case .duplicateEntry: return "duplicate-entry"
        case .pathEscapes: return "path-escapes"
        case .badTagFile: return "bad-tag-file"
        case .oxumMismatch: return "oxum-mismatch"
        case .notRegularFile: return "not-regular-file"
        case .unreadable: return "unreadable"
        case .check(let name, _, _): return name
        }
    }

    /// The file the problem is about, where there is one.
    public var path: String? {
        switch self {
        case let .changed(path, _), let .missing(path), let .extra(path), let .notInManifest(path, _),
             let .duplicateEntry(path, _), let .pathEscapes(path, _, _), let .notRegularFile(path),
             let .unreadable(path, _):
            return path
        case let .badTagFile(name, _): return name
        case .oxumMismatch: return "bag-info.txt"
        case let .check(_, path, _): return path
        }
    }

    public var description: String {
        let q = BagError.quoted
        switch self {
        case let .changed(path, algorithm): return tr(.bagProblemChanged, ["path": q(path), "algorithm": algorithm])
        case let .missing(path): return tr(.bagProblemMissing, ["path": q(path)])
        case let .extra(path): return tr(.bagProblemExtra, ["path": q(path)])
        case let .notInManifest(path, manifest): return tr(.bagProblemNotInManifest, ["path": q(path), "manifest": manifest])
        case let .duplicateEntry(path, manifest): return tr(.bagProblemDuplicate, ["path": q(path), "manifest": manifest])
        case let .pathEscapes(path, file, reason): return tr(.bagProblemPathEscapes, ["path": q(path), "file": file, "reason": reason])
        case let .badTagFile(name, reason): return tr(.bagProblemBadTagFile, ["name": name, "reason": reason])
        case let .oxumMismatch(declared, found): return tr(.bagProblemOxum, ["declared": declared, "found": found])
        case let .notRegularFile(path): return tr(.bagProblemNotRegular, ["path": q(path)])
        case let .unreadable(path, reason): return tr(.bagProblemUnreadable, ["path": q(path), "reason": reason])
        case let .check(name, path, reason):
            let label = tr(MessageKey("error.bag.check.\(name.replacingOccurrences(of: "-", with: "_"))"), fallback: name)
            if let path { return tr(.bagProblemCheckPath, ["name": label, "path": q(path), "reason": reason]) }
            return tr(.bagProblemCheck, ["name": label, "reason": reason])
        }
    }
}

/// Something worth telling that does not make the bag invalid (old-version conventions,
/// unsupported extra algorithms, tag files no tag manifest covers, ...).
public struct BagWarning: Hashable, Sendable, CustomStringConvertible {
    public let path: String?
    public let message: String
    public init(path: String?, message: String) {
        self.path = path
        self.message = message
    }
    public var description: String {
        if let path { return "\(path): \(message)" }
        return message
    }
}

/// The outcome of validating a bag.
public struct BagReport: Sendable {
    public enum Verdict: String, Sendable {
        /// Complete, and every checksum in every manifest verified.
        case valid
        /// A bag that fails a check: changed, missing or extra files, bad tag files, ...
        case invalid
        /// Not a bag (no folder, no bagit.txt) or a file could not be read, so no verdict on the
        /// evidence can be given.
        case notABag = "not-a-bag"
    }

    public var verdict: Verdict
    public var problems: [BagProblem]
    public var warnings: [BagWarning]
    /// The declared BagIt version, where bagit.txt could be read.
    public var version: String?
    /// Payload files found in `data/` and their total size.
    public var payloadFileCount: Int
    public var payloadByteCount: UInt64
    /// The algorithms whose manifests were checked ("sha256", ...).
    public var checkedAlgorithms: [String]
    /// With `BagValidator.deferPayloadHashing`: the payload files whose bytes the caller must
    /// still check (`PayloadStreamCheck`), in path order. Empty for a full validation.
    public var deferredPayload: [DeferredPayloadFile] = []

    /// One line: "valid: 12 files, 3456789 bytes, sha256 checked" / "invalid: 3 problems".
    public var summary: String {
        switch verdict {
        case .valid:
            let algs = checkedAlgorithms.isEmpty ? "" : ", \(checkedAlgorithms.joined(separator: "+")) checked"
            return "valid: \(payloadFileCount) payload file\(payloadFileCount == 1 ? "" : "s"), \(payloadByteCount) bytes\(algs)"
        case .invalid:
            return "invalid: \(problems.count) problem\(problems.count == 1 ? "" : "s")"
        case .notABag:
            return tr(.bcNotABagOrUnreadable, ["v": "\(problems.first.map(\.description) ?? "unknown reason")"])
        }
    }
}
