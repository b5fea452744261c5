#if canImport(Glibc)
import Glibc
#endif
import Messages
import AccessLog
import Acquisition
import CardIO
import Foundation
import OpenSSL
import Records
import SystemIO

/// What `acquire` was asked for.
public struct AcquireRequest: Sendable {
    public var source: String
    public var output: String
    /// Bytes per part, or nil for one image file.
    public var splitSize: UInt64?
    /// Hashes besides SHA-256.
    public var extraAlgorithms: [DigestAlgorithm]
    public var retries: Int
    /// Write zeros for unreadable sectors and go on (true), or stop at the first (false).
    public var zeroFill: Bool
    public var operatorName: String
    public var caseID: String?
    public var exhibit: String?

    public init(source: String, output: String, splitSize: UInt64? = nil, extraAlgorithms: [DigestAlgorithm] = [],
                retries: Int = 2, zeroFill: Bool = true, operatorName: String, caseID: String? = nil, exhibit: String? = nil) {
        self.source = source
        self.output = output
        self.splitSize = splitSize
        self.extraAlgorithms = extraAlgorithms
        self.retries = retries
        self.zeroFill = zeroFill
        self.operatorName = operatorName
        self.caseID = caseID
        self.exhibit = exhibit
    }
}

/// What `acquire` did.
public struct AcquireOutcome: Sendable {
    public var result: AcquisitionResult
    public var options: AcquisitionOptions
    public var record: AcquisitionRecord
    /// `IMAGE.acquisition.json`, or `IMAGE.partial.acquisition.json` for an interrupted run.
    public var recordPath: String
}

/// Images a card bit for bit (`Imager`: hashes in the same pass, re-read and checked), writes the
/// acquisition record beside the image, and fills the access-log entry: the source's size, hash
/// and identity, the image files and the record.
public final class Acquirer {
    public let request: AcquireRequest
    public var progress: ((ImagingProgress) -> Void)?
    public var shouldStop: () -> Bool = { false }
    /// Told what the operator must hear before imaging starts (a card mounted read-write).
    public var warn: (String) -> Void = { _ in }

    public init(_ request: AcquireRequest) { self.request = request }

    /// Runs the acquisition. An interrupted or stopped run still writes its record and returns
    /// (`result.complete` is false); a source or output that cannot be used throws.
    public func run(draft: inout AccessDraft) throws -> AcquireOutcome {
        let source = request.source, out = request.output
        let kind: SourceKind
        let input: ByteSource
        do {
            kind = try SourceOpener.kind(of: source)
            if kind == .mountedFolder { throw CustodyError.input(tr(.acquireFolder, ["path": source])) }
            input = try SourceOpener.open(source)
        } catch let e as CustodyError { throw e } catch { throw CustodyError.input("\(error)") }
        do { try OutputPlacement.check(output: out, source: source) } catch { throw CustodyError.input("\(error)") }
        for existing in [out, AcquisitionRecord.recordPath(forImage: out), out + ".001", RescueMap.path(forImage: out),
                         RescueMap.path(forImage: out + ".partial")] where FileManager.default.fileExists(atPath: existing) {
            throw CustodyError.input(tr(.errorImageExists, ["path": existing]))
        }
        let device = kind == .blockDevice ? BlockDeviceInfo.inspect(source) : nil
        if let device, device.mountedReadWrite {
            warn(tr(.acquireMountedReadWrite, ["path": source]))
        }
        var sectorSize: UInt64 = 512
        if let device, let text = try? String(contentsOfFile: "/sys/class/block/\(device.kernelName)/queue/logical_block_size", encoding: .utf8),
           let v = UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines)), v >= 512 {
            sectorSize = v
        }
        let options = AcquisitionOptions(output: out, splitSize: request.splitSize,
                                         algorithms: [.sha256] + request.extraAlgorithms.filter { $0 != .sha256 },
                                         retries: request.retries, zeroFill: request.zeroFill, sectorSize: sectorSize)
        let imager = Imager(source: input, options: options)
        imager.onProgress = progress
        imager.shouldStop = shouldStop
        let commandLine = "sdcustody acquire \(source) --out \(out)"
        // The mapfile follows the run under the partial name (as ddrescue's own does), so an
        // interrupted or crashed run leaves the map of what was read beside the partial image.
        let liveMapPath = RescueMap.path(forImage: out + ".partial")
        imager.onMap = { map in
            Self.replace(liveMapPath, with: map.text(tool: CustodyTool.agent, commandLine: commandLine))
        }
        let started = Date()
        let result: AcquisitionResult
        do { result = try imager.run() } catch { throw CustodyError.input("\(error)") }
        let record = AcquisitionRecord(result: result, options: options, sourcePath: source, sourceKind: kind, device: device,
                                       tool: CustodyTool.agent, started: started, finished: Date(),
                                       operatorName: request.operatorName, caseID: request.caseID, exhibit: request.exhibit)
        let recordPath = AcquisitionRecord.recordPath(forImage: result.complete ? out : out + ".partial")
        // Written under a temporary name, synced, then linked into place (never replacing).
        let data = try record.encoded() + Data("\n".utf8)
        do { try AtomicFile.write(data, to: recordPath, mode: 0o644) } catch {
            throw CustodyError.input(tr(.errorCannotWrite, ["path": recordPath, "reason": "\(error)"]))
        }

        // Which parts were read, in GNU ddrescue's mapfile format, so `ddrescuelog` and
        // ddrescue can take over from here. A finished run's map is published like the record
        // and the live one removed; an unfinished run's live map gets its last state.
        let mapText = result.rescueMap.text(tool: CustodyTool.agent, commandLine: commandLine)
        let mapPath: String
        if result.complete {
            mapPath = RescueMap.path(forImage: out)
            do { try AtomicFile.write(Data(mapText.utf8), to: mapPath, mode: 0o644) } catch {
                throw CustodyError.input(tr(.errorCannotWrite, ["path": mapPath, "reason": "\(error)"]))
            }
            unlink(liveMapPath)
        } else {
            mapPath = liveMapPath
            if !result.outputs.isEmpty || FileManager.default.fileExists(atPath: liveMapPath) {
                Self.replace(liveMapPath, with: mapText)
            }
        }

        var identity: [String: String] = [:]
        identity["device_model"] = device?.model
        identity["device_serial"] = device?.serial
        identity["sd_cid"] = device?.cid
        draft.source = SourceRecord(path: source, size: Int64(clamping: result.sourceSize), sha256: result.hashes[.sha256],
                                    cardIdentity: identity.isEmpty ? nil : identity)
        draft.outputs = result.outputs.map { OutputRecord(path: $0) } + [OutputRecord(path: recordPath), OutputRecord(path: mapPath)]
        if let first = draft.outputs.first, result.outputs.count == 1 {
            draft.outputs[0] = OutputRecord(path: first.path, size: Int64(clamping: result.sourceSize), sha256: result.rereadHashes[.sha256])
        }
        draft.details["verdict"] = record.verdict
        draft.details["unreadable_bytes"] = String(result.badSectors.byteCount)
        return AcquireOutcome(result: result, options: options, record: record, recordPath: recordPath)
    }

    /// Replaces our own live mapfile: written beside it and renamed over it (best effort, and not
    /// synced: an fsync every two seconds would stall the image's own writeback; the final map is
    /// written the strict way).
    static func replace(_ path: String, with text: String) {
        let temporary = path + ".tmp"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        let ok = (try? FileIO.writeAll(fd, Array(text.utf8))) != nil
        close(fd)
        if ok { rename(temporary, path) } else { unlink(temporary) }
    }
}
