import OpenSSL
import Messages

/// Hashes one stream with every algorithm a bag uses, in a single pass. The four algorithms
/// sdcustody writes go through `MultiDigest`; SHA-224 and SHA-384, which other tools write
/// (the conformance suite has a SHA-224 bag), through `CheckOnlyDigest`.
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
    private let extras: [CheckOnlyDigest]

    init(_ names: [String]) throws {
        var standard: [DigestAlgorithm] = []
        var extras: [CheckOnlyDigest] = []
        for name in Set(names).sorted() {
            if let algorithm = DigestAlgorithm(rawValue: name) {
                standard.append(algorithm)
            } else if let algorithm = CheckOnlyDigestAlgorithm(rawValue: name) {
                do { extras.append(try CheckOnlyDigest(algorithm)) } catch {
                    throw BagError.digest("cannot start \(name) in libcrypto")
                }
            } else {
                throw BagError.digest(tr(.bcUnsupportedChecksumAlgorithm, ["name": "\(name)"]))
            }
        }
        multi = try MultiDigest(standard)
        self.extras = extras
    }

    func update(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        do { try multi.update(bytes) } catch { throw BagError.digest(String(describing: error)) }
        for digest in extras {
            do { try digest.update(bytes) } catch { throw BagError.digest("\(digest.algorithm.rawValue) update failed in libcrypto") }
        }
    }

    /// Lower-case hex digests by BagIt name. The hasher cannot be used afterwards.
    func finish() throws -> [String: String] {
        var out: [String: String] = [:]
        do {
            for (algorithm, digest) in try multi.finish() { out[algorithm.rawValue] = digest.hex }
        } catch { throw BagError.digest(String(describing: error)) }
        for digest in extras {
            let name = digest.algorithm.rawValue
            do { out[name] = try digest.finish().hex } catch { throw BagError.digest("\(name) final failed in libcrypto") }
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
