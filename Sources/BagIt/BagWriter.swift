#if canImport(Glibc)
import Glibc
#endif
import Foundation
import OpenSSL
import SystemIO

/// Writes a BagIt 1.0 bag (RFC 8493) the way evidence must be written:
///
/// - everything goes into a hidden temporary folder beside the destination
///   (`.<name>.partial-<random>`); the destination is refused if it exists;
/// - payload files are streamed in (`beginFile` → `write` … → `finish`), hashed with every chosen
///   algorithm in the same pass as they are written, and fsynced;
/// - `finish()` re-reads every payload file and checks its hashes, writes bagit.txt,
///   bag-info.txt (with Payload-Oxum), the payload manifests, the caller's extra tag files and
///   the tag manifests, fsyncs files and folders, then renames the folder into place without
///   replacing anything (`renameat2(RENAME_NOREPLACE)`) and fsyncs the parent;
/// - on any error (or if the writer is dropped unfinished) the temporary folder is removed, so
///   nothing that looks finished is left behind.
///
/// One payload file is open at a time. Paths are relative to `data/`, `/`-separated; the caller
/// makes them safe for the filesystem, the writer refuses `..`, empty components, a leading `/`
/// and NUL.
public final class BagWriter {
    /// Where the finished bag will be.
    public let destination: String
    /// The payload and tag manifest algorithms, SHA-256 first.
    public let algorithms: [DigestAlgorithm]
    /// The temporary folder the bag is built in.
    public let temporaryPath: String

    private let softwareAgent: String
    private let baggingDate: Date
    private var info: [BagInfo.Element] = []
    private var rootFD: Int32
    private var dataFD: Int32
    private var payload: [PayloadFileRecord] = []
    private var payloadPaths: Set<[UInt8]> = []
    private var tagFiles: [(path: [UInt8], bytes: [UInt8])] = []
    /// Folders created under the bag root, as component lists, for fsync at the end.
    private var createdFolders: Set<[[UInt8]]> = []
    private var openFile = false
    private var state: State = .open
    /// Re-reads and checks finished payload files on a second thread while the next file is
    /// written (a file's check needs only its own bytes, already synced).
    private let verifier = DispatchQueue(label: "sdcustody.bagwriter.verify")
    private let verification = Verification()

    /// What the writer and the verifier queue share: the first failure, and whether to stop.
    /// `@unchecked Sendable` is safe: both variables are read and written only under `lock`.
    private final class Verification: @unchecked Sendable {
        private let lock = NSLock()
        private var failure: Error?
        private var cancelled = false

        func cancel() { lock.withLock { cancelled = true } }
        var shouldSkip: Bool { lock.withLock { cancelled || failure != nil } }
        func record(_ error: Error) { lock.withLock { if failure == nil { failure = error } } }
        var firstFailure: Error? { lock.withLock { failure } }
    }

    private enum State { case open, finished, failed }

    /// Starts a bag at `destination`, which must not exist.
    /// - Parameters:
    ///   - algorithms: manifest algorithms besides SHA-256, which is always written.
    ///   - softwareAgent: the Bag-Software-Agent value, e.g. "sdcustody 0.1.0".
    ///   - baggingDate: the Bagging-Date (written as YYYY-MM-DD in the local time zone).
    public init(destination: String, algorithms: [DigestAlgorithm] = [], softwareAgent: String,
                baggingDate: Date = Date()) throws {
        var algs: [DigestAlgorithm] = [.sha256]
        for a in algorithms where !algs.contains(a) { algs.append(a) }
        self.algorithms = algs
        self.destination = destination
        self.softwareAgent = softwareAgent
        self.baggingDate = baggingDate
        try BagInfo.check(label: "Bag-Software-Agent", value: softwareAgent)

        let name = FileSystem.lastComponent(of: destination)
        guard !name.isEmpty, name != ".", name != "..", name != "/" else {
            throw BagError.unsafePath(destination, reason: "not a folder name")
        }
        if FileSystem.exists(destination) { throw BagError.destinationExists(destination) }
        let parent = FileSystem.parent(of: destination)
        BagWriter.removeAbandonedPartials(of: destination)
        temporaryPath = (parent == "/" ? "" : parent) + "/." + name + ".partial-" + FileSystem.randomSuffix()
        guard mkdir(temporaryPath, 0o755) == 0 else { throw FileSystem.error("mkdir", temporaryPath) }
        do {
            rootFD = try FileSystem.openDirectory(temporaryPath)
        } catch {
            rmdir(temporaryPath)
            throw error
        }
        // Held until the process ends: a later run that can take this lock knows the writer is
        // gone (killed, power cut) and may remove the folder.
        _ = flock(rootFD, LOCK_EX | LOCK_NB)
        guard mkdirat(rootFD, "data", 0o755) == 0 else {
            let e = FileSystem.error("mkdir", temporaryPath + "/data")
            close(rootFD)
            FileSystem.removeTree(temporaryPath)
            throw e
        }
        do {
            dataFD = try FileSystem.openAt(rootFD, Array("data".utf8), O_RDONLY | O_DIRECTORY | O_NOFOLLOW, display: "data")
        } catch {
            close(rootFD)
            FileSystem.removeTree(temporaryPath)
            throw error
        }
    }

    deinit {
        if state == .open { abort() }
        closeDescriptors()
    }

    private func closeDescriptors() {
        if dataFD >= 0 { close(dataFD); dataFD = -1 }
        if rootFD >= 0 { close(rootFD); rootFD = -1 }
    }

    /// Removes temporary folders (`.NAME.partial-*`) left beside `destination` by writers that
    /// were killed: those whose lock no live process holds. A folder still being written by
    /// another run is left alone.
    public static func removeAbandonedPartials(of destination: String) {
        let parent = FileSystem.parent(of: destination)
        let prefix = "." + FileSystem.lastComponent(of: destination) + ".partial-"
        guard let dir = opendir(parent) else { return }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(prefix) && name.count <= prefix.count + 64 { names.append(name) }
        }
        closedir(dir)
        for name in names {
            let path = (parent == "/" ? "" : parent) + "/" + name
            let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { continue }
            let free = flock(fd, LOCK_EX | LOCK_NB) == 0
            close(fd)
            if free { FileSystem.removeTree(path) }
        }
    }

    /// Abandons the bag: removes the temporary folder. Safe to call more than once.
    public func abort() {
        guard state != .finished else { return }
        state = .failed
        // The checking thread must be done with the folder (and out of libcrypto) first.
        verification.cancel()
        verifier.sync {}
        closeDescriptors()
        FileSystem.removeTree(temporaryPath)
    }

    /// Runs `body`, abandoning the bag if it throws.
    private func guarded<T>(_ body: () throws -> T) throws -> T {
        guard state == .open else { throw BagError.misuse("the bag is already finished or abandoned") }
        do { return try body() } catch {
            abort()
            throw error
        }
    }

    /// Adds a bag-info.txt element after the ones the writer computes (Bagging-Date,
    /// Payload-Oxum, Bag-Software-Agent), in call order. Labels may repeat.
    public func addInfo(_ label: String, _ value: String) throws {
        try guarded {
            try BagInfo.check(label: label, value: value)
            let reserved = ["payload-oxum", "bagging-date", "bag-software-agent"]
            if reserved.contains(label.lowercased()) {
                throw BagError.badMetadata(label: label, reason: "written by the bag writer itself")
            }
            info.append(BagInfo.Element(label, value))
        }
    }

    /// Starts payload file `data/<relativePath>`. Write its bytes with `write`, then call
    /// `finish()` on the returned writer before starting the next file.
    /// - Parameter modificationTime: set on the file when it is finished.
    /// - Parameter readable: open the file for reading too, for `PayloadFileWriter.write(at:_:)`
    ///   (a muxer that goes back to patch sizes), whose `finish()` may hash the file by reading it.
    public func beginFile(relativePath: String, modificationTime: Date? = nil, readable: Bool = false) throws -> PayloadFileWriter {
        try guarded {
            if openFile { throw BagError.misuse("a payload file is still open") }
            let components = try BagPath.components(ofRelative: relativePath)
            let key = Array(relativePath.utf8)
            if payloadPaths.contains(key) { throw BagError.duplicatePath("data/" + relativePath) }
            let display = "data/" + relativePath
            let folders = Array(components.dropLast())
            let made = try FileSystem.makeDirectories(dataFD, folders, display: display)
            defer { close(made.fd) }
            noteFolders([Array("data".utf8)] + folders)
            let fd = try FileSystem.openAt(made.fd, components[components.count - 1],
                                           (readable ? O_RDWR : O_WRONLY) | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o644, display: display)
            let hasher: MultiDigest
            do { hasher = try MultiDigest(algorithms) } catch {
                close(fd)
                throw BagError.digest(String(describing: error))
            }
            payloadPaths.insert(key)
            openFile = true
            let writer = PayloadFileWriter(bag: self, fd: fd, relativePath: relativePath, components: components,
                                           hasher: hasher, modificationTime: modificationTime)
            writer.createdFolders = made.created
            writer.algorithms = algorithms
            return writer
        }
    }

    /// Convenience: adds a whole payload file from memory.
    @discardableResult
    public func addFile(relativePath: String, contents: [UInt8], modificationTime: Date? = nil) throws -> PayloadFileRecord {
        let file = try beginFile(relativePath: relativePath, modificationTime: modificationTime)
        try contents.withUnsafeBytes { try file.write($0) }
        return try file.finish()
    }

    /// Adds a tag file (for example a JSON provenance file) at `relativePath` in the bag folder,
    /// outside `data/`. It is listed in every tag manifest. Names BagIt reserves (bagit.txt,
    /// bag-info.txt, fetch.txt, manifest-*.txt, tagmanifest-*.txt, data/) are refused.
    public func addTagFile(relativePath: String, contents: [UInt8]) throws {
        try guarded {
            let components = try BagPath.components(ofRelative: relativePath)
            let first = String(decoding: components[0], as: UTF8.self).lowercased()
            if first == "data" { throw BagError.unsafePath(relativePath, reason: "tag files cannot be under data/") }
            if components.count == 1 {
                if ["bagit.txt", "bag-info.txt", "fetch.txt"].contains(first) || Manifest.classify(fileName: first) != nil {
                    throw BagError.unsafePath(relativePath, reason: "name reserved by BagIt")
                }
            }
            let key = Array(relativePath.utf8)
            if tagFiles.contains(where: { $0.path == key }) { throw BagError.duplicatePath(relativePath) }
            tagFiles.append((key, contents))
        }
    }

    fileprivate func noteFolders(_ components: [[UInt8]]) {
        for i in 0..<components.count { createdFolders.insert(Array(components[0...i])) }
    }

    fileprivate func fileFinished(_ record: PayloadFileRecord) {
        payload.append(record)
        openFile = false
        let names = algorithms.map(\.rawValue)
        let algorithms = self.algorithms
        let dataFD = self.dataFD
        let verification = self.verification
        verifier.async {
            if verification.shouldSkip { return }
            do {
                try BagWriter.check(record, dataFD: dataFD, names: names, algorithms: algorithms)
            } catch {
                verification.record(error)
            }
        }
    }

    /// A payload file given up without harm to the bag (`PayloadFileWriter.discard()`): its
    /// name is free again, the file and the folders made for it are removed.
    fileprivate func fileDiscarded(_ relativePath: String, _ components: [[UInt8]], madeFolders: Int) {
        openFile = false
        payloadPaths.remove(Array(relativePath.utf8))
        var folders = Array(components.dropLast())
        func parentFD(_ path: [[UInt8]]) -> Int32? {
            if path.isEmpty { return dup(dataFD) }
            return try? FileSystem.openBeneath(dataFD, path, lastFlags: O_RDONLY | O_DIRECTORY, display: "data")
        }
        if let fd = parentFD(folders) {
            _ = unlinkat(fd, FileSystem.cString(components[components.count - 1]), 0)
            close(fd)
        }
        // Only the folders this file made, deepest first, and only while empty.
        for _ in 0..<min(madeFolders, folders.count) {
            guard let name = folders.popLast(), let fd = parentFD(folders) else { break }
            let removed = unlinkat(fd, FileSystem.cString(name), AT_REMOVEDIR) == 0
            close(fd)
            guard removed else { break }
            createdFolders.remove([Array("data".utf8)] + folders + [name])
        }
    }

    fileprivate func fileFailed() {
        openFile = false
        abort()
    }

    /// Payload files written so far.
    public var files: [PayloadFileRecord] { payload }

    /// Completes the bag: verifies every payload file by re-reading it, writes the tag files and
    /// manifests, syncs, and publishes the folder at `destination`. Returns a summary.
    @discardableResult
    public func finish() throws -> BagWriteResult {
        try guarded {
            if openFile { throw BagError.misuse("a payload file is still open") }
            try verifyPayload()

            var octets: UInt64 = 0
            for file in payload { octets += file.size }
            let oxum = PayloadOxum(octetCount: octets, streamCount: UInt64(payload.count))

            let date: String = {
                let f = DateFormatter()
                f.locale = Locale(identifier: "en_US_POSIX")
                f.calendar = Calendar(identifier: .gregorian)
                f.timeZone = TimeZone.current
                f.dateFormat = "yyyy-MM-dd"
                return f.string(from: baggingDate)
            }()
            let bagInfo = BagInfo([BagInfo.Element("Bagging-Date", date),
                                   BagInfo.Element("Payload-Oxum", oxum.description),
                                   BagInfo.Element("Bag-Software-Agent", softwareAgent)] + info)

            // Tag files in the order they are listed in the tag manifests.
            var written: [(path: [UInt8], bytes: [UInt8])] = []
            written.append((Array("bagit.txt".utf8), BagDeclaration().bytes))
            written.append((Array("bag-info.txt".utf8), Array(bagInfo.text.utf8)))
            for algorithm in algorithms {
                let lines = payload.map { (checksum: $0.digests[algorithm] ?? "", path: Array(("data/" + $0.relativePath).utf8)) }
                written.append((Array("manifest-\(algorithm.rawValue).txt".utf8), Manifest.format(lines)))
            }
            written += tagFiles
            for file in written { try writeTagFile(file.path, file.bytes) }

            // The digests of the tag manifests as written, for the caller's log entry: hashed from
            // the bytes written, so an unreadable file cannot pass for an empty one.
            var tagManifestDigests: [DigestAlgorithm: String] = [:]
            for algorithm in algorithms {
                var lines: [(checksum: String, path: [UInt8])] = []
                for file in written {
                    lines.append((try Digest.hash(algorithm, file.bytes).hex, file.path))
                }
                let manifest = Manifest.format(lines)
                try writeTagFile(Array("tagmanifest-\(algorithm.rawValue).txt".utf8), manifest)
                tagManifestDigests[algorithm] = try Digest.hash(algorithm, manifest).hex
            }

            // Folders: deepest first, then the bag root.
            for folder in createdFolders.sorted(by: { $0.count > $1.count }) {
                let fd = try FileSystem.openBeneath(rootFD, folder, lastFlags: O_RDONLY | O_DIRECTORY,
                                                    display: folder.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "/"))
                defer { close(fd) }
                try FileSystem.sync(fd, display: temporaryPath)
            }
            try FileSystem.sync(rootFD, display: temporaryPath)
            closeDescriptors()

            try FileSystem.renameNoReplace(temporaryPath, destination)
            state = .finished
            let parentFD = try? FileSystem.openDirectory(FileSystem.parent(of: destination))
            if let parentFD {
                try? FileSystem.sync(parentFD, display: FileSystem.parent(of: destination))
                close(parentFD)
            }
            return BagWriteResult(path: destination, payloadOxum: oxum, files: payload, bagInfo: bagInfo,
                                  tagManifestDigests: tagManifestDigests)
        }
    }

    private func writeTagFile(_ path: [UInt8], _ bytes: [UInt8]) throws {
        let components = path.split(separator: 0x2f).map(Array.init)
        let display = String(decoding: path, as: UTF8.self)
        let made = try FileSystem.makeDirectories(rootFD, Array(components.dropLast()), display: display)
        defer { close(made.fd) }
        if components.count > 1 { noteFolders(Array(components.dropLast())) }
        let fd = try FileSystem.openAt(made.fd, components[components.count - 1],
                                       O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o644, display: display)
        defer { close(fd) }
        try FileSystem.writeAll(fd, bytes, display: display)
        try FileSystem.sync(fd, display: display)
    }

    /// Re-reads every payload file from storage and checks size and every hash. The page cache is
    /// dropped first (the files were fsynced when finished) so the bytes come back from the disk
    /// where the filesystem allows it.
    /// Waits for the checks of every payload file (re-read from the disk after its fsync, with
    /// its cached pages dropped) and throws the first failure.
    private func verifyPayload() throws {
        verifier.sync {}
        if let failure = verification.firstFailure { throw failure }
    }

    static func check(_ file: PayloadFileRecord, dataFD: Int32, names: [String], algorithms: [DigestAlgorithm]) throws {
        let display = "data/" + file.relativePath
        let fd = try FileSystem.openBeneath(dataFD, file.components, lastFlags: O_RDONLY, display: display)
        defer { close(fd) }
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)
        let (digests, size) = try ChecksumHasher.hashFile(fd, names, display: display)
        guard size == file.size else {
            throw BagError.verificationFailed(path: display, reason: "\(size) bytes read back, \(file.size) written")
        }
        for algorithm in algorithms where digests[algorithm.rawValue] != file.digests[algorithm] {
            throw BagError.verificationFailed(path: display, reason: "\(algorithm.rawValue) differs")
        }
    }
}

/// A payload file written into a bag: its path under `data/`, size and digests (lower-case hex).
public struct PayloadFileRecord: Sendable, Equatable {
    /// Relative to `data/`.
    public let relativePath: String
    public let size: UInt64
    public let digests: [DigestAlgorithm: String]
    /// The path as it appears in manifests' terms: "data/" + relativePath.
    public var bagPath: String { "data/" + relativePath }
    let components: [[UInt8]]
}

/// What `BagWriter.finish()` produced.
public struct BagWriteResult: Sendable {
    public let path: String
    public let payloadOxum: PayloadOxum
    public let files: [PayloadFileRecord]
    public let bagInfo: BagInfo
    /// Each `tagmanifest-<algorithm>.txt`'s digest in its own algorithm, of the bytes written.
    public let tagManifestDigests: [DigestAlgorithm: String]
}

/// Streams one payload file into the bag, hashing as it writes.
public final class PayloadFileWriter {
    private weak var bag: BagWriter?
    private var fd: Int32
    public let relativePath: String
    private let components: [[UInt8]]
    private let hasher: MultiDigest
    private let modificationTime: Date?
    /// Bytes written so far.
    public private(set) var size: UInt64 = 0
    private var done = false

    fileprivate init(bag: BagWriter, fd: Int32, relativePath: String, components: [[UInt8]], hasher: MultiDigest,
                     modificationTime: Date?) {
        self.bag = bag
        self.fd = fd
        self.relativePath = relativePath
        self.components = components
        self.hasher = hasher
        self.modificationTime = modificationTime
    }

    deinit {
        if !done {
            // Dropped without finish(): the bag cannot be completed honestly.
            if fd >= 0 { close(fd) }
            bag?.fileFailed()
        }
    }

    private var display: String { "data/" + relativePath }

    private func failing<T>(_ body: () throws -> T) throws -> T {
        guard !done else { throw BagError.misuse("\(display) is already finished") }
        do { return try body() } catch {
            done = true
            if fd >= 0 { close(fd); fd = -1 }
            bag?.fileFailed()
            throw error
        }
    }

    /// Folders `beginFile` made for this file (the deepest ones), removed again by `discard()`.
    fileprivate var createdFolders = 0
    fileprivate var algorithms: [DigestAlgorithm] = []
    /// Set by a positional write: `finish()` hashes the finished file instead of the bytes
    /// streamed through `write`.
    private var hashAtFinish = false

    /// Bytes hashed and written per step: large `write()`s of several MiB are much slower than
    /// 1 MiB ones here, and a slice hashed just before it is written is still in the CPU cache.
    static let slice = 1 << 20
    /// Written but not yet handed to writeback.
    private var unsubmitted: UInt64 = 0

    /// Writes the next bytes and hashes them in the same pass.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try failing {
            var offset = 0
            while offset < bytes.count {
                let n = min(Self.slice, bytes.count - offset)
                let part = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)])
                do { try hasher.update(part) } catch { throw BagError.digest(String(describing: error)) }
                try FileSystem.writeAll(fd, part, display: display)
                offset += n
            }
            size += UInt64(bytes.count)
            unsubmitted += UInt64(bytes.count)
            // Start writing back every 8 MiB, so the fsync in finish() finds little left to do.
            if unsubmitted >= 8 << 20 {
                Writeback.start(fd, offset: Int64(size - unsubmitted), length: Int64(unsubmitted))
                unsubmitted = 0
            }
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Writes `bytes` at `offset` (pwrite(2)), for a muxer that goes back to patch a size it
    /// wrote earlier (the MP4 muxer's `mdat` size, at the very start, once the end is known).
    /// Nothing is hashed while writing — the patch would undo it — and `finish()` hashes the
    /// finished file in one pass instead (from the page cache), so the recorded digest is
    /// always that of the bytes in the file. Begin the file with `readable: true`.
    public func write(at offset: UInt64, _ bytes: UnsafeRawBufferPointer) throws {
        try failing {
            let (end, overflow) = offset.addingReportingOverflow(UInt64(bytes.count))
            guard !overflow, end <= UInt64(Int64.max) else { throw BagError.misuse("write past the largest file size in \(display)") }
            let appending = offset == size
            hashAtFinish = true
            var done = 0
            while done < bytes.count {
                guard let base = bytes.baseAddress else { break }
                let n = pwrite(fd, base + done, bytes.count - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw FileSystem.error("write", display)
                }
                done += n
            }
            size = max(size, end)
            // Appends start their write-back as `write` does; a patch is left to the fsync.
            if appending {
                unsubmitted += UInt64(bytes.count)
                if unsubmitted >= 8 << 20 {
                    Writeback.start(fd, offset: Int64(size - unsubmitted), length: Int64(unsubmitted))
                    unsubmitted = 0
                }
            }
        }
    }

    /// Gives the file up without failing the bag (a working copy whose maker failed): closes and
    /// removes it and the folders made for it; its name may be used again.
    public func discard() {
        guard !done else { return }
        done = true
        if fd >= 0 { close(fd); fd = -1 }
        bag?.fileDiscarded(relativePath, components, madeFolders: createdFolders)
    }

    /// Syncs and closes the file, sets its modification time if one was given, and returns its
    /// record. The bag re-reads and checks it in `BagWriter.finish()`.
    @discardableResult
    public func finish() throws -> PayloadFileRecord {
        try failing {
            if let time = modificationTime {
                let seconds = time.timeIntervalSince1970.rounded(.down)
                var nanos = Int((time.timeIntervalSince1970 - seconds) * 1_000_000_000)
                nanos = max(0, min(nanos, 999_999_999))
                guard seconds.isFinite, abs(seconds) < 1e15 else {
                    throw BagError.misuse("modification time out of range for \(display)")
                }
                var times = [timespec(tv_sec: Int(seconds), tv_nsec: nanos), timespec(tv_sec: Int(seconds), tv_nsec: nanos)]
                guard futimens(fd, &times) == 0 else { throw FileSystem.error("set times of", display) }
            }
            var digests: [DigestAlgorithm: String]
            do { digests = try hasher.finish().mapValues(\.hex) } catch { throw BagError.digest(String(describing: error)) }
            if hashAtFinish {
                // One pass over the finished bytes, still in the page cache; the bag's check
                // re-reads them from the disk later, as for every file.
                guard lseek(fd, 0, SEEK_SET) == 0 else { throw FileSystem.error("seek in", display) }
                let (hex, read) = try ChecksumHasher.hashFile(fd, algorithms.map(\.rawValue), display: display)
                guard read == size else {
                    throw BagError.verificationFailed(path: display, reason: "\(read) bytes read back, \(size) written")
                }
                digests = [:]
                for a in algorithms {
                    guard let h = hex[a.rawValue] else { throw BagError.digest("no \(a.rawValue) of \(display)") }
                    digests[a] = h
                }
            }
            try FileSystem.sync(fd, display: display)
            guard close(fd) == 0 else { fd = -1; throw FileSystem.error("close", display) }
            fd = -1
            done = true
            let record = PayloadFileRecord(relativePath: relativePath, size: size,
                                           digests: digests, components: components)
            bag?.fileFinished(record)
            return record
        }
    }
}
