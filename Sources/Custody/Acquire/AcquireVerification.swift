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
    /// `caseID` and `exhibit`, where given, name the log entry's case instead of the record's.
    public static func run(source: String, record recordPath: String, draft: inout AccessDraft,
                           caseID: String? = nil, exhibit: String? = nil,
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
        draft.caseID = caseID ?? record.caseID
        draft.exhibit = exhibit ?? record.exhibit

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
        // Sectors the acquisition could not read are zeros in the image and in its hash: they are
        // compared as zeros again, without reading the card there (a dying sector read now would
        // otherwise make an unchanged card look changed, or unreadable).
        let masked = record.badSectors.compactMap { r -> Range<UInt64>? in
            let (end, overflow) = r.byteOffset.addingReportingOverflow(r.byteCount)
            let upper = overflow ? size : min(end, size)
            return r.byteOffset < upper ? r.byteOffset..<upper : nil
        }
        let compared: ByteSource = masked.isEmpty ? input : ZeroedRanges(input, masked)
        let hashes: [DigestAlgorithm: String]
        do {
            hashes = try StreamHash.hash(compared, algorithms: [.sha256], shouldStop: shouldStop) { progress($0, size) }
        } catch {
            throw CustodyError.input(tr(.acquireVerifyUnreadable, ["source": source, "reason": "\(error)"]))
        }
        guard let now = hashes[.sha256] else {
            throw CustodyError.input(tr(.acquireVerifyUnreadable, ["source": source, "reason": tr(.ccNoHash)]))
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
            throw CustodyError.input(tr(.acquireVerifyRecordUnreadable, ["record": path, "reason": tr(.ccNotAFileOfAt)]))
        }
        do { return try AcquisitionRecord.read(data) } catch {
            throw CustodyError.input(tr(.acquireVerifyRecordUnreadable, ["record": path, "reason": "\(error)"]))
        }
    }
}

/// A source read as it is, except for byte ranges that read as zeros without touching it.
final class ZeroedRanges: ByteSource {
    let base: ByteSource
    let ranges: [Range<UInt64>]
    var size: UInt64 { base.size }
    var name: String { base.name }

    init(_ base: ByteSource, _ ranges: [Range<UInt64>]) {
        self.base = base
        self.ranges = ranges.sorted { $0.lowerBound < $1.lowerBound }
    }

    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset < size, buffer.count > 0 else { return 0 }
        let end = min(size, offset + UInt64(buffer.count))
        var at = offset
        while at < end {
            // The zeroed range holding `at`, or the next one after it.
            if let z = ranges.first(where: { $0.upperBound > at }), z.lowerBound <= at {
                let stop = min(end, z.upperBound)
                let from = Int(at - offset), to = Int(stop - offset)
                UnsafeMutableRawBufferPointer(rebasing: buffer[from..<to]).initializeMemory(as: UInt8.self, repeating: 0)
                at = stop
            } else {
                let next = ranges.first(where: { $0.lowerBound > at })?.lowerBound ?? end
                let stop = min(end, next)
                let from = Int(at - offset), to = Int(stop - offset)
                let got = try base.read(at: at, into: UnsafeMutableRawBufferPointer(rebasing: buffer[from..<to]))
                if got == 0 { return Int(at - offset) }
                at += UInt64(got)
                if got < to - from { return Int(at - offset) }
            }
        }
        return Int(at - offset)
    }
}
