import CLibCrypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Codecs
import SystemIO
import SystemPackage

/// An Ed25519 key (RFC 8032, PureEdDSA) held by libcrypto. One `EVP_PKEY`, owned and freed here.
///
/// A key is either a private key (can sign and verify) or a public key only (can verify).
///
/// **Key file format.** Private keys are stored as PEM-encoded PKCS#8 (RFC 5958) with the Ed25519
/// algorithm identifier of RFC 8410 §7, the same file `openssl genpkey -algorithm ed25519` writes:
///
///     -----BEGIN PRIVATE KEY-----
///     base64 of 30 2e 02 01 00 30 05 06 03 2b 65 70 04 22 04 20 || 32-byte seed
///     -----END PRIVATE KEY-----
///
/// For Ed25519 that DER structure has one fixed 16-byte prefix, so it is written and read here by
/// hand rather than through OpenSSL's PEM/decoder machinery; `openssl pkey -in FILE` reads it. Only
/// exactly this form is accepted (no attributes, no embedded public key, no encryption).
public final class Ed25519Key {
    /// Ed25519 sizes (RFC 8032 §5.1.5, §5.1.6).
    public static let seedByteCount = 32
    public static let publicKeyByteCount = 32
    public static let signatureByteCount = 64

    /// RFC 8410 §7: SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32) } }.
    static let pkcs8Prefix: [UInt8] = [
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]
    static let pemHeader = "-----BEGIN PRIVATE KEY-----"
    static let pemFooter = "-----END PRIVATE KEY-----"

    private let pkey: OpaquePointer
    /// True when this key can sign.
    public let isPrivate: Bool

    private init(pkey: OpaquePointer, isPrivate: Bool) {
        self.pkey = pkey
        self.isPrivate = isPrivate
    }

    deinit { EVP_PKEY_free(pkey) }

    /// A fresh key from libcrypto's random generator.
    public static func generate() throws -> Ed25519Key {
        guard let ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nil) else { throw OpenSSLError("EVP_PKEY_CTX_new_id") }
        defer { EVP_PKEY_CTX_free(ctx) }
        try check(EVP_PKEY_keygen_init(ctx), "EVP_PKEY_keygen_init")
        var out: OpaquePointer?
        try check(EVP_PKEY_keygen(ctx, &out), "EVP_PKEY_keygen")
        guard let key = out else { throw OpenSSLError("EVP_PKEY_keygen") }
        return Ed25519Key(pkey: key, isPrivate: true)
    }

    /// The private key whose 32-byte seed (RFC 8032's "secret key") is `seed`.
    public convenience init(seed: [UInt8]) throws {
        guard seed.count == Self.seedByteCount else { throw Ed25519Error.wrongLength("private key", seed.count) }
        guard let key = seed.withUnsafeBufferPointer({
            EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, $0.baseAddress, $0.count)
        }) else { throw OpenSSLError("EVP_PKEY_new_raw_private_key") }
        self.init(pkey: key, isPrivate: true)
    }

    /// A verify-only key from its 32-byte encoding (RFC 8032 §5.1.5).
    public convenience init(publicKey: [UInt8]) throws {
        guard publicKey.count == Self.publicKeyByteCount else { throw Ed25519Error.wrongLength("public key", publicKey.count) }
        guard let key = publicKey.withUnsafeBufferPointer({
            EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, $0.baseAddress, $0.count)
        }) else { throw OpenSSLError("EVP_PKEY_new_raw_public_key") }
        self.init(pkey: key, isPrivate: false)
    }

    /// The 32-byte public key.
    public func publicKeyBytes() throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.publicKeyByteCount)
        var length = out.count
        try check(EVP_PKEY_get_raw_public_key(pkey, &out, &length), "EVP_PKEY_get_raw_public_key")
        guard length == Self.publicKeyByteCount else { throw Ed25519Error.wrongLength("public key", length) }
        return out
    }

    /// The 32-byte seed. Handle with care: it is the secret.
    public func seedBytes() throws -> [UInt8] {
        guard isPrivate else { throw Ed25519Error.notPrivate }
        var out = [UInt8](repeating: 0, count: Self.seedByteCount)
        var length = out.count
        try check(EVP_PKEY_get_raw_private_key(pkey, &out, &length), "EVP_PKEY_get_raw_private_key")
        guard length == Self.seedByteCount else { throw Ed25519Error.wrongLength("private key", length) }
        return out
    }

    /// The public key, verify-only.
    public func publicKey() throws -> Ed25519Key { try Ed25519Key(publicKey: publicKeyBytes()) }

    /// A PureEdDSA signature over `message` (64 bytes). Ed25519 takes no separate digest: the
    /// message goes to `EVP_DigestSign` whole, with a NULL digest at init.
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        guard isPrivate else { throw Ed25519Error.notPrivate }
        guard let ctx = EVP_MD_CTX_new() else { throw OpenSSLError("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        try check(EVP_DigestSignInit(ctx, nil, nil, nil, pkey), "EVP_DigestSignInit")
        var signature = [UInt8](repeating: 0, count: Self.signatureByteCount)
        var length = signature.count
        try message.withUnsafeBufferPointer { m in
            try check(EVP_DigestSign(ctx, &signature, &length, m.baseAddress, m.count), "EVP_DigestSign")
        }
        guard length == Self.signatureByteCount else { throw Ed25519Error.wrongLength("signature", length) }
        return signature
    }

    /// True when `signature` is this key's valid signature over `message`. A malformed signature is
    /// simply not valid; only a failure of libcrypto itself throws.
    public func verify(signature: [UInt8], message: [UInt8]) throws -> Bool {
        guard signature.count == Self.signatureByteCount else { return false }
        guard let ctx = EVP_MD_CTX_new() else { throw OpenSSLError("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        try check(EVP_DigestVerifyInit(ctx, nil, nil, nil, pkey), "EVP_DigestVerifyInit")
        let result = signature.withUnsafeBufferPointer { s in
            message.withUnsafeBufferPointer { m in
                EVP_DigestVerify(ctx, s.baseAddress, s.count, m.baseAddress, m.count)
            }
        }
        // 1 valid, 0 invalid, negative: malformed input. Either way the queue is not ours to keep.
        ERR_clear_error()
        return result == 1
    }

    // MARK: PEM PKCS#8

    /// The key file's text (see the type's documentation).
    public func pkcs8PEM() throws -> String {
        var der = Self.pkcs8Prefix
        der += try seedBytes()
        defer { for i in der.indices { der[i] = 0 } }
        return Self.pemHeader + "\n" + String(decoding: Base64.encode(der, padded: true), as: UTF8.self) + "\n" + Self.pemFooter + "\n"
    }

    /// Reads a key file's text. Accepts only the RFC 8410 Ed25519 PKCS#8 form, with LF or CRLF line ends.
    public convenience init(pkcs8PEM text: String) throws {
        let lines = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { $0.trimmingSpaces() }
            .filter { !$0.isEmpty }
        guard lines.count >= 3, lines.first == Self.pemHeader, lines.last == Self.pemFooter else {
            throw Ed25519Error.badKeyFile("not a PEM PRIVATE KEY block")
        }
        let body = lines[1..<(lines.count - 1)].joined()
        guard var der = Base64.decodePadded(Array(body.utf8)) else { throw Ed25519Error.badKeyFile("invalid base64") }
        defer { for i in der.indices { der[i] = 0 } }
        guard der.count == Self.pkcs8Prefix.count + Self.seedByteCount,
              Array(der[0..<Self.pkcs8Prefix.count]) == Self.pkcs8Prefix else {
            throw Ed25519Error.badKeyFile("not an unencrypted Ed25519 PKCS#8 key (RFC 8410)")
        }
        var seed = Array(der[Self.pkcs8Prefix.count...])
        defer { for i in seed.indices { seed[i] = 0 } }
        try self.init(seed: seed)
    }

    /// Reads a key file.
    public convenience init(contentsOfFile path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Ed25519Error.io("cannot open \(path)", errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        defer { for i in buffer.indices { buffer[i] = 0 } }
        while true {
            let n: Int
            do { n = try buffer.withUnsafeMutableBytes { try FileIO.read(fd, into: $0) } } catch let e as Errno {
                throw Ed25519Error.io("cannot read \(path)", e.rawValue)
            }
            if n == 0 { break }
            bytes += buffer[0..<n]
            // A key file is a few hundred bytes; anything larger is not ours.
            guard bytes.count <= 16 * 1024 else { throw Ed25519Error.badKeyFile("\(path) is too large for a key file") }
        }
        defer { for i in bytes.indices { bytes[i] = 0 } }
        try self.init(pkcs8PEM: String(decoding: bytes, as: UTF8.self))
    }

    /// Writes the private key to `path`, mode 0600. The key is written to a temporary file opened
    /// with O_EXCL in the same folder, synced, then linked into place with `link(2)`, which fails
    /// when `path` exists: two processes creating the key at once cannot overwrite each other, and
    /// the loser reads the winner's key instead. Throws `Ed25519Error.exists` when `path` exists.
    public func write(toFile path: String) throws {
        let pem = Array(try pkcs8PEM().utf8)
        let folder = Self.folder(of: path)
        var random = [UInt8](repeating: 0, count: 8)
        try check(RAND_bytes(&random, Int32(random.count)), "RAND_bytes")
        let temporary = "\(folder)/.\(Self.baseName(of: path)).\(random.hex).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw Ed25519Error.io("cannot create \(temporary)", errno) }
        // The temporary name goes whether or not the link succeeded.
        defer { unlink(temporary) }
        do {
            defer { close(fd) }
            // The umask may only remove bits; make the mode exact anyway.
            guard fchmod(fd, 0o600) == 0 else { throw Ed25519Error.io("cannot chmod \(temporary)", errno) }
            do { try FileIO.writeAll(fd, pem) } catch { throw Ed25519Error.io("cannot write \(temporary)", error.rawValue) }
            do { try FileIO.sync(fd) } catch { throw Ed25519Error.io("cannot sync \(temporary)", error.rawValue) }
        }
        if link(temporary, path) != 0 {
            let code = errno
            if code == EEXIST { throw Ed25519Error.exists(path) }
            throw Ed25519Error.io("cannot create \(path)", code)
        }
        FileIO.syncFolder(folder)
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}

/// What can go wrong with an Ed25519 key outside libcrypto itself.
public enum Ed25519Error: Error, CustomStringConvertible, Equatable {
    case wrongLength(String, Int)
    case notPrivate
    case badKeyFile(String)
    case exists(String)
    case io(String, Int32)

    public var description: String {
        switch self {
        case .wrongLength(let what, let n): return "Ed25519 \(what) has \(n) bytes"
        case .notPrivate: return "Ed25519 key is public only: it cannot sign"
        case .badKeyFile(let why): return "Ed25519 key file: \(why)"
        case .exists(let path): return "\(path) already exists"
        case .io(let what, let code): return "\(what): \(errnoText(code))"
        }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
