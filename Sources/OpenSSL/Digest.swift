import CLibCrypto
import Codecs

/// The hash algorithms sdcustody writes into manifests and records.
public enum DigestAlgorithm: String, CaseIterable, Sendable, Codable {
    case sha256, sha512, sha1, md5

    /// OpenSSL's name for it.
    var openSSLName: String {
        switch self {
        case .sha256: return "SHA256"
        case .sha512: return "SHA512"
        case .sha1: return "SHA1"
        case .md5: return "MD5"
        }
    }

    public var byteCount: Int {
        switch self {
        case .sha256: return 32
        case .sha512: return 64
        case .sha1: return 20
        case .md5: return 16
        }
    }
}

/// A streaming hash over libcrypto's EVP interface.
public final class Digest {
    public let algorithm: DigestAlgorithm
    private let context: EVPDigestContext

    public init(_ algorithm: DigestAlgorithm) throws {
        self.algorithm = algorithm
        context = try EVPDigestContext(openSSLName: algorithm.openSSLName)
    }

    public func update(_ bytes: UnsafeRawBufferPointer) throws { try context.update(bytes) }

    public func update<S: Sequence>(_ bytes: S) throws where S.Element == UInt8 {
        let array = Array(bytes)
        try array.withUnsafeBytes { try update($0) }
    }

    /// The digest; the object cannot be updated afterwards.
    public func finish() throws -> [UInt8] { try context.finish() }

    /// One-shot hash.
    public static func hash(_ algorithm: DigestAlgorithm, _ bytes: [UInt8]) throws -> [UInt8] {
        let d = try Digest(algorithm)
        try d.update(bytes)
        return try d.finish()
    }
}

/// Several digests fed from one read: the "hashed in the same pass" of PRODUCT.md.
public final class MultiDigest {
    public let digests: [Digest]
    public init(_ algorithms: [DigestAlgorithm]) throws {
        digests = try algorithms.map { try Digest($0) }
    }
    public func update(_ bytes: UnsafeRawBufferPointer) throws {
        for d in digests { try d.update(bytes) }
    }
    public func finish() throws -> [DigestAlgorithm: [UInt8]] {
        var out: [DigestAlgorithm: [UInt8]] = [:]
        for d in digests { out[d.algorithm] = try d.finish() }
        return out
    }
}

extension Array where Element == UInt8 {
    /// Lower-case hex, as manifests and sha256sum print it (`Codecs.Hex`).
    public var hex: String { Hex.encode(self) }
}

/// Digests other tools write into bags (the BagIt conformance suite has a SHA-224 bag), which
/// sdcustody checks but never writes.
public enum CheckOnlyDigestAlgorithm: String, CaseIterable, Sendable {
    case sha224, sha384

    var openSSLName: String {
        switch self {
        case .sha224: return "SHA224"
        case .sha384: return "SHA384"
        }
    }

    public var byteCount: Int {
        switch self {
        case .sha224: return 28
        case .sha384: return 48
        }
    }
}

/// A streaming hash with one of the `CheckOnlyDigestAlgorithm`s.
public final class CheckOnlyDigest {
    public let algorithm: CheckOnlyDigestAlgorithm
    private let context: EVPDigestContext

    public init(_ algorithm: CheckOnlyDigestAlgorithm) throws {
        self.algorithm = algorithm
        context = try EVPDigestContext(openSSLName: algorithm.openSSLName)
    }

    public func update(_ bytes: UnsafeRawBufferPointer) throws { try context.update(bytes) }

    /// The digest; the object cannot be updated afterwards.
    public func finish() throws -> [UInt8] { try context.finish() }
}

/// One `EVP_MD_CTX`, owned and freed here.
final class EVPDigestContext {
    private let ctx: OpaquePointer

    init(openSSLName: String) throws {
        guard let ctx = EVP_MD_CTX_new() else { throw OpenSSLError("EVP_MD_CTX_new") }
        self.ctx = ctx
        guard let md = EVP_get_digestbyname(openSSLName) else {
            EVP_MD_CTX_free(ctx)
            throw OpenSSLError("EVP_get_digestbyname")
        }
        guard EVP_DigestInit_ex(ctx, md, nil) == 1 else {
            EVP_MD_CTX_free(ctx)
            throw OpenSSLError("EVP_DigestInit_ex")
        }
    }

    deinit { EVP_MD_CTX_free(ctx) }

    func update(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        try check(EVP_DigestUpdate(ctx, base, bytes.count), "EVP_DigestUpdate")
    }

    func finish() throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        try check(EVP_DigestFinal_ex(ctx, &out, &length), "EVP_DigestFinal_ex")
        return Array(out[0..<min(Int(length), out.count)])
    }
}
