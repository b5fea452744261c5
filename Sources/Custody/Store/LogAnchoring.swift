import ObjectStore
import AccessLog
import Codecs
import OpenSSL
import Messages
import Foundation

/// The access log's head written where the laptop's owner cannot reach it: a small JSON object
/// (`sdcustody-log-anchor/1`: entry number, the entry's SHA-256, the signing key and its
/// fingerprint, time, host) under COMPLIANCE retention, so not even the bucket owner can remove it
/// before its date. A log rewritten and re-signed after an anchor no longer holds that anchor's
/// entry with that hash, and `log verify --anchors` says which anchor and which entry.
///
/// One prefix per log: every anchor under the prefix is taken to be of the log being checked.
public enum LogAnchoring {
    public static let format = "sdcustody-log-anchor/1"
    /// How long an anchor is kept when not told otherwise: ten years, beyond any retention rule
    /// for the footage it vouches for.
    public static let defaultRetentionDays = 3650
    /// `SDCUSTODY_S3_ANCHORS=s3://BUCKET/PREFIX`: where `store put` and `handover` anchor the log.
    public static let environmentName = "SDCUSTODY_S3_ANCHORS"

    public struct Anchor: Sendable, Equatable {
        public var seq: Int64
        public var sha256: String
        public var key: String
        public var time: String
        public var host: String

        public init(seq: Int64, sha256: String, key: String, time: String, host: String) {
            self.seq = seq
            self.sha256 = sha256
            self.key = key
            self.time = time
            self.host = host
        }

        public var json: JSONValue {
            .object([
                ("format", .string(LogAnchoring.format)), ("seq", .int(seq)), ("sha256", .string(sha256)),
                ("key", .string(key)), ("key_fingerprint", .string(LogAnchoring.fingerprint(key))),
                ("time", .string(time)), ("host", .string(host)),
            ])
        }

        public static func parse(_ bytes: [UInt8]) -> Anchor? {
            guard bytes.count <= 65536, let v = try? JSONParser.parse(bytes), v["format"]?.stringValue == LogAnchoring.format,
                  let seq = v["seq"]?.integerValue, let sha = v["sha256"]?.stringValue, Hex.isSHA256(sha),
                  let key = v["key"]?.stringValue else { return nil }
            return Anchor(seq: seq, sha256: sha, key: key, time: v["time"]?.stringValue ?? "", host: v["host"]?.stringValue ?? "")
        }
    }

    /// `SHA256:` + the first 16 hex digits of the SHA-256 of the public key's bytes.
    public static func fingerprint(_ keyHex: String) -> String {
        guard let bytes = Hex.decode(keyHex), let d = try? Digest.hash(.sha256, bytes) else { return "" }
        return "SHA256:" + String(d.hex.prefix(16))
    }

    public struct Written: Sendable {
        public var anchor: Anchor
        public var location: S3Location
        public var versionID: String?
        public var retention: Retention
    }

    /// Writes the log's current head as an anchor under `prefix`.
    public static func anchor(log: AccessLog, at prefix: S3Location, client: S3Client,
                              retentionDays: Int = defaultRetentionDays) throws -> Written {
        let head: LogEntry?
        do { head = try log.head() } catch { throw CustodyError.input("\(log.path): \(error)") }
        guard let head else { throw CustodyError.input(tr(.logNoEntriesYet, ["path": log.path])) }
        let anchor = Anchor(seq: head.seq, sha256: head.hash, key: head.key, time: UTCTime.format(seconds: ISO8601Time.now()),
                            host: AccessLogging.hostName())
        let name = "anchor-" + String(repeating: "0", count: max(0, 12 - String(head.seq).count)) + String(head.seq)
            + "-" + String(head.hash.prefix(16)) + ".json"
        let location = prefix.appending(name)
        let retention = Retention(mode: .compliance, until: ISO8601Time.now() + Int64(retentionDays) * 86_400)
        return try StoreErrors.wrap {
            // The same head anchored twice is the same object: keep the first, it is locked anyway.
            if let existing = try client.head(location) {
                return Written(anchor: anchor, location: location, versionID: existing.versionID, retention: existing.retention ?? retention)
            }
            let v = try client.putObject(location, body: anchor.json.bytes(pretty: true) + [0x0A], contentType: "application/json",
                                         retention: retention, legalHold: false, metadata: [("seq", String(head.seq)), ("sha256", head.hash)])
            if let h = try client.head(location, versionID: v), h.retention == nil {
                try client.setRetention(location, versionID: h.versionID, retention)
            }
            return Written(anchor: anchor, location: location, versionID: v, retention: retention)
        }
    }

    /// What the handover command calls after its own log entry: anchors the log when
    /// `SDCUSTODY_S3_ANCHORS` names a prefix (with the store configured the usual way); nil when
    /// no store is configured. Errors are the caller's to report (the handover itself stands).
    public static func anchorIfConfigured(logOption: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> Written? {
        guard let target = environment[environmentName], !target.isEmpty else { return nil }
        guard let prefix = S3Location(target) else { throw CustodyError.input(tr(.storeBadLocation, ["url": target])) }
        let client = try StoreConfiguration(endpoint: nil, profile: nil, caFile: nil, environment: environment).client()
        return try anchor(log: AccessLogging.accessLog(option: logOption), at: prefix, client: client)
    }

    public struct Problem: Sendable {
        public var anchorKey: String
        public var seq: Int64
        public var message: String
    }

    public struct CheckResult: Sendable {
        public var anchors: Int
        public var problems: [Problem]
        public var unreadable: [String]
    }

    /// Checks the log against every anchor under `prefix`: the log must hold entry `seq` with the
    /// anchor's hash. Reads the log once, keeping only the anchored entries' hashes.
    public static func check(log: AccessLog, against prefix: S3Location, client: S3Client) throws -> CheckResult {
        var anchors: [(String, Anchor)] = []
        var unreadable: [String] = []
        try StoreErrors.wrap {
            for object in try client.list(S3Location(bucket: prefix.bucket, key: prefix.prefix)) where object.key.hasSuffix(".json") {
                let location = S3Location(bucket: prefix.bucket, key: object.key)
                if let bytes = try client.getSmall(location, limit: 65536), let a = Anchor.parse(bytes) {
                    anchors.append((location.description, a))
                } else {
                    unreadable.append(location.description)
                }
            }
        }
        let wanted = Set(anchors.map(\.1.seq))
        var found: [Int64: (hash: String, key: String)] = [:]
        var last: Int64 = 0
        do {
            _ = try log.forEachEntry { entry, _ in
                last = max(last, entry.seq)
                if wanted.contains(entry.seq), found[entry.seq] == nil { found[entry.seq] = (entry.hash, entry.key) }
            }
        } catch { throw CustodyError.input("\(log.path): \(error)") }
        var problems: [Problem] = []
        for (key, a) in anchors.sorted(by: { $0.1.seq < $1.1.seq }) {
            guard let entry = found[a.seq] else {
                problems.append(Problem(anchorKey: key, seq: a.seq, message: tr(.anchorEntryMissing, [
                    "anchor": key, "seq": String(a.seq), "time": a.time, "last": String(last)])))
                continue
            }
            if entry.hash != a.sha256 {
                problems.append(Problem(anchorKey: key, seq: a.seq, message: tr(.anchorHashDiffers, [
                    "anchor": key, "seq": String(a.seq), "time": a.time, "recorded": a.sha256, "found": entry.hash])))
            } else if entry.key != a.key {
                problems.append(Problem(anchorKey: key, seq: a.seq, message: tr(.anchorKeyDiffers, [
                    "anchor": key, "seq": String(a.seq), "recorded": fingerprint(a.key), "found": fingerprint(entry.key)])))
            }
        }
        return CheckResult(anchors: anchors.count, problems: problems, unreadable: unreadable)
    }
}
