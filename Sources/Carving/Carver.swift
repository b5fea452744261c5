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
/// DHAV frame headers are also looked for anywhere, with memchr on their last / first byte rather
/// than a byte loop. A find never extends past its free run: footage that runs into allocated
/// clusters has been overwritten from there, and the find says it was cut short.
public final class Carver {
    public let volume: ClusterHeapVolume
    /// Bytes per sequential read.
    public var chunkSize: Int
    /// Called after each read with the bytes scanned so far and the free bytes in all.
    public var progress: ((_ done: UInt64, _ total: UInt64) -> Void)?
    /// The least a program stream must hold to count (one DVD pack is 2,048 bytes): a lone pack
    /// header in random bytes is not footage.
    public var minimumProgramStream: UInt64 = 2048

    public init(volume: ClusterHeapVolume, chunkSize: Int = 8 << 20) {
        self.volume = volume
        self.chunkSize = max(64 << 10, chunkSize)
    }

    public func scan() -> CarvingResult {
        var result = CarvingResult()
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
        // Signatures need at most 16 bytes past a candidate; the buffer keeps that much beyond
        // each chunk so a candidate at a chunk's end is still checked from the buffer.
        let slack = 16
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
        // The next cluster start at or after `i`, and the next memchr hits.
        func nextClusterStart(_ from: Int) -> Int {
            let at = base + UInt64(from)
            let rel = at - heapOffset
            let up = (rel + clusterSize - 1) / clusterSize * clusterSize
            return Int(heapOffset + up - base)
        }
        func nextHit(_ byte: UInt8, _ from: Int) -> Int {
            guard from < scanLength + 3, let p = memchr(raw + from, Int32(byte), min(bytes.count, scanLength + 3) - from) else { return Int.max }
            return UnsafeRawPointer(p) - raw
        }
        var cluster = nextClusterStart(0)
        // 0xBA ends a pack start code: the candidate is 3 bytes before it.
        var pack = nextHit(0xBA, 3)
        var dhav = nextHit(UInt8(ascii: "D"), 0)
        while i < scanLength {
            let packStart = pack == Int.max ? Int.max : pack - 3
            let c = min(cluster, packStart, dhav)
            guard c < scanLength else { break }
            let atCluster = c == cluster
            var carved: CarvedFind?
            let left = bytes.count - c
            func has(_ offset: Int, _ pattern: StaticString) -> Bool {
                let n = pattern.utf8CodeUnitCount
                guard left >= offset + n else { return false }
                return pattern.withUTF8Buffer { p in
                    guard let b = p.baseAddress else { return false }
                    return memcmp(raw + c + offset, b, n) == 0
                }
            }
            func byte(_ k: Int) -> UInt8? { k < left ? raw.load(fromByteOffset: c + k, as: UInt8.self) : nil }
            if atCluster {
                if has(4, "ftyp") {
                    carved = carveMP4(at: base + UInt64(c), context: context)
                } else if byte(0) == 0xFF && byte(1) == 0xD8 && byte(2) == 0xFF {
                    carved = carveJPEG(at: base + UInt64(c), context: context)
                }
            }
            if carved == nil && byte(0) == 0 && byte(1) == 0 && byte(2) == 1 && byte(3) == 0xBA {
                carved = carvePS(at: base + UInt64(c), context: context)
            }
            if carved == nil && has(0, "DHAV") {
                carved = carveDHAV(at: base + UInt64(c), context: context)
            }
            if let find = carved {
                finds.append(find)
                let end = find.volumeEnd
                if end >= base + UInt64(scanLength) { return end }
                i = Int(end - base)
                cluster = nextClusterStart(i)
                pack = nextHit(0xBA, i + 3)
                dhav = nextHit(UInt8(ascii: "D"), i)
                continue
            }
            i = c + 1
            if cluster <= c { cluster = nextClusterStart(c + 1) }
            if pack != Int.max && pack - 3 <= c { pack = nextHit(0xBA, max(pack + 1, c + 4)) }
            if dhav <= c { dhav = nextHit(UInt8(ascii: "D"), c + 1) }
        }
        return base + UInt64(scanLength)
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
        guard let ext = ProgramStream.extent(of: volume.source, from: offset, limit: context.end),
              ext.end > offset, ext.end - offset >= minimumProgramStream else { return nil }
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
