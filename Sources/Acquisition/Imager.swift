#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CardIO
import Foundation
import OpenSSL

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
    public var bytesRead: UInt64
    public var sourceSize: UInt64
    /// Hashes of the bytes as read from the source (unreadable sectors as zeros).
    public var hashes: [DigestAlgorithm: String]
    /// Hashes of the image as re-read from the output after syncing.
    public var rereadHashes: [DigestAlgorithm: String]
    public var badSectors: BadSectorMap
    /// Reads that failed first and succeeded on retry (empty on a healthy source).
    public var retriedReads = RetriedReads()
    /// The final (or, when interrupted, partial) file names.
    public var outputs: [String]
    public var complete: Bool
    public var stopReason: String?
    public var verified: Bool { complete && !hashes.isEmpty && hashes == rereadHashes }
}

/// Images a source bit for bit: one pass that reads large blocks, hashes them and writes them;
/// then a sync and a second pass that re-reads the written image and checks its hashes.
public final class Imager {
    public let source: ByteSource
    public let options: AcquisitionOptions
    /// Called with progress; may be nil.
    public var onProgress: ((ImagingProgress) -> Void)?
    /// Polled between blocks; returning true stops the run (SIGINT).
    public var shouldStop: () -> Bool = { false }

    public init(source: ByteSource, options: AcquisitionOptions) {
        self.source = source
        self.options = options
    }

    /// Runs the acquisition. Throws only before anything was written (output exists); every later
    /// failure is reported in the result, with the `.partial` files left behind and named.
    public func run() throws -> AcquisitionResult {
        var retried = RetriedReads()
        var result = try run(retried: &retried)
        result.retriedReads = retried
        return result
    }

    private func run(retried: inout RetriedReads) throws -> AcquisitionResult {
        let writer = ImageWriter(base: options.output, splitSize: options.splitSize)
        let digests = try MultiDigest(options.algorithms)
        var map = BadSectorMap(sectorSize: options.sectorSize)
        let size = source.size
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: options.blockSize, alignment: 4096)
        defer { block.deallocate() }
        var offset: UInt64 = 0
        var stopReason: String?
        var lastReport: UInt64 = 0

        do {
            if offset == size { try writer.finish() }
            while offset < size {
                if shouldStop() { throw AcquisitionError.interrupted(bytesDone: offset) }
                let n = Int(min(UInt64(options.blockSize), size - offset))
                let chunk = UnsafeMutableRawBufferPointer(rebasing: block[0..<n])
                try readBlock(at: offset, into: chunk, map: &map, retried: &retried)
                try hashAndWrite(UnsafeRawBufferPointer(chunk), digests: digests, writer: writer)
                offset += UInt64(n)
                if offset - lastReport >= 64 << 20 || offset == size {
                    lastReport = offset
                    onProgress?(ImagingProgress(phase: "imaging", bytesDone: offset, bytesTotal: size, badSectors: map.sectorCount))
                }
            }
            try writer.finish()
        } catch {
            stopReason = String(describing: error)
            try? writer.finish()
        }

        var hashes: [DigestAlgorithm: String] = [:]
        for (alg, bytes) in try digests.finish() { hashes[alg] = bytes.hex }
        guard stopReason == nil else {
            return AcquisitionResult(bytesRead: offset, sourceSize: size, hashes: hashes, rereadHashes: [:], badSectors: map,
                                     outputs: writer.partialPaths, complete: false, stopReason: stopReason)
        }

        // Second pass: the image as the disk now holds it.
        var reread: [DigestAlgorithm: String] = [:]
        do {
            reread = try rehash(writer.partialPaths, totalSize: size)
        } catch {
            return AcquisitionResult(bytesRead: offset, sourceSize: size, hashes: hashes, rereadHashes: [:], badSectors: map,
                                     outputs: writer.partialPaths, complete: false, stopReason: String(describing: error))
        }
        if reread != hashes {
            return AcquisitionResult(bytesRead: offset, sourceSize: size, hashes: hashes, rereadHashes: reread, badSectors: map,
                                     outputs: writer.partialPaths, complete: false,
                                     stopReason: "the image read back from the disk differs from what was read from the source")
        }
        do {
            try writer.publish()
        } catch {
            return AcquisitionResult(bytesRead: offset, sourceSize: size, hashes: hashes, rereadHashes: reread, badSectors: map,
                                     outputs: writer.partialPaths, complete: false, stopReason: String(describing: error))
        }
        return AcquisitionResult(bytesRead: offset, sourceSize: size, hashes: hashes, rereadHashes: reread, badSectors: map,
                                 outputs: writer.finalPaths, complete: true, stopReason: nil)
    }

    /// Hashes and writes one block at the same time on the two cores; both only read `block`.
    func hashAndWrite(_ block: UnsafeRawBufferPointer, digests: MultiDigest, writer: ImageWriter) throws {
        // `@unchecked Sendable` is safe: `error` is read and written only under `lock`.
        final class Failure: @unchecked Sendable {
            let lock = NSLock()
            var error: Error?
            func set(_ e: Error) { lock.withLock { if error == nil { error = e } } }
        }
        // `@unchecked Sendable` is safe: the two iterations touch different objects (one the
        // digests, the other the writer), both only read `block`, and `concurrentPerform`
        // returns only after both are done, before the caller touches any of them again.
        struct Work: @unchecked Sendable {
            let block: UnsafeRawBufferPointer
            let digests: MultiDigest
            let writer: ImageWriter
        }
        let failure = Failure()
        let work = Work(block: block, digests: digests, writer: writer)
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            do {
                if part == 0 { try work.digests.update(work.block) } else { try work.writer.write(work.block) }
            } catch {
                failure.set(error)
            }
        }
        if let error = failure.lock.withLock({ failure.error }) { throw error }
    }

    /// Reads one block; on an error, sector by sector with retries, zero-filling what stays unreadable.
    func readBlock(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer, map: inout BadSectorMap,
                   retried: inout RetriedReads) throws {
        do {
            let got = try source.readFully(at: offset, into: buffer)
            if got < buffer.count { throw AcquisitionError.sourceShrank(expected: source.size, got: offset + UInt64(got)) }
            return
        } catch let error as CardIOError {
            guard case .readFailed = error else { throw error }
        }
        let sector = Int(options.sectorSize)
        var at = 0
        // Failed tries later made good, per sector, reported after the block (see RetriedReads).
        var recovered: [(sector: UInt64, failures: UInt64)] = []
        var everySectorRead = true
        while at < buffer.count {
            let len = min(sector, buffer.count - at)
            let piece = UnsafeMutableRawBufferPointer(rebasing: buffer[at..<(at + len)])
            let pos = offset + UInt64(at)
            var ok = false
            var lastError = ""
            var failures: UInt64 = 0
            for _ in 0...options.retries {
                do {
                    if try source.readFully(at: pos, into: piece) == len { ok = true; break }
                    lastError = "short read"
                } catch {
                    lastError = String(describing: error)
                }
                failures += 1
            }
            if ok && failures > 0 { recovered.append((pos / options.sectorSize, failures)) }
            if !ok {
                everySectorRead = false
                guard options.zeroFill else { throw AcquisitionError.unreadableSector(offset: pos, reason: lastError) }
                piece.initializeMemory(as: UInt8.self, repeating: 0)
                map.add(sector: pos / options.sectorSize)
            }
            at += len
        }
        let firstSector = offset / options.sectorSize
        let sectors = (UInt64(buffer.count) + options.sectorSize - 1) / options.sectorSize
        if everySectorRead {
            // The failed block read, and every failed sector try, were all made good.
            retried.add(reads: 1 + recovered.reduce(0) { $0 + $1.failures }, firstSector: firstSector, count: sectors)
        } else {
            for r in recovered { retried.add(reads: r.failures, firstSector: r.sector, count: 1) }
        }
    }

    /// Hashes the written parts as one stream, reading them back from the disk.
    func rehash(_ paths: [String], totalSize: UInt64) throws -> [DigestAlgorithm: String] {
        let digests = try MultiDigest(options.algorithms)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: options.blockSize, alignment: 4096)
        defer { buffer.deallocate() }
        var total: UInt64 = 0
        var lastReport: UInt64 = 0
        for path in paths {
            let file: FileByteSource
            do { file = try FileByteSource(path: path) } catch {
                throw AcquisitionError.readBackFailed(path, String(describing: error))
            }
            var at: UInt64 = 0
            while at < file.size {
                if shouldStop() { throw AcquisitionError.interrupted(bytesDone: total) }
                let n = try file.readFully(at: at, into: buffer)
                if n == 0 { break }
                try digests.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
                at += UInt64(n)
                total += UInt64(n)
                if total - lastReport >= 64 << 20 {
                    lastReport = total
                    onProgress?(ImagingProgress(phase: "checking", bytesDone: total, bytesTotal: totalSize, badSectors: 0))
                }
            }
        }
        if total != totalSize {
            throw AcquisitionError.readBackFailed(paths.first ?? options.output, "read back \(total) bytes, wrote \(totalSize)")
        }
        var out: [DigestAlgorithm: String] = [:]
        for (alg, bytes) in try digests.finish() { out[alg] = bytes.hex }
        return out
    }
}
