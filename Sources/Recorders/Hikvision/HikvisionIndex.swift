import CardIO
import Messages

/// The Hikvision/EZVIZ SD-card index (`index00.bin`, `index01.bin`), as laid out in
/// `shared/testdata/hikvision/README.md` ("index00.bin"). All integers little-endian.
///
/// Parse first, validate second: this type only reads what the bytes say, bounded by the file's
/// own size; `HikvisionRecorder` decides what to trust.
public struct HikvisionIndex {
    /// Header (README "Header, 1,280 bytes").
    public static let headerSize = 0x500
    public static let liveRecordOffset = 0x18
    public static let liveRecordSize = 24
    public static let liveRecordCount = 49
    public static let containerRecordSize = 32
    public static let segmentRecordSize = 80
    public static let slotsPerContainer = 256
    /// Bytes the index spends on one container: its record and its 256 segment slots.
    static let bytesPerContainer = containerRecordSize + slotsPerContainer * segmentRecordSize
    /// More containers than a 1 TB card holds (4,096 of 256 MiB) is not a ring; read no further.
    public static let maxContainers = 4096

    /// Header u64 at 0x000.
    public var modificationCounter: UInt64
    /// Header u32 at 0x008 (2 and 3 seen; same layout).
    public var version: UInt32
    /// Header u32 at 0x00C as written.
    public var declaredContainers: UInt32
    /// Header u32 at 0x010.
    public var nextContainer: UInt32
    /// Header u32 at 0x014.
    public var containerBeingWritten: UInt32
    /// The used live-record slots (an empty one starts `FF FF`).
    public var liveRecords: [LiveRecord]
    /// As many container records as both the header and the file's size allow.
    public var containers: [ContainerRecord]
    /// Where the segment records start: after the container records.
    var segmentBase: UInt64
    let source: ByteSource
    /// What kept the parse short of the header's word.
    public var problems: [String]

    /// README "live records": u16 container, u16 slot being recorded, u32 start, u32 last update,
    /// then u32 0, u32 1, u32 0.
    public struct LiveRecord: Sendable, Equatable {
        public var container: UInt16
        public var slot: UInt16
        public var start: UInt32
        public var lastUpdate: UInt32

        public init(container: UInt16, slot: UInt16, start: UInt32, lastUpdate: UInt32) {
            self.container = container; self.slot = slot; self.start = start; self.lastUpdate = lastUpdate
        }
    }

    /// README "Container records": 32 bytes from 0x500.
    public struct ContainerRecord: Sendable, Equatable {
        public var number: UInt32
        /// 0xFFFF: the container is empty.
        public var channel: UInt16
        /// Index of the last valid segment slot of this pass.
        public var lastValidSlot: UInt16
        public var start: UInt32
        public var end: UInt32
        public var status: UInt8
        public var isEmpty: Bool { channel == 0xFFFF }
    }

    /// README segment record, 80 bytes.
    public struct SegmentRecord: Sendable, Equatable {
        /// 0: empty slot.
        public var type: UInt8
        public var status: UInt8
        public var resolution: UInt32
        /// Low 32 bits seconds of naive local time, high 32 bits microseconds.
        public var start: UInt64
        /// Same encoding; 0 while the segment is being recorded.
        public var end: UInt64
        public var firstKeyFrameTime: UInt64
        /// 45 kHz (the 90 kHz PTS halved; wraps).
        public var firstKeyFrameClock: UInt32
        public var lastFrameClock: UInt32
        /// Inclusive.
        public var startOffset: UInt32
        /// Exclusive; 0 while recording.
        public var endOffset: UInt32
        public var raw: [UInt8]
        public var isEmpty: Bool { type == 0 }

        init(_ r: LittleEndianReader) throws {
            type = try r.u8(0x00)
            status = try r.u8(0x01)
            resolution = try r.u32(0x04)
            start = try r.u64(0x08)
            end = try r.u64(0x10)
            firstKeyFrameTime = try r.u64(0x18)
            firstKeyFrameClock = try r.u32(0x20)
            lastFrameClock = try r.u32(0x24)
            startOffset = try r.u32(0x28)
            endOffset = try r.u32(0x2C)
            raw = Array(try r.slice(0, HikvisionIndex.segmentRecordSize))
        }
    }

    /// Why an index cannot be read at all.
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case tooShort(size: UInt64)
        case noContainers
        public var description: String {
            switch self {
            case .tooShort(let size): return "\(size) bytes, shorter than the 1,280-byte header"
            case .noContainers: return "the header names no containers"
            }
        }
    }

    /// Decodes the README's time encoding: low 32 bits seconds, high 32 bits microseconds; nil
    /// for 0 (no time) or microseconds out of range.
    public static func time(_ raw: UInt64) -> RecorderTime? {
        let seconds = raw & 0xFFFF_FFFF
        let micros = raw >> 32
        guard seconds != 0, micros < 1_000_000 else { return nil }
        return RecorderTime(wallClockSeconds: Int64(seconds), microseconds: Int(micros))
    }

    /// Reads an index from `source`. Work is bounded by the source's size: a header that claims
    /// more containers than the file holds is cut to what it holds, with a problem line.
    public init(source: ByteSource) throws {
        guard source.size >= UInt64(Self.headerSize) else { throw ParseError.tooShort(size: source.size) }
        let header = LittleEndianReader(try source.read(at: 0, count: Self.headerSize), what: "\(source.name) header")
        modificationCounter = try header.u64(0x000)
        version = try header.u32(0x008)
        declaredContainers = try header.u32(0x00C)
        nextContainer = try header.u32(0x010)
        containerBeingWritten = try header.u32(0x014)
        problems = []
        if version != 2 && version != 3 { problems.append(tr(.recorderProblemVersion, ["version": String(version)])) }

        liveRecords = []
        for k in 0..<Self.liveRecordCount {
            let r = try header.sub(Self.liveRecordOffset + k * Self.liveRecordSize, Self.liveRecordSize)
            if try r.u16(0) == 0xFFFF { continue }
            liveRecords.append(LiveRecord(container: try r.u16(0), slot: try r.u16(2), start: try r.u32(4), lastUpdate: try r.u32(8)))
        }

        guard declaredContainers > 0 else { throw ParseError.noContainers }
        // The file's size bounds the work, whatever the header says.
        let room = (source.size - UInt64(Self.headerSize)) / UInt64(Self.bytesPerContainer)
        let count = Int(min(UInt64(declaredContainers), room, UInt64(Self.maxContainers)))
        if UInt64(declaredContainers) > room {
            problems.append(tr(.recorderProblemTooFewRoom, ["declared": String(declaredContainers), "room": String(room), "count": String(count)]))
        } else if count < Int(declaredContainers) {
            problems.append(tr(.recorderProblemTooMany, ["declared": String(declaredContainers), "max": String(Self.maxContainers), "count": String(count)]))
        }
        containers = []
        segmentBase = UInt64(Self.headerSize)
        self.source = source
        guard count > 0 else { return }
        let table = LittleEndianReader(try source.read(at: UInt64(Self.headerSize), count: count * Self.containerRecordSize),
                                       what: "\(source.name) container records")
        for i in 0..<count {
            let r = try table.sub(i * Self.containerRecordSize, Self.containerRecordSize)
            containers.append(ContainerRecord(number: try r.u32(0), channel: try r.u16(4), lastValidSlot: try r.u16(6),
                                              start: try r.u32(8), end: try r.u32(12), status: try r.u8(16)))
        }
        segmentBase = UInt64(Self.headerSize) + UInt64(count * Self.containerRecordSize)
    }

    /// Container `i`'s 256 segment slots, read when asked so that memory holds one container's
    /// table at a time, whatever the index's size.
    public func segments(_ i: Int) throws -> [SegmentRecord] {
        guard i >= 0, i < containers.count else { return [] }
        let perContainer = Self.slotsPerContainer * Self.segmentRecordSize
        let bytes = try source.read(at: segmentBase + UInt64(i * perContainer), count: perContainer)
        let all = LittleEndianReader(bytes, what: "\(source.name) segment records of container \(i)")
        var slots: [SegmentRecord] = []
        slots.reserveCapacity(Self.slotsPerContainer)
        for j in 0..<Self.slotsPerContainer {
            slots.append(try SegmentRecord(try all.sub(j * Self.segmentRecordSize, Self.segmentRecordSize)))
        }
        return slots
    }
}
