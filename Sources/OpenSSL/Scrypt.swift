import CLibCrypto

/// scrypt (RFC 7914) through `EVP_PBE_scrypt`, with `maxmem` computed from the parameters and passed
/// explicitly: OpenSSL's default limit (32 MB) is below what age's default work factor 18 needs
/// (128 · r · N = 256 MiB).
public enum Scrypt {
    /// Bytes scrypt allocates for these parameters, as OpenSSL counts them (B and V arrays), or nil
    /// on overflow.
    public static func memoryRequired(n: UInt64, r: UInt64, p: UInt64) -> UInt64? {
        let (nPlus2, o1) = n.addingReportingOverflow(2)
        let (v, o2) = (128 &* r).multipliedReportingOverflow(by: nPlus2)
        let (b, o3) = (128 &* r).multipliedReportingOverflow(by: p)
        let (total, o4) = v.addingReportingOverflow(b)
        guard !o1, !o2, !o3, !o4, r < (1 << 50) else { return nil }
        return total
    }

    /// Derives `count` bytes from `password` and `salt` with cost `n` (a power of two > 1), block
    /// size `r` and parallelism `p`.
    public static func derive(password: UnsafeRawBufferPointer, salt: [UInt8], n: UInt64, r: UInt64, p: UInt64,
                              count: Int) throws -> SecureBytes {
        guard n > 1, n & (n - 1) == 0 else { throw OpenSSLError("EVP_PBE_scrypt (N must be a power of two above 1)") }
        guard let needed = memoryRequired(n: n, r: r, p: p) else { throw OpenSSLError("EVP_PBE_scrypt (parameters overflow)") }
        // A little headroom above the exact figure so rounding inside OpenSSL never trips the limit.
        let maxmem = needed &+ (1 << 20)
        let out = SecureBytes(count: count)
        var emptyPassword: CChar = 0
        try withUnsafeMutablePointer(to: &emptyPassword) { empty in
            let pass = password.baseAddress?.assumingMemoryBound(to: CChar.self) ?? UnsafePointer(empty)
            try salt.withUnsafeBufferPointer { s in
                try out.withUnsafeMutableBytes { buf in
                    try check(EVP_PBE_scrypt(pass, password.count, s.baseAddress, s.count, n, r, p, maxmem,
                                             buf.baseAddress?.assumingMemoryBound(to: UInt8.self), buf.count),
                              "EVP_PBE_scrypt")
                }
            }
        }
        return out
    }

    /// age's parameters: N = 2^logN, r = 8, p = 1, 32-byte output.
    public static func ageWrapKey(passphrase: SecureBytes, salt: [UInt8], logN: Int) throws -> SecureBytes {
        guard logN > 0, logN < 63 else { throw OpenSSLError("EVP_PBE_scrypt (work factor out of range)") }
        return try passphrase.withUnsafeBytes {
            try derive(password: $0, salt: salt, n: UInt64(1) << UInt64(logN), r: 8, p: 1, count: 32)
        }
    }
}
