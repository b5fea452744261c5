import Dispatch
import OpenSSL

/// An `OutputSink` that computes the SHA-256 and byte count of everything written through it and
/// passes the bytes on to `downstream`, with hashing and writing done on a second thread.
///
/// Why a thread: sealing a bag encrypts on one core; hashing the ciphertext and writing it out is
/// about as much work again, and the machines this runs on have at least two cores. Bytes are
/// gathered into a few fixed blocks (`blockCount` × `blockSize`, 8 MiB by default), so memory stays
/// flat and the producer waits when the writer falls behind. Blocks are at least 1 MiB, so an
/// `AtomicFileOutput` downstream writes them without copying them again.
///
/// The first error either side meets is kept and thrown from the next `write` or from `finish`.
/// `finish` drains the blocks, then calls `downstream.finish()`; only after it returns are
/// `sha256` and `count` final.
public final class HashingOutput: OutputSink, @unchecked Sendable {
    private let downstream: OutputSink
    private let digest: Digest
    private let blockSize: Int
    private let queue = DispatchQueue(label: "sdcustody.hashing-output")
    private let free: DispatchSemaphore
    /// Blocks not being filled or written (guarded by `free`, touched only by the producer and,
    /// through `lock`, the worker returning one).
    private var pool: [UnsafeMutableRawBufferPointer] = []
    private var all: [UnsafeMutableRawBufferPointer] = []
    private var current: UnsafeMutableRawBufferPointer?
    private var filled = 0
    private let lock = DispatchSemaphore(value: 1)
    private var failure: Error?
    private var finished = false

    /// Bytes written so far (final after `finish`).
    public private(set) var count: UInt64 = 0
    /// Lower-case hex SHA-256 of everything written; set by `finish`.
    public private(set) var sha256: String?

    public init(downstream: OutputSink, blockSize: Int = 2 << 20, blockCount: Int = 4) throws {
        self.downstream = downstream
        do { digest = try Digest(.sha256) } catch let e as OpenSSLError { throw AgeError.crypto(e.description) }
        self.blockSize = max(blockSize, 64 * 1024)
        let n = max(blockCount, 2)
        free = DispatchSemaphore(value: n)
        for _ in 0..<n {
            let b = UnsafeMutableRawBufferPointer.allocate(byteCount: self.blockSize, alignment: 64)
            all.append(b)
            pool.append(b)
        }
    }

    deinit {
        // Wait for any block still being written before freeing the memory it points at.
        queue.sync {}
        // libdispatch traps when a semaphore is freed below its initial value: return the block
        // being filled (left over when the producer failed) before the semaphore goes.
        if let block = current {
            current = nil
            give(block)
        }
        for b in all { b.deallocate() }
    }

    private func error() -> Error? {
        lock.wait()
        defer { lock.signal() }
        return failure
    }

    private func record(_ e: Error) {
        lock.wait()
        if failure == nil { failure = e }
        lock.signal()
    }

    private func take() -> UnsafeMutableRawBufferPointer? {
        free.wait()
        lock.wait()
        defer { lock.signal() }
        return pool.popLast()
    }

    private func give(_ b: UnsafeMutableRawBufferPointer) {
        lock.wait()
        pool.append(b)
        lock.signal()
        free.signal()
    }

    /// Hands the current block to the worker.
    private func submit() {
        guard let block = current else { return }
        current = nil
        let handoff = Handoff(block: block, length: filled)
        filled = 0
        queue.async { [self] in
            let block = handoff.block
            if error() == nil {
                do {
                    let bytes = UnsafeRawBufferPointer(rebasing: block[0..<handoff.length])
                    try digest.update(bytes)
                    try downstream.write(bytes)
                } catch {
                    record(error)
                }
            }
            give(block)
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if let e = error() { throw e }
        guard !finished else { throw AgeError.io("write after finish") }
        guard let src = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            if current == nil {
                current = take()
                filled = 0
            }
            guard let block = current, let dst = block.baseAddress else { throw AgeError.io("no output buffer") }
            let n = min(blockSize - filled, bytes.count - offset)
            (dst + filled).copyMemory(from: src + offset, byteCount: n)
            filled += n
            offset += n
            if filled == blockSize { submit() }
        }
        count &+= UInt64(bytes.count)
    }

    /// Waits until every block handed over so far is written (call before discarding the
    /// downstream output after a failure, so the worker is not still writing to it).
    public func drain() {
        queue.sync {}
    }

    public func finish() throws {
        guard !finished else { return }
        finished = true
        submit()
        queue.sync {}
        if let e = error() { throw e }
        do { sha256 = try digest.finish().hex } catch let e as OpenSSLError { throw AgeError.crypto(e.description) }
        try downstream.finish()
    }
}

/// A filled block passed to the writing thread; the producer does not touch it until it is back
/// in the pool.
private struct Handoff: @unchecked Sendable {
    let block: UnsafeMutableRawBufferPointer
    let length: Int
}
