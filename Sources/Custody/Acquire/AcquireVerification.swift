import Messages
import AccessLog
import Acquisition
import CardIO
import Foundation
import OpenSSL
import Records
import SystemIO
#if canImport(Glibc)
import Glibc
#endif

/// What `acquire --verify` found: the card as it is now against its acquisition record.
public struct AcquireVerifyOutcome: Sendable {
    public enum Result: String, Sendable {
        case unchanged, changed
    }
    public var source: String
    public var recordPath: String
    /// When the acquisition finished (the record's `finished`, UTC).
    public var acquiredAt: String
    /// The SHA-256 the record holds (of the image, which was the card's bytes when acquired).
    public var imageSHA256: String
    /// The SHA-256 of the card now.
    public var sourceSHA256: String
    public var acquiredSize: UInt64
    public var sourceSize: UInt64
    public var result: Result
}

/// Re-hashes a card that left custody and came back (the police took the original) and compares
/// it with the acquisition record written when it was imaged: the same size and SHA-256, or it
/// changed. The card is only read.
///
/// The access-log entry (`acquire-verify`) carries exactly the details the provision register
/// reads: `record`, `image_sha256`, `source_sha256`, `result` and `acquired_at` (the last three
/// and `source_sha256` only once known: an unreadable card leaves them out).
public enum AcquireVerification {
    public static let action = "acquire-verify"

    /// Reads the record and the whole source. Throws `CustodyError.input` when the record cannot
    /// be used or the source cannot be read to the end; a changed card is a result, not a throw.
    public static func run(source: String, record recordPath: String, draft: inout AccessDraft,
                           shouldStop: () -> Bool = { false },
                           progress: (UInt64, UInt64) -> Void = { _, _ in }) throws -> AcquireVerifyOutcome {
        draft.source = SourceRecord(path: source)
        draft.details["record"] = recordPath
        let record = try readRecord(recordPath)
        guard record.complete, let imageHash = record.hashes["sha256"], imageHash.utf8.count == 64 else {
            throw CustodyError.input(tr(.acquireVerifyRecordIncomplete, ["record": recordPath]))
        }
        draft.details["image_sha256"] = imageHash
        draft.details["acquired_at"] = record.finished
        draft.caseID = record.caseID
        draft.exhibit = record.exhibit

        let input: ByteSource
        let kind: SourceKind
        do {
            kind = try SourceOpener.kind(of: source)
            if kind == .mountedFolder { throw CustodyError.input(tr(.acquireFolder, ["path": source])) }
            input = try SourceOpener.open(source)
        } catch let e as CustodyError { throw e } catch {
            throw CustodyError.input(tr(.acquireVerifyUnreadable, ["source": source, "reason": "\(error)"]))
        }
        let size = input.size
        let hashes: [DigestAlgorithm: String]
        do {
            hashes = try StreamHash.hash(input, algorithms: [.sha256], shouldStop: shouldStop) { progress($0, size) }
        } catch {
            throw CustodyError.input(tr(.acquireVerifyUnreadable, ["source": source, "reason": "\(error)"]))
        }
        guard let now = hashes[.sha256] else {
            throw CustodyError.input(tr(.acquireVerifyUnreadable, ["source": source, "reason": "no hash"]))
        }
        let unchanged = now == imageHash.lowercased() && size == record.sourceSize
        let outcome = AcquireVerifyOutcome(
            source: source, recordPath: recordPath, acquiredAt: record.finished, imageSHA256: imageHash,
            sourceSHA256: now, acquiredSize: record.sourceSize, sourceSize: size, result: unchanged ? .unchanged : .changed)
        var identity: [String: String] = [:]
        if kind == .blockDevice {
            let device = BlockDeviceInfo.inspect(source)
            identity["device_model"] = device.model
            identity["device_serial"] = device.serial
            identity["sd_cid"] = device.cid
        }
        draft.source = SourceRecord(path: source, size: Int64(clamping: size), sha256: now,
                                    cardIdentity: identity.isEmpty ? nil : identity)
        draft.details["source_sha256"] = now
        draft.details["result"] = outcome.result.rawValue
        return outcome
    }

    static func readRecord(_ path: String) throws -> AcquisitionRecord {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw CustodyError.input(tr(.acquireVerifyRecordUnreadable, ["record": path, "reason": errnoText(errno)]))
        }
        // A record is a few KiB; anything far larger is not one.
        guard st.st_mode & S_IFMT == S_IFREG, st.st_size <= 1 << 20, let data = FileManager.default.contents(atPath: path) else {
            throw CustodyError.input(tr(.acquireVerifyRecordUnreadable, ["record": path, "reason": "not a file of at most 1 MiB"]))
        }
        do { return try AcquisitionRecord.read(data) } catch {
            throw CustodyError.input(tr(.acquireVerifyRecordUnreadable, ["record": path, "reason": "\(error)"]))
        }
    }
}
