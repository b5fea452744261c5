import Messages
/// The first thing wrong with a log or an excerpt. Lines are 1-based line numbers in the file;
/// `seq` is the entry's own sequence number.
public enum LogProblem: Equatable, Sendable, CustomStringConvertible {
    /// The last line has no newline: an interrupted write or a truncation.
    case tornTail(line: Int, offset: Int64)
    /// A line that is not an entry at all (not JSON, missing members, empty).
    case unreadable(line: Int, reason: String)
    /// The entry's content no longer matches its hash.
    case changed(seq: Int64, line: Int)
    /// The bytes were re-formatted (whitespace, member order, escapes): an edit, even if the values are equal.
    case notCanonical(seq: Int64, line: Int)
    /// Hash fine but signature invalid: the entry was forged, or changed and re-hashed.
    case badSignature(seq: Int64, line: Int)
    /// Signed by a key other than the one the chain started with.
    case wrongKey(seq: Int64, line: Int)
    /// Entries `from...to` are missing before `line`.
    case removed(from: Int64, to: Int64, line: Int)
    /// Entry `seq` stands where entry `expected` should be, and `expected` comes later.
    case reordered(seq: Int64, expected: Int64, line: Int)
    /// A line repeating an earlier sequence number, or an entry with no place in the chain.
    case inserted(seq: Int64, line: Int)
    /// `prev` does not name the previous entry's hash.
    case brokenLink(seq: Int64, line: Int)
    /// No entry of the log has this hash (given with `--head`): the entry was changed or removed.
    case headNotFound(hash: String)
    /// An excerpt's first entry does not chain from the hash the excerpt names.
    case excerptStart(seq: Int64)
    /// An excerpt's header counts a different number of entries than it holds.
    case excerptCount(expected: Int, found: Int)
    /// An excerpt's signed header does not vouch for what follows it.
    case excerptHeader(String)

    public var description: String {
        switch self {
        case .tornTail(let line, let offset):
            return tr(.lcTornTailLineByteIs, ["line": "\(line)", "offset": "\(offset)"])
        case .unreadable(let line, let reason):
            return tr(.lcLineIsNotAValid, ["line": "\(line)", "reason": "\(reason)"])
        case .changed(let seq, let line):
            return tr(.lcEntryLineWasChangedIts, ["seq": "\(seq)", "line": "\(line)"])
        case .notCanonical(let seq, let line):
            return tr(.lcEntryLineWasChangedIts2, ["seq": "\(seq)", "line": "\(line)"])
        case .badSignature(let seq, let line):
            return tr(.lcEntryLineHasNoValid, ["seq": "\(seq)", "line": "\(line)"])
        case .wrongKey(let seq, let line):
            return tr(.lcEntryLineIsSignedBy, ["seq": "\(seq)", "line": "\(line)"])
        case .removed(let from, let to, let line):
            return from == to
                ? tr(.lcEntryWasRemovedLineHolds, ["from": "\(from)", "line": "\(line)", "v": "\(to + 1)"])
                : tr(.lcEntriesToWereRemovedLine, ["from": "\(from)", "to": "\(to)", "line": "\(line)", "v": "\(to + 1)"])
        case .reordered(let seq, let expected, let line):
            return tr(.lcEntriesWereReorderedLineHolds, ["line": "\(line)", "seq": "\(seq)", "expected": "\(expected)"])
        case .inserted(let seq, let line):
            return tr(.lcAnEntryWasInsertedLine, ["line": "\(line)", "seq": "\(seq)"])
        case .brokenLink(let seq, let line):
            return tr(.lcEntryLineDoesNotChain, ["seq": "\(seq)", "line": "\(line)"])
        case .headNotFound(let hash):
            return tr(.lcNoEntryHasTheHash, ["hash": "\(hash)"])
        case .excerptStart(let seq):
            return tr(.lcEntryTheFirstOfThe, ["seq": "\(seq)"])
        case .excerptCount(let expected, let found):
            return tr(.lcTheExcerptNamesEntriesBut, ["expected": "\(expected)", "found": "\(found)"])
        case .excerptHeader(let why):
            return tr(.lcTheExcerptSHeader, ["why": "\(why)"])
        }
    }

    /// The line the problem is on, where there is one.
    public var line: Int? {
        switch self {
        case .tornTail(let l, _), .unreadable(let l, _): return l
        case .changed(_, let l), .notCanonical(_, let l), .badSignature(_, let l), .wrongKey(_, let l),
             .removed(_, _, let l), .reordered(_, _, let l), .inserted(_, let l), .brokenLink(_, let l):
            return l
        case .headNotFound, .excerptStart, .excerptCount, .excerptHeader: return nil
        }
    }
}
