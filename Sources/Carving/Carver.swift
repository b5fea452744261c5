#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CardIO
import CardFileSystem
import MediaTime
import Recorders

/// Scans a volume's unallocated clusters for footage (issue 12 item 4): MP4/MOV, JPEG, MPEG-2
/// program streams and DHAV frames.
///
/// The free runs come from the allocation state in bulk (`ClusterHeapVolume.freeClusterRuns`);
/// each run is read front to back in large sequential reads into one buffer. A file on FAT or
/// exFAT starts at a cluster boundary, so every signature is tried at each cluster start; a
/// stream whose head was overwritten continues mid-cluster, so pack headers (`00 00 01 BA`) and
/// DHAV frame headers are also looked for anywhere, with a vector two-byte filter (`PairFilter`)
/// rather than a byte loop. A find never
/// extends past its free run: footage that runs into allocated clusters has been overwritten
/// from there, and the find says it was cut short.
public final class Carver {
    public let volume: ClusterHeapVolume
    /// Bytes per sequential read into one reused buffer: small enough that the buffer stays in
    /// the core's L2 cache, so the kernel's copy writes into the cache and the candidate search
    /// reads it back from there (8 MiB reads were 40% slower), large enough that the reads are
    /// few. 1 MiB read this way cost about the CPU time of `cat` plus the search; read-only
    /// maps of the page cache cost more (setting up and tearing down a page-table entry per
    /// 4 KiB page cost as much as the copy), and 256 KiB reads about 10% more (BENCHMARKS.md).
    public var chunkSize: Int
    /// Called after each read with the bytes scanned so far and the free bytes in all.
    public var progress: ((_ done: UInt64, _ total: UInt64) -> Void)?
    /// The least a program stream must hold to count (one DVD pack is 2,048 bytes): a lone pack
    /// header in random bytes is not footage.
    public var minimumProgramStream: UInt64 = 2048
    /// The end of the last program stream walked and found too short.
    private var programStreamWalkedUntil: UInt64 = 0

    public init(volume: ClusterHeapVolume, chunkSize: Int = 1 << 20) {
        self.volume = volume
        self.chunkSize = max(64 << 10, chunkSize)
    }

    public func scan() -> CarvingResult {
        var result = CarvingResult()
        programStreamWalkedUntil = 0
        let heap = volume.clusterHeap
        let runs: [FreeClusterRun]
        do {
            runs = try volume.freeClusterRuns()
        } catch {
            result.problems.append("unallocated clusters were not scanned: \(error)")
            return result
        }
        let source = volume.source
        let clusterSize = UInt64(heap.clusterSize)
        let total = runs.reduce(UInt64(0)) { $0 + UInt64($1.clusterCount) * clusterSize }
        result.freeClusters = runs.reduce(UInt64(0)) { $0 + UInt64($1.clusterCount) }
        // Signatures need at most 24 bytes past a candidate (a DHAV header); the buffer keeps 32
        // beyond each chunk so a candidate at a chunk's end is still checked from the buffer.
        let slack = 32
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize + slack, alignment: 4096)
        defer { buffer.deallocate() }
        var done: UInt64 = 0
        for run in runs {
            let start = heap.offset(ofCluster: run.firstCluster)
            var end = start + UInt64(run.clusterCount) * clusterSize
            if end > source.size {
                result.problems.append("clusters \(run.firstCluster)–\(UInt64(run.firstCluster) + UInt64(run.clusterCount) - 1) lie past the end of the image at byte \(source.size) and were not scanned")
                guard start < source.size else { continue }
                end = source.size
            }
            let context = RunContext(start: start, end: end, firstCluster: run.firstCluster, heap: heap)
            var pos = start
            while pos < end {
                let chunkEnd = min(pos + UInt64(chunkSize), end)
                let want = Int(min(chunkEnd + UInt64(slack), end) - pos)
                let got: Int
                do {
                    got = try source.readFully(at: pos, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]))
                } catch {
                    result.problems.append("bytes \(pos)–\(chunkEnd) could not be read and were not scanned: \(error)")
                    done += chunkEnd - pos
                    pos = chunkEnd
                    continue
                }
                let scanned = min(got, Int(chunkEnd - pos))
                guard scanned > 0 else { break }
                let view = UnsafeRawBufferPointer(rebasing: buffer[0..<got])
                let next = min(scanChunk(view, at: pos, scanLength: scanned, context: context, finds: &result.finds), end)
                result.scannedBytes += next - pos
                done += next - pos
                progress?(min(done, total), total)
                pos = next
            }
        }
        return result
    }

    /// The free run being scanned.
    struct RunContext {
        var start: UInt64
        var end: UInt64
        var firstCluster: UInt32
        var heap: ClusterHeapLayout
    }

    /// Looks for signatures in `bytes` (which start at volume offset `base`; only the first
    /// `scanLength` are candidate positions) and carves what it finds. Returns where scanning
    /// goes on: past the chunk, or past a find that ends beyond it.
    func scanChunk(_ bytes: UnsafeRawBufferPointer, at base: UInt64, scanLength: Int, context: RunContext,
                   finds: inout [CarvedFind]) -> UInt64 {
        guard let raw = bytes.baseAddress else { return base + UInt64(scanLength) }
        let clusterSize = UInt64(context.heap.clusterSize)
        let heapOffset = context.heap.heapOffset
        var i = 0
        // The next cluster start at or after `i`.
        func nextClusterStart(_ from: Int) -> Int {
            let at = base + UInt64(from)
            let rel = at - heapOffset
            let up = (rel + clusterSize - 1) / clusterSize * clusterSize
            return Int(heapOffset + up - base)
        }
        // Mid-cluster candidates: a DHAV header (`D H`) or a pack start code (`00 00 01 BA`,
        // found by its `01 BA`), searched with a vector two-byte filter (`PairFilter`, AVX2
        // where the CPU has it), which random bytes pass once in 32,768 positions; the full
        // signature is checked after. Pairs start before `pairLimit`.
        let pairLimit = min(bytes.count - 1, scanLength + 3)
        func nextPair(_ from: Int) -> (candidate: Int, pair: Int) {
            var j = max(from, 0)
            while j < pairLimit {
                let at = PairFilter.first(raw, count: pairLimit + 1, from: j)
                guard at < pairLimit else { break }
                if raw.load(fromByteOffset: at, as: UInt8.self) == 0x44 { return (at, at) }
                if at >= 2 { return (at - 2, at) }
                j = at + 1
            }
            return (Int.max, Int.max)
        }
        var cluster = nextClusterStart(0)
        // The next mid-cluster candidate, and where the search for the one after it resumes.
        var mid = nextPair(0)
        while i < scanLength {
            let c = min(cluster, mid.candidate)
            guard c < scanLength else { break }
            // The signature test touches only bytes; a find is built only behind a match.
            let kinds = Self.signatures(raw + c, available: bytes.count - c, atCluster: c == cluster)
            if kinds != 0, let find = attempt(kinds, at: base + UInt64(c), head: raw + c, available: bytes.count - c, context: context) {
                finds.append(find)
                let end = find.volumeEnd
                if end >= base + UInt64(scanLength) { return end }
                i = Int(end - base)
                cluster = nextClusterStart(i)
                mid = nextPair(i)
                continue
            }
            i = c + 1
            if cluster <= c { cluster = nextClusterStart(c + 1) }
            // Resume past the pair just used (a pack candidate sits 2 bytes before its `01 BA`):
            // every turn moves the cluster start or the pair strictly forward, so the loop ends.
            if mid.candidate == c { mid = nextPair(mid.pair + 1) }
        }
        return base + UInt64(scanLength)
    }

    static let mp4Bit = 1, jpegBit = 2, psBit = 4, dhavBit = 8

    /// Which formats' signatures the bytes at `p` carry (a bit set; 0 for none). MP4 and JPEG
    /// start files, so they count only at a cluster start.
    @inline(__always)
    static func signatures(_ p: UnsafeRawPointer, available: Int, atCluster: Bool) -> Int {
        func b(_ k: Int) -> UInt8 { p.load(fromByteOffset: k, as: UInt8.self) }
        guard available >= 4 else { return 0 }
        var kinds = 0
        if atCluster {
            if available >= 8 && b(4) == 0x66 && b(5) == 0x74 && b(6) == 0x79 && b(7) == 0x70 { kinds |= mp4Bit }
            if b(0) == 0xFF && b(1) == 0xD8 && b(2) == 0xFF { kinds |= jpegBit }
        }
        if b(0) == 0 && b(1) == 0 && b(2) == 1 && b(3) == 0xBA { kinds |= psBit }
        if b(0) == 0x44 && b(1) == 0x48 && b(2) == 0x41 && b(3) == 0x56 { kinds |= dhavBit }
        return kinds
    }

    /// Tries the formats in `kinds` at `offset`, first match wins. `head` holds the bytes there
    /// (`available` of them, at least the slack): the pack header's marker bits and the DHAV
    /// header's lengths are checked from them before anything is read.
    @inline(never)
    func attempt(_ kinds: Int, at offset: UInt64, head: UnsafeRawPointer, available: Int, context: RunContext) -> CarvedFind? {
        if kinds & Self.mp4Bit != 0, let f = carveMP4(at: offset, context: context) { return f }
        if kinds & Self.jpegBit != 0, let f = carveJPEG(at: offset, context: context) { return f }
        if kinds & Self.psBit != 0, offset >= programStreamWalkedUntil, available >= 14,
           ProgramStream.packSCR(Array(UnsafeRawBufferPointer(start: head, count: 14))[...]) != nil,
           let f = carvePS(at: offset, context: context) { return f }
        if kinds & Self.dhavBit != 0, available >= Int(DHAVWalk.headerSize) {
            let length = UInt32(littleEndian: head.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
            let ext = UInt32(head.load(fromByteOffset: 22, as: UInt8.self))
            if UInt64(length) >= DHAVWalk.headerSize + DHAVWalk.trailerSize + UInt64(ext), let f = carveDHAV(at: offset, context: context) {
                return f
            }
        }
        return nil
    }

    // MARK: the formats

    func reader(_ context: RunContext) -> WindowReader { WindowReader(source: volume.source, limit: context.end) }

    func carveMP4(at offset: UInt64, context: RunContext) -> CarvedFind? {
        let r = reader(context)
        guard let ext = BoxWalk.extent(r, at: offset) else { return nil }
        var find = make(ext.isQuickTime ? .mov : .mp4, offset, ext.end, context)
        if !ext.hasMoov { find.notes.append("no moov box: an unfinalised recording (its index was never written)") }
        if ext.cutShort { find.cutShort() }
        applyMediaTime(&find)
        return find
    }

    func carveJPEG(at offset: UInt64, context: RunContext) -> CarvedFind? {
        let r = reader(context)
        guard let ext = JPEGWalk.extent(r, at: offset) else { return nil }
        var find = make(.jpeg, offset, ext.end, context)
        if ext.cutShort { find.cutShort() }
        applyMediaTime(&find)
        return find
    }

    func carvePS(at offset: UInt64, context: RunContext) -> CarvedFind? {
        guard let ext = ProgramStream.extent(of: volume.source, from: offset, limit: context.end), ext.end > offset else { return nil }
        guard ext.end - offset >= minimumProgramStream else {
            // Too short to count, but walked: no pack start inside it is tried again, so packs
            // packed densely in hostile bytes cost one walk, not one per pack.
            programStreamWalkedUntil = ext.end
            return nil
        }
        var find = make(.mpegPS, offset, ext.end, context)
        let seconds = Double(ext.ticks) / Double(ProgramStream.clockRate)
        find.notes.append("program stream of \(String(format1(seconds))) s by its clock; it carries no calendar time")
        return find
    }

    func carveDHAV(at offset: UInt64, context: RunContext) -> CarvedFind? {
        let r = reader(context)
        guard let ext = DHAVWalk.extent(r, at: offset) else { return nil }
        var find = make(.dhav, offset, ext.end, context)
        find.start = ext.first
        find.end = ext.last
        if ext.first != nil { find.timeSource = "dhav_frame" }
        find.notes.append("\(ext.frames) DHAV frame\(ext.frames == 1 ? "" : "s"), channel\(ext.channels.count == 1 ? "" : "s") \(ext.channels.sorted().map { String($0) }.joined(separator: ", "))")
        return find
    }

    /// A find over `[offset, end)` with its cluster run.
    func make(_ kind: CarvedKind, _ offset: UInt64, _ end: UInt64, _ context: RunContext) -> CarvedFind {
        let heap = context.heap
        let first = heap.cluster(atByte: offset) ?? context.firstCluster
        let last = max(first, heap.cluster(atByte: end - 1) ?? first)
        let run = ClusterRun(firstCluster: first, clusterCount: last - first + 1, byteOffset: offset, byteLength: end - offset)
        return CarvedFind(kind: kind, volumeOffset: offset, length: end - offset, clusterRuns: [run])
    }

    /// The recording time the find's own media header carries (never a name or filesystem time:
    /// a carved find has neither).
    func applyMediaTime(_ find: inout CarvedFind) {
        guard let slice = try? SliceSource(volume.source, start: find.volumeOffset, length: find.length, name: "carved bytes") else { return }
        let time = RecordingTimeReader.read(source: slice, fileName: "", folders: [], modified: nil)
        if time.timeSource.rank == 0, let start = time.start {
            find.start = start
            find.end = time.end
            find.timeSource = time.timeSource.rawName
        }
        if time.unfinalised && !find.notes.contains(where: { $0.hasPrefix("no moov") }) {
            find.notes.append("unfinalised: its index was never written")
        }
    }

    private func format1(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}

extension CarvedFind {
    /// Marks a find whose bytes ran into allocated clusters (or the image's end) before its
    /// format said it ended.
    mutating func cutShort() {
        complete = false
        notes.append("cut short: its bytes run on into clusters that are in use (overwritten) or past the scanned area; the find holds what lies in the free run")
    }
}
