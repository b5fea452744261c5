import ObjectStore
import OpenSSL
import Records
import Messages
import SystemIO
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Sealed archives on an S3 store with Object Lock: `store put / verify / get / ls / hold /
/// release / init`. The archive `FILE.age` goes to `PREFIX/FILE.age`, its sidecar to
/// `PREFIX/FILE.age.json`; both versions get the same retention and legal hold, and the
/// archive's SHA-256, case and exhibit as `x-amz-meta-sha256 / -case / -exhibit` (case and
/// exhibit percent-encoded: header values must be ASCII).
public struct ArchiveStore {
    public let client: S3Client
    /// Parts of a multipart upload; S3 wants 5 MiB to 5 GiB, up to 10,000 parts.
    public var partSize = 6 << 20

    public init(client: S3Client) { self.client = client }

    // MARK: put

    public struct PutResult: Sendable {
        public var archive: S3Location
        public var sidecar: S3Location
        public var sha256: String
        public var size: UInt64
        /// HEAD of the archive's version after the upload (or of the one already there).
        public var head: ObjectHead
        public var sidecarHead: ObjectHead?
        /// The same archive (same SHA-256) was already at that key; nothing was uploaded.
        public var alreadyStored: Bool
        public var caseID: String?
        public var exhibit: String?
        public var parts: Int
    }

    /// The key an archive goes to: the destination itself when it names a `.age` key, else the
    /// archive's file name under it.
    public static func destinationKey(archive: String, destination: S3Location) -> S3Location {
        if destination.key.hasSuffix(".age") { return destination }
        return destination.appending((archive as NSString).lastPathComponent)
    }

    public func put(archive: String, to destination: S3Location, retention: Retention?, legalHold: Bool) throws -> PutResult {
        let check = SealedArchiveCheck(archive: archive, sidecarPath: SealedArchiveSidecar.path(forArchive: archive))
        // A large archive is hashed once, on its way up (the check's header, size and recipient
        // tests first; its SHA-256 before CompleteMultipartUpload, so a mismatch never becomes an
        // object); a small one is checked in full first.
        let report = try fileSize(archive) > UInt64(partSize) ? try quickCheck(check) : try check.run()
        guard report.isValid else {
            throw CustodyError.evidence(tr(.storePutCheckFailed, ["archive": archive, "problems": report.problems.joined(separator: "; ")]))
        }
        var draft = AccessDraft()
        draft.identify(externalIdentifier: report.sidecar.externalIdentifier)
        let key = Self.destinationKey(archive: archive, destination: destination)
        let sidecarKey = S3Location(bucket: key.bucket, key: key.key + ".json")
        let metadata: [(String, String)] = [("sha256", report.sha256)]
            + (draft.caseID.map { [("case", URIEncoding.encode($0, keepSlash: true))] } ?? [])
            + (draft.exhibit.map { [("exhibit", URIEncoding.encode($0, keepSlash: true))] } ?? [])

        return try StoreErrors.wrap {
            if let existing = try client.head(key) {
                guard existing.metadata["sha256"] == report.sha256 else {
                    throw CustodyError.input(tr(.storeKeyTaken, ["key": key.description, "theirs": existing.metadata["sha256"] ?? "?",
                                                                 "ours": report.sha256]))
                }
                return PutResult(archive: key, sidecar: sidecarKey, sha256: report.sha256, size: report.size, head: existing,
                                 sidecarHead: try client.head(sidecarKey), alreadyStored: true, caseID: draft.caseID,
                                 exhibit: draft.exhibit, parts: 0)
            }
            let (version, parts) = try upload(archive, to: key, expectedSHA256: report.sha256, retention: retention,
                                              legalHold: legalHold, metadata: metadata)
            let head = try lockCheck(key, version: version, retention: retention, legalHold: legalHold)
            guard head.size == report.size else {
                throw CustodyError.evidence(tr(.storeSizeDiffers, ["key": key.description, "stored": String(head.size),
                                                                   "local": String(report.size)]))
            }
            // The sidecar goes up only if no one put one there (it would describe another archive).
            var sidecarHead = try client.head(sidecarKey)
            if sidecarHead == nil {
                let sidecarBytes = Array(FileManager.default.contents(atPath: check.sidecarPath) ?? Data())
                let v = try client.putObject(sidecarKey, body: sidecarBytes, contentType: "application/json", retention: retention,
                                             legalHold: legalHold, metadata: metadata)
                sidecarHead = try lockCheck(sidecarKey, version: v, retention: retention, legalHold: legalHold)
            }
            return PutResult(archive: key, sidecar: sidecarKey, sha256: report.sha256, size: report.size, head: head,
                             sidecarHead: sidecarHead, alreadyStored: false, caseID: draft.caseID, exhibit: draft.exhibit, parts: parts)
        }
    }

    func fileSize(_ path: String) throws -> UInt64 {
        var st = stat()
        guard stat(path, &st) == 0 else { throw CustodyError.input(tr(.errorCannotOpen, ["path": path, "reason": errnoText(errno)])) }
        return UInt64(st.st_size)
    }

    /// SealedArchiveCheck without the hash: the sidecar parses, the size is the sidecar's and the
    /// age header names the sidecar's recipients. `sha256` is the sidecar's, which the upload then
    /// has to match.
    func quickCheck(_ check: SealedArchiveCheck) throws -> SealedArchiveCheck.Report {
        guard let data = FileManager.default.contents(atPath: check.sidecarPath) else {
            throw CustodyError.input(tr(.errorNoSidecar, ["archive": check.archive, "sidecar": check.sidecarPath]))
        }
        let sidecar: SealedArchiveSidecar
        do { sidecar = try SealedArchiveSidecar.parse([UInt8](data)) } catch {
            throw CustodyError.input(tr(.errorNotASidecar, ["sidecar": check.sidecarPath, "reason": "\(error)"]))
        }
        let fd = open(check.archive, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CustodyError.input(tr(.errorCannotOpen, ["path": check.archive, "reason": errnoText(errno)])) }
        defer { close(fd) }
        var problems: [String] = []
        let size = try fileSize(check.archive)
        if size != sidecar.ciphertextSize { problems.append(tr(.ccSizeIsBytesTheSidecar, ["size": "\(size)", "ciphertextSize": "\(sidecar.ciphertextSize)"])) }
        var types: [String]?
        do {
            let header = try AgeHeaderInspection.inspect(FileDescriptorInput(fd: fd))
            types = header.stanzaTypes
            let keys = header.stanzaTypes.filter { $0 == "X25519" }.count, scrypt = header.stanzaTypes.filter { $0 == "scrypt" }.count
            if keys != sidecar.recipients.filter({ $0.hasPrefix("age1") }).count
                || scrypt != sidecar.recipients.filter({ $0.hasPrefix("passphrase") }).count {
                problems.append(tr(.ccTheHeaderSRecipientsAre))
            }
        } catch { problems.append(tr(.ccTheAgeHeaderDoesNot, ["error": "\(error)"])) }
        return SealedArchiveCheck.Report(sidecar: sidecar, size: size, sha256: sidecar.ciphertextSHA256, stanzaTypes: types, problems: problems)
    }

    /// Uploads a file in one PUT or in parts. Each part is read once from disk into its own
    /// buffer, added to the whole file's SHA-256 in order, then hashed (SHA-256 for the
    /// signature, MD5 for Content-MD5) and sent by one of `partsInFlight` uploads running side
    /// by side, each on its own connection (one `S3Client`, one libcurl handle, per upload);
    /// memory stays at `partsInFlight` parts. The whole file must still be the archive that was
    /// checked before the upload is completed. Returns the version id and the number of parts.
    func upload(_ path: String, to key: S3Location, expectedSHA256: String, retention: Retention?, legalHold: Bool,
                metadata: [(String, String)]) throws -> (String?, Int) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CustodyError.input(tr(.errorCannotOpen, ["path": path, "reason": errnoText(errno)])) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw CustodyError.input(tr(.errorCannotRead, ["path": path, "reason": errnoText(errno)])) }
        let size = Int(st.st_size)
        // S3 takes at most 10,000 parts: a very large archive gets larger parts (whole MiB).
        let partBytes = max(partSize, (size / 10_000 + (1 << 20)) & ~((1 << 20) - 1))
        let whole = try Digest(.sha256)
        func readPart(_ offset: Int) throws -> [UInt8] {
            let want = min(partBytes, size - offset)
            var buffer = [UInt8](repeating: 0, count: max(want, 1))
            var got = 0
            while got < want {
                let n = buffer.withUnsafeMutableBytes { b -> Int in
                    guard let base = b.baseAddress else { return -1 }
                    return pread(fd, base + got, want - got, off_t(offset + got))
                }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw CustodyError.input(tr(.errorCannotRead, ["path": path, "reason": n < 0 ? errnoText(errno) : "short read"])) }
                got += n
            }
            if got < buffer.count { buffer.removeLast(buffer.count - got) }
            try whole.update(buffer)
            return buffer
        }
        func changed() -> CustodyError { CustodyError.evidence(tr(.storeArchiveChanged, ["archive": path])) }

        if size <= partBytes {
            let body = try readPart(0)
            guard try whole.finish().hex == expectedSHA256 else { throw changed() }
            let v = try client.putObject(key, body: size == 0 ? [] : body, contentType: "application/octet-stream",
                                         retention: retention, legalHold: legalHold, metadata: metadata)
            return (v, 1)
        }
        let uploadID = try client.createMultipartUpload(key, contentType: "application/octet-stream", retention: retention,
                                                        legalHold: legalHold, metadata: metadata)
        do {
            let clients = try PartClients(first: client, count: Self.partsInFlight)
            let results = PartResults()
            let slots = DispatchSemaphore(value: Self.partsInFlight)
            let group = DispatchGroup()
            var offset = 0, number = 0
            while offset < size {
                slots.wait()
                if results.error != nil { slots.signal(); break }
                let part: [UInt8]
                do { part = try readPart(offset) } catch { slots.signal(); results.fail(error); break }
                number += 1
                let partNumber = number
                group.enter()
                DispatchQueue.global().async {
                    defer { slots.signal(); group.leave() }
                    let c = clients.take()
                    defer { clients.give(c) }
                    do {
                        let sha = try Digest.hash(.sha256, part).hex
                        let md5 = try S3Client.contentMD5(part)
                        results.set(partNumber, try c.client.uploadPart(key, uploadID: uploadID, number: partNumber, body: part,
                                                                         sha256: sha, md5: md5))
                    } catch { results.fail(error) }
                }
                offset += part.count
            }
            group.wait()
            if let error = results.error { throw error }
            guard try whole.finish().hex == expectedSHA256 else { throw changed() }
            let etags = try results.etags(count: number)
            return (try client.completeMultipartUpload(key, uploadID: uploadID, etags: etags), etags.count)
        } catch {
            try? client.abortMultipartUpload(key, uploadID: uploadID)
            throw error
        }
    }

    /// Parts sent side by side: awscli sends ten; three keep a 2-core machine's link busy while
    /// the next part is read and hashed, in three parts' worth of memory.
    static let partsInFlight = 3

    /// HEAD of the new version; sets the retention and legal hold on that version when the store
    /// did not take them from the upload's headers.
    func lockCheck(_ key: S3Location, version: String?, retention: Retention?, legalHold: Bool) throws -> ObjectHead {
        guard var head = try client.head(key, versionID: version) else {
            throw CustodyError.input(tr(.storeNotFound, ["key": key.description]))
        }
        if let retention, head.retention == nil || (head.retention?.until ?? 0) < retention.until {
            try client.setRetention(key, versionID: head.versionID, retention)
        }
        if legalHold, !head.legalHold, !(try client.legalHold(key, versionID: head.versionID)) {
            try client.setLegalHold(key, versionID: head.versionID, on: true)
        }
        head = try client.head(key, versionID: head.versionID) ?? head
        if !head.legalHold { head.legalHold = try client.legalHold(key, versionID: head.versionID) }
        return head
    }

    // MARK: verify

    public struct VerifyResult: Sendable {
        public var archive: S3Location
        public var head: ObjectHead
        public var sha256: String
        public var size: UInt64
        /// What the hash was compared with: the sidecar's SHA-256 and/or the stored metadata's.
        public var sidecarSHA256: String?
        public var metadataSHA256: String?
        public var problems: [String]
        public var isValid: Bool { problems.isEmpty }
    }

    public func verify(_ archive: S3Location) throws -> VerifyResult {
        try StoreErrors.wrap {
            guard let head = try client.head(archive) else { throw CustodyError.input(tr(.storeNotFound, ["key": archive.description])) }
            var sidecarSHA: String?
            var sidecarSize: UInt64?
            var problems: [String] = []
            if let bytes = try client.getSmall(S3Location(bucket: archive.bucket, key: archive.key + ".json")) {
                do {
                    let s = try SealedArchiveSidecar.parse(bytes)
                    sidecarSHA = s.ciphertextSHA256
                    sidecarSize = s.ciphertextSize
                } catch { problems.append(tr(.storeSidecarUnreadable, ["reason": "\(error)"])) }
            }
            let metaSHA = head.metadata["sha256"]
            guard sidecarSHA != nil || metaSHA != nil else {
                throw CustodyError.input(tr(.storeNothingToCompare, ["key": archive.description]))
            }
            let digest = try Digest(.sha256)
            var size: UInt64 = 0
            try client.get(archive, versionID: head.versionID) { bytes in
                try digest.update(bytes)
                size += UInt64(bytes.count)
            }
            let sha = try digest.finish().hex
            if let sidecarSHA, sidecarSHA != sha { problems.append(tr(.storeHashDiffersSidecar, ["sha": sha, "recorded": sidecarSHA])) }
            if let sidecarSize, sidecarSize != size { problems.append(tr(.storeSizeDiffersSidecar, ["size": String(size), "recorded": String(sidecarSize)])) }
            if let metaSHA, metaSHA != sha { problems.append(tr(.storeHashDiffersMetadata, ["sha": sha, "recorded": metaSHA])) }
            var h = head
            if !h.legalHold { h.legalHold = try client.legalHold(archive, versionID: head.versionID) }
            return VerifyResult(archive: archive, head: h, sha256: sha, size: size, sidecarSHA256: sidecarSHA,
                                metadataSHA256: metaSHA, problems: problems)
        }
    }

    // MARK: get

    /// Downloads to a temporary name beside `out`, checks the hash against the sidecar (or the
    /// metadata), then renames; the sidecar is written beside it as `OUT.json`. Existing files
    /// are never overwritten.
    public func get(_ archive: S3Location, to out: String) throws -> VerifyResult {
        let sidecarOut = SealedArchiveSidecar.path(forArchive: out)
        for path in [out, sidecarOut] where FileManager.default.fileExists(atPath: path) {
            throw CustodyError.input(tr(.storeOutputExists, ["path": path]))
        }
        return try StoreErrors.wrap {
            guard let head = try client.head(archive) else { throw CustodyError.input(tr(.storeNotFound, ["key": archive.description])) }
            let sidecarBytes = try client.getSmall(S3Location(bucket: archive.bucket, key: archive.key + ".json"))
            let sidecar = try sidecarBytes.map { try SealedArchiveSidecar.parse($0) }
            guard let expected = sidecar?.ciphertextSHA256 ?? head.metadata["sha256"] else {
                throw CustodyError.input(tr(.storeNothingToCompare, ["key": archive.description]))
            }
            let output = try AtomicFileOutput(path: out)
            let digest = try Digest(.sha256)
            var size: UInt64 = 0
            do {
                try client.get(archive, versionID: head.versionID) { bytes in
                    try digest.update(bytes)
                    try output.write(bytes)
                    size += UInt64(bytes.count)
                }
            } catch { output.discard(); throw error }
            let sha = try digest.finish().hex
            var problems: [String] = []
            if sha != expected { problems.append(tr(.storeHashDiffersSidecar, ["sha": sha, "recorded": expected])) }
            if let metaSHA = head.metadata["sha256"], metaSHA != sha { problems.append(tr(.storeHashDiffersMetadata, ["sha": sha, "recorded": metaSHA])) }
            guard problems.isEmpty else {
                output.discard()
                throw CustodyError.evidence(tr(.storeGetRefused, ["key": archive.description, "problems": problems.joined(separator: "; ")]))
            }
            try output.finish()
            if let sidecarBytes { try AtomicFile.write(sidecarBytes, to: sidecarOut, mode: 0o600) }
            return VerifyResult(archive: archive, head: head, sha256: sha, size: size, sidecarSHA256: sidecar?.ciphertextSHA256,
                                metadataSHA256: head.metadata["sha256"], problems: [])
        }
    }

    // MARK: ls

    public struct Listing: Sendable {
        public var key: String
        public var size: UInt64
        public var caseID: String?
        public var exhibit: String?
        public var sha256: String?
        public var retention: Retention?
        public var legalHold: Bool
        public var versionID: String?
    }

    /// The archives (`*.age`) under a prefix, with what HEAD says of each.
    public func list(_ location: S3Location) throws -> [Listing] {
        try StoreErrors.wrap {
            let listLocation = S3Location(bucket: location.bucket, key: location.key)
            return try client.list(listLocation).filter { $0.key.hasSuffix(".age") }.map { summary in
                let key = S3Location(bucket: location.bucket, key: summary.key)
                let head = try client.head(key)
                var hold = head?.legalHold ?? false
                if !hold, head != nil { hold = try client.legalHold(key, versionID: head?.versionID) }
                return Listing(key: summary.key, size: head?.size ?? summary.size,
                               caseID: head?.metadata["case"].map(URIEncoding.decode), exhibit: head?.metadata["exhibit"].map(URIEncoding.decode),
                               sha256: head?.metadata["sha256"], retention: head?.retention, legalHold: hold, versionID: head?.versionID)
            }
        }
    }

    // MARK: hold, release, init

    /// Sets or clears the legal hold on the archive's current version and its sidecar's.
    public func setLegalHold(_ archive: S3Location, on: Bool) throws -> ObjectHead {
        try StoreErrors.wrap {
            guard let head = try client.head(archive) else { throw CustodyError.input(tr(.storeNotFound, ["key": archive.description])) }
            try client.setLegalHold(archive, versionID: head.versionID, on: on)
            let sidecar = S3Location(bucket: archive.bucket, key: archive.key + ".json")
            if let s = try client.head(sidecar) { try client.setLegalHold(sidecar, versionID: s.versionID, on: on) }
            var after = try client.head(archive, versionID: head.versionID) ?? head
            after.legalHold = try client.legalHold(archive, versionID: head.versionID)
            return after
        }
    }

    public func initBucket(_ bucket: String, defaultRetention: (mode: LockMode, days: Int)?) throws {
        try StoreErrors.wrap {
            try client.createLockedBucket(bucket)
            if let d = defaultRetention { try client.setDefaultRetention(bucket, mode: d.mode, days: d.days) }
            guard try client.objectLockEnabled(bucket) else { throw CustodyError.input(tr(.storeNoObjectLock, ["bucket": bucket])) }
        }
    }
}


/// The clients of a multipart upload's concurrent parts: one per upload in flight, each used by
/// one thread at a time (an `S3Client` owns one libcurl handle, which must not be shared).
private final class PartClients: @unchecked Sendable {
    struct Lent: @unchecked Sendable { let client: S3Client }
    private let lock = NSLock()
    private var free: [S3Client]

    init(first: S3Client, count: Int) throws {
        var all = [first]
        for _ in 1..<max(count, 1) {
            let c = try S3Client(endpoint: first.endpoint)
            c.clock = first.clock
            all.append(c)
        }
        free = all
    }

    func take() -> Lent {
        lock.lock(); defer { lock.unlock() }
        // The semaphore admits at most as many uploads as there are clients.
        return Lent(client: free.removeLast())
    }

    func give(_ lent: Lent) {
        lock.lock(); defer { lock.unlock() }
        free.append(lent.client)
    }
}

/// The ETags of the parts as they come back (in any order), and the first failure.
private final class PartResults: @unchecked Sendable {
    private let lock = NSLock()
    private var tags: [Int: String] = [:]
    private var firstError: Error?

    var error: Error? { lock.lock(); defer { lock.unlock() }; return firstError }

    func set(_ number: Int, _ etag: String) { lock.lock(); tags[number] = etag; lock.unlock() }
    func fail(_ error: Error) { lock.lock(); if firstError == nil { firstError = error }; lock.unlock() }

    func etags(count: Int) throws -> [String] {
        lock.lock(); defer { lock.unlock() }
        return try (1...max(count, 1)).map { n in
            guard let t = tags[n] else { throw S3Error.badResponse(operation: "UploadPart", reason: "no ETag for part \(n)") }
            return t
        }
    }
}
