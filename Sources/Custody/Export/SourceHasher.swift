import Foundation
import CardIO
import OpenSSL
import Messages

/// Hashes a whole source on its own thread (the issue asks both cores to be used).
///
/// `@unchecked Sendable` is safe: `result` and `cancelled` are only touched under `lock`, `started`
/// only by the thread that owns the hasher, and `source` is read only by the hashing thread (byte
/// sources read with positional reads and keep no cursor).
public final class SourceHasher: @unchecked Sendable {
    let source: ByteSource
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<String, Error> = .failure(CustodyError.input(tr(.ccSourceHashNotComputed)))
    private let lock = NSLock()
    private var cancelled = false

    private var started = false

    public init(_ source: ByteSource) { self.source = source }

    public func start() {
        started = true
        let thread = Thread { [self] in
            defer { done.signal() }
            do {
                let digest = try Digest(.sha256)
                let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 4096)
                defer { buffer.deallocate() }
                var offset: UInt64 = 0
                while offset < source.size {
                    if lock.withLock({ cancelled }) { throw CustodyError.input("cancelled") }
                    let n = try source.readFully(at: offset, into: buffer)
                    if n == 0 { break }
                    try digest.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
                    offset += UInt64(n)
                }
                let hex = try digest.finish().hex
                lock.withLock { result = .success(hex) }
            } catch {
                lock.withLock { result = .failure(error) }
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    public func wait() throws -> String {
        done.wait()
        done.signal()
        return try lock.withLock { try result.get() }
    }

    /// Stops the thread at its next block and waits for it to end.
    public func cancelAndWait() {
        lock.withLock { cancelled = true }
        guard started else { return }
        done.wait()
        done.signal()
    }
}
