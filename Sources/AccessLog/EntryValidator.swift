import OpenSSL
import Codecs
import Messages

/// Checks one line on its own: JSON, canonical bytes, hash, key, signature. Ordering and links
/// between lines are the chain's business (`LogVerifier`, `LogExcerpt`).
struct EntryValidator {
    enum Fault: Equatable {
        case unreadable(String)
        case notCanonical
        case hashMismatch
        case wrongKey
        case badSignature
    }

    /// The key every entry must carry and be signed with, as hex. Nil: pinned by the first entry seen.
    private(set) var pinnedKeyHex: String?
    private var pinnedKey: Ed25519Key?

    init(pinnedKeyHex: String? = nil) {
        self.pinnedKeyHex = pinnedKeyHex
    }

    /// Parses a line and checks its content. Returns the entry (when it decodes at all) and the
    /// first fault found.
    mutating func check(_ bytes: [UInt8]) -> (entry: LogEntry?, fault: Fault?) {
        guard !bytes.isEmpty else { return (nil, .unreadable(tr(.lcEmptyLine))) }
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            return (nil, .unreadable("\(error)"))
        }
        guard let members = value.dictionary else { return (nil, .unreadable("not a JSON object")) }
        let entry: LogEntry
        do { entry = try LogEntry.decode(line: bytes) } catch {
            return (nil, .unreadable(tr(.lcNotAnAccessLogEntry, ["v": "\(Self.describe(decoding: error))"])))
        }
        guard entry.format == LogEntry.currentFormat else {
            return (entry, .unreadable(tr(.lcUnknownFormat, ["format": "\(entry.format)"])))
        }
        guard CanonicalJSON.encode(value) == bytes else { return (entry, .notCanonical) }
        let signed = EntrySigning.signedBytes(of: members)
        guard let hash = try? EntrySigning.sha256Hex(signed), hash == entry.hash else { return (entry, .hashMismatch) }
        if pinnedKeyHex == nil { pinnedKeyHex = entry.key }
        guard entry.key == pinnedKeyHex else { return (entry, .wrongKey) }
        if pinnedKey == nil {
            guard let raw = Hex.decode(entry.key), let key = try? Ed25519Key(publicKey: raw) else {
                return (entry, .badSignature)
            }
            pinnedKey = key
        }
        guard let key = pinnedKey, let signature = Hex.decode(entry.signature),
              (try? key.verify(signature: signature, message: signed)) == true else {
            return (entry, .badSignature)
        }
        return (entry, nil)
    }

    static func problem(for fault: Fault, entry: LogEntry?, line: Int) -> LogProblem {
        let seq = entry?.seq ?? 0
        switch fault {
        case .unreadable(let why): return .unreadable(line: line, reason: why)
        case .notCanonical: return .notCanonical(seq: seq, line: line)
        case .hashMismatch: return .changed(seq: seq, line: line)
        case .wrongKey: return .wrongKey(seq: seq, line: line)
        case .badSignature: return .badSignature(seq: seq, line: line)
        }
    }

    /// DecodingError's own text is long; name the member instead.
    static func describe(decoding error: Error) -> String {
        guard let e = error as? DecodingError else { return "\(error)" }
        switch e {
        case .keyNotFound(let key, _): return "no \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? tr(.lcWrongStructure) : tr(.lcWrongTypeAt, ["path": "\(path)"])
        @unknown default: return tr(.lcWrongStructure)
        }
    }
}
