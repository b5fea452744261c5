import Foundation
import Codecs

/// The plaintext sidecar `FILE.age.json` written beside a sealed bag, so storage can be checked
/// without decrypting: the ciphertext's SHA-256 and size, what bag is inside (name, Payload-Oxum,
/// External-Identifier and a few other bag-info labels), who can open it (public recipients only)
/// and when it was sealed. It holds nothing secret: no key, no passphrase, no plaintext hash.
struct SealedArchiveSidecar: Equatable {
    static let format = "sdcustody-sealed-archive/1"
    /// bag-info.txt labels copied into the sidecar (RFC 8493 §2.2.2 reserved labels that identify a
    /// bag; descriptions are left out, since they may say more about an incident than storage needs).
    static let bagInfoLabels = ["External-Identifier", "Bagging-Date", "Contact-Name", "Source-Organization",
                                "Bag-Group-Identifier", "Bag-Count", "Bag-Software-Agent"]

    var tool: String
    /// The archive's file name (not its path: the pair may be moved together).
    var archive: String
    var ciphertextSHA256: String
    var ciphertextSize: UInt64
    var bagName: String
    var payloadOxum: String?
    var payloadFiles: Int
    var payloadBytes: UInt64
    /// Label → value, in `bagInfoLabels` order, for the labels the bag has (first value each).
    var bagInfo: [(String, String)]
    /// `age1…` recipients, or one "passphrase (scrypt, work factor N)".
    var recipients: [String]
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    var sealed: String

    static func == (a: SealedArchiveSidecar, b: SealedArchiveSidecar) -> Bool {
        a.tool == b.tool && a.archive == b.archive && a.ciphertextSHA256 == b.ciphertextSHA256
            && a.ciphertextSize == b.ciphertextSize && a.bagName == b.bagName && a.payloadOxum == b.payloadOxum
            && a.payloadFiles == b.payloadFiles && a.payloadBytes == b.payloadBytes
            && a.bagInfo.elementsEqual(b.bagInfo, by: { $0 == $1 }) && a.recipients == b.recipients && a.sealed == b.sealed
    }

    /// The sidecar's path for an archive.
    static func path(forArchive archive: String) -> String { archive + ".json" }

    var externalIdentifier: String? { bagInfo.first(where: { $0.0 == "External-Identifier" })?.1 }

    var json: JSONValue {
        .object([
            ("format", .string(Self.format)),
            ("tool", .string(tool)),
            ("archive", .string(archive)),
            ("encryption", .string("age-encryption.org/v1")),
            ("content", .string("POSIX pax tar of the bag folder")),
            ("ciphertext", .object([("sha256", .string(ciphertextSHA256)), ("size", .uint(ciphertextSize))])),
            ("bag", .object([
                ("name", .string(bagName)),
                ("payload_oxum", .from(payloadOxum)),
                ("payload_files", .int(Int64(payloadFiles))),
                ("payload_bytes", .uint(payloadBytes)),
                ("bag_info", .object(bagInfo.map { ($0.0, JSONValue.string($0.1)) })),
            ])),
            ("recipients", .array(recipients.map { .string($0) })),
            ("sealed", .string(sealed)),
        ])
    }

    struct ParseError: Error, CustomStringConvertible { let description: String }

    /// Reads a sidecar strictly enough to rely on its hash and size; other fields are optional.
    static func parse(_ data: [UInt8]) throws -> SealedArchiveSidecar {
        guard data.count <= 1 << 20 else { throw ParseError(description: "larger than 1 MiB; not a sidecar") }
        let any: Any
        do { any = try JSONSerialization.jsonObject(with: Data(data)) } catch { throw ParseError(description: "not JSON") }
        guard let object = any as? [String: Any] else { throw ParseError(description: "not a JSON object") }
        guard object["format"] as? String == format else {
            throw ParseError(description: "format is not \(format)")
        }
        guard let c = object["ciphertext"] as? [String: Any], let sha = c["sha256"] as? String,
              sha.count == 64, sha.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }),
              let size = (c["size"] as? NSNumber)?.uint64Value else {
            throw ParseError(description: "no ciphertext sha256 (64 hex digits) and size")
        }
        let bag = object["bag"] as? [String: Any] ?? [:]
        var info: [(String, String)] = []
        if let i = bag["bag_info"] as? [String: Any] {
            for label in bagInfoLabels { if let v = i[label] as? String { info.append((label, v)) } }
        }
        return SealedArchiveSidecar(
            tool: object["tool"] as? String ?? "", archive: object["archive"] as? String ?? "",
            ciphertextSHA256: sha, ciphertextSize: size, bagName: bag["name"] as? String ?? "",
            payloadOxum: bag["payload_oxum"] as? String, payloadFiles: (bag["payload_files"] as? NSNumber)?.intValue ?? 0,
            payloadBytes: (bag["payload_bytes"] as? NSNumber)?.uint64Value ?? 0, bagInfo: info,
            recipients: object["recipients"] as? [String] ?? [], sealed: object["sealed"] as? String ?? "")
    }

    /// Now, as the sidecar records it.
    static func now() -> String {
        var t = time(nil)
        var parts = tm()
        gmtime_r(&t, &parts)
        var buf = [CChar](repeating: 0, count: 32)
        let n = strftime(&buf, buf.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
