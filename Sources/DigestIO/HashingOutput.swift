import Dispatch
import OpenSSL
import SystemIO

/// An `OutputSink` that computes the SHA-256 and byte count of everything written through it and
/// passes the bytes on to `downstream`, hashing on one extra thread and writing on another.
///
/// Why threads: hashing the output (SHA-256, about 1.7 GB/s a core) and copying it into the page
/// cache each cost more than the age encryption itself (ChaCha20-Poly1305, several GB/s), so
/// doing them in line would make `seal` and `decrypt` run at the speed of the slowest of the
/// three. Here the producer copies its bytes into a small pool of fixed blocks (`blockCount` ×
/// `blockSize`, 4 MiB by default, so memory stays flat), and each full block goes to two serial
/// queues, one hashing and one writing, in order; the block returns to the pool when both are
/// done. The producer waits when both consumers fall behind. Blocks are at least 1 MiB, so an
/// `AtomicFileOutput` downstream writes them without copying them again.
///
/// The first error is kept and thrown from the next `write` or from `finish`. `finish` drains the
/// queues, then calls `downstream.finish()`; only after it returns are `sha256` and `count` final.
/// After a failure, call `drain()` before discarding the downstream output.
public final class HashingOutput: OutputSink {
    private let state: State
    private let hashQueue = DispatchQueue(label: "sdcustody.hashing-output.hash")
    private let writeQueue = DispatchQueue(label: "sdcustody.hashing-output.write")
    private var current: UnsafeMutableRawBufferPointer?
    private var filled = 0
    private var finished = false

    /// Bytes written so far (final after `finish`).
    public private(set) var count: UInt64 = 0
    /// Lower-case hex SHA-256 of everything written; set by `finish`.
    public private(set) var sha256: String?

    public init(downstream: OutputSink, blockSize: Int = 1 << 20, blockCount: Int = 4) throws {
        let digest = try Digest(.sha256)
        state = State(downstream: downstream, digest: digest, blockSize: max(blockSize, 64 * 1024), blockCount: max(blockCount, 2))
    }

    deinit {
        drain()
        // libdispatch traps when a semaphore is freed below its initial value: return the block
        // being filled (left over when the producer failed) before the semaphore can go.
        if let block = current {
            current = nil
            state.give(block)
        }
    }

    /// Hands the current block to both consumers. The queued work holds `state`, never `self`,
    /// so the last reference to this object is never dropped on one of its own queues.
    private func submit() {
        guard let block = current else { return }
        current = nil
        let handoff = Handoff(block: block, length: filled)
        filled = 0
        let state = self.state
        hashQueue.async {
            if state.error() == nil {
                do { try state.digest.update(handoff.bytes) } catch { state.record(error) }
            }
            if handoff.release() { state.give(handoff.block) }
        }
        writeQueue.async {
            if state.error() == nil {
                do { try state.downstream.write(handoff.bytes) } catch { state.record(error) }
            }
            if handoff.release() { state.give(handoff.block) }
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if let e = state.error() { throw e }
        guard !finished else { throw SystemIOError.misuse("write after finish") }
        guard let src = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            if current == nil {
                current = state.take()
                filled = 0
            }
            guard let block = current, let dst = block.baseAddress else { throw SystemIOError.misuse("no output buffer") }
            let n = min(state.blockSize - filled, bytes.count - offset)
            (dst + filled).copyMemory(from: src + offset, byteCount: n)
            filled += n
            offset += n
            if filled == state.blockSize { submit() }
        }
        count &+= UInt64(bytes.count)
    }

    /// Waits until every block handed over so far is hashed and written.
    public func drain() {
        hashQueue.sync {}
        writeQueue.sync {}
    }

    public func finish() throws {
        guard !finished else { return }
        finished = true
        submit()
        drain()
        if let e = state.error() { throw e }
        sha256 = try state.digest.finish().hex
        try state.downstream.finish()
    }

    /// What the producer and the two queues share. `@unchecked Sendable` is safe: the `let`s are
    /// set once in `init`; `pool`, `failure` and `all` are touched only under `lock`; `digest` is
    /// used only on `hashQueue` and `downstream` only on `writeQueue` (both serial) until `finish`
    /// has drained them.
    private final class State: @unchecked Sendable {
        let downstream: OutputSink
        let digest: Digest
        let blockSize: Int
        /// Counts the blocks in `pool`.
        private let free: DispatchSemaphore
        private let lock = DispatchSemaphore(value: 1)
        // Guarded by `lock`.
        private var pool: [UnsafeMutableRawBufferPointer] = []
        private var failure: Error?
        private var all: [UnsafeMutableRawBufferPointer] = []

        init(downstream: OutputSink, digest: Digest, blockSize: Int, blockCount: Int) {
            self.downstream = downstream
            self.digest = digest
            self.blockSize = blockSize
            free = DispatchSemaphore(value: blockCount)
            for _ in 0..<blockCount {
                let b = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 64)
                all.append(b)
                pool.append(b)
            }
        }

        deinit {
            for b in all { b.deallocate() }
        }

        func error() -> Error? {
            lock.wait()
            defer { lock.signal() }
            return failure
        }

        func record(_ e: Error) {
            lock.wait()
            if failure == nil { failure = e }
            lock.signal()
        }

        func take() -> UnsafeMutableRawBufferPointer? {
            free.wait()
            lock.wait()
            defer { lock.signal() }
            return pool.popLast()
        }

        func give(_ b: UnsafeMutableRawBufferPointer) {
            lock.wait()
            pool.append(b)
            lock.signal()
            free.signal()
        }
    }
}

/// A filled block on its way to the hashing and writing queues; whichever finishes second
/// returns it to the pool. The producer does not touch it until then. `@unchecked Sendable` is
/// safe: `block` and `length` are immutable, and `remaining` changes only under `lock`.
private final class Handoff: @unchecked Sendable {
    let block: UnsafeMutableRawBufferPointer
    let length: Int
    private var remaining = 2
    private let lock = DispatchSemaphore(value: 1)

    init(block: UnsafeMutableRawBufferPointer, length: Int) {
        self.block = block
        self.length = length
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: block[0..<length]) }

    /// True for the second caller.
    func release() -> Bool {
        lock.wait()
        defer { lock.signal() }
        remaining -= 1
        return remaining == 0
    }
}
