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
///   when it is the log's first entry), `entries` (how many lines follow), `log_head` and
///   `log_head_seq` (the log's last entry when the excerpt was made, which the office log must
///   still contain: `sdcustody log verify --head`).
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
    /// Entry lines, verbatim, without newlines.
    public var lines: [[UInt8]]

    public init(publicKey: String, chainFrom: String, logHead: String, logHeadSeq: Int64, lines: [[UInt8]]) {
        self.publicKey = publicKey
        self.chainFrom = chainFrom
        self.logHead = logHead
        self.logHeadSeq = logHeadSeq
        self.lines = lines
    }

    /// The tag file's bytes.
    public func serialized() -> [UInt8] {
        let header: JSONValue = .object([
            "format": .string(Self.format),
            "public_key": .string(publicKey),
            "chain_from": .string(chainFrom),
            "entries": .integer(Int64(lines.count)),
            "log_head": .string(logHead),
            "log_head_seq": .integer(logHeadSeq),
        ])
        var out = CanonicalJSON.encode(header)
        out.append(0x0a)
        for line in lines {
            out += line
            out.append(0x0a)
        }
        return out
    }

    /// Reads a tag file. Strict: the header must be there and in canonical form, every line must end in a newline.
    public static func parse(_ bytes: [UInt8]) throws -> LogExcerpt {
        guard bytes.last == 0x0a else { throw AccessLogError.badExcerpt("does not end in a newline (truncated?)") }
        let split = bytes.dropLast().split(separator: 0x0a, omittingEmptySubsequences: false).map { Array($0) }
        guard let headerBytes = split.first else { throw AccessLogError.badExcerpt("empty") }
        let header: JSONValue
        do { header = try JSONParser.parse(headerBytes) } catch { throw AccessLogError.badExcerpt("header: \(error)") }
        guard CanonicalJSON.encode(header) == headerBytes else { throw AccessLogError.badExcerpt("header is not in canonical form") }
        guard header["format"]?.stringValue == format else { throw AccessLogError.badExcerpt("not an \(format) file") }
        guard let key = header["public_key"]?.stringValue, let raw = Hex.decode(key), raw.count == 32 else {
            throw AccessLogError.badExcerpt("no valid public_key")
        }
        guard let from = header["chain_from"]?.stringValue, Hex.isSHA256(from) else { throw AccessLogError.badExcerpt("no valid chain_from") }
        guard let head = header["log_head"]?.stringValue, Hex.isSHA256(head),
              let headSeq = header["log_head_seq"]?.integerValue else { throw AccessLogError.badExcerpt("no valid log_head") }
        let entries = Array(split.dropFirst())
        guard let count = header["entries"]?.integerValue, count == Int64(entries.count) else {
            throw AccessLogError.badExcerpt("the header counts \(header["entries"]?.integerValue ?? -1) entries but \(entries.count) follow")
        }
        return LogExcerpt(publicKey: key, chainFrom: from, logHead: head, logHeadSeq: headSeq, lines: entries)
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
        var chainFrom: String?
        try LogFile.forEachLine(path: path) { line in
            guard line.terminated, let entry = try? LogEntry.decode(line: line.bytes), criteria.matches(entry) else { return }
            if chainFrom == nil { chainFrom = entry.prev }
            lines.append(line.bytes)
        }
        // An empty log has no key yet: name the installation's key, which will sign its first entry.
        let publicKey: String
        if let key = verification.publicKey {
            publicKey = key
        } else {
            do { publicKey = try SigningKeyStore.loadOrCreate(path: keyPath).key.publicKeyBytes().hex } catch let e as AccessLogError {
                throw e
            } catch {
                throw AccessLogError.badKey(path: keyPath, reason: "\(error)")
            }
        }
        return LogExcerpt(publicKey: publicKey, chainFrom: chainFrom ?? LogEntry.chainStart,
                          logHead: verification.last?.hash ?? LogEntry.chainStart,
                          logHeadSeq: verification.last?.seq ?? 0, lines: lines)
    }
}
