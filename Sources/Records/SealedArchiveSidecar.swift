import Codecs
import Foundation
import Messages

/// The plaintext sidecar `FILE.age.json` written beside a sealed bag, so storage can be checked
/// without decrypting: the ciphertext's SHA-256 and size, what bag is inside (name, Payload-Oxum,
/// External-Identifier and a few other bag-info labels), who can open it (public recipients only)
/// and when it was sealed. It holds nothing secret: no key, no passphrase, no plaintext hash.
public struct SealedArchiveSidecar: Equatable, Sendable {
    public static let format = "sdcustody-sealed-archive/1"
    /// bag-info.txt labels copied into the sidecar (RFC 8493 §2.2.2 reserved labels that identify a
    /// bag; descriptions are left out, since they may say more about an incident than storage needs).
    public static let bagInfoLabels = ["External-Identifier", "Bagging-Date", "Contact-Name", "Source-Organization",
                                "Bag-Group-Identifier", "Bag-Count", "Bag-Software-Agent"]

    public init(tool: String, archive: String, ciphertextSHA256: String, ciphertextSize: UInt64, bagName: String,
                payloadOxum: String?, payloadFiles: Int, payloadBytes: UInt64, bagInfo: [(String, String)],
                recipients: [String], sealed: String) {
        self.tool = tool
        self.archive = archive
        self.ciphertextSHA256 = ciphertextSHA256
        self.ciphertextSize = ciphertextSize
        self.bagName = bagName
        self.payloadOxum = payloadOxum
        self.payloadFiles = payloadFiles
        self.payloadBytes = payloadBytes
        self.bagInfo = bagInfo
        self.recipients = recipients
        self.sealed = sealed
    }

    public var tool: String
    /// The archive's file name (not its path: the pair may be moved together).
    public var archive: String
    public var ciphertextSHA256: String
    public var ciphertextSize: UInt64
    public var bagName: String
    public var payloadOxum: String?
    public var payloadFiles: Int
    public var payloadBytes: UInt64
    /// Label → value, in `bagInfoLabels` order, for the labels the bag has (first value each).
    public var bagInfo: [(String, String)]
    /// `age1…` recipients, or one "passphrase (scrypt, work factor N)".
    public var recipients: [String]
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    public var sealed: String

    public static func == (a: SealedArchiveSidecar, b: SealedArchiveSidecar) -> Bool {
        a.tool == b.tool && a.archive == b.archive && a.ciphertextSHA256 == b.ciphertextSHA256
            && a.ciphertextSize == b.ciphertextSize && a.bagName == b.bagName && a.payloadOxum == b.payloadOxum
            && a.payloadFiles == b.payloadFiles && a.payloadBytes == b.payloadBytes
            && a.bagInfo.elementsEqual(b.bagInfo, by: { $0 == $1 }) && a.recipients == b.recipients && a.sealed == b.sealed
    }

    /// The sidecar's path for an archive.
    public static func path(forArchive archive: String) -> String { archive + ".json" }

    public var externalIdentifier: String? { bagInfo.first(where: { $0.0 == "External-Identifier" })?.1 }

    /// The sidecar as written (pretty, with a final newline): `FILE.age.json`.
    public func bytes() -> [UInt8] { json.bytes(pretty: true) + [0x0A] }

    public var json: JSONValue {
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

    /// Reads a sidecar strictly enough to rely on its hash and size: the format must be
    /// `sdcustody-sealed-archive/1` and the ciphertext's SHA-256 (64 lower-case hex digits) and size
    /// must be there; the descriptive fields may be missing (a sidecar trimmed by hand still lets
    /// storage be checked), but where present must be of the right kind.
    public static func parse(_ data: [UInt8]) throws -> SealedArchiveSidecar {
        let document = tr(.rcSealedArchiveSidecar)
        let top = try ObjectReader.parse(data, document: document, limit: 1 << 20)
        try top.requireFormat(format)
        let ciphertext = try top.object("ciphertext")
        let sha = try ciphertext.string("sha256")
        guard sha.utf8.count == 64, sha.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw RecordError.invalid(document: document, field: "ciphertext.sha256", reason: tr(.rcIsNot64LowerCase))
        }
        let size = try ciphertext.uint("size")
        let bag = try top.optionalObject("bag")
        var info: [(String, String)] = []
        if let members = try bag?.optionalObject("bag_info")?.stringMembers() {
            for label in bagInfoLabels { if let v = members.first(where: { $0.0 == label })?.1 { info.append((label, v)) } }
        }
        return SealedArchiveSidecar(
            tool: try top.optionalString("tool") ?? "", archive: try top.optionalString("archive") ?? "",
            ciphertextSHA256: sha, ciphertextSize: size, bagName: try bag?.optionalString("name") ?? "",
            payloadOxum: try bag?.optionalString("payload_oxum"),
            payloadFiles: Int(clamping: try bag?.optionalUInt("payload_files") ?? 0),
            payloadBytes: try bag?.optionalUInt("payload_bytes") ?? 0, bagInfo: info,
            recipients: try top.optionalStrings("recipients") ?? [], sealed: try top.optionalString("sealed") ?? "")
    }

    /// Now, as the sidecar records it.
    public static func now() -> String { UTCTime.format(seconds: Int64(time(nil))) }
}
