import Foundation
import CardIO
import Codecs
import Records

/// Building the acquisition record from what `Imager` did (the record type itself lives in
/// Records, where the readers of it find it without depending on imaging).
extension AcquisitionRecord {
    static func decodeDevice(_ info: BlockDeviceInfo?, path: String, kind: SourceKind) -> Device {
        var d = Device(path: path, kind: kind.rawValue)
        if let info {
            d.vendor = info.vendor
            d.model = info.model
            d.serial = info.serial
            d.readOnlyFlag = info.readOnlyFlag
            if let raw = info.cid, let c = SDCardID(hex: raw) {
                let date = "\(c.manufactureYear)-" + (c.manufactureMonth < 10 ? "0" : "") + "\(c.manufactureMonth)"
                d.cid = CID(raw: c.raw, manufacturerID: Int(c.manufacturerID), manufacturer: c.manufacturerName,
                            oemID: c.oemID, productName: c.productName, productRevision: c.productRevision,
                            serialNumber: c.serialNumber, manufactureDate: date, crcValid: c.crcValid)
            }
            if let raw = info.csd, let c = SDCardSpecificData(hex: raw) {
                d.csd = CSD(raw: c.raw, structureVersion: c.structureVersion, capacityBytes: c.capacityBytes,
                            permanentWriteProtect: c.permanentWriteProtect, temporaryWriteProtect: c.temporaryWriteProtect)
            }
        }
        return d
    }

    public init(result: AcquisitionResult, options: AcquisitionOptions, sourcePath: String, sourceKind: SourceKind,
                device: BlockDeviceInfo?, tool: String, started: Date, finished: Date,
                operatorName: String?, caseID: String?, exhibit: String?) {
        let verdict: String
        if !result.complete {
            verdict = "INCOMPLETE: \(result.stopReason ?? "stopped"); \(result.bytesRead) of \(result.sourceSize) bytes imaged"
        } else if result.badSectors.isEmpty && !result.retriedReads.isEmpty {
            verdict = "verified: image hashes match the bytes read from the source; every sector was read; "
                + "\(result.retriedReads.recoveredByRetry) reads failed first and succeeded on retry: the card may be failing; image it again or replace it"
        } else if result.badSectors.isEmpty {
            verdict = "verified: image hashes match the bytes read from the source; every sector was read"
        } else {
            verdict = "verified with unreadable sectors: \(result.badSectors.byteCount) bytes in \(result.badSectors.ranges.count) ranges could not be read and are zeros in the image"
        }
        self.init(
            tool: tool, source: Self.decodeDevice(device, path: sourcePath, kind: sourceKind),
            sourceSize: result.sourceSize, sectorSize: options.sectorSize, images: result.outputs,
            splitSize: options.splitSize,
            hashes: Dictionary(uniqueKeysWithValues: result.hashes.map { ($0.key.rawValue, $0.value) }),
            rereadHashes: Dictionary(uniqueKeysWithValues: result.rereadHashes.map { ($0.key.rawValue, $0.value) }),
            started: Self.utc(started), finished: Self.utc(finished), bytesRead: result.bytesRead,
            unreadableBytes: result.badSectors.byteCount,
            badSectors: result.badSectors.ranges.map {
                BadRange(firstSector: $0.firstSector, sectorCount: $0.count,
                         byteOffset: $0.firstSector * options.sectorSize, byteCount: $0.count * options.sectorSize)
            },
            complete: result.complete, verified: result.verified, verdict: verdict,
            operatorName: operatorName, caseID: caseID, exhibit: exhibit)
        if !result.retriedReads.isEmpty {
            readErrors = ReadErrors(
                recoveredByRetry: result.retriedReads.recoveredByRetry,
                ranges: result.retriedReads.ranges.map {
                    BadRange(firstSector: $0.firstSector, sectorCount: $0.count,
                             byteOffset: $0.firstSector * options.sectorSize, byteCount: $0.count * options.sectorSize)
                })
        }
    }

    static func utc(_ date: Date) -> String { UTCTime.format(seconds: Int64(date.timeIntervalSince1970.rounded(.down))) }
}
