import Foundation
import CardIO
import OpenSSL

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
    }
    public struct BadRange: Codable, Sendable {
        public var firstSector: UInt64
        public var sectorCount: UInt64
        public var byteOffset: UInt64
        public var byteCount: UInt64
        enum CodingKeys: String, CodingKey {
            case firstSector = "first_sector", sectorCount = "sector_count", byteOffset = "byte_offset", byteCount = "byte_count"
        }
    }

    public var format = "sdcustody-acquisition/1"
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

    enum CodingKeys: String, CodingKey {
        case format, tool, source, sourceSize = "source_size", sectorSize = "sector_size", images
        case splitSize = "split_size", hashes, rereadHashes = "reread_hashes", started, finished
        case bytesRead = "bytes_read", unreadableBytes = "unreadable_bytes", badSectors = "bad_sectors"
        case complete, verified, verdict, operatorName = "operator", caseID = "case", exhibit
    }

    /// Where the record of `image` lives: `IMAGE.acquisition.json` (for parts `IMAGE.001`…,
    /// beside the base name).
    public static func recordPath(forImage image: String) -> String { image + ".acquisition.json" }

    /// The record for a SOURCE path, if one lies beside it (`card.img` or `card.img.001`).
    public static func load(forSource path: String) -> AcquisitionRecord? {
        var candidates = [recordPath(forImage: path)]
        if let dot = path.lastIndex(of: "."), path[path.index(after: dot)...].allSatisfy(\.isNumber) {
            candidates.append(recordPath(forImage: String(path[..<dot])))
        }
        for c in candidates {
            // A record is a few KiB; anything far larger beside an image is not ours to load.
            guard let size = (try? FileManager.default.attributesOfItem(atPath: c))?[.size] as? Int, size <= 1 << 20,
                  let data = FileManager.default.contents(atPath: c),
                  let record = try? JSONDecoder().decode(AcquisitionRecord.self, from: data) else { continue }
            return record
        }
        return nil
    }

    public func encoded() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try e.encode(self)
    }

    static func decode(_ info: BlockDeviceInfo?, path: String, kind: SourceKind) -> Device {
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
        self.tool = tool
        self.source = Self.decode(device, path: sourcePath, kind: sourceKind)
        self.sourceSize = result.sourceSize
        self.sectorSize = options.sectorSize
        self.images = result.outputs
        self.splitSize = options.splitSize
        self.hashes = Dictionary(uniqueKeysWithValues: result.hashes.map { ($0.key.rawValue, $0.value) })
        self.rereadHashes = Dictionary(uniqueKeysWithValues: result.rereadHashes.map { ($0.key.rawValue, $0.value) })
        self.started = Self.utc(started)
        self.finished = Self.utc(finished)
        self.bytesRead = result.bytesRead
        self.unreadableBytes = result.badSectors.byteCount
        self.badSectors = result.badSectors.ranges.map {
            BadRange(firstSector: $0.firstSector, sectorCount: $0.count,
                     byteOffset: $0.firstSector * options.sectorSize, byteCount: $0.count * options.sectorSize)
        }
        self.complete = result.complete
        self.verified = result.verified
        self.operatorName = operatorName
        self.caseID = caseID
        self.exhibit = exhibit
        if !result.complete {
            verdict = "INCOMPLETE: \(result.stopReason ?? "stopped"); \(result.bytesRead) of \(result.sourceSize) bytes imaged"
        } else if result.badSectors.isEmpty {
            verdict = "verified: image hashes match the bytes read from the source; every sector was read"
        } else {
            verdict = "verified with unreadable sectors: \(result.badSectors.byteCount) bytes in \(result.badSectors.ranges.count) ranges could not be read and are zeros in the image"
        }
    }

    static func utc(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}
