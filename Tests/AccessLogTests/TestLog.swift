import Foundation
import OpenSSL
import TestSupport
@testable import AccessLog
import Codecs

/// A log and key in a fresh temporary folder (under folders that do not exist yet), removed by `remove()`.
struct TestLog {
    let dir: TemporaryDirectory
    let log: AccessLog

    init() throws {
        dir = try TemporaryDirectory("accesslog-test")
        log = AccessLog(path: dir.path("data/sdcustody/access.jsonl"), keyPath: dir.path("data/sdcustody/signing-key.pem"))
    }

    func remove() { dir.remove() }

    static func record(_ index: Int, caseID: String? = nil, exhibit: String? = nil, source: String? = nil,
                       outcome: Outcome = .ok) -> AccessRecord {
        AccessRecord(action: "export", operatorName: "tester", host: "testhost", toolVersion: "0.0-test",
                     commandLine: ["sdcustody", "export", "card.img", "--out", "bag\(index)"],
                     source: source.map { SourceRecord(path: $0, size: 1024, sha256: String(repeating: "ab", count: 32)) },
                     outputs: [OutputRecord(path: "bag\(index)")], caseID: caseID, exhibit: exhibit,
                     outcome: outcome, details: ["index": String(index)])
    }

    /// Appends `count` entries.
    @discardableResult
    func fill(_ count: Int) throws -> [LogEntry] {
        try (1...count).map { try log.append(Self.record($0)) }
    }

    var bytes: [UInt8] { (try? Array(Data(contentsOf: URL(fileURLWithPath: log.path)))) ?? [] }

    /// The file's lines (without newlines); a torn tail is the last element.
    var lines: [String] {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text.isEmpty ? [] : text.components(separatedBy: "\n")
    }

    func write(lines: [String], finalNewline: Bool = true) throws {
        let text = lines.joined(separator: "\n") + (finalNewline ? "\n" : "")
        try Data(text.utf8).write(to: URL(fileURLWithPath: log.path))
    }

    func write(bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: log.path))
    }

    func problem() throws -> LogProblem? { try log.verify().problem }
}

/// A JSON object from a log line, for tests that forge entries.
func object(_ line: String) throws -> [String: JSONValue] {
    guard let members = try JSONParser.parse(Array(line.utf8)).dictionary else { throw AccessLogError.internalError("not an object") }
    return members
}

/// Re-computes `hash` (and, with a key, `signature`) the way a forger with the right tools would.
func forge(_ members: [String: JSONValue], signWith key: Ed25519Key?) throws -> String {
    var m = members
    let signed = EntrySigning.signedBytes(of: m)
    m["hash"] = .string(try Digest.hash(.sha256, signed).hex)
    if let key { m["signature"] = .string(try key.sign(signed).hex) }
    return String(decoding: CanonicalJSON.encode(.object(m)), as: UTF8.self)
}

func mode(_ path: String) -> Int? {
    (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int
}
