import CLibCrypto

/// Random bytes from OpenSSL's CSPRNG (`RAND_bytes`), for file keys, nonces, salts and private keys.
public enum SecureRandom {
    /// Fills `buffer` with random bytes.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) throws {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        guard buffer.count <= Int(Int32.max) else { throw OpenSSLError("RAND_bytes (request too large)") }
        try check(RAND_bytes(base.assumingMemoryBound(to: UInt8.self), Int32(buffer.count)), "RAND_bytes")
    }

    /// `count` random bytes in a buffer that is wiped when released.
    public static func secureBytes(_ count: Int) throws -> SecureBytes {
        let out = SecureBytes(count: count)
        try out.withUnsafeMutableBytes { try fill($0) }
        return out
    }

    /// `count` random bytes for values that are not secret (nonces, salts).
    public static func bytes(_ count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        try out.withUnsafeMutableBytes { try fill($0) }
        return out
    }
}
