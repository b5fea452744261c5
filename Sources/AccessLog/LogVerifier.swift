import Messages
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
    static func verify(path: String, head: String?, trustedKey: String?) throws -> LogVerification {
        var validator = EntryValidator(pinnedKeyHex: trustedKey)
        var report = LogVerification(entryCount: 0, last: nil, publicKey: nil, headEntry: nil, problem: nil)
        var contentProblem: LogProblem?
        var torn: LogProblem?
        let wantedHead = head?.lowercased()

        // The chain walk is done on the fly; only the sequence number of every line is kept (8
        // bytes an entry, -1 for a line whose content failed), to tell a removal from a
        // reordering once the first ordering fault is known.
        var seqs: [Int64] = []
        var expected: Int64 = 1
        var prevHash: String? = LogEntry.chainStart  // nil: the previous line failed, its link is unknown
        var firstOrderFault: (index: Int, line: Int, seq: Int64, expected: Int64, brokenLink: Bool)?

        try LogFile.forEachLine(path: path) { line in
            if !line.terminated {
                torn = .tornTail(line: line.number, offset: line.offset)
                return
            }
            report.entryCount += 1
            let (entry, fault) = line.overlong
                ? (nil, .unreadable(tr(.lcLongerThanBytes, ["maxLineBytes": "\(LogFile.maxLineBytes)"])))
                : validator.check(line.bytes)
            if let fault, contentProblem == nil {
                contentProblem = EntryValidator.problem(for: fault, entry: entry, line: line.number)
            }
            if let entry {
                report.last = entry
                if report.publicKey == nil { report.publicKey = entry.key }
            }
            // A line that failed its content check is not used for ordering: its numbers may be forged.
            guard let entry, fault == nil else {
                seqs.append(-1)
                expected += 1
                prevHash = nil
                return
            }
            if entry.hash == wantedHead, report.headEntry == nil { report.headEntry = entry }
            seqs.append(entry.seq)
            guard firstOrderFault == nil else { return }
            if entry.seq != expected {
                firstOrderFault = (seqs.count - 1, line.number, entry.seq, expected, false)
            } else if let prevHash, entry.prev != prevHash {
                firstOrderFault = (seqs.count - 1, line.number, entry.seq, expected, true)
            }
            expected += 1
            prevHash = entry.hash
        }

        var orderProblem: LogProblem?
        if let f = firstOrderFault {
            if f.brokenLink {
                orderProblem = .brokenLink(seq: f.seq, line: f.line)
            } else if f.seq > f.expected {
                let comesLater = seqs[(f.index + 1)...].contains(f.expected)
                orderProblem = comesLater
                    ? .reordered(seq: f.seq, expected: f.expected, line: f.line)
                    : .removed(from: f.expected, to: f.seq - 1, line: f.line)
            } else {
                let cameBefore = seqs[..<f.index].contains(f.seq)
                orderProblem = cameBefore
                    ? .inserted(seq: f.seq, line: f.line)
                    : .reordered(seq: f.seq, expected: f.expected, line: f.line)
            }
        }

        // The first problem in file order: a content fault on line n beats an ordering fault after it.
        let candidates = [contentProblem, orderProblem, torn].compactMap { $0 }
        report.problem = candidates.min { ($0.line ?? Int.max) < ($1.line ?? Int.max) }
        if report.problem == nil, let wantedHead, report.headEntry == nil {
            report.problem = .headNotFound(hash: wantedHead)
        }
        return report
    }
}
