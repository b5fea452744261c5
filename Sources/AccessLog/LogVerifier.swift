/// The outcome of checking a whole log.
public struct LogVerification: Sendable {
    /// Entries read (valid or not), not counting a torn tail.
    public var entryCount: Int
    /// The last entry, when the log has one that reads.
    public var last: LogEntry?
    /// The key the chain starts with (hex), when there is an entry.
    public var publicKey: String?
    /// The entry named by `--head`, when one was given and found.
    public var headEntry: LogEntry?
    /// The first problem, in file order; nil when the log verifies.
    public var problem: LogProblem?

    public var isValid: Bool { problem == nil }
}

/// Checks a whole log: every entry's bytes, hash and signature (pinned to the chain start's key or
/// to a key the caller trusts), sequence numbers 1, 2, 3… without gaps, every `prev` link, and a
/// newline at the end. Reports the first problem and names its entry and line.
enum LogVerifier {
    /// What the first pass keeps of each line: enough to classify gaps and repeats afterwards,
    /// not the entries themselves (memory grows by a few dozen bytes per entry).
    private struct Summary {
        var line: Int
        var seq: Int64
        var hash: String
        var prev: String
    }

    static func verify(path: String, head: String?, trustedKey: String?) throws -> LogVerification {
        var validator = EntryValidator(pinnedKeyHex: trustedKey)
        var summaries: [Summary] = []
        var report = LogVerification(entryCount: 0, last: nil, publicKey: nil, headEntry: nil, problem: nil)
        var contentProblem: LogProblem?
        var torn: LogProblem?
        let wantedHead = head?.lowercased()

        try LogFile.forEachLine(path: path) { line in
            if !line.terminated {
                torn = .tornTail(line: line.number, offset: line.offset)
                return
            }
            report.entryCount += 1
            let (entry, fault) = validator.check(line.bytes)
            if let fault, contentProblem == nil {
                contentProblem = EntryValidator.problem(for: fault, entry: entry, line: line.number)
            }
            guard let entry else { return }
            report.last = entry
            if report.publicKey == nil { report.publicKey = entry.key }
            if fault == nil, entry.hash == wantedHead, report.headEntry == nil { report.headEntry = entry }
            // A line that failed its content check is not used for ordering: its numbers may be forged.
            if fault == nil {
                summaries.append(Summary(line: line.number, seq: entry.seq, hash: entry.hash, prev: entry.prev))
            } else {
                summaries.append(Summary(line: line.number, seq: -1, hash: "", prev: ""))
            }
        }

        // The first problem in file order: a content fault on line n beats an ordering fault after it.
        let orderProblem = chainProblem(summaries)
        let candidates = [contentProblem, orderProblem, torn].compactMap { $0 }
        report.problem = candidates.min { ($0.line ?? Int.max) < ($1.line ?? Int.max) }
        if report.problem == nil, let wantedHead, report.headEntry == nil {
            report.problem = .headNotFound(hash: wantedHead)
        }
        return report
    }

    /// The first ordering or linking problem among lines whose content checked out.
    private static func chainProblem(_ summaries: [Summary]) -> LogProblem? {
        var lineOfSeq: [Int64: Int] = [:]
        for s in summaries where s.seq >= 0 && lineOfSeq[s.seq] == nil { lineOfSeq[s.seq] = s.line }
        var expected: Int64 = 1
        var prevHash = LogEntry.chainStart
        for s in summaries {
            // Content faults are reported by the caller; skip past them without judging order.
            guard s.seq >= 0 else {
                expected += 1
                prevHash = ""
                continue
            }
            if s.seq != expected {
                if s.seq > expected {
                    if let later = lineOfSeq[expected], later > s.line {
                        return .reordered(seq: s.seq, expected: expected, line: s.line)
                    }
                    return .removed(from: expected, to: s.seq - 1, line: s.line)
                }
                if let first = lineOfSeq[s.seq], first < s.line {
                    return .inserted(seq: s.seq, line: s.line)
                }
                return .reordered(seq: s.seq, expected: expected, line: s.line)
            }
            if !prevHash.isEmpty, s.prev != prevHash {
                return .brokenLink(seq: s.seq, line: s.line)
            }
            expected += 1
            prevHash = s.hash
        }
        return nil
    }
}
