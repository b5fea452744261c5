import OpenSSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Codecs
import SystemIO
import Messages

/// The access log: a JSON Lines file in which every entry carries the hash of the entry before it
/// and an Ed25519 signature, so that any later edit shows and rewriting it needs the signing key.
///
/// ## File format (`sdcustody-access-log/1`)
/// - UTF-8, one entry per line, every line ending in `\n` (a last line without it is a torn tail).
/// - Each line is the canonical JSON (`CanonicalJSON`: sorted members, no whitespace, jq's
///   escapes) of one object with the members of `LogEntry`: `format`, `seq` (1, 2, 3…), `time`
///   (UTC), `operator`, `host`, `tool_version`, `command_line` (secrets redacted), `action`,
///   `source` {`path`, `size`, `sha256`, `card_identity`}, `outputs` [{`path`, `size`, `sha256`}],
///   `case`, `exhibit`, `result` (`ok`/`failed`), `reason`, `details`, `prev`, `key`, `hash`,
///   `signature`. Absent optional members are left out.
/// - The **signed bytes** of an entry are the canonical JSON of the object without `hash` and
///   `signature`. `hash` = hex SHA-256 of the signed bytes. `signature` = hex Ed25519 (RFC 8032)
///   signature of the signed bytes. `prev` = the previous entry's `hash`, 64 zeros for entry 1.
/// - `key` = hex of the signer's 32-byte Ed25519 public key, in every entry. The verifier pins
///   the key of entry 1 (the chain start) and requires every later entry to carry and be signed
///   by the same key, so a forger cannot swap in a key of their own; a key the user trusts can
///   be given instead (`verify(trustedKey:)`).
///
/// Checking an entry with standard tools:
///
///     line=$(sed -n 5p access.jsonl)
///     jq -cjS 'del(.hash, .signature)' <<<"$line" > signed.bin
///     sha256sum signed.bin                        # equals .hash
///     jq -r .signature <<<"$line" | xxd -r -p > sig.bin
///     # public key: DER SPKI = 302a300506032b6570032100 || key
///     (printf '302a300506032b6570032100'; jq -r .key <<<"$line") | xxd -r -p > pub.der
///     openssl pkeyutl -verify -pubin -keyform DER -inkey pub.der -rawin -in signed.bin -sigfile sig.bin
///
/// ## Appending
/// `append` opens the file (created 0600, in folders created 0700), takes an exclusive `flock`,
/// reads the last line to get `seq` and `prev` (refusing a torn or damaged tail rather than
/// writing after it), signs, writes the whole line with one `write`, `fsync`s the file (and the
/// folder when the file is new) and only then releases the lock and returns. A failed write is
/// cut back to the old length, so an error leaves no partial line.
///
/// A torn tail (power loss mid-append) stops all appends: writing after it would either merge
/// the new entry into the fragment or hide the fragment. The owner keeps the file as it is,
/// moves it aside (`log verify` on it still names the torn line), and the next command starts a
/// new log. The same holds when the signing key no longer matches the log (`keyMismatch`).
///
/// The log's limits: a hash chain shows edits inside the file, and the signature shows who can
/// have made it; neither shows entries cut off at the end, or a whole log rewritten by someone
/// holding the key. For those, `log head` prints the last hash to keep elsewhere (paper, mail),
/// and `verify(head:)` checks the log still holds it; `verify(trustedKey:)` pins the key.
public struct AccessLog: Sendable {
    public let path: String
    public let keyPath: String
    /// Tests only (`sdcustody log append-test --split-write-us`): write each line in two halves
    /// with this pause between them, so a kill can land inside a line as a crash would.
    public var splitWritePauseMicroseconds: UInt32 = 0

    public init(path: String, keyPath: String) {
        self.path = path
        self.keyPath = keyPath
    }

    /// The log and key where the environment says (`LogLocation`), with an optional `--log` value.
    public init(logOption: String? = nil, environment: [String: String] = LogLocation.processEnvironment) {
        self.init(path: LogLocation.logPath(option: logOption, environment: environment),
                  keyPath: LogLocation.keyPath(environment: environment))
    }

    // MARK: Appending

    /// Appends one entry for `record` and returns it once it is on disk.
    @discardableResult
    public func append(_ record: AccessRecord) throws -> LogEntry {
        try LogFile.makeFolders(LogFile.parent(of: path))
        var created = true
        var fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if fd < 0 && errno == EEXIST {
            created = false
            fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC | O_NOFOLLOW)
        }
        guard fd >= 0 else { throw AccessLogError.io(operation: "open", path: path, errno: errno) }
        defer { close(fd) }  // closing releases the lock, after the fsync below

        do { try FileIO.lock(fd, LOCK_EX) } catch { throw AccessLogError.io(operation: "lock", path: path, errno: error.rawValue) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw AccessLogError.io(operation: "stat", path: path, errno: errno) }
        guard st.st_mode & S_IFMT == S_IFREG else { throw AccessLogError.io(operation: "use", path: path, errno: EINVAL) }
        if st.st_mode & 0o777 != 0o600 {
            guard fchmod(fd, 0o600) == 0 else { throw AccessLogError.io(operation: "chmod", path: path, errno: errno) }
        }
        let size = Int64(st.st_size)

        // The tail, under the lock: what we chain from.
        var seq: Int64 = 1
        var prev = LogEntry.chainStart
        var chainKey: String?
        let tail: ScannedLine?
        do { tail = try LogFile.lastLine(fd, size: size, path: path) } catch AccessLogError.lineTooLong {
            throw AccessLogError.damagedTail(path: path, line: try countLines(fd, size: size),
                                             reason: tr(.lcTheLastLineIsLonger, ["maxLineBytes": "\(LogFile.maxLineBytes)"]))
        }
        if let last = tail {
            // Counting lines reads the whole file: only done to name a damaged tail.
            guard last.terminated else {
                throw AccessLogError.tornTail(path: path, line: try countLines(fd, size: size) + 1, offset: last.offset)
            }
            var validator = EntryValidator()
            let (entry, fault) = validator.check(last.bytes)
            if let fault {
                let lineNumber = try countLines(fd, size: size)
                let problem = EntryValidator.problem(for: fault, entry: entry, line: lineNumber)
                throw AccessLogError.damagedTail(path: path, line: lineNumber, reason: "\(problem)")
            }
            guard let entry else { throw AccessLogError.internalError(tr(.lcAValidTailEntryDid)) }
            let (next, overflow) = entry.seq.addingReportingOverflow(1)
            guard !overflow else {
                throw AccessLogError.damagedTail(path: path, line: try countLines(fd, size: size), reason: tr(.lcSequenceNumberTooLarge))
            }
            seq = next
            prev = entry.hash
            chainKey = entry.key
        }

        let key = try SigningKeyStore.loadOrCreate(path: keyPath).key
        let keyHex: String
        do { keyHex = try key.publicKeyBytes().hex } catch {
            throw AccessLogError.badKey(path: keyPath, reason: "\(error)")
        }
        if let chainKey, chainKey != keyHex { throw AccessLogError.keyMismatch(logPath: path, keyPath: keyPath) }

        var line = try Self.signedLine(record: record, seq: seq, prev: prev, time: LogTime.now(), key: key, keyHex: keyHex)
        let entry = line.entry
        guard line.bytes.count <= LogFile.maxLineBytes else { throw AccessLogError.lineTooLong(path: path, line: Int(seq)) }
        line.bytes.append(0x0a)
        do {
            if splitWritePauseMicroseconds > 0 {
                let half = line.bytes.count / 2
                try LogFile.writeAll(fd, Array(line.bytes[..<half]), path: path)
                usleep(splitWritePauseMicroseconds)
                try LogFile.writeAll(fd, Array(line.bytes[half...]), path: path)
            } else {
                // One write: a kill cannot leave half a line (a crash of the machine still can).
                try LogFile.writeAll(fd, line.bytes, path: path)
            }
            guard fsync(fd) == 0 else { throw AccessLogError.io(operation: "sync", path: path, errno: errno) }
        } catch {
            // Leave no partial line behind an error we saw (a crash is the torn-tail case).
            _ = ftruncate(fd, off_t(size))
            _ = fsync(fd)
            throw error
        }
        if created { LogFile.syncFolder(LogFile.parent(of: path)) }
        return entry
    }

    /// Builds and signs the entry; returns it and its line (without the newline).
    static func signedLine(record: AccessRecord, seq: Int64, prev: String, time: String,
                           key: Ed25519Key, keyHex: String) throws -> (entry: LogEntry, bytes: [UInt8]) {
        var entry = LogEntry(
            format: LogEntry.currentFormat, seq: seq, time: time, operatorName: record.operatorName,
            host: record.host, toolVersion: record.toolVersion, commandLine: record.commandLine,
            action: record.action, source: record.source, outputs: record.outputs, caseID: record.caseID,
            exhibit: record.exhibit, result: "ok", reason: nil,
            details: record.details.isEmpty ? nil : record.details, prev: prev, key: keyHex, hash: "", signature: "")
        if case .failed(let why) = record.outcome {
            entry.result = "failed"
            entry.reason = why
        }
        var object = try entry.jsonObject()
        let signed = EntrySigning.signedBytes(of: object)
        entry.hash = try EntrySigning.sha256Hex(signed)
        entry.signature = try key.sign(signed).hex
        object["hash"] = .string(entry.hash)
        object["signature"] = .string(entry.signature)
        return (entry, CanonicalJSON.encode(.object(object)))
    }

    /// Newlines in the file: the number of complete lines. Only used to name a damaged tail's line.
    private func countLines(_ fd: Int32, size: Int64) throws -> Int {
        var count = 0
        var offset: Int64 = 0
        while offset < size {
            let chunk = try LogFile.pread(fd, count: LogFile.readChunk, at: offset, path: path)
            if chunk.isEmpty { break }
            for b in chunk where b == 0x0a { count += 1 }
            offset += Int64(chunk.count)
        }
        return count
    }

    // MARK: Reading

    /// Calls `body` with every entry that reads and its line as stored (without the newline), in
    /// file order, reading in chunks. Returns the lines that are not entries and whether the log
    /// ends in a torn line. It checks nothing else: use `verify`.
    @discardableResult
    public func forEachEntry(_ body: (LogEntry, [UInt8]) throws -> Void) throws -> (unreadableLines: [Int], tornTail: Bool) {
        var unreadable: [Int] = []
        var torn = false
        try LogFile.forEachLine(path: path) { line in
            guard line.terminated else { torn = true; return }
            if !line.overlong, let entry = try? LogEntry.decode(line: line.bytes) {
                try body(entry, line.bytes)
            } else {
                unreadable.append(line.number)
            }
        }
        return (unreadable, torn)
    }

    /// Every entry that reads, in memory (see `forEachEntry`).
    public func readEntries() throws -> (entries: [LogEntry], unreadableLines: [Int], tornTail: Bool) {
        var entries: [LogEntry] = []
        let (unreadable, torn) = try forEachEntry { entry, _ in entries.append(entry) }
        return (entries, unreadable, torn)
    }

    /// Checks the whole log (see `LogVerifier`). With `head`, also that an entry with that hash is
    /// still in the log, unchanged. With `trustedKey` (hex), every entry must be signed by it.
    public func verify(head: String? = nil, trustedKey: String? = nil) throws -> LogVerification {
        try LogVerifier.verify(path: path, head: head, trustedKey: trustedKey)
    }

    /// The last entry (the one whose hash `log head` prints), nil for an empty log. Throws for a
    /// torn or damaged tail: its hash would not be worth writing down.
    public func head() throws -> LogEntry? {
        let fd = try LogFile.openForReading(path)
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw AccessLogError.io(operation: "stat", path: path, errno: errno) }
        let size = Int64(st.st_size)
        guard let last = try LogFile.lastLine(fd, size: size, path: path) else { return nil }
        let lineNumber = try countLines(fd, size: size) + (last.terminated ? 0 : 1)
        guard last.terminated else { throw AccessLogError.tornTail(path: path, line: lineNumber, offset: last.offset) }
        var validator = EntryValidator()
        let (entry, fault) = validator.check(last.bytes)
        if let fault {
            throw AccessLogError.damagedTail(path: path, line: lineNumber,
                                             reason: "\(EntryValidator.problem(for: fault, entry: entry, line: lineNumber))")
        }
        return entry
    }
}
