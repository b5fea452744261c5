#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CardIO
import Foundation
import OpenSSL
import SystemIO
import Messages

/// What `acquire` was asked to do.
public struct AcquisitionOptions: Sendable {
    public var output: String
    /// Bytes per part, or nil for one file.
    public var splitSize: UInt64?
    /// SHA-256 is always computed; these are added.
    public var algorithms: [DigestAlgorithm]
    /// Re-reads of a failed sector before it is given up.
    public var retries: Int
    /// Write zeros for unreadable sectors and go on (true), or stop at the first (false).
    public var zeroFill: Bool
    public var blockSize: Int
    public var sectorSize: UInt64
    /// How far the first pass jumps past a failed read at first (GNU ddrescue's default, 64 KiB);
    /// doubled on each further failure, back to this after a good read, and never more than 1%
    /// of the source or 1 GiB.
    public var initialSkip: UInt64 = 64 << 10

    public init(output: String, splitSize: UInt64? = nil, algorithms: [DigestAlgorithm] = [.sha256], retries: Int = 2,
                zeroFill: Bool = true, blockSize: Int = 4 << 20, sectorSize: UInt64 = 512) {
        self.output = output
        self.splitSize = splitSize
        var algs = algorithms
        if !algs.contains(.sha256) { algs.insert(.sha256, at: 0) }
        self.algorithms = algs
        self.retries = max(0, retries)
        self.zeroFill = zeroFill
        self.sectorSize = max(512, sectorSize)
        // Whole sectors per block, so a failed block maps onto whole sectors.
        let s = Int(self.sectorSize)
        self.blockSize = max(s, blockSize / s * s)
    }
}

/// Progress, reported a few times a second.
public struct ImagingProgress: Sendable {
    public var phase: String
    public var bytesDone: UInt64
    public var bytesTotal: UInt64
    public var badSectors: UInt64
}

/// What came out of an acquisition.
public struct AcquisitionResult: Sendable {
    /// Bytes imaged: read, or given up as unreadable and zero-filled.
    public var bytesRead: UInt64
    public var sourceSize: UInt64
    /// Hashes of the image as written (unreadable sectors as zeros).
    public var hashes: [DigestAlgorithm: String]
    /// Hashes of the image as re-read from the output after syncing.
    public var rereadHashes: [DigestAlgorithm: String]
    public var badSectors: BadSectorMap
    /// Reads that failed first and succeeded on retry (empty on a healthy source).
    public var retriedReads = RetriedReads()
    /// Every byte's state at the end, for the mapfile.
    public var rescueMap: RescueMap
    /// The final (or, when interrupted, partial) file names.
    public var outputs: [String]
    public var complete: Bool
    public var stopReason: String?
    public var verified: Bool { complete && !hashes.isEmpty && hashes == rereadHashes }
}

/// Images a source bit for bit, the way GNU ddrescue rescues a failing one (ddrescue manual,
/// "Algorithm"), then syncs the image and re-reads it to check its hashes.
///
/// 1. Copying, pass 1: large reads in order. On a healthy source this is the only pass: each
///    block is hashed on one core while it is written on the other (`BlockPipeline`). A failed
///    read marks its block non-trimmed and jumps ahead (the skip doubles on each failure and
///    resets after a good read), leaving the skipped area non-tried, so a failing area costs
///    a few reads instead of thousands.
/// 2. Copying, pass 2: the skipped areas, in order, without skipping.
/// 3. Trimming: each non-trimmed block is read sector by sector from both edges up to the
///    first failure; what lies between is non-scraped.
/// 4. Scraping: each non-scraped sector is read once.
/// 5. Retrying: the bad sectors are read again, `retries` passes.
///
/// What stays unreadable is zeros in the image. The hash covers the image in order: while no
/// read has failed it is computed from the blocks as they are read; from the first failure on,
/// the rest is hashed once the passes are done, from the image as written (still in the page
/// cache), before the image is synced and re-read from the disk for the check.
public final class Imager {
    public let source: ByteSource
    public let options: AcquisitionOptions
    /// Called with progress; may be nil.
    public var onProgress: ((ImagingProgress) -> Void)?
    /// Called with the map at each phase and every few seconds, so that a mapfile on disk
    /// follows the run (ddrescue's own mapfile does); may be nil.
    public var onMap: ((RescueMap) -> Void)?
    /// Polled between reads; returning true stops the run (SIGINT).
    public var shouldStop: () -> Bool = { false }
    /// How far behind the writing the early check reads, and in what stretches (tests shrink them).
    var checkLag: UInt64 = 32 << 20
    var checkStretch: UInt64 = 64 << 20
    /// How many bytes of the image the early check had read when the final check began.
    private(set) var earlyChecked: UInt64 = 0

    public init(source: ByteSource, options: AcquisitionOptions) {
        self.source = source
        self.options = options
    }

    /// Runs the acquisition. Every failure is reported in the result, with the `.partial` files
    /// left behind and named.
    public func run() throws -> AcquisitionResult {
        let size = source.size
        var state = RescueState(map: RescueMap(size: size), sectorSize: options.sectorSize)
        let writer: ImageWriter
        do {
            writer = try ImageWriter(base: options.output, splitSize: options.splitSize, totalSize: size)
            try writer.prepare()
        } catch {
            return AcquisitionResult(bytesRead: 0, sourceSize: size, hashes: [:], rereadHashes: [:],
                                     badSectors: BadSectorMap(sectorSize: options.sectorSize), rescueMap: state.map,
                                     outputs: [], complete: false, stopReason: String(describing: error))
        }
        let digests = try MultiDigest(options.algorithms)
        let early = try EarlyCheck(algorithms: options.algorithms, writer: writer, blockSize: options.blockSize)
        var stopReason: String?
        do {
            try copyInOrder(state: &state, writer: writer, digests: digests, early: early)
            // The early check holds only while the image was written in one pass, in order.
            if !state.failedBlocks.isEmpty { early.cancel() }
            try rescue(state: &state, writer: writer)
            state.map.phase = .finished
            state.map.currentPos = size
            report(&state, force: true)
            if let bad = state.map.ranges(.badSector).first, !options.zeroFill {
                throw AcquisitionError.unreadableSector(offset: bad.lowerBound, reason: state.lastError ?? tr(.qcReadError))
            }
            try writer.extendToFullLength()
            try hashRest(state: &state, writer: writer, digests: digests)
            try writer.finish()
        } catch {
            stopReason = String(describing: error)
            try? writer.finish()
        }

        var hashes: [DigestAlgorithm: String] = [:]
        for (alg, bytes) in try digests.finish() { hashes[alg] = bytes.hex }
        var result = AcquisitionResult(
            bytesRead: state.map.byteCount(.finished) + (stopReason == nil ? state.map.byteCount(.badSector) : 0),
            sourceSize: size, hashes: hashes, rereadHashes: [:], badSectors: state.map.badSectors(sectorSize: options.sectorSize),
            retriedReads: state.retried(), rescueMap: state.map, outputs: writer.partialPaths, complete: false, stopReason: stopReason)
        guard stopReason == nil else { return result }

        // The check: the image as the disk now holds it, from where the early check got to.
        do {
            let started = early.finish()
            earlyChecked = started?.checked ?? 0
            result.rereadHashes = try rehash(writer.partialPaths, totalSize: size, from: started?.checked ?? 0,
                                             digests: started?.digests)
        } catch {
            result.stopReason = String(describing: error)
            return result
        }
        if result.rereadHashes != hashes {
            result.stopReason = tr(.qcTheImageReadBackFrom)
            return result
        }
        do {
            try writer.publish()
        } catch {
            result.stopReason = String(describing: error)
            return result
        }
        result.outputs = writer.finalPaths
        result.complete = true
        return result
    }

    /// Largest jump past a failing area: 1% of the source, at least the first skip, at most 1 GiB.
    var maxSkip: UInt64 {
        let s = options.sectorSize
        let cap = min(1 << 30, max(options.initialSkip, source.size / 100))
        return max(s, cap / s * s)
    }

    /// Pass 1. While every read succeeds, blocks go through the pipeline (hash and write at once,
    /// the next read meanwhile); after the first failure, they are written where they belong and
    /// hashed later (`hashRest`).
    func copyInOrder(state: inout RescueState, writer: ImageWriter, digests: MultiDigest, early: EarlyCheck? = nil) throws {
        let size = source.size
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: options.blockSize, alignment: 4096)
        defer { block.deallocate() }
        // `@unchecked Sendable` is safe: only the write consumer's queue touches it.
        final class Cursor: @unchecked Sendable {
            var at: UInt64 = 0
            var settled: UInt64 = 0
        }
        let cursor = Cursor()
        // Stretches of the image settle (written back, dropped from the cache) 32 MiB behind the
        // writing, whose writeback has had time to finish, 64 MiB at a time, for the early check.
        let lag = checkLag, stretch = checkStretch
        var pipeline: BlockPipeline? = BlockPipeline(
            label: "acquire", consumers: [
                { try digests.update($0) },
                { bytes in
                    try writer.write(bytes, at: cursor.at)
                    cursor.at += UInt64(bytes.count)
                    if let early, cursor.at >= cursor.settled + lag + stretch {
                        let end = cursor.at - lag
                        writer.settle(cursor.settled..<end)
                        early.submit(upTo: end)
                        cursor.settled = end
                    }
                },
            ], blockSize: options.blockSize, blockCount: 4)
        defer { try? pipeline?.drain() }
        var skip = options.initialSkip / options.sectorSize * options.sectorSize
        skip = max(options.sectorSize, skip)
        var pos: UInt64 = 0
        state.map.phase = .copying
        state.map.pass = 1
        while pos < size {
            if shouldStop() { throw AcquisitionError.interrupted(bytesDone: state.map.byteCount(.finished)) }
            let n = Int(min(UInt64(options.blockSize), size - pos))
            state.map.currentPos = pos
            var ok: Bool
            if let p = pipeline {
                // Read straight into a pipeline block: hashed and written from there, no copy.
                ok = false
                try p.fill { free in
                    ok = try read(pos, into: UnsafeMutableRawBufferPointer(rebasing: free[0..<n]), state: &state)
                    return ok ? n : 0
                }
                if ok { state.hashed = pos + UInt64(n) }
            } else {
                let chunk = UnsafeMutableRawBufferPointer(rebasing: block[0..<n])
                ok = try read(pos, into: chunk, state: &state)
                if ok { try writer.write(UnsafeRawBufferPointer(chunk), at: pos) }
            }
            if ok {
                state.map.set(pos..<(pos + UInt64(n)), .finished)
                skip = max(options.sectorSize, options.initialSkip / options.sectorSize * options.sectorSize)
                pos += UInt64(n)
            } else {
                if let p = pipeline {
                    try p.drain()
                    pipeline = nil
                }
                state.failedBlocks.append(pos..<(pos + UInt64(n)))
                state.map.set(pos..<(pos + UInt64(n)), .nonTrimmed)
                // The skipped area stays non-tried; pass 2 comes back to it.
                pos = min(size, pos + UInt64(n) + skip)
                skip = min(maxSkip, skip * 2)
            }
            report(&state)
        }
        if let p = pipeline {
            try p.drain()
            pipeline = nil
        }
    }

    /// One read of the source into `buffer`: true when it gave every byte, false on a read
    /// error. A read that comes back short (the card removed) stops the run.
    func read(_ pos: UInt64, into buffer: UnsafeMutableRawBufferPointer, state: inout RescueState) throws -> Bool {
        do {
            let got = try source.readFully(at: pos, into: buffer)
            if got < buffer.count { throw AcquisitionError.sourceShrank(expected: source.size, got: pos + UInt64(got)) }
            return true
        } catch let error as CardIOError {
            guard case .readFailed(_, _, let reason) = error else { throw error }
            state.lastError = reason
            return false
        }
    }

    /// Reports progress four times a second and the map every two seconds (or both now).
    func report(_ state: inout RescueState, force: Bool = false) {
        let now = DispatchTime.now().uptimeNanoseconds
        guard force || now >= state.lastProgress + 250_000_000 else { return }
        state.lastProgress = now
        let phase: String
        switch state.map.phase {
        case .copying, .finished: phase = "imaging"
        case .trimming: phase = "trimming"
        case .scraping: phase = "scraping"
        case .retrying: phase = "retrying"
        }
        onProgress?(ImagingProgress(phase: phase, bytesDone: state.map.byteCount(.finished), bytesTotal: source.size,
                                    badSectors: state.map.byteCount(.badSector) / options.sectorSize))
        guard let onMap, force || now >= state.lastMap + 2_000_000_000 else { return }
        state.lastMap = now
        onMap(state.map)
    }

    /// Hashes the image from where the in-order hash stopped (the first failed read) to the end,
    /// reading back what was written.
    func hashRest(state: inout RescueState, writer: ImageWriter, digests: MultiDigest) throws {
        let size = source.size
        guard state.hashed < size else { return }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: options.blockSize, alignment: 4096)
        defer { buffer.deallocate() }
        var at = state.hashed
        while at < size {
            if shouldStop() { throw AcquisitionError.interrupted(bytesDone: at) }
            let n = Int(min(UInt64(buffer.count), size - at))
            let chunk = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n])
            let got = try writer.read(at: at, into: chunk)
            guard got == n else {
                throw AcquisitionError.readBackFailed(options.output, tr(.qcReadBackBytesWrote, ["v": "\(at + UInt64(got))", "size": "\(size)"]))
            }
            try digests.update(UnsafeRawBufferPointer(chunk))
            at += UInt64(n)
        }
        state.hashed = size
    }

    /// Hashes the written parts as one stream, reading them back from the disk: from `offset`
    /// on into `digests` (which hold the bytes before it), or all of it.
    func rehash(_ paths: [String], totalSize: UInt64, from offset: UInt64 = 0, digests: MultiDigest? = nil) throws -> [DigestAlgorithm: String] {
        var sources: [ByteSource] = []
        for path in paths {
            do { sources.append(try FileByteSource(path: path)) } catch {
                throw AcquisitionError.readBackFailed(path, String(describing: error))
            }
        }
        let joined = JoinedSource(sources, name: paths.first ?? options.output)
        if joined.size != totalSize {
            throw AcquisitionError.readBackFailed(paths.first ?? options.output, tr(.qcReadBackBytesWrote2, ["size": "\(joined.size)", "totalSize": "\(totalSize)"]))
        }
        let hashes: [DigestAlgorithm: String]
        do {
            let into = try digests ?? MultiDigest(options.algorithms)
            hashes = try StreamHash.hash(joined, from: digests == nil ? 0 : offset, into: into, blockSize: options.blockSize,
                                         shouldStop: shouldStop) { [onProgress] done in
                onProgress?(ImagingProgress(phase: "checking", bytesDone: done, bytesTotal: totalSize, badSectors: 0))
            }
        } catch let e as StreamHash.Failure {
            switch e {
            case .interrupted(let done): throw AcquisitionError.interrupted(bytesDone: done)
            case .readFailed(_, let why): throw AcquisitionError.readBackFailed(paths.first ?? options.output, why)
            case .shortRead(let got): throw AcquisitionError.readBackFailed(paths.first ?? options.output, tr(.qcReadBackBytesWrote3, ["got": "\(got)", "totalSize": "\(totalSize)"]))
            }
        }
        return hashes
    }
}
