import OpenSSL
import Codecs
import Messages

/// Which log entries concern one piece of evidence. An entry matches when any given criterion
/// matches: the case (and exhibit, where both sides name one), a path it read or wrote, or a
/// SHA-256 it recorded for its source or an output.
public struct ExcerptCriteria: Sendable {
    public var caseID: String?
    public var exhibit: String?
    public var paths: Set<String>
    public var sha256s: Set<String>

    public init(caseID: String? = nil, exhibit: String? = nil, paths: Set<String> = [], sha256s: Set<String> = []) {
        self.caseID = caseID
        self.exhibit = exhibit
        self.paths = paths
        self.sha256s = sha256s
    }

    public func matches(_ entry: LogEntry) -> Bool {
        if let caseID, entry.caseID == caseID {
            if exhibit == nil || entry.exhibit == nil || entry.exhibit == exhibit { return true }
        }
        if let source = entry.source {
            if paths.contains(source.path) { return true }
            if let h = source.sha256, sha256s.contains(h) { return true }
        }
        for output in entry.outputs {
            if paths.contains(output.path) { return true }
            if let h = output.sha256, sha256s.contains(h) { return true }
        }
        return false
    }
}

/// The entries of the log that concern one export, verbatim, for a bag's tag file: the police
/// can check each entry's hash and signature and the links between them without our machine.
///
/// ## Tag file format (`sdcustody-access-log-excerpt/1`), JSON Lines
/// - Line 1, a header in canonical JSON: `format`, `public_key` (hex Ed25519 key that signed
///   every entry), `chain_from` (the `prev` of the first entry: the hash it chains from, 64 zeros
///   when it is the log's first entry), `entries` (how many lines follow), `hashes` (their
///   `hash` members, in order), `log_head` and `log_head_seq` (the log's last entry when the
///   excerpt was made, which the office log must still hold: `sdcustody log verify --head`), and
///   `signature`: Ed25519 by the same key over the header's canonical JSON without `signature`.
///   The signed header fixes which entries belong to the excerpt, so none can be dropped, added
///   or swapped for another genuine entry without the key.
/// - Then each entry's line exactly as the log holds it.
///
/// Entries about other evidence are left out (they are not the police's business); their absence
/// shows as a gap in `seq`, and across a gap `prev` cannot be checked here: the office log can
/// (the `prev` of the entry after a gap is the hash of the entry just before it there).
public struct LogExcerpt: Sendable, Equatable {
    public static let format = "sdcustody-access-log-excerpt/1"
    /// A suggested tag file name.
    public static let fileName = "access-log.jsonl"

    public var publicKey: String
    public var chainFrom: String
    public var logHead: String
    public var logHeadSeq: Int64
    /// The `hash` of each entry, as the signed header lists them.
    public var hashes: [String]
    /// Hex Ed25519 signature over the header (see the type's documentation).
    public var signature: String
    /// Entry lines, verbatim, without newlines.
    public var lines: [[UInt8]]

    public init(publicKey: String, chainFrom: String, logHead: String, logHeadSeq: Int64, hashes: [String],
                signature: String, lines: [[UInt8]]) {
        self.publicKey = publicKey
        self.chainFrom = chainFrom
        self.logHead = logHead
        self.logHeadSeq = logHeadSeq
        self.hashes = hashes
        self.signature = signature
        self.lines = lines
    }

    /// The header's members without `signature`.
    func unsignedHeader() -> [String: JSONValue] {
        [
            "format": .string(Self.format),
            "public_key": .string(publicKey),
            "chain_from": .string(chainFrom),
            "entries": .int(Int64(hashes.count)),
            "hashes": .array(hashes.map { .string($0) }),
            "log_head": .string(logHead),
            "log_head_seq": .int(logHeadSeq),
        ]
    }

    /// Signs the header with the log's key.
    mutating func sign(with key: Ed25519Key) throws {
        signature = try key.sign(CanonicalJSON.encode(.object(unsignedHeader()))).hex
    }

    /// The tag file's bytes.
    public func serialized() -> [UInt8] {
        var header = unsignedHeader()
        header["signature"] = .string(signature)
        var out = CanonicalJSON.encode(.object(header))
        out.append(0x0a)
        for line in lines {
            out += line
            out.append(0x0a)
        }
        return out
    }

    /// Reads a tag file. Strict: the header must be there and in canonical form, every line must
    /// end in a newline. Signatures are checked by `verify`.
    public static func parse(_ bytes: [UInt8]) throws -> LogExcerpt {
        guard bytes.last == 0x0a else { throw AccessLogError.badExcerpt(tr(.lcDoesNotEndInA)) }
        let split = bytes.dropLast().split(separator: 0x0a, omittingEmptySubsequences: false).map { Array($0) }
        guard let headerBytes = split.first else { throw AccessLogError.badExcerpt("empty") }
        let header: JSONValue
        do { header = try JSONParser.parse(headerBytes) } catch { throw AccessLogError.badExcerpt("header: \(error)") }
        guard CanonicalJSON.encode(header) == headerBytes else { throw AccessLogError.badExcerpt(tr(.lcHeaderIsNotInCanonical)) }
        guard header["format"]?.stringValue == format else { throw AccessLogError.badExcerpt(tr(.lcNotAnFile, ["format": "\(format)"])) }
        guard let key = header["public_key"]?.stringValue, let raw = Hex.decode(key), raw.count == 32 else {
            throw AccessLogError.badExcerpt(tr(.lcNoValidPublicKey))
        }
        guard let from = header["chain_from"]?.stringValue, Hex.isSHA256(from) else { throw AccessLogError.badExcerpt(tr(.lcNoValidChainFrom)) }
        guard let head = header["log_head"]?.stringValue, Hex.isSHA256(head),
              let headSeq = header["log_head_seq"]?.integerValue else { throw AccessLogError.badExcerpt(tr(.lcNoValidLogHead)) }
        guard case .array(let hashValues)? = header["hashes"] else { throw AccessLogError.badExcerpt(tr(.lcNoHashes)) }
        let hashes = hashValues.compactMap(\.stringValue)
        guard hashes.count == hashValues.count, hashes.allSatisfy(Hex.isSHA256) else { throw AccessLogError.badExcerpt(tr(.lcInvalidHashes)) }
        guard let signature = header["signature"]?.stringValue, Hex.decode(signature)?.count == 64 else {
            throw AccessLogError.badExcerpt(tr(.lcNoValidSignature))
        }
        let entries = Array(split.dropFirst())
        guard let count = header["entries"]?.integerValue, count == Int64(entries.count), hashes.count == entries.count else {
            throw AccessLogError.badExcerpt(tr(.lcTheHeaderCountsEntriesBut, ["v": "\(header["entries"]?.integerValue ?? -1)", "count": "\(entries.count)"]))
        }
        let excerpt = LogExcerpt(publicKey: key, chainFrom: from, logHead: head, logHeadSeq: headSeq, hashes: hashes,
                                 signature: signature, lines: entries)
        // Members we do not know would not be covered by our idea of the signed header.
        var known = excerpt.unsignedHeader()
        known["signature"] = .string(signature)
        guard header == .object(known) else { throw AccessLogError.badExcerpt(tr(.lcTheHeaderHasUnknownMembers)) }
        return excerpt
    }

    /// The outcome of checking an excerpt on its own.
    public struct Verification: Sendable {
        public var entries: [LogEntry]
        /// Ranges of sequence numbers left out (entries about other evidence).
        public var gaps: [ClosedRange<Int64>]
        public var problem: LogProblem?
        public var isValid: Bool { problem == nil }
    }

    /// Checks every entry's bytes, hash and signature against `publicKey` (or `trustedKey`, a key
    /// the checker already trusts), that sequence numbers only increase, that the first entry
    /// chains from `chainFrom`, and every link between consecutive sequence numbers. Line numbers
    /// in problems count the tag file's lines (the header is line 1).
    public func verify(trustedKey: String? = nil) -> Verification {
        var result = Verification(entries: [], gaps: [], problem: nil)
        if let trustedKey, trustedKey != publicKey {
            result.problem = .wrongKey(seq: 0, line: 1)
            return result
        }
        guard let raw = Hex.decode(publicKey), let key = try? Ed25519Key(publicKey: raw),
              let signatureBytes = Hex.decode(signature),
              (try? key.verify(signature: signatureBytes, message: CanonicalJSON.encode(.object(unsignedHeader())))) == true else {
            result.problem = .excerptHeader(tr(.lcItsSignatureIsNotValid))
            return result
        }
        guard hashes.count == lines.count else {
            result.problem = .excerptCount(expected: hashes.count, found: lines.count)
            return result
        }
        var validator = EntryValidator(pinnedKeyHex: publicKey)
        var previous: LogEntry?
        for (index, bytes) in lines.enumerated() {
            let lineNumber = index + 2
            let (entry, fault) = validator.check(bytes)
            if let fault {
                result.problem = EntryValidator.problem(for: fault, entry: entry, line: lineNumber)
                return result
            }
            guard let entry else { return result }
            guard entry.hash == hashes[index] else {
                result.problem = .excerptHeader(tr(.lcLineHoldsEntryWhichThe, ["lineNumber": "\(lineNumber)", "seq": "\(entry.seq)"]))
                return result
            }
            if let previous {
                if entry.seq <= previous.seq {
                    result.problem = entry.seq == previous.seq
                        ? .inserted(seq: entry.seq, line: lineNumber)
                        : .reordered(seq: entry.seq, expected: previous.seq + 1, line: lineNumber)
                    return result
                }
                if entry.seq == previous.seq + 1 {
                    guard entry.prev == previous.hash else {
                        result.problem = .brokenLink(seq: entry.seq, line: lineNumber)
                        return result
                    }
                } else {
                    result.gaps.append((previous.seq + 1)...(entry.seq - 1))
                }
            } else if entry.prev != chainFrom {
                result.problem = .excerptStart(seq: entry.seq)
                return result
            }
            result.entries.append(entry)
            previous = entry
        }
        return result
    }
}

extension AccessLog {
    /// The excerpt of this log for one export: every entry `criteria` matches, verbatim. The whole
    /// log is verified first; an excerpt of a log that does not verify would vouch for nothing,
    /// so that throws `AccessLogError.invalidLog`.
    public func excerpt(concerning criteria: ExcerptCriteria) throws -> LogExcerpt {
        let verification = try verify()
        if let problem = verification.problem { throw AccessLogError.invalidLog(problem) }
        var lines: [[UInt8]] = []
        var hashes: [String] = []
        var chainFrom: String?
        try LogFile.forEachLine(path: path) { line in
            guard line.terminated, !line.overlong, let entry = try? LogEntry.decode(line: line.bytes), criteria.matches(entry) else { return }
            if chainFrom == nil { chainFrom = entry.prev }
            lines.append(line.bytes)
            hashes.append(entry.hash)
        }
        // The header is signed with the installation's key, which must be the one that signed the
        // log (for an empty log, the one that will sign its first entry).
        let key = try SigningKeyStore.loadOrCreate(path: keyPath).key
        let publicKey: String
        do { publicKey = try key.publicKeyBytes().hex } catch { throw AccessLogError.badKey(path: keyPath, reason: "\(error)") }
        if let logKey = verification.publicKey, logKey != publicKey {
            throw AccessLogError.keyMismatch(logPath: path, keyPath: keyPath)
        }
        var excerpt = LogExcerpt(publicKey: publicKey, chainFrom: chainFrom ?? LogEntry.chainStart,
                                 logHead: verification.last?.hash ?? LogEntry.chainStart,
                                 logHeadSeq: verification.last?.seq ?? 0, hashes: hashes, signature: "", lines: lines)
        try excerpt.sign(with: key)
        return excerpt
    }
}
