import Messages
import SystemIO
import Records
import Age
import Foundation
import OpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// Checks a sealed archive against its sidecar `FILE.age.json` without any key: the ciphertext's
/// size and SHA-256, and that the age header parses and names as many recipients of each kind as
/// the sidecar lists.
public struct SealedArchiveCheck: Sendable {
    public let archive: String
    public let sidecarPath: String

    /// What the check found; `problems` is empty when the archive is the one the sidecar records.
    public struct Report: Sendable {
        public var sidecar: SealedArchiveSidecar
        public var size: UInt64
        public var sha256: String
        /// The header's stanza types, nil when the header does not parse.
        public var stanzaTypes: [String]?
        public var problems: [String]
        public var isValid: Bool { problems.isEmpty }
    }

    public init(archive: String, sidecarPath: String) {
        self.archive = archive
        self.sidecarPath = sidecarPath
    }

    /// Whether `path` names a sealed archive rather than a bag: a regular file ending in `.age`,
    /// a file with a `.age.json` sidecar beside it, or the sidecar itself.
    public static func target(_ path: String) -> SealedArchiveCheck? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        if path.hasSuffix(".age.json") {
            return SealedArchiveCheck(archive: String(path.dropLast(".json".count)), sidecarPath: path)
        }
        let sidecar = SealedArchiveSidecar.path(forArchive: path)
        if path.hasSuffix(".age") || stat(sidecar, &st) == 0 {
            return SealedArchiveCheck(archive: path, sidecarPath: sidecar)
        }
        return nil
    }

    /// Runs the check. Throws `CustodyError.input` when there is no readable sidecar or the
    /// archive cannot be read; a mismatch is a problem in the report, not an error.
    public func run() throws -> Report {
        guard let data = FileManager.default.contents(atPath: sidecarPath) else {
            throw CustodyError.input(tr(.errorNoSidecar, ["archive": archive, "sidecar": sidecarPath]))
        }
        let sidecar: SealedArchiveSidecar
        do { sidecar = try SealedArchiveSidecar.parse([UInt8](data)) } catch {
            throw CustodyError.input(tr(.errorNotASidecar, ["sidecar": sidecarPath, "reason": "\(error)"]))
        }
        let fd = open(archive, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CustodyError.input(tr(.errorCannotOpen, ["path": archive, "reason": errnoText(errno)])) }
        defer { close(fd) }

        var problems: [String] = []
        // The header first (reads a few hundred bytes), then the whole file for the hash.
        var header: AgeHeaderInspection.Summary?
        do {
            header = try AgeHeaderInspection.inspect(FileDescriptorInput(fd: fd))
        } catch {
            problems.append(tr(.ccTheAgeHeaderDoesNot, ["error": "\(error)"]))
        }
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw CustodyError.input(tr(.errorCannotRead, ["path": archive, "reason": errnoText(errno)])) }
        let (size, sha) = try Self.hash(fd, display: archive)
        if size != sidecar.ciphertextSize {
            problems.append(tr(.ccSizeIsBytesTheSidecar, ["size": "\(size)", "ciphertextSize": "\(sidecar.ciphertextSize)"]))
        }
        if sha != sidecar.ciphertextSHA256 {
            problems.append(tr(.ccSHA256IsTheSidecar, ["sha": "\(sha)", "ciphertextSHA256": "\(sidecar.ciphertextSHA256)"]))
        }
        if let header {
            let x25519 = header.stanzaTypes.filter { $0 == "X25519" }.count
            let scrypt = header.stanzaTypes.filter { $0 == "scrypt" }.count
            let listedKeys = sidecar.recipients.filter { $0.hasPrefix("age1") }.count
            let listedPassphrase = sidecar.recipients.filter { $0.hasPrefix("passphrase") }.count
            if x25519 != listedKeys || scrypt != listedPassphrase {
                problems.append(tr(.ccTheHeaderNamesX25519Recipient, ["x25519": "\(x25519)", "scrypt": "\(scrypt)"])
                                + tr(.ccTheSidecarListsAnd, ["listedKeys": "\(listedKeys)", "listedPassphrase": "\(listedPassphrase)"]))
            }
        }
        return Report(sidecar: sidecar, size: size, sha256: sha, stanzaTypes: header?.stanzaTypes, problems: problems)
    }

    /// Size and SHA-256 of an open file, in 1 MiB reads.
    static func hash(_ fd: Int32, display: String) throws -> (UInt64, String) {
        let digest = try Digest(.sha256)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        var total: UInt64 = 0
        while true {
            let n: Int
            do { n = try FileIO.read(fd, into: buffer) } catch {
                throw CustodyError.input(tr(.errorCannotRead, ["path": display, "reason": errnoText(error.rawValue)]))
            }
            if n == 0 { break }
            try digest.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            total += UInt64(n)
        }
        return (total, try digest.finish().hex)
    }
}
