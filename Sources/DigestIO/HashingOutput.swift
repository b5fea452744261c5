import OpenSSL
import SystemIO

/// An `OutputSink` that computes the SHA-256 and byte count of everything written through it and
/// passes the bytes on to `downstream`, hashing on one extra thread and writing on another.
///
/// Why threads: hashing the output (SHA-256, about 1.7 GB/s a core) and copying it into the page
/// cache each cost more than the age encryption itself (ChaCha20-Poly1305, several GB/s), so
/// doing them in line would make `seal` and `decrypt` run at the speed of the slowest of the
/// three. The bytes go through a `BlockPipeline` (`blockCount` × `blockSize`, 4 MiB by default, so
/// memory stays flat) to two serial queues, one hashing and one writing, in order. Blocks are at
/// least 1 MiB, so an `AtomicFileOutput` downstream writes them without copying them again.
///
/// The first error is kept and thrown from the next `write` or from `finish`. `finish` drains the
/// queues, then calls `downstream.finish()`; only after it returns are `sha256` and `count` final.
/// After a failure, call `drain()` before discarding the downstream output.
public final class HashingOutput: OutputSink {
    private let pipeline: BlockPipeline
    private let digest: Digest
    private let downstream: OutputSink
    private var finished = false

    /// Bytes written so far (final after `finish`).
    public private(set) var count: UInt64 = 0
    /// Lower-case hex SHA-256 of everything written; set by `finish`.
    public private(set) var sha256: String?

    public init(downstream: OutputSink, blockSize: Int = 1 << 20, blockCount: Int = 4) throws {
        let digest = try Digest(.sha256)
        self.digest = digest
        self.downstream = downstream
        // Consumer 0 hashes, consumer 1 writes; each on its own serial queue (`BlockPipeline`).
        pipeline = BlockPipeline(label: "sdcustody.hashing-output",
                                 consumers: [{ try digest.update($0) }, { try downstream.write($0) }],
                                 blockSize: blockSize, blockCount: blockCount)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !finished else { throw SystemIOError.misuse("write after finish") }
        try pipeline.write(bytes)
        count &+= UInt64(bytes.count)
    }

    /// Waits until every block handed over so far is hashed and written.
    public func drain() {
        try? pipeline.drain()
    }

    public func finish() throws {
        guard !finished else { return }
        finished = true
        try pipeline.drain()
        sha256 = try digest.finish().hex
        try downstream.finish()
    }
}
