import Dispatch

/// Hands a stream of bytes from one producer thread to consumers that each run on a serial queue
/// of their own (hashing on one core while the producer encrypts on the other), in order, with
/// flat memory.
///
/// The producer copies its bytes into a small pool of fixed blocks (`blockCount` × `blockSize`);
/// each full block goes to every consumer's queue; it returns to the pool when the last consumer
/// is done with it, and the producer waits when all blocks are in use. `enqueue` puts an event
/// (a file begins or ends) on every queue after the bytes written before it. The first error a
/// consumer throws is kept: later work is skipped, and `write`, `drain` and `finish` rethrow it.
public final class BlockPipeline {
    public typealias Consumer = (UnsafeRawBufferPointer) throws -> Void

    private let state: State
    private let queues: [DispatchQueue]
    private var current: UnsafeMutableRawBufferPointer?
    private var filled = 0

    public var blockSize: Int { state.blockSize }

    /// `consumers` are called only on their own serial queue, one block at a time, in order.
    public init(label: String, consumers: [Consumer], blockSize: Int = 1 << 20, blockCount: Int = 4) {
        state = State(consumers: consumers, blockSize: max(blockSize, 64 * 1024), blockCount: max(blockCount, 2))
        queues = consumers.indices.map { DispatchQueue(label: "\(label).\($0)") }
    }

    deinit {
        waitForQueues()
        // libdispatch traps when a semaphore is freed below its initial value: return the block
        // being filled (left over when the producer failed) before the semaphore can go.
        if let block = current {
            current = nil
            state.give(block)
        }
    }

    /// The first error a consumer threw, if any.
    public var error: Error? { state.error() }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if let e = state.error() { throw e }
        guard let src = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            if current == nil {
                current = state.take()
                filled = 0
            }
            guard let block = current, let dst = block.baseAddress else { throw SystemIOError.misuse("no pipeline buffer") }
            let n = min(state.blockSize - filled, bytes.count - offset)
            (dst + filled).copyMemory(from: src + offset, byteCount: n)
            filled += n
            offset += n
            if filled == state.blockSize { submit() }
        }
    }

    /// Lets `body` fill a whole free block in place (it returns the bytes it put there, at most
    /// `blockSize`) and hands that block over: the producer reads straight into the pipeline
    /// instead of copying into it. Bytes written before go first. When `body` throws, the block
    /// goes back to the pool and nothing is handed over.
    @discardableResult
    public func fill(_ body: (UnsafeMutableRawBufferPointer) throws -> Int) throws -> Int {
        if let e = state.error() { throw e }
        flush()
        guard let block = state.take() else { throw SystemIOError.misuse("no pipeline buffer") }
        let n: Int
        do { n = try body(block) } catch {
            state.give(block)
            throw error
        }
        let count = max(0, min(n, state.blockSize))
        current = block
        filled = count
        submit()
        return count
    }

    /// Hands over the block being filled, even if it is not full.
    public func flush() { submit() }

    /// Runs `event` on consumer `index`'s queue after every byte written so far (skipped once a
    /// consumer has failed; a throw is kept like a consumer's).
    public func enqueue(on index: Int, _ event: @escaping () throws -> Void) {
        flush()
        let state = self.state
        let box = EventBox(event)
        queues[index].async {
            guard state.error() == nil else { return }
            do { try box.event() } catch { state.record(error) }
        }
    }

    /// Waits until every block handed over so far is consumed; throws the first consumer error.
    public func drain() throws {
        flush()
        waitForQueues()
        if let e = state.error() { throw e }
    }

    private func waitForQueues() {
        for q in queues { q.sync {} }
    }

    /// Hands the current block to every consumer. The queued work holds `state`, never `self`,
    /// so the last reference to the pipeline is never dropped on one of its own queues.
    private func submit() {
        guard let block = current else { return }
        current = nil
        guard filled > 0 else {
            state.give(block)
            return
        }
        let handoff = Handoff(block: block, length: filled, consumers: queues.count)
        filled = 0
        let state = self.state
        for (i, q) in queues.enumerated() {
            q.async {
                if state.error() == nil {
                    do { try state.consume(i, handoff.bytes) } catch { state.record(error) }
                }
                if handoff.release() { state.give(handoff.block) }
            }
        }
    }

    /// What the producer and the queues share. `@unchecked Sendable` is safe: the `let`s are set
    /// once in `init`; `pool`, `failure` and `all` are touched only under `lock`; consumer `i` is
    /// called only on queue `i`, which is serial.
    private final class State: @unchecked Sendable {
        private let consumers: [Consumer]
        let blockSize: Int
        /// Counts the blocks in `pool`.
        private let free: DispatchSemaphore
        private let lock = DispatchSemaphore(value: 1)
        // Guarded by `lock`.
        private var pool: [UnsafeMutableRawBufferPointer] = []
        private var failure: Error?
        private var all: [UnsafeMutableRawBufferPointer] = []

        init(consumers: [Consumer], blockSize: Int, blockCount: Int) {
            self.consumers = consumers
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

        func consume(_ index: Int, _ bytes: UnsafeRawBufferPointer) throws { try consumers[index](bytes) }

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

/// An event on its way to one consumer queue. `@unchecked Sendable` is safe: it is created by
/// the producer, then run only on that one serial queue.
private final class EventBox: @unchecked Sendable {
    let event: () throws -> Void
    init(_ event: @escaping () throws -> Void) { self.event = event }
}

/// A filled block on its way to the consumer queues; whichever finishes last returns it to the
/// pool. The producer does not touch it until then. `@unchecked Sendable` is safe: `block` and
/// `length` are immutable, and `remaining` changes only under `lock`.
private final class Handoff: @unchecked Sendable {
    let block: UnsafeMutableRawBufferPointer
    let length: Int
    private var remaining: Int
    private let lock = DispatchSemaphore(value: 1)

    init(block: UnsafeMutableRawBufferPointer, length: Int, consumers: Int) {
        self.block = block
        self.length = length
        remaining = consumers
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: block[0..<length]) }

    /// True for the last caller.
    func release() -> Bool {
        lock.wait()
        defer { lock.signal() }
        remaining -= 1
        return remaining == 0
    }
}
