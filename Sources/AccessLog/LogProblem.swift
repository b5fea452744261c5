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
            return "torn tail: line \(line) (byte \(offset)) is incomplete, an interrupted write or a truncation"
        case .unreadable(let line, let reason):
            return "line \(line) is not a valid entry (\(reason)): changed"
        case .changed(let seq, let line):
            return "entry \(seq) (line \(line)) was changed: its content does not match its hash"
        case .notCanonical(let seq, let line):
            return "entry \(seq) (line \(line)) was changed: its bytes are not in the form the log writes"
        case .badSignature(let seq, let line):
            return "entry \(seq) (line \(line)) has no valid signature: forged, or changed and re-hashed"
        case .wrongKey(let seq, let line):
            return "entry \(seq) (line \(line)) is signed by a different key than the start of the chain"
        case .removed(let from, let to, let line):
            return from == to
                ? "entry \(from) was removed (line \(line) holds entry \(to + 1))"
                : "entries \(from) to \(to) were removed (line \(line) holds entry \(to + 1))"
        case .reordered(let seq, let expected, let line):
            return "entries were reordered: line \(line) holds entry \(seq) where entry \(expected) belongs"
        case .inserted(let seq, let line):
            return "an entry was inserted: line \(line) repeats sequence number \(seq)"
        case .brokenLink(let seq, let line):
            return "entry \(seq) (line \(line)) does not chain to the entry before it: an entry was removed, inserted or replaced"
        case .headNotFound(let hash):
            return "no entry has the hash \(hash): that entry was changed or removed"
        case .excerptStart(let seq):
            return "entry \(seq), the first of the excerpt, does not chain from the hash the excerpt names"
        case .excerptCount(let expected, let found):
            return "the excerpt names \(expected) entries but holds \(found)"
        case .excerptHeader(let why):
            return "the excerpt's header: \(why)"
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
