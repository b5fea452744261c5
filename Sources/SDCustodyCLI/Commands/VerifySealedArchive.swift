import Age
import Foundation
import OpenSSL
#if canImport(Glibc)
import Glibc
#endif
import Codecs
import SystemIO

/// `sdcustody verify FILE.age`: checks a sealed archive against its sidecar `FILE.age.json`
/// without any key: the ciphertext's size and SHA-256, and that the age header parses and names
/// as many recipients of each kind as the sidecar lists. Exit 0 when everything matches, 1 on a
/// mismatch, 2 when there is no sidecar or a file cannot be read.
struct VerifySealedArchive {
    let archive: String
    let sidecarPath: String
    let json: Bool

    /// Whether `path` names a sealed archive rather than a bag: a regular file ending in `.age`,
    /// a file with a `.age.json` sidecar beside it, or the sidecar itself.
    static func target(_ path: String, json: Bool) -> VerifySealedArchive? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        if path.hasSuffix(".age.json") {
            return VerifySealedArchive(archive: String(path.dropLast(".json".count)), sidecarPath: path, json: json)
        }
        let sidecar = SealedArchiveSidecar.path(forArchive: path)
        if path.hasSuffix(".age") || stat(sidecar, &st) == 0 {
            return VerifySealedArchive(archive: path, sidecarPath: sidecar, json: json)
        }
        return nil
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: sidecarPath) else {
            throw CLIError.input("\(archive): no readable sidecar \(sidecarPath), so the archive cannot be checked without a key")
        }
        let sidecar: SealedArchiveSidecar
        do { sidecar = try SealedArchiveSidecar.parse([UInt8](data)) } catch {
            throw CLIError.input("\(sidecarPath) is not a sealed-archive sidecar: \(error)")
        }
        let fd = open(archive, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CLIError.input("cannot open \(archive): \(String(cString: strerror(errno)))") }
        defer { close(fd) }

        var problems: [String] = []
        // The header first (reads a few hundred bytes), then the whole file for the hash.
        var header: AgeHeaderInspection.Summary?
        do {
            header = try AgeHeaderInspection.inspect(FileDescriptorInput(fd: fd))
        } catch {
            problems.append("the age header does not parse: \(error)")
        }
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw CLIError.input("cannot read \(archive): \(String(cString: strerror(errno)))") }
        let (size, sha) = try Self.hash(fd, display: archive)
        if size != sidecar.ciphertextSize {
            problems.append("size is \(size) bytes; the sidecar records \(sidecar.ciphertextSize)")
        }
        if sha != sidecar.ciphertextSHA256 {
            problems.append("SHA-256 is \(sha); the sidecar records \(sidecar.ciphertextSHA256)")
        }
        if let header {
            let x25519 = header.stanzaTypes.filter { $0 == "X25519" }.count
            let scrypt = header.stanzaTypes.filter { $0 == "scrypt" }.count
            let listedKeys = sidecar.recipients.filter { $0.hasPrefix("age1") }.count
            let listedPassphrase = sidecar.recipients.filter { $0.hasPrefix("passphrase") }.count
            if x25519 != listedKeys || scrypt != listedPassphrase {
                problems.append("the header names \(x25519) X25519 recipient(s) and \(scrypt) passphrase(s); "
                                + "the sidecar lists \(listedKeys) and \(listedPassphrase)")
            }
        }

        let verdict = problems.isEmpty ? "valid" : "invalid"
        if json {
            let doc: JSONValue = .object([
                ("archive", .string(archive)),
                ("sidecar", .string(sidecarPath)),
                ("verdict", .string(verdict)),
                ("ciphertext", .object([("sha256", .string(sha)), ("size", .uint(size))])),
                ("bag", .object([("name", .string(sidecar.bagName)), ("payload_oxum", .from(sidecar.payloadOxum)),
                                 ("external_identifier", .from(sidecar.externalIdentifier))])),
                ("recipients", .array(sidecar.recipients.map { .string($0) })),
                ("sealed", .string(sidecar.sealed)),
                ("problems", .array(problems.map { .string($0) })),
            ])
            FileHandleOutput.standardOutput.write(doc.serialized(pretty: false) + "\n")
        } else {
            var out = ""
            for p in problems { out += "\(archive): \(p)\n" }
            if problems.isEmpty {
                out += "\(archive): valid: \(size) bytes, SHA-256 \(sha) as the sidecar records; "
                out += "sealed \(sidecar.sealed), bag \(sidecar.bagName)"
                if let oxum = sidecar.payloadOxum { out += " (Payload-Oxum \(oxum))" }
                out += ", \(header?.stanzaTypes.count ?? 0) recipient stanza(s)\n"
            } else {
                out += "\(archive): invalid: \(problems.count) problem\(problems.count == 1 ? "" : "s")\n"
            }
            FileHandleOutput.standardOutput.write(out)
        }
        if !problems.isEmpty {
            throw CLIError.evidence("\(archive) does not match its sidecar: \(problems.count) problem\(problems.count == 1 ? "" : "s")")
        }
    }

    /// Size and SHA-256 of an open file, in 1 MiB reads.
    static func hash(_ fd: Int32, display: String) throws -> (UInt64, String) {
        let digest = try Digest(.sha256)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        var total: UInt64 = 0
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw CLIError.input("cannot read \(display): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            try digest.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            total += UInt64(n)
        }
        return (total, try digest.finish().hex)
    }
}
