import CardIO
import OpenSSL
import SystemIO
import Messages

/// Hashes a whole source in order: the calling thread reads, a second thread hashes the block
/// read before (`BlockPipeline`), so reading and hashing overlap on two cores.
public enum StreamHash {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case readFailed(offset: UInt64, reason: String)
        /// The source ended at `got` bytes, before the size it gave when opened.
        case shortRead(got: UInt64)
        case interrupted(bytesDone: UInt64)

        public var description: String {
            switch self {
            case let .readFailed(offset, reason): return tr(.qcReadErrorAtByte, ["offset": "\(offset)", "reason": "\(reason)"])
            case .shortRead(let got): return tr(.qcTheSourceEndedAtByte, ["got": "\(got)"])
            case .interrupted(let done): return tr(.qcInterruptedAfterBytes, ["done": "\(done)"])
            }
        }
    }

    /// The hex digests of every byte of `source`. `progress` gets the bytes done every 64 MiB.
    public static func hash(_ source: ByteSource, algorithms: [DigestAlgorithm], blockSize: Int = 4 << 20,
                            shouldStop: () -> Bool = { false },
                            progress: (UInt64) -> Void = { _ in }) throws -> [DigestAlgorithm: String] {
        try hash(source, from: 0, into: MultiDigest(algorithms), blockSize: blockSize, shouldStop: shouldStop, progress: progress)
    }

    /// The hex digests of `digests` (which already hold the bytes before `offset`) after the
    /// bytes of `source` from `offset` on.
    public static func hash(_ source: ByteSource, from offset: UInt64, into digests: MultiDigest, blockSize: Int = 4 << 20,
                            shouldStop: () -> Bool = { false },
                            progress: (UInt64) -> Void = { _ in }) throws -> [DigestAlgorithm: String] {
        let size = source.size
        let block = max(64 << 10, blockSize)
        let pipeline = BlockPipeline(label: "hash", consumers: [{ try digests.update($0) }],
                                     blockSize: block, blockCount: 4)
        var at = min(offset, size)
        var lastReport = at
        do {
            while at < size {
                if shouldStop() { throw Failure.interrupted(bytesDone: at) }
                let n = Int(min(UInt64(block), size - at))
                let start = at
                // Read straight into a pipeline block; the hashing thread takes it from there.
                let got = try pipeline.fill { free in
                    do { return try source.readFully(at: start, into: UnsafeMutableRawBufferPointer(rebasing: free[0..<n])) } catch let e as CardIOError {
                        if case let .readFailed(_, offset, reason) = e { throw Failure.readFailed(offset: offset, reason: reason) }
                        throw e
                    }
                }
                at += UInt64(got)
                if got < n { throw Failure.shortRead(got: at) }
                if at - lastReport >= 64 << 20 {
                    lastReport = at
                    progress(at)
                }
            }
            try pipeline.drain()
        } catch {
            try? pipeline.drain()
            throw error
        }
        var out: [DigestAlgorithm: String] = [:]
        for (alg, bytes) in try digests.finish() { out[alg] = bytes.hex }
        return out
    }
}

/// Files read one after the other as one source (the parts of a split image under their
/// temporary names, which `SplitImageSource` does not recognise).
final class JoinedSource: ByteSource {
    let parts: [ByteSource]
    let starts: [UInt64]
    let size: UInt64
    let name: String

    init(_ parts: [ByteSource], name: String) {
        self.parts = parts
        self.name = name
        var starts: [UInt64] = []
        var total: UInt64 = 0
        for p in parts {
            starts.append(total)
            total += p.size
        }
        self.starts = starts
        size = total
    }

    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset < size, buffer.count > 0 else { return 0 }
        var i = parts.count - 1
        while i > 0 && starts[i] > offset { i -= 1 }
        let inPart = offset - starts[i]
        let n = Int(min(UInt64(buffer.count), parts[i].size - inPart))
        return try parts[i].read(at: inPart, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n]))
    }
}
