import CLibCrypto

/// ChaCha20-Poly1305 (RFC 8439) with a 32-byte key, 12-byte nonce and 16-byte tag, through one
/// `EVP_CIPHER_CTX` per direction that keeps its key between messages: age's STREAM re-keys only the
/// nonce for every 64 KiB chunk, so the context is set up once and re-initialised with a nonce only.
public final class ChaChaPoly {
    public static let keySize = 32
    public static let nonceSize = 12
    public static let tagSize = 16

    /// The tag did not verify: wrong key, wrong nonce, or damaged ciphertext. Distinct from an
    /// `OpenSSLError`, which means the library itself failed.
    public struct AuthenticationFailure: Error, CustomStringConvertible {
        public var description: String { "ChaCha20-Poly1305 authentication failed" }
    }

    private let cipher: OpaquePointer
    private let sealCtx: OpaquePointer
    private let openCtx: OpaquePointer

    public init(key: UnsafeRawBufferPointer) throws {
        guard key.count == ChaChaPoly.keySize, let keyBase = key.baseAddress else {
            throw OpenSSLError("ChaChaPoly (key must be 32 bytes)")
        }
        guard let cipher = EVP_CIPHER_fetch(nil, "ChaCha20-Poly1305", nil) else {
            throw OpenSSLError("EVP_CIPHER_fetch(ChaCha20-Poly1305)")
        }
        guard let sealCtx = EVP_CIPHER_CTX_new() else {
            EVP_CIPHER_free(cipher)
            throw OpenSSLError("EVP_CIPHER_CTX_new")
        }
        guard let openCtx = EVP_CIPHER_CTX_new() else {
            EVP_CIPHER_CTX_free(sealCtx)
            EVP_CIPHER_free(cipher)
            throw OpenSSLError("EVP_CIPHER_CTX_new")
        }
        self.cipher = cipher
        self.sealCtx = sealCtx
        self.openCtx = openCtx
        let k = keyBase.assumingMemoryBound(to: UInt8.self)
        try check(EVP_CipherInit_ex(sealCtx, cipher, nil, k, nil, 1), "EVP_CipherInit_ex(seal)")
        try check(EVP_CipherInit_ex(openCtx, cipher, nil, k, nil, 0), "EVP_CipherInit_ex(open)")
    }

    /// A cipher under a secret key.
    public static func with(key: SecureBytes) throws -> ChaChaPoly {
        try key.withUnsafeBytes { try ChaChaPoly(key: $0) }
    }

    deinit {
        // EVP_CIPHER_CTX_free cleanses the key schedule.
        EVP_CIPHER_CTX_free(sealCtx)
        EVP_CIPHER_CTX_free(openCtx)
        EVP_CIPHER_free(cipher)
    }

    /// Encrypts `plaintext` into `output`, which must hold `plaintext.count + 16` bytes (ciphertext,
    /// then tag). `output` may start at the same address as `plaintext` (in-place).
    public func seal(nonce: UnsafeRawBufferPointer, plaintext: UnsafeRawBufferPointer,
                     into output: UnsafeMutableRawBufferPointer, aad: UnsafeRawBufferPointer? = nil) throws {
        guard nonce.count == ChaChaPoly.nonceSize, let n = nonce.baseAddress else { throw OpenSSLError("ChaChaPoly.seal (nonce must be 12 bytes)") }
        guard output.count == plaintext.count + ChaChaPoly.tagSize, let out = output.baseAddress,
              plaintext.count <= Int(Int32.max) - 64 else {
            throw OpenSSLError("ChaChaPoly.seal (output size)")
        }
        let o = out.assumingMemoryBound(to: UInt8.self)
        try check(EVP_CipherInit_ex(sealCtx, nil, nil, nil, n.assumingMemoryBound(to: UInt8.self), 1), "EVP_CipherInit_ex(nonce)")
        var written: Int32 = 0
        try addAAD(sealCtx, aad)
        if let p = plaintext.baseAddress, plaintext.count > 0 {
            try check(EVP_EncryptUpdate(sealCtx, o, &written, p.assumingMemoryBound(to: UInt8.self), Int32(plaintext.count)), "EVP_EncryptUpdate")
            guard Int(written) == plaintext.count else { throw OpenSSLError("EVP_EncryptUpdate (short output)") }
        }
        var finalLength: Int32 = 0
        try check(EVP_EncryptFinal_ex(sealCtx, o + plaintext.count, &finalLength), "EVP_EncryptFinal_ex")
        guard finalLength == 0 else { throw OpenSSLError("EVP_EncryptFinal_ex (unexpected output)") }
        try check(EVP_CIPHER_CTX_ctrl(sealCtx, EVP_CTRL_AEAD_GET_TAG, Int32(ChaChaPoly.tagSize), o + plaintext.count),
                  "EVP_CIPHER_CTX_ctrl(GET_TAG)")
    }

    /// Decrypts and authenticates `ciphertext` (ending with its 16-byte tag) into `output`, which must
    /// hold `ciphertext.count - 16` bytes and may alias the ciphertext. Throws `AuthenticationFailure`
    /// when the tag does not verify; `output` then holds unauthenticated bytes the caller must drop.
    public func open(nonce: UnsafeRawBufferPointer, ciphertext: UnsafeRawBufferPointer,
                     into output: UnsafeMutableRawBufferPointer, aad: UnsafeRawBufferPointer? = nil) throws {
        guard nonce.count == ChaChaPoly.nonceSize, let n = nonce.baseAddress else { throw OpenSSLError("ChaChaPoly.open (nonce must be 12 bytes)") }
        guard ciphertext.count >= ChaChaPoly.tagSize, let c = ciphertext.baseAddress else { throw AuthenticationFailure() }
        let bodyCount = ciphertext.count - ChaChaPoly.tagSize
        guard output.count == bodyCount, bodyCount <= Int(Int32.max) - 64 else { throw OpenSSLError("ChaChaPoly.open (output size)") }
        let cBytes = c.assumingMemoryBound(to: UInt8.self)
        try check(EVP_CipherInit_ex(openCtx, nil, nil, nil, n.assumingMemoryBound(to: UInt8.self), 0), "EVP_CipherInit_ex(nonce)")
        // Copy the tag first: the body may be decrypted in place over the same memory.
        var tag = [UInt8](repeating: 0, count: ChaChaPoly.tagSize)
        for i in 0..<ChaChaPoly.tagSize { tag[i] = cBytes[bodyCount + i] }
        try tag.withUnsafeMutableBytes { t in
            try check(EVP_CIPHER_CTX_ctrl(openCtx, EVP_CTRL_AEAD_SET_TAG, Int32(ChaChaPoly.tagSize), t.baseAddress),
                      "EVP_CIPHER_CTX_ctrl(SET_TAG)")
        }
        try addAAD(openCtx, aad)
        var scratch: UInt8 = 0
        let o = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
        var written: Int32 = 0
        if bodyCount > 0, let o {
            try check(EVP_DecryptUpdate(openCtx, o, &written, cBytes, Int32(bodyCount)), "EVP_DecryptUpdate")
            guard Int(written) == bodyCount else { throw OpenSSLError("EVP_DecryptUpdate (short output)") }
        }
        var finalLength: Int32 = 0
        let ok = withUnsafeMutablePointer(to: &scratch) { s in
            EVP_DecryptFinal_ex(openCtx, o.map { $0 + bodyCount } ?? s, &finalLength)
        }
        guard ok == 1 else {
            ERR_clear_error()
            throw AuthenticationFailure()
        }
    }

    /// Additional authenticated data (age uses none; RFC 8439's test vector does).
    private func addAAD(_ ctx: OpaquePointer, _ aad: UnsafeRawBufferPointer?) throws {
        guard let aad, let base = aad.baseAddress, aad.count > 0 else { return }
        guard aad.count <= Int(Int32.max) else { throw OpenSSLError("ChaChaPoly (AAD too long)") }
        var ignored: Int32 = 0
        try check(EVP_CipherUpdate(ctx, nil, &ignored, base.assumingMemoryBound(to: UInt8.self), Int32(aad.count)), "EVP_CipherUpdate(AAD)")
    }

    /// Array convenience: ciphertext || tag.
    public func seal(nonce: [UInt8], plaintext: UnsafeRawBufferPointer, aad: [UInt8] = []) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: plaintext.count + ChaChaPoly.tagSize)
        try nonce.withUnsafeBytes { n in
            try aad.withUnsafeBytes { a in
                try out.withUnsafeMutableBytes { try seal(nonce: n, plaintext: plaintext, into: $0, aad: a) }
            }
        }
        return out
    }

    /// Array convenience; the plaintext comes back in a wiped-on-release buffer.
    public func open(nonce: [UInt8], ciphertext: [UInt8], aad: [UInt8] = []) throws -> SecureBytes {
        guard ciphertext.count >= ChaChaPoly.tagSize else { throw AuthenticationFailure() }
        let out = SecureBytes(count: ciphertext.count - ChaChaPoly.tagSize)
        try nonce.withUnsafeBytes { n in
            try ciphertext.withUnsafeBytes { c in
                try aad.withUnsafeBytes { a in
                    try out.withUnsafeMutableBytes { try open(nonce: n, ciphertext: c, into: $0, aad: a) }
                }
            }
        }
        return out
    }
}
