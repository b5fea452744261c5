/// The state of every byte of the source during and after an acquisition, kept as GNU ddrescue
/// keeps it and written in its mapfile format (ddrescue manual, "Mapfile structure"), so that
/// `ddrescuelog` and ddrescue itself can read which parts were read and which could not be.
///
/// The blocks cover `0 ..< size` in order without gaps; neighbours never share a status.
/// Statuses are ddrescue's: `?` non-tried, `*` non-trimmed (a large read failed there),
/// `/` non-scraped (trimmed at both edges, its inside not yet read sector by sector),
/// `-` bad sector (failed as a single sector), `+` finished.
public struct RescueMap: Equatable, Sendable {
    public enum Status: Character, Sendable {
        case nonTried = "?", nonTrimmed = "*", nonScraped = "/", badSector = "-", finished = "+"
    }

    /// What the run is doing, for the mapfile's status line (ddrescue's `current_status`).
    public enum Phase: Character, Sendable {
        case copying = "?", trimming = "*", scraping = "/", retrying = "-", finished = "+"
    }

    public struct Block: Equatable, Sendable {
        public var pos: UInt64
        public var size: UInt64
        public var status: Status
        public var end: UInt64 { pos + size }
    }

    public let size: UInt64
    public private(set) var blocks: [Block]
    /// ddrescue's `current_pos`, `current_status` and `current_pass`.
    public var currentPos: UInt64 = 0
    public var phase: Phase = .copying
    public var pass: Int = 1

    /// A map of a source of `size` bytes, all non-tried.
    public init(size: UInt64) {
        self.size = size
        blocks = size == 0 ? [] : [Block(pos: 0, size: size, status: .nonTried)]
    }

    /// The index of the block holding `pos` (`pos < size`).
    func index(of pos: UInt64) -> Int {
        var lo = 0, hi = blocks.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if blocks[mid].pos <= pos { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The status of the byte at `pos`.
    public func status(at pos: UInt64) -> Status? {
        guard pos < size, !blocks.isEmpty else { return nil }
        return blocks[index(of: pos)].status
    }

    /// Gives `range` (clamped to the source) the status `status`, splitting and merging blocks.
    public mutating func set(_ range: Range<UInt64>, _ status: Status) {
        let lower = min(range.lowerBound, size), upper = min(range.upperBound, size)
        guard lower < upper else { return }
        let first = index(of: lower), last = index(of: upper - 1)
        var replacement: [Block] = []
        let head = blocks[first], tail = blocks[last]
        if head.pos < lower { replacement.append(Block(pos: head.pos, size: lower - head.pos, status: head.status)) }
        replacement.append(Block(pos: lower, size: upper - lower, status: status))
        if tail.end > upper { replacement.append(Block(pos: upper, size: tail.end - upper, status: tail.status)) }
        // Merge with the neighbours outside the replaced run when they share a status.
        var from = first, to = last
        if from > 0, let r = replacement.first, blocks[from - 1].status == r.status {
            from -= 1
            replacement[0] = Block(pos: blocks[from].pos, size: blocks[from].size + r.size, status: r.status)
        }
        if to + 1 < blocks.count, let r = replacement.last, blocks[to + 1].status == r.status {
            to += 1
            replacement[replacement.count - 1] = Block(pos: r.pos, size: r.size + blocks[to].size, status: r.status)
        }
        var merged: [Block] = []
        for b in replacement {
            if let l = merged.last, l.status == b.status {
                merged[merged.count - 1].size += b.size
            } else {
                merged.append(b)
            }
        }
        blocks.replaceSubrange(from...to, with: merged)
    }

    /// The ranges holding `status`, in order.
    public func ranges(_ status: Status) -> [Range<UInt64>] {
        blocks.filter { $0.status == status }.map { $0.pos..<$0.end }
    }

    /// Bytes with `status`.
    public func byteCount(_ status: Status) -> UInt64 {
        blocks.reduce(0) { $1.status == status ? $0 + $1.size : $0 }
    }

    /// True when every byte of `range` is finished.
    public func isFinished(_ range: Range<UInt64>) -> Bool {
        let lower = min(range.lowerBound, size), upper = min(range.upperBound, size)
        guard lower < upper else { return true }
        var i = index(of: lower)
        while i < blocks.count, blocks[i].pos < upper {
            if blocks[i].status != .finished { return false }
            i += 1
        }
        return true
    }

    /// The unreadable sectors (every `-` block; a run stopped early leaves other statuses, which
    /// are not read yet rather than unreadable).
    public func badSectors(sectorSize: UInt64) -> BadSectorMap {
        var map = BadSectorMap(sectorSize: sectorSize)
        for r in ranges(.badSector) {
            let first = r.lowerBound / sectorSize
            let last = (r.upperBound - 1) / sectorSize
            map.add(firstSector: first, count: last - first + 1)
        }
        return map
    }

    /// The mapfile text. Positions and sizes are in bytes, hexadecimal as ddrescue writes them.
    public func text(tool: String, commandLine: String) -> String {
        var lines = [
            "# Mapfile. Created by \(tool) in GNU ddrescue's mapfile format",
            "# Command line: \(commandLine.filter { $0 != "\n" && $0 != "\r" })",
        ]
        if phase == .finished { lines.append("# Finished") }
        lines.append("# current_pos  current_status  current_pass")
        lines.append("\(Self.hex(min(currentPos, size)))     \(phase.rawValue)               \(pass)")
        lines.append("#      pos        size  status")
        for b in blocks { lines.append("\(Self.hex(b.pos))  \(Self.hex(b.size))  \(b.status.rawValue)") }
        // ddrescue writes one empty finished block for an empty source.
        if blocks.isEmpty { lines.append("\(Self.hex(0))  \(Self.hex(0))  +") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
    }

    /// Where the mapfile of `image` lives: `IMAGE.mapfile` beside it.
    public static func path(forImage image: String) -> String { image + ".mapfile" }
}
