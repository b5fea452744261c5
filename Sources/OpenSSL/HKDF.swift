import CLibCrypto

/// HKDF-SHA-256 (RFC 5869): extract with `salt`, expand with `info`, through OpenSSL's `EVP_KDF`
/// "HKDF". age derives every key this way (header MAC key, payload key, X25519 wrap key).
public final class HKDF {
    private let kdf: OpaquePointer
    private let ctx: OpaquePointer

    public init() throws {
        guard let kdf = EVP_KDF_fetch(nil, "HKDF", nil) else { throw OpenSSLError("EVP_KDF_fetch(HKDF)") }
        guard let ctx = EVP_KDF_CTX_new(kdf) else {
            EVP_KDF_free(kdf)
            throw OpenSSLError("EVP_KDF_CTX_new")
        }
        self.kdf = kdf
        self.ctx = ctx
    }

    deinit {
        EVP_KDF_CTX_free(ctx)
        EVP_KDF_free(kdf)
    }

    /// Derives `count` bytes into a wiped-on-release buffer.
    public func derive(ikm: UnsafeRawBufferPointer, salt: UnsafeRawBufferPointer,
                       info: UnsafeRawBufferPointer, count: Int) throws -> SecureBytes {
        let out = SecureBytes(count: count)
        var params = [
            OSSL_PARAM_construct_utf8_string(ParamString.digest, ParamString.sha256, 0),
            octetParam(ParamString.key, ikm),
            octetParam(ParamString.salt, salt),
            octetParam(ParamString.info, info),
            OSSL_PARAM_construct_end(),
        ]
        EVP_KDF_CTX_reset(ctx)
        try out.withUnsafeMutableBytes { buf in
            guard let base = buf.baseAddress, count > 0 else { return }
            try check(EVP_KDF_derive(ctx, base.assumingMemoryBound(to: UInt8.self), count, &params), "EVP_KDF_derive(HKDF)")
        }
        return out
    }

    /// One-shot HKDF-SHA-256 over byte arrays.
    public static func sha256(ikm: UnsafeRawBufferPointer, salt: [UInt8], info: [UInt8], count: Int) throws -> SecureBytes {
        let h = try HKDF()
        return try salt.withUnsafeBytes { s in
            try info.withUnsafeBytes { i in try h.derive(ikm: ikm, salt: s, info: i, count: count) }
        }
    }

    /// One-shot with a secret input key.
    public static func sha256(ikm: SecureBytes, salt: [UInt8], info: [UInt8], count: Int) throws -> SecureBytes {
        try ikm.withUnsafeBytes { try sha256(ikm: $0, salt: salt, info: info, count: count) }
    }
}
