/// Reads of the source that failed and then, re-read, gave their bytes: the sign of a card that
/// is wearing out, kept even when every sector ended up read.
///
/// A read counts once per failed system call whose whole range was read later: a large read of
/// the copying passes whose every byte a later pass read, and each failed sector try that a
/// later try of the same sector made good. `ranges` are the sectors those reads covered, merged.
public struct RetriedReads: Equatable, Sendable {
    public private(set) var recoveredByRetry: UInt64 = 0
    public private(set) var ranges: [BadSectorMap.Range] = []

    public init() {}

    public var isEmpty: Bool { recoveredByRetry == 0 }

    /// Failed reads (byte range and how many reads of it failed), in any order.
    init(recovered: [(range: Range<UInt64>, reads: UInt64)], sectorSize: UInt64) {
        let size = max(1, sectorSize)
        for r in recovered.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) where !r.range.isEmpty {
            let first = r.range.lowerBound / size
            let last = (r.range.upperBound - 1) / size
            add(reads: r.reads, firstSector: first, count: last - first + 1)
        }
    }

    /// `reads` failed reads covering sectors `first ..< first + count`, all read in the end.
    /// Ranges arrive in increasing order, so only the last can grow.
    mutating func add(reads: UInt64, firstSector first: UInt64, count: UInt64) {
        guard reads > 0, count > 0 else { return }
        recoveredByRetry &+= reads
        if var last = ranges.last, first <= last.firstSector &+ last.count {
            let end = max(last.firstSector &+ last.count, first &+ count)
            last.count = end - last.firstSector
            ranges[ranges.count - 1] = last
        } else {
            ranges.append(BadSectorMap.Range(firstSector: first, count: count))
        }
    }
}
