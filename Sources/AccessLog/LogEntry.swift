import Foundation
import OpenSSL
import Codecs
import Messages

/// One line of the access log. See `AccessLog.swift` for the file format as a whole.
///
/// JSON member names are snake_case, as `jq` users read them. Optional members are left out when
/// absent (never written as `null`).
public struct LogEntry: Codable, Equatable, Sendable {
    /// The value of `format` in every entry this version writes.
    public static let currentFormat = "sdcustody-access-log/1"
    /// `prev` of the first entry of a log: 64 zeros.
    public static let chainStart = String(repeating: "0", count: 64)

    public var format: String
    /// 1 for the first entry, then +1 per entry, no gaps.
    public var seq: Int64
    /// UTC, `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public var time: String
    public var operatorName: String
    public var host: String
    public var toolVersion: String
    /// argv with secrets replaced by `<redacted>`.
    public var commandLine: [String]
    /// What was done: the subcommand name (`export`, `verify`, …).
    public var action: String
    public var source: SourceRecord?
    public var outputs: [OutputRecord]
    public var caseID: String?
    public var exhibit: String?
    /// `ok` or `failed`.
    public var result: String
    /// Why it failed (one line); absent when `result` is `ok`.
    public var reason: String?
    /// Anything else worth keeping, as text.
    public var details: [String: String]?
    /// SHA-256 (hex) of the previous entry's signed bytes; `chainStart` for the first entry.
    public var prev: String
    /// The Ed25519 public key (hex, 32 bytes) that signed this entry.
    public var key: String
    /// SHA-256 (hex) of this entry's signed bytes (see `AccessLog.swift`).
    public var hash: String
    /// Ed25519 signature (hex, 64 bytes) over this entry's signed bytes.
    public var signature: String

    enum CodingKeys: String, CodingKey {
        case format, seq, time
        case operatorName = "operator"
        case host
        case toolVersion = "tool_version"
        case commandLine = "command_line"
        case action, source, outputs
        case caseID = "case"
        case exhibit, result, reason, details, prev, key, hash, signature
    }

    public var succeeded: Bool { result == "ok" }
}

/// The evidence a command read.
public struct SourceRecord: Codable, Equatable, Sendable {
    public var path: String
    public var size: Int64?
    /// Hex SHA-256 of the whole source, when the command computed it.
    public var sha256: String?
    /// What identifies the card itself (CID, serial, model, filesystem serial, label, …).
    public var cardIdentity: [String: String]?

    enum CodingKeys: String, CodingKey {
        case path, size, sha256
        case cardIdentity = "card_identity"
    }

    public init(path: String, size: Int64? = nil, sha256: String? = nil, cardIdentity: [String: String]? = nil) {
        self.path = path
        self.size = size
        self.sha256 = sha256
        self.cardIdentity = cardIdentity
    }
}

/// Something a command wrote.
public struct OutputRecord: Codable, Equatable, Sendable {
    public var path: String
    public var size: Int64?
    public var sha256: String?

    public init(path: String, size: Int64? = nil, sha256: String? = nil) {
        self.path = path
        self.size = size
        self.sha256 = sha256
    }
}

/// How a command ended.
public enum Outcome: Equatable, Sendable {
    case ok
    case failed(String)
}

/// What a command tells the log; `AccessLog.append` adds the sequence number, time, chain and
/// signature.
public struct AccessRecord: Sendable {
    public var action: String
    public var operatorName: String
    public var host: String
    public var toolVersion: String
    public var commandLine: [String]
    public var source: SourceRecord?
    public var outputs: [OutputRecord]
    public var caseID: String?
    public var exhibit: String?
    public var outcome: Outcome
    public var details: [String: String]

    public init(action: String, operatorName: String, host: String, toolVersion: String, commandLine: [String],
                source: SourceRecord? = nil, outputs: [OutputRecord] = [], caseID: String? = nil,
                exhibit: String? = nil, outcome: Outcome = .ok, details: [String: String] = [:]) {
        self.action = action
        self.operatorName = operatorName
        self.host = host
        self.toolVersion = toolVersion
        self.commandLine = commandLine
        self.source = source
        self.outputs = outputs
        self.caseID = caseID
        self.exhibit = exhibit
        self.outcome = outcome
        self.details = details
    }
}

/// The hashing and signing rule, in one place.
public enum EntrySigning {
    /// The members left out of the signed bytes: they are what is computed from them.
    public static let unsignedMembers: Set<String> = ["hash", "signature"]

    /// The signed bytes of an entry: the canonical JSON (`CanonicalJSON`) of the entry's object
    /// without `hash` and `signature`. `hash` is their SHA-256; `signature` is Ed25519 over them.
    public static func signedBytes(of object: [String: JSONValue]) -> [UInt8] {
        CanonicalJSON.encode(.object(object.filter { !unsignedMembers.contains($0.key) }))
    }

    static func sha256Hex(_ bytes: [UInt8]) throws -> String {
        try Digest.hash(.sha256, bytes).hex
    }
}

extension LogEntry {
    /// The entry as a JSON object (via its Codable form, so the two can never disagree).
    func jsonObject() throws -> [String: JSONValue] {
        let encoder = JSONEncoder()
        let data = try encoder.encode(self)
        guard let members = try JSONParser.parse(Array(data)).dictionary else {
            throw AccessLogError.internalError("entry did not encode as an object")
        }
        return members
    }

    /// Decodes an entry from a parsed line.
    static func decode(line: [UInt8]) throws -> LogEntry {
        try JSONDecoder().decode(LogEntry.self, from: Data(line))
    }

    /// The entry's line as the log holds it (canonical JSON, without the newline): the writer of
    /// the record. `AccessLog.append` writes exactly these bytes.
    public func lineBytes() throws -> [UInt8] {
        CanonicalJSON.encode(.object(try jsonObject()))
    }

    /// Reads one line as an entry: the reader of the record. It refuses another format version;
    /// whether the entry is canonical, chained and signed is `LogVerifier`'s to say.
    public static func read(line: [UInt8]) throws -> LogEntry {
        let entry: LogEntry
        do { entry = try decode(line: line) } catch {
            throw AccessLogError.unreadableEntry(tr(.lcNotAnEntry, ["error": "\(error)"]))
        }
        guard entry.format == currentFormat else {
            throw AccessLogError.unreadableEntry(tr(.lcFormatIsNotOneThis, ["format": "\(entry.format)", "currentFormat": "\(currentFormat)"]))
        }
        return entry
    }
}
