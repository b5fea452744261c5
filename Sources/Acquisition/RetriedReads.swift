/// Reads of the source that failed and then, re-read, gave their bytes: the sign of a card that
/// is wearing out, kept even when every sector ended up read.
///
/// A read counts once per failed system call whose whole range was read later: the block read
/// that failed when every sector of its block was then read, and each failed sector try that a
/// later try of the same sector made good. `ranges` are the sectors those reads covered, merged.
public struct RetriedReads: Equatable, Sendable {
    public private(set) var recoveredByRetry: UInt64 = 0
    public private(set) var ranges: [BadSectorMap.Range] = []

    public init() {}

    public var isEmpty: Bool { recoveredByRetry == 0 }

    /// `reads` failed reads covering sectors `first ..< first + count`, all read in the end.
    /// Ranges arrive in increasing order (the imager goes forward), so only the last can grow.
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
