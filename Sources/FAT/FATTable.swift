import CardIO
import CardFileSystem
import Messages

/// One File Allocation Table entry, decoded (fatgen103 §4 "FAT Data Structure").
enum FATEntry: Equatable {
    case free
    /// The next cluster of the chain (not yet range-checked against the volume).
    case next(UInt32)
    /// A value in the reserved range or pointing at cluster 1 or past the volume's last cluster.
    case invalid(UInt32)
    case bad
    case endOfChain
}

/// Reads FAT entries through a small cache of FAT blocks, so memory stays flat however large the
/// FAT is (a 64 GB card's FAT32 is about 8 MB).
final class FATTable {
    let source: ByteSource
    let geometry: FATGeometry
    /// Offset of the FAT copy this table reads.
    let base: UInt64
    let length: UInt64

    /// Cache: FAT block index → bytes. Blocks are 64 KiB; at most `maxBlocks` are kept.
    private static let blockSize: UInt64 = 64 << 10
    private static let maxBlocks = 8
    private var blocks: [UInt64: [UInt8]] = [:]
    private var lastUse: [UInt64: UInt64] = [:]
    private var clock: UInt64 = 0
    /// The block used last: chain walks stay in one block for long stretches.
    private var lastIndex: UInt64 = .max
    private var lastBytes: [UInt8] = []

    init(source: ByteSource, geometry: FATGeometry, copy: UInt32) {
        self.source = source
        self.geometry = geometry
        self.base = geometry.fatOffset(copy: copy)
        self.length = geometry.fatBytes
    }

    private func block(_ index: UInt64) throws -> [UInt8] {
        if index == lastIndex { return lastBytes }
        clock &+= 1
        if let b = blocks[index] {
            lastUse[index] = clock
            lastIndex = index
            lastBytes = b
            return b
        }
        if blocks.count >= Self.maxBlocks, let victim = lastUse.min(by: { $0.value < $1.value })?.key {
            blocks[victim] = nil
            lastUse[victim] = nil
        }
        let start = index * Self.blockSize
        let n = Int(min(Self.blockSize, length - start))
        let bytes = try source.read(at: base + start, count: n)
        blocks[index] = bytes
        lastUse[index] = clock
        lastIndex = index
        lastBytes = bytes
        return bytes
    }

    private func byte(_ offset: UInt64) throws -> UInt8 {
        guard offset < length else {
            throw FileSystemError.corrupt(structure: "FAT", reason: tr(.fcEntryAtByteLiesPast, ["offset": "\(offset)", "length": "\(length)"]))
        }
        let b = try block(offset / Self.blockSize)
        return b[Int(offset % Self.blockSize)]
    }

    /// A little-endian FAT16/FAT32 entry: never straddles a block (blocks are a multiple of 4
    /// bytes), so it is read from one block with one bounds check.
    private func aligned(_ offset: UInt64, width: Int) throws -> UInt32 {
        let (end, overflow) = offset.addingReportingOverflow(UInt64(width))
        guard !overflow, end <= length else {
            throw FileSystemError.corrupt(structure: "FAT", reason: tr(.fcEntryAtByteLiesPast, ["offset": "\(offset)", "length": "\(length)"]))
        }
        let b = try block(offset / Self.blockSize)
        let at = Int(offset % Self.blockSize)
        guard at + width <= b.count else {
            throw FileSystemError.corrupt(structure: "FAT", reason: tr(.fcEntryAtByteLiesPast, ["offset": "\(offset)", "length": "\(length)"]))
        }
        var v: UInt32 = 0
        for i in (0..<width).reversed() { v = v << 8 | UInt32(b[at + i]) }
        return v
    }

    /// The raw entry value of `cluster` (FAT32: the low 28 bits, fatgen103 §4).
    func rawValue(_ cluster: UInt32) throws -> UInt32 {
        let c = UInt64(cluster)
        switch geometry.kind {
        case .fat12:
            // Entries are 12 bits packed in pairs; an entry may straddle two sectors (§4).
            let off = c + c / 2
            let v = UInt32(try byte(off)) | UInt32(try byte(off + 1)) << 8
            return cluster & 1 == 1 ? v >> 4 : v & 0x0FFF
        case .fat16:
            return try aligned(c * 2, width: 2)
        default:
            return try aligned(c * 4, width: 4) & 0x0FFF_FFFF
        }
    }

    /// Decodes `cluster`'s entry; `cluster` must be a valid data cluster number.
    func entry(_ cluster: UInt32) throws -> FATEntry {
        Self.decode(try rawValue(cluster), kind: geometry.kind, maxCluster: geometry.maxCluster)
    }

    static func decode(_ v: UInt32, kind: FileSystemKind, maxCluster: UInt32) -> FATEntry {
        let (bad, eoc): (UInt32, UInt32)
        switch kind {
        case .fat12: (bad, eoc) = (0xFF7, 0xFF8)
        case .fat16: (bad, eoc) = (0xFFF7, 0xFFF8)
        default: (bad, eoc) = (0x0FFF_FFF7, 0x0FFF_FFF8)
        }
        if v == 0 { return .free }
        if v >= eoc { return .endOfChain }
        if v == bad { return .bad }
        if v >= 2 && v <= maxCluster { return .next(v) }
        return .invalid(v)
    }
}

/// Clusters already seen on one chain walk: a set while the chain is short, a bitmap over the
/// volume's clusters once it is long, so loop detection costs at most clusterCount/8 bytes.
struct VisitedClusters {
    private var small: Set<UInt32> = []
    private var bitmap: [UInt64] = []
    private let clusterLimit: UInt32

    init(maxCluster: UInt32) { clusterLimit = maxCluster }

    /// Records `c`; returns false when it was already there.
    mutating func insert(_ c: UInt32) -> Bool {
        if bitmap.isEmpty {
            if small.count < 4096 { return small.insert(c).inserted }
            bitmap = [UInt64](repeating: 0, count: Int(clusterLimit / 64) + 1)
            for s in small { bitmap[Int(s / 64)] |= 1 << UInt64(s % 64) }
            small = []
        }
        let word = Int(c / 64), bit = UInt64(1) << UInt64(c % 64)
        guard word < bitmap.count else { return true }
        if bitmap[word] & bit != 0 { return false }
        bitmap[word] |= bit
        return true
    }
}

/// One bit per cluster of the volume (clusterCount / 8 bytes: 256 KiB for a 64 GB FAT32 card
/// with 32 KiB clusters).
struct ClusterBitmap {
    private var words: [UInt64]

    init(maxCluster: UInt32) { words = [UInt64](repeating: 0, count: Int(maxCluster / 64) + 1) }

    /// Records `c`; returns false when it was already there (or is past the bitmap).
    mutating func insert(_ c: UInt32) -> Bool {
        let word = Int(c / 64), bit = UInt64(1) << UInt64(c % 64)
        guard word < words.count, words[word] & bit == 0 else { return false }
        words[word] |= bit
        return true
    }

    func contains(_ c: UInt32) -> Bool {
        let word = Int(c / 64)
        return word < words.count && words[word] & (UInt64(1) << UInt64(c % 64)) != 0
    }
}
