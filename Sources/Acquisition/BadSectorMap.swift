/// Sectors that could not be read, as merged ranges, in the order found.
public struct BadSectorMap: Equatable, Sendable {
    public struct Range: Equatable, Sendable {
        /// First sector (in `sectorSize` units from the start of the source).
        public var firstSector: UInt64
        public var count: UInt64
    }

    public let sectorSize: UInt64
    public private(set) var ranges: [Range] = []

    public init(sectorSize: UInt64) { self.sectorSize = sectorSize }

    public var sectorCount: UInt64 { ranges.reduce(0) { $0 + $1.count } }
    public var byteCount: UInt64 { sectorCount * sectorSize }
    public var isEmpty: Bool { ranges.isEmpty }

    /// Adds one sector; sectors arrive in increasing order, so only the last range can grow.
    public mutating func add(sector: UInt64) {
        if var last = ranges.last, last.firstSector + last.count == sector {
            last.count += 1
            ranges[ranges.count - 1] = last
        } else {
            ranges.append(Range(firstSector: sector, count: 1))
        }
    }

    /// Adds `count` sectors from `first` on; ranges arrive in increasing order.
    public mutating func add(firstSector first: UInt64, count: UInt64) {
        guard count > 0 else { return }
        if var last = ranges.last, first <= last.firstSector + last.count {
            last.count = max(last.firstSector + last.count, first + count) - last.firstSector
            ranges[ranges.count - 1] = last
        } else {
            ranges.append(Range(firstSector: first, count: count))
        }
    }
}
