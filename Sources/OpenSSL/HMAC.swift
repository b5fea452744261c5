import CLibCrypto

/// HMAC-SHA-256 (RFC 2104) through OpenSSL's `EVP_MAC` "HMAC". age uses it for the header MAC.
public final class HMAC {
    private let mac: OpaquePointer
    private let ctx: OpaquePointer

    /// Starts a MAC under `key`.
    public init(key: UnsafeRawBufferPointer) throws {
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else { throw OpenSSLError("EVP_MAC_fetch(HMAC)") }
        guard let ctx = EVP_MAC_CTX_new(mac) else {
            EVP_MAC_free(mac)
            throw OpenSSLError("EVP_MAC_CTX_new")
        }
        self.mac = mac
        self.ctx = ctx
        var params = [
            OSSL_PARAM_construct_utf8_string(ParamString.digest, ParamString.sha256, 0),
            OSSL_PARAM_construct_end(),
        ]
        // An empty key still needs a non-null pointer.
        var zero: UInt8 = 0
        let keyPointer = key.baseAddress?.assumingMemoryBound(to: UInt8.self)
        try withUnsafePointer(to: &zero) { z in
            try check(EVP_MAC_init(ctx, keyPointer ?? z, key.count, &params), "EVP_MAC_init(HMAC)")
        }
    }

    /// A MAC under a secret key.
    public static func with(key: SecureBytes) throws -> HMAC {
        try key.withUnsafeBytes { try HMAC(key: $0) }
    }

    deinit {
        EVP_MAC_CTX_free(ctx)
        EVP_MAC_free(mac)
    }

    public func update(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        try check(EVP_MAC_update(ctx, base.assumingMemoryBound(to: UInt8.self), bytes.count), "EVP_MAC_update")
    }

    public func update(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try update($0) }
    }

    /// The 32-byte tag.
    public func finish() throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length = 0
        try check(EVP_MAC_final(ctx, &out, &length, out.count), "EVP_MAC_final")
        guard length == 32 else { throw OpenSSLError("EVP_MAC_final (unexpected length \(length))") }
        return out
    }

    /// One-shot HMAC-SHA-256.
    public static func sha256(key: UnsafeRawBufferPointer, message: [UInt8]) throws -> [UInt8] {
        let h = try HMAC(key: key)
        try h.update(message)
        return try h.finish()
    }
}
