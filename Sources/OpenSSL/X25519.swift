import CLibCrypto

/// Failures specific to X25519 key agreement.
public enum X25519Error: Error, CustomStringConvertible, Equatable {
    /// The peer's share is a low-order point: the shared secret would be all zeros (RFC 7748 §6.1).
    case allZeroSharedSecret
    /// A key was not 32 bytes.
    case badKeyLength(Int)

    public var description: String {
        switch self {
        case .allZeroSharedSecret: return "X25519 shared secret is all zeros (low-order point)"
        case .badKeyLength(let n): return "X25519 key is \(n) bytes, expected 32"
        }
    }
}

/// An X25519 private key (RFC 7748) held in an `EVP_PKEY`.
public final class X25519PrivateKey {
    public static let keySize = 32
    private let pkey: OpaquePointer

    /// A new key from 32 bytes of CSPRNG output (age: `identity = read(CSPRNG, 32)`).
    public static func generate() throws -> X25519PrivateKey {
        try with(rawRepresentation: try SecureRandom.secureBytes(X25519PrivateKey.keySize))
    }

    /// The key whose 32-byte scalar is `raw` (clamped by X25519 itself).
    public init(rawRepresentation raw: UnsafeRawBufferPointer) throws {
        guard raw.count == X25519PrivateKey.keySize, let base = raw.baseAddress else {
            throw X25519Error.badKeyLength(raw.count)
        }
        guard let pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nil, base.assumingMemoryBound(to: UInt8.self), raw.count) else {
            throw OpenSSLError("EVP_PKEY_new_raw_private_key(X25519)")
        }
        self.pkey = pkey
    }

    /// The key whose scalar is the secret `raw`.
    public static func with(rawRepresentation raw: SecureBytes) throws -> X25519PrivateKey {
        try raw.withUnsafeBytes { try X25519PrivateKey(rawRepresentation: $0) }
    }

    deinit { EVP_PKEY_free(pkey) }

    /// The 32-byte scalar, for writing an identity file.
    public func rawRepresentation() throws -> SecureBytes {
        let out = SecureBytes(count: X25519PrivateKey.keySize)
        try out.withUnsafeMutableBytes { buf in
            var length = buf.count
            try check(EVP_PKEY_get_raw_private_key(pkey, buf.baseAddress?.assumingMemoryBound(to: UInt8.self), &length),
                      "EVP_PKEY_get_raw_private_key")
            guard length == X25519PrivateKey.keySize else { throw X25519Error.badKeyLength(length) }
        }
        return out
    }

    /// The public key `X25519(private, basepoint)`.
    public func publicKey() throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: X25519PrivateKey.keySize)
        var length = out.count
        try check(EVP_PKEY_get_raw_public_key(pkey, &out, &length), "EVP_PKEY_get_raw_public_key")
        guard length == X25519PrivateKey.keySize else { throw X25519Error.badKeyLength(length) }
        return out
    }

    /// `X25519(private, peer)` through `EVP_PKEY_derive`. Throws `allZeroSharedSecret` for a
    /// low-order peer share (OpenSSL refuses those itself; the check here does not depend on it).
    public func sharedSecret(with peer: [UInt8]) throws -> SecureBytes {
        guard peer.count == X25519PrivateKey.keySize else { throw X25519Error.badKeyLength(peer.count) }
        guard let peerKey = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nil, peer, peer.count) else {
            throw OpenSSLError("EVP_PKEY_new_raw_public_key(X25519)")
        }
        defer { EVP_PKEY_free(peerKey) }
        guard let ctx = EVP_PKEY_CTX_new(pkey, nil) else { throw OpenSSLError("EVP_PKEY_CTX_new") }
        defer { EVP_PKEY_CTX_free(ctx) }
        try check(EVP_PKEY_derive_init(ctx), "EVP_PKEY_derive_init")
        try check(EVP_PKEY_derive_set_peer(ctx, peerKey), "EVP_PKEY_derive_set_peer")
        let out = SecureBytes(count: X25519PrivateKey.keySize)
        var length = X25519PrivateKey.keySize
        let status = out.withUnsafeMutableBytes { buf in
            EVP_PKEY_derive(ctx, buf.baseAddress?.assumingMemoryBound(to: UInt8.self), &length)
        }
        if status != 1 {
            // OpenSSL's X25519 fails the derivation exactly when the result is all zeros; anything
            // it reports here is that case or equally fatal for the share.
            let error = OpenSSLError("EVP_PKEY_derive")
            if error.queue.contains(where: { $0.contains("derivation") }) || error.queue.isEmpty {
                throw X25519Error.allZeroSharedSecret
            }
            throw error
        }
        guard length == X25519PrivateKey.keySize else { throw X25519Error.badKeyLength(length) }
        let allZero = out.withUnsafeBytes { buf in buf.reduce(UInt8(0)) { $0 | $1 } == 0 }
        if allZero { throw X25519Error.allZeroSharedSecret }
        return out
    }

    /// Whether `bytes` is usable as a public key (right length).
    public static func isValidPublicKey(_ bytes: [UInt8]) -> Bool { bytes.count == keySize }
}
