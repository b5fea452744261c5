import CLibCrypto

/// A fixed-size buffer for secrets (file keys, wrap keys, private keys, passphrases) that is wiped
/// with `OPENSSL_cleanse` when it is released, so key material does not linger in freed memory or
/// end up in a core file. It is a class so copies share one buffer and the wipe happens once.
public final class SecureBytes {
    private let pointer: UnsafeMutableRawBufferPointer

    /// A zero-filled buffer of `count` bytes.
    public init(count: Int) {
        pointer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 0), alignment: 16)
        pointer.initializeMemory(as: UInt8.self, repeating: 0)
    }

    /// A copy of `bytes`. The caller remains responsible for wiping its own copy.
    public convenience init(copying bytes: UnsafeRawBufferPointer) {
        self.init(count: bytes.count)
        if let base = bytes.baseAddress, bytes.count > 0 {
            pointer.baseAddress?.copyMemory(from: base, byteCount: bytes.count)
        }
    }

    /// A copy of `bytes`; the array itself is wiped in place afterwards when `wipingSource` is set.
    public convenience init(_ bytes: inout [UInt8], wipingSource: Bool = true) {
        self.init(count: bytes.count)
        bytes.withUnsafeBytes { src in
            if let base = src.baseAddress, src.count > 0 {
                pointer.baseAddress?.copyMemory(from: base, byteCount: src.count)
            }
        }
        if wipingSource { SecureBytes.wipe(&bytes) }
    }

    /// Convenience for non-secret values and tests.
    public convenience init(_ bytes: [UInt8]) {
        var copy = bytes
        self.init(&copy, wipingSource: true)
    }

    deinit {
        SecureBytes.cleanse(UnsafeMutableRawBufferPointer(pointer))
        pointer.deallocate()
    }

    public var count: Int { pointer.count }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(pointer))
    }

    public func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try body(pointer)
    }

    /// An ordinary array copy: only for tests and for values about to be encoded for the user
    /// (a new identity file). The caller owns wiping it.
    public var unsafeArrayCopy: [UInt8] { Array(UnsafeRawBufferPointer(pointer)) }

    /// Constant-time comparison, for tests and MAC checks.
    public func constantTimeEquals(_ other: UnsafeRawBufferPointer) -> Bool {
        SecureBytes.constantTimeEquals(UnsafeRawBufferPointer(pointer), other)
    }

    /// Zeroes memory in a way the optimiser may not remove.
    public static func cleanse(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        OPENSSL_cleanse(base, buffer.count)
    }

    /// Wipes an array's storage in place.
    public static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { cleanse($0) }
    }

    /// `CRYPTO_memcmp` over two buffers; different lengths compare unequal.
    public static func constantTimeEquals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let pa = a.baseAddress, let pb = b.baseAddress, a.count > 0 else { return true }
        return CRYPTO_memcmp(pa, pb, a.count) == 0
    }
}
