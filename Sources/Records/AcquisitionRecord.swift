import Foundation
import Messages

/// The JSON record written beside an image: what was imaged, by whom, how, and whether the image
/// checked out. It holds no secret. `ls` and `export` of the image carry its hash and identity on.
public struct AcquisitionRecord: Codable, Sendable {
    public struct Device: Codable, Sendable {
        public var path: String
        public var kind: String
        public var vendor: String?
        public var model: String?
        public var serial: String?
        public var readOnlyFlag: Bool?
        public var cid: CID?
        public var csd: CSD?
        enum CodingKeys: String, CodingKey {
            case path, kind, vendor, model, serial, readOnlyFlag = "read_only_flag", cid, csd
        }
        public init(path: String, kind: String, vendor: String? = nil, model: String? = nil, serial: String? = nil, readOnlyFlag: Bool? = nil, cid: CID? = nil, csd: CSD? = nil) {
            self.path = path
            self.kind = kind
            self.vendor = vendor
            self.model = model
            self.serial = serial
            self.readOnlyFlag = readOnlyFlag
            self.cid = cid
            self.csd = csd
        }
    }
    public struct CID: Codable, Sendable {
        public var raw: String
        public var manufacturerID: Int
        public var manufacturer: String?
        public var oemID: String
        public var productName: String
        public var productRevision: String
        public var serialNumber: UInt32
        public var manufactureDate: String
        public var crcValid: Bool?
        enum CodingKeys: String, CodingKey {
            case raw, manufacturerID = "manufacturer_id", manufacturer, oemID = "oem_id", productName = "product_name"
            case productRevision = "product_revision", serialNumber = "serial_number", manufactureDate = "manufacture_date"
            case crcValid = "crc_valid"
        }
        public init(raw: String, manufacturerID: Int, manufacturer: String? = nil, oemID: String, productName: String, productRevision: String, serialNumber: UInt32, manufactureDate: String, crcValid: Bool? = nil) {
            self.raw = raw
            self.manufacturerID = manufacturerID
            self.manufacturer = manufacturer
            self.oemID = oemID
            self.productName = productName
            self.productRevision = productRevision
            self.serialNumber = serialNumber
            self.manufactureDate = manufactureDate
            self.crcValid = crcValid
        }
    }
    public struct CSD: Codable, Sendable {
        public var raw: String
        public var structureVersion: Int
        public var capacityBytes: UInt64
        public var permanentWriteProtect: Bool
        public var temporaryWriteProtect: Bool
        enum CodingKeys: String, CodingKey {
            case raw, structureVersion = "structure_version", capacityBytes = "capacity_bytes"
            case permanentWriteProtect = "permanent_write_protect", temporaryWriteProtect = "temporary_write_protect"
        }
        public init(raw: String, structureVersion: Int, capacityBytes: UInt64, permanentWriteProtect: Bool, temporaryWriteProtect: Bool) {
            self.raw = raw
            self.structureVersion = structureVersion
            self.capacityBytes = capacityBytes
            self.permanentWriteProtect = permanentWriteProtect
            self.temporaryWriteProtect = temporaryWriteProtect
        }
    }
    public struct BadRange: Codable, Sendable {
        public var firstSector: UInt64
        public var sectorCount: UInt64
        public var byteOffset: UInt64
        public var byteCount: UInt64
        enum CodingKeys: String, CodingKey {
            case firstSector = "first_sector", sectorCount = "sector_count", byteOffset = "byte_offset", byteCount = "byte_count"
        }
        public init(firstSector: UInt64, sectorCount: UInt64, byteOffset: UInt64, byteCount: UInt64) {
            self.firstSector = firstSector
            self.sectorCount = sectorCount
            self.byteOffset = byteOffset
            self.byteCount = byteCount
        }
    }

    /// Reads that failed first and succeeded on retry (`read_errors`): added after version 1's
    /// first release, so optional; written only when there were any, and a record without it
    /// reads as before.
    public struct ReadErrors: Codable, Sendable {
        public var recoveredByRetry: UInt64
        public var ranges: [BadRange]
        enum CodingKeys: String, CodingKey {
            case recoveredByRetry = "recovered_by_retry", ranges
        }
        public init(recoveredByRetry: UInt64, ranges: [BadRange]) {
            self.recoveredByRetry = recoveredByRetry
            self.ranges = ranges
        }
    }

    public var format = AcquisitionRecord.currentFormat
    public var tool: String
    public var source: Device
    public var sourceSize: UInt64
    public var sectorSize: UInt64
    public var images: [String]
    public var splitSize: UInt64?
    public var hashes: [String: String]
    public var rereadHashes: [String: String]
    public var started: String
    public var finished: String
    public var bytesRead: UInt64
    public var unreadableBytes: UInt64
    public var badSectors: [BadRange]
    public var complete: Bool
    public var verified: Bool
    public var verdict: String
    public var operatorName: String?
    public var caseID: String?
    public var exhibit: String?
    public var readErrors: ReadErrors?

    enum CodingKeys: String, CodingKey {
        case format, tool, source, sourceSize = "source_size", sectorSize = "sector_size", images
        case splitSize = "split_size", hashes, rereadHashes = "reread_hashes", started, finished
        case bytesRead = "bytes_read", unreadableBytes = "unreadable_bytes", badSectors = "bad_sectors"
        case complete, verified, verdict, operatorName = "operator", caseID = "case", exhibit
        case readErrors = "read_errors"
    }

    public init(tool: String,
                source: Device,
                sourceSize: UInt64,
                sectorSize: UInt64,
                images: [String],
                splitSize: UInt64?,
                hashes: [String: String],
                rereadHashes: [String: String],
                started: String,
                finished: String,
                bytesRead: UInt64,
                unreadableBytes: UInt64,
                badSectors: [BadRange],
                complete: Bool,
                verified: Bool,
                verdict: String,
                operatorName: String?,
                caseID: String?,
                exhibit: String?) {
        self.tool = tool
        self.source = source
        self.sourceSize = sourceSize
        self.sectorSize = sectorSize
        self.images = images
        self.splitSize = splitSize
        self.hashes = hashes
        self.rereadHashes = rereadHashes
        self.started = started
        self.finished = finished
        self.bytesRead = bytesRead
        self.unreadableBytes = unreadableBytes
        self.badSectors = badSectors
        self.complete = complete
        self.verified = verified
        self.verdict = verdict
        self.operatorName = operatorName
        self.caseID = caseID
        self.exhibit = exhibit
    }

    /// Where the record of `image` lives: `IMAGE.acquisition.json` (for parts `IMAGE.001`…,
    /// beside the base name).
    public static func recordPath(forImage image: String) -> String { image + ".acquisition.json" }

    public static let currentFormat = "sdcustody-acquisition/1"

    /// Reads a record, refusing another document or a format version this release does not know.
    public static func read(_ data: Data) throws -> AcquisitionRecord {
        let document = tr(.rcAcquisitionRecord)
        let record: AcquisitionRecord
        do { record = try JSONDecoder().decode(AcquisitionRecord.self, from: data) } catch let e as DecodingError {
            // Look at the format first: a newer record is not "damaged", it is newer.
            if let top = try? JSONSerialization.jsonObject(with: data) as? NSDictionary,
               let format = top["format"] as? String, format != currentFormat {
                throw RecordError.unknownFormat(document: document, found: format, expected: currentFormat)
            }
            throw RecordError.notJSON(document: document, reason: Self.describe(e))
        }
        guard record.format == currentFormat else {
            throw RecordError.unknownFormat(document: document, found: record.format, expected: currentFormat)
        }
        return record
    }

    /// The record for a SOURCE path, if one lies beside it (`card.img` or `card.img.001`): the
    /// record, or why the file there could not be read as one.
    public static func load(forSource path: String) -> Result<AcquisitionRecord, RecordError>? {
        var candidates = [recordPath(forImage: path)]
        if let dot = path.lastIndex(of: "."), path[path.index(after: dot)...].allSatisfy(\.isNumber) {
            candidates.append(recordPath(forImage: String(path[..<dot])))
        }
        for c in candidates {
            guard let size = (try? FileManager.default.attributesOfItem(atPath: c))?[.size] as? Int else { continue }
            // A record is a few KiB; anything far larger beside an image is not ours to load.
            guard size <= 1 << 20 else {
                return .failure(.notJSON(document: tr(.rcAcquisitionRecord2, ["c": "\(c)"]), reason: tr(.rcLargerThan1MiB)))
            }
            guard let data = FileManager.default.contents(atPath: c) else { continue }
            do { return .success(try read(data)) } catch let e as RecordError { return .failure(e) } catch {
                return .failure(.notJSON(document: tr(.rcAcquisitionRecord), reason: "\(error)"))
            }
        }
        return nil
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return tr(.rcIsMissing, ["v": "\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"])
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return tr(.rcHasTheWrongType, ["v": "\(context.codingPath.map(\.stringValue).joined(separator: "."))"])
        case .dataCorrupted(let context):
            return context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }

    public func encoded() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try e.encode(self)
    }
}
