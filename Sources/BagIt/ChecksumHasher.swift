import CLibCrypto
import OpenSSL

/// Hashes one stream with every algorithm a bag uses, in a single pass. The four algorithms
/// sdcustody writes go through `MultiDigest`; SHA-224 and SHA-384, which other tools write
/// (the conformance suite has a SHA-224 bag), through libcrypto's EVP directly.
final class ChecksumHasher {
    /// BagIt names (RFC 8493 §2.4: lower case, non-alphanumerics removed) we can compute.
    static let supported: [String] = ["sha256", "sha512", "sha1", "md5", "sha224", "sha384"]

    static func digestLength(_ name: String) -> Int? {
        switch name {
        case "md5": return 16
        case "sha1": return 20
        case "sha224": return 28
        case "sha256": return 32
        case "sha384": return 48
        case "sha512": return 64
        default: return nil
        }
    }

    private let multi: MultiDigest
    private let extras: [(name: String, ctx: OpaquePointer)]

    init(_ names: [String]) throws {
        var standard: [DigestAlgorithm] = []
        var extras: [(String, OpaquePointer)] = []
        do {
            for name in Set(names).sorted() {
                if let algorithm = DigestAlgorithm(rawValue: name) {
                    standard.append(algorithm)
                } else if name == "sha224" || name == "sha384" {
                    guard let ctx = EVP_MD_CTX_new() else { throw BagError.digest("EVP_MD_CTX_new failed") }
                    extras.append((name, ctx))
                    guard let md = EVP_get_digestbyname(name == "sha224" ? "SHA224" : "SHA384"),
                          EVP_DigestInit_ex(ctx, md, nil) == 1 else {
                        throw BagError.digest("cannot start \(name) in libcrypto")
                    }
                } else {
                    throw BagError.digest("unsupported checksum algorithm \(name)")
                }
            }
            multi = try MultiDigest(standard)
        } catch {
            for (_, ctx) in extras { EVP_MD_CTX_free(ctx) }
            throw error
        }
        self.extras = extras
    }

    deinit {
        for (_, ctx) in extras { EVP_MD_CTX_free(ctx) }
    }

    func update(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        do { try multi.update(bytes) } catch { throw BagError.digest(String(describing: error)) }
        for (name, ctx) in extras where EVP_DigestUpdate(ctx, base, bytes.count) != 1 {
            throw BagError.digest("\(name) update failed in libcrypto")
        }
    }

    /// Lower-case hex digests by BagIt name. The hasher cannot be used afterwards.
    func finish() throws -> [String: String] {
        var out: [String: String] = [:]
        do {
            for (algorithm, digest) in try multi.finish() { out[algorithm.rawValue] = digest.hex }
        } catch { throw BagError.digest(String(describing: error)) }
        for (name, ctx) in extras {
            var buffer = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
            var length: UInt32 = 0
            guard EVP_DigestFinal_ex(ctx, &buffer, &length) == 1 else { throw BagError.digest("\(name) final failed in libcrypto") }
            out[name] = Array(buffer[0..<min(Int(length), buffer.count)]).hex
        }
        return out
    }

    /// Hashes a whole open file in `FileSystem.blockSize` reads. Returns the digests and the size.
    static func hashFile(_ fd: Int32, _ names: [String], display: String) throws -> (digests: [String: String], size: UInt64) {
        let hasher = try ChecksumHasher(names)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: FileSystem.blockSize, alignment: 64)
        defer { buffer.deallocate() }
        var size: UInt64 = 0
        while true {
            let n = try FileSystem.readFull(fd, buffer, display: display)
            if n == 0 { break }
            try hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            size += UInt64(n)
            if n < buffer.count { break }
        }
        return (try hasher.finish(), size)
    }
}
