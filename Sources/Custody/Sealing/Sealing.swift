import Messages
import Age
import BagIt
import Dispatch
import Foundation
import OpenSSL
import PaxTar
import Records
#if canImport(Glibc)
import Glibc
#endif
import SystemIO
import DigestIO

/// `seal` and `unseal` without the command-line layer: a bag → pax tar → age → file (plus its
/// sidecar), and back through a safe extraction and a full validation. No plaintext ever touches
/// the disk outside the bag folders themselves.
public enum Sealing {
    /// What `seal` produced.
    public struct SealResult {
        public var archive: String
        public var sidecarPath: String
        public var sidecar: SealedArchiveSidecar
    }

    /// What `unseal` produced.
    public struct UnsealResult {
        public var bag: String
        public var report: BagReport
        public var externalIdentifier: String?
        public var files: Int
        public var bytes: UInt64
    }

    /// A failed bag check, with the report so the caller can print each problem.
    public struct BagCheckFailure: Error {
        public var report: BagReport
        public var path: String
    }

    /// The bag's folder name: the archive's root folder.
    public static func bagName(_ path: String) -> String {
        var resolved = path
        if let real = realpath(path, nil) {
            resolved = String(cString: real)
            Glibc.free(real)
        }
        var p = Substring(resolved)
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        if let slash = p.lastIndex(of: "/") { p = p[p.index(after: slash)...] }
        return p.isEmpty || p == "/" ? "bag" : String(p)
    }

    /// Validates a bag, returning the report and its bag-info (the bag is read once).
    public static func validate(_ path: String) -> (BagReport, BagInfo?) {
        let outcome = BagVerification.verify(path)
        return (outcome.report, outcome.info)
    }

    // MARK: seal

    /// Validates `bag` and streams a pax tar of it through age into `out` (0600, temporary name,
    /// synced, linked into place) while the ciphertext is hashed on a second thread, then writes the
    /// sidecar `out.json` (0644). Throws `BagCheckFailure` for a bag that does not validate; then
    /// nothing is published.
    ///
    /// Each payload byte is read once: the validation first checks everything but the payload
    /// bytes (tag files, manifests, completeness, the provenance and log excerpt), then every
    /// payload file is hashed against its manifests in the same read that streams it into the
    /// archive (`PayloadStreamCheck`). A file that does not match stops the archiving at once.
    /// A folder without a bagit.txt is refused before anything is written.
    public static func seal(bag: String, out: String, recipients: [AgeRecipient], recipientLabels: [String]) throws -> SealResult {
        let sidecarPath = SealedArchiveSidecar.path(forArchive: out)
        for existing in [out, sidecarPath] where exists(existing) {
            throw CustodyError.input(tr(.errorOutputExists, ["path": existing]))
        }
        var st = stat()
        guard stat(bag, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, lstat(bag + "/bagit.txt", &st) == 0 else {
            // Not a bag (or unreadable): the validator says why, quickly.
            throw BagCheckFailure(report: validate(bag).0, path: bag)
        }
        let checked = BagVerification.verify(bag, deferPayloadHashing: true)
        guard checked.report.verdict == .valid else {
            // Nothing will be sealed: take the time to name every problem, the payload's too.
            throw BagCheckFailure(report: validate(bag).0, path: bag)
        }
        let report = checked.report
        let info = checked.info
        let payload = PayloadCheckObserver(PayloadStreamCheck(report.deferredPayload))

        let name = bagName(bag)
        let file: AtomicFileOutput
        do { file = try AtomicFileOutput(path: out, mode: 0o600) } catch { throw CustodyError.input("\(error)") }
        let hashing: HashingOutput
        do { hashing = try HashingOutput(downstream: file) } catch {
            file.discard()
            throw CustodyError.input("seal: \(error)")
        }
        do {
            let encryptor = try AgeEncryptor(recipients: recipients, output: hashing)
            let tar = PaxWriter(sink: TarIntoAge(encryptor))
            try tar.addTree(diskPath: bag, archivePath: name, observer: payload)
            try tar.finish()
            try payload.finish()
            try encryptor.finish()
        } catch {
            hashing.drain()
            file.discard()
            if let mismatch = error as? PayloadStreamCheck.Mismatch {
                var failed = report
                failed.verdict = .invalid
                failed.problems += mismatch.problems
                failed.deferredPayload = []
                throw BagCheckFailure(report: failed, path: bag)
            }
            if let e = error as? TarError { throw CustodyError.input("seal: \(bag): \(e)") }
            throw CustodyError.input("seal: \(error)")
        }
        guard let sha = hashing.sha256 else { throw CustodyError.input("seal: the ciphertext hash is missing") }

        var labels: [(String, String)] = []
        for label in SealedArchiveSidecar.bagInfoLabels { if let v = info?.first(label) { labels.append((label, v)) } }
        let sidecar = SealedArchiveSidecar(
            tool: CustodyTool.agent, archive: lastComponent(out), ciphertextSHA256: sha,
            ciphertextSize: hashing.count, bagName: name, payloadOxum: info?.first("Payload-Oxum"),
            payloadFiles: report.payloadFileCount, payloadBytes: report.payloadByteCount, bagInfo: labels,
            recipients: recipientLabels, sealed: SealedArchiveSidecar.now())
        do {
            try AtomicFile.write(Data(sidecar.bytes()), to: sidecarPath, mode: 0o644)
        } catch {
            // An archive without its sidecar is not what seal promises: take it back.
            unlink(out)
            throw CustodyError.input(tr(.errorSidecarWrite, ["sidecar": sidecarPath, "reason": "\(error)", "archive": out]))
        }
        return SealResult(archive: out, sidecarPath: sidecarPath, sidecar: sidecar)
    }

    /// Describes the recipients for the sidecar: public keys only. These labels are part of the
    /// sidecar format (`SealedArchiveCheck` counts the "passphrase" ones), so they stay English.
    public static func recipientLabels(_ recipients: [AgeRecipient]) -> [String] {
        recipients.map { r in
            if let x = r as? X25519Recipient { return x.encoded }
            if let s = r as? ScryptRecipient { return "passphrase (scrypt, work factor \(s.workFactor))" }
            return "recipient of another type"
        }
    }

    // MARK: unseal

    /// Decrypts `archive` on a second thread straight into a `SafeExtractor` (through a pipe, so no
    /// plaintext file exists besides the extracted bag), into a temporary folder beside `out`;
    /// validates the bag; renames it to `out` without replacing anything. On any failure the
    /// temporary folder is removed. Throws `CustodyError.input` for a wrong key or a damaged or hostile
    /// archive, `BagCheckFailure` for a bag that does not validate.
    public static func unseal(archive: String, out: String, identities: [AgeIdentity]) throws -> UnsealResult {
        if exists(out) { throw CustodyError.input(tr(.errorOutputExists, ["path": out])) }
        let input = try InputFile(path: archive)
        let parent = parentFolder(out)
        var template = Array("\(parent)/.\(lastComponent(out)).unseal-XXXXXX".utf8CString)
        guard let temp = template.withUnsafeMutableBufferPointer({ b -> String? in
            guard let base = b.baseAddress, mkdtemp(base) != nil else { return nil }
            return String(cString: base)
        }) else {
            throw CustodyError.input(tr(.errorCannotMakeFolder, ["path": out, "reason": errnoText(errno)]))
        }
        var keep = false
        defer { if !keep { try? FileManager.default.removeItem(atPath: temp) } }

        // The ciphertext is hashed as the decryptor reads it, to compare with the sidecar's record.
        let hashed = try HashingInput(input.input)
        let summary = try decryptAndExtract(hashed, into: temp, archive: archive, identities: identities)
        if let data = FileManager.default.contents(atPath: SealedArchiveSidecar.path(forArchive: archive)),
           let sidecar = try? SealedArchiveSidecar.parse([UInt8](data)) {
            let actual = try hashed.finish()
            guard actual == sidecar.ciphertextSHA256, hashed.count == sidecar.ciphertextSize else {
                throw SidecarMismatch(description: tr(.ccDecryptedButItIsNot, ["archive": "\(archive)"])
                                      + tr(.ccSHA256BytesTheSidecar, ["actual": "\(actual)", "count": "\(hashed.count)", "ciphertextSHA256": "\(sidecar.ciphertextSHA256)"])
                                      + tr(.ccBytesTheExtractedCopyWas, ["ciphertextSize": "\(sidecar.ciphertextSize)"]))
            }
        }

        let bagFolder = try locateBag(in: temp, archive: archive)
        let (report, info) = validate(bagFolder)
        guard report.verdict == .valid else { throw BagCheckFailure(report: report, path: out) }
        try renameNoReplace(bagFolder, out)
        if bagFolder != temp {
            rmdir(temp)
        }
        keep = true
        syncFolder(parent)
        return UnsealResult(bag: out, report: report, externalIdentifier: info?.first("External-Identifier"),
                            files: summary.files, bytes: summary.bytes)
    }

    /// The archive and its sidecar disagree: the evidence failed a check.
    public struct SidecarMismatch: Error, CustomStringConvertible { public let description: String }

    /// Passes an input through unchanged, hashing it (SHA-256) and counting its bytes.
    public final class HashingInput: InputSource {
        let base: InputSource
        let digest: Digest
        public private(set) var count: UInt64 = 0
        public init(_ base: InputSource) throws {
            self.base = base
            digest = try Digest(.sha256)
        }
        public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let n = try base.read(into: buffer)
            if n > 0 {
                try digest.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
                count += UInt64(n)
            }
            return n
        }
        /// Reads what the decryptor left unread (nothing, for a well-formed file), then the hash.
        public func finish() throws -> String {
            let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
            defer { scratch.deallocate() }
            while try read(into: scratch) > 0 {}
            return try digest.finish().hex
        }
    }

    /// The decryptor writes plaintext into a pipe on its own thread; the extractor reads the other
    /// end here. Whichever fails first makes the other stop (EOF for the extractor, EPIPE for the
    /// decryptor); a decryption error is reported in preference, since it is the cause.
    public static func decryptAndExtract(_ input: InputSource, into folder: String, archive: String,
                                  identities: [AgeIdentity]) throws -> SafeExtractor.Summary {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw CustodyError.input("pipe: \(errnoText(errno))") }
        let readFD = fds[0], writeFD = fds[1]
        _ = fcntl(writeFD, F_SETFD, FD_CLOEXEC)
        _ = fcntl(readFD, F_SETFD, FD_CLOEXEC)
        // A larger pipe lets the two threads run with fewer hand-offs (F_SETPIPE_SZ; best effort).
        _ = fcntl(writeFD, 1031, 1 << 20)

        // Written by the decryptor thread before it signals `done`, read here only after `done.wait()`.
        final class Outcome: @unchecked Sendable { var error: Error? }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let decryptor = HandOff(AgeDecryptor(identities: identities, input: input))
        let thread = Thread {
            do {
                try decryptor.value.decrypt(to: FileDescriptorOutput(fd: writeFD))
            } catch {
                outcome.error = error
            }
            close(writeFD)
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()

        let source = FileDescriptorInput(fd: readFD)
        var summary: SafeExtractor.Summary?
        var extractError: Error?
        do {
            summary = try SafeExtractor(destination: folder).extract(from: source)
            // Read what follows the end-of-archive blocks (tar padding), so the decryptor reaches
            // and authenticates the final chunk.
            let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
            defer { scratch.deallocate() }
            while try source.read(into: scratch) > 0 {}
        } catch {
            extractError = error
        }
        close(readFD)
        done.wait()

        if let e = outcome.error {
            if let age = e as? AgeError {
                throw CustodyError.input("unseal: \(archive): \(age)")
            }
            if extractError == nil { throw CustodyError.input("unseal: \(archive): \(e)") }
        }
        if let e = extractError {
            if let t = e as? TarError { throw CustodyError.input(tr(.unsealRefused, ["archive": archive, "reason": "\(t)"])) }
            throw CustodyError.input("unseal: \(archive): \(e)")
        }
        guard let summary else { throw CustodyError.input(tr(.unsealNothing, ["archive": archive])) }
        return summary
    }

    /// The bag inside an extraction: the folder itself when the archive was made from inside the
    /// bag (`bagit.txt` at the top), else its one top-level folder.
    public static func locateBag(in folder: String, archive: String) throws -> String {
        var st = stat()
        if lstat(folder + "/bagit.txt", &st) == 0 { return folder }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        guard entries.count == 1, let only = entries.first else {
            throw CustodyError.input(tr(.unsealNotOneBag, ["archive": archive, "count": String(entries.count)]))
        }
        let path = folder + "/" + only
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
            throw CustodyError.input(tr(.unsealNoBagFolder, ["archive": archive]))
        }
        return path
    }

    // MARK: files

    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    public static func lastComponent(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        guard let slash = p.lastIndex(of: "/") else { return String(p) }
        return String(p[p.index(after: slash)...])
    }

    public static func parentFolder(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        guard let slash = p.lastIndex(of: "/") else { return "." }
        let parent = p[..<slash]
        return parent.isEmpty ? "/" : String(parent)
    }

    public static func syncFolder(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
    }

    /// `renameat2(RENAME_NOREPLACE)`, or where the filesystem lacks it a check then rename(2)
    /// (`FileIO.renameNoReplace`).
    public static func renameNoReplace(_ from: String, _ to: String) throws {
        do { try FileIO.renameNoReplace(from, to) } catch {
            if error == .fileExists { throw CustodyError.input(tr(.errorOutputExists, ["path": to])) }
            throw CustodyError.input(tr(.errorCannotRename, ["path": to, "reason": errnoText(error.rawValue)]))
        }
    }
}

/// Hashes each payload file against its manifests as `PaxWriter` archives it, on a queue of its
/// own (`BlockPipeline`), so the payload's SHA-256 runs beside the encryption on the other core.
/// A mismatch found there is thrown from the next file or from `finish`.
final class PayloadCheckObserver: ArchivedFileObserver {
    private let check: PayloadStreamCheck
    private let pipeline: BlockPipeline
    /// The file being archived is payload (tag files are not copied to the queue).
    private var payload = false

    init(_ check: PayloadStreamCheck) {
        self.check = check
        pipeline = BlockPipeline(label: "sdcustody.seal.payload-check", consumers: [{ try check.update($0) }])
    }

    func willArchive(path: [UInt8], size: UInt64) throws {
        if let e = pipeline.error { throw e }
        payload = path.starts(with: Array("data/".utf8))
        guard payload else { return }
        let check = self.check
        pipeline.enqueue(on: 0) { try check.begin(path) }
    }

    func archived(_ bytes: UnsafeRawBufferPointer) throws {
        if payload { try pipeline.write(bytes) }
    }

    func didArchive() throws {
        guard payload else { return }
        let check = self.check
        pipeline.enqueue(on: 0) { try check.end() }
    }

    /// After the archive's last file: every payload file was streamed and matched.
    func finish() throws {
        try pipeline.drain()
        try check.finish()
    }
}

/// Lets a `PaxWriter` write straight into an `AgeEncryptor`.
final class TarIntoAge: OutputSink {
    private let encryptor: AgeEncryptor
    init(_ encryptor: AgeEncryptor) { self.encryptor = encryptor }
    func write(_ bytes: UnsafeRawBufferPointer) throws { try encryptor.write(bytes) }
}
