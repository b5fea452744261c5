#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CardIO

/// Reads a source through one window of `windowSize` bytes up to a limit, for the format walks
/// (box headers, JPEG segments, frame headers): a walk over small structures costs few reads,
/// and `firstByte` finds a marker with memchr instead of a byte loop.
final class WindowReader {
    let source: ByteSource
    /// Nothing at or past `limit` is read (the end of the free run being carved).
    let limit: UInt64
    private var windowStart: UInt64 = 0
    private var window: [UInt8] = []
    let windowSize: Int
    /// The next read's size: 4 KiB first, doubling on each miss up to `windowSize`, so a
    /// candidate that fails its first check (most of them, on hostile bytes) costs one small read.
    private var nextSize = 4096
    /// A read failed: the walk stops there and says so.
    private(set) var readError: Error?

    init(source: ByteSource, limit: UInt64, windowSize: Int = 1 << 20) {
        self.source = source
        self.limit = min(limit, source.size)
        self.windowSize = windowSize
    }

    /// Makes `[offset, offset + count)` lie in the window; false past `limit` or on a read error.
    private func load(_ offset: UInt64, _ count: Int) -> Bool {
        let (end, overflow) = offset.addingReportingOverflow(UInt64(count))
        guard !overflow, end <= limit, count <= windowSize else { return false }
        if offset >= windowStart && end <= windowStart + UInt64(window.count) { return true }
        let want = Int(min(UInt64(max(nextSize, count)), limit - offset))
        nextSize = min(nextSize * 2, windowSize)
        do {
            window = try source.read(at: offset, count: want)
        } catch {
            readError = error
            return false
        }
        windowStart = offset
        return true
    }

    func bytes(at offset: UInt64, count: Int) -> ArraySlice<UInt8>? {
        guard load(offset, count) else { return nil }
        let from = Int(offset - windowStart)
        return window[from..<(from + count)]
    }

    func byte(at offset: UInt64) -> UInt8? {
        guard load(offset, 1) else { return nil }
        return window[Int(offset - windowStart)]
    }

    func u16be(at offset: UInt64) -> UInt16? {
        guard let b = bytes(at: offset, count: 2) else { return nil }
        return UInt16(b[b.startIndex]) << 8 | UInt16(b[b.startIndex + 1])
    }

    func u32be(at offset: UInt64) -> UInt32? {
        guard let b = bytes(at: offset, count: 4) else { return nil }
        return b.reduce(0) { $0 << 8 | UInt32($1) }
    }

    func u32le(at offset: UInt64) -> UInt32? {
        guard let b = bytes(at: offset, count: 4) else { return nil }
        return b.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    func u64be(at offset: UInt64) -> UInt64? {
        guard let b = bytes(at: offset, count: 8) else { return nil }
        return b.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The first offset ≥ `from` and < `limit` holding `value`, or nil. The bytes already in
    /// the window are searched first; only past them is anything read, in the doubling sizes
    /// of `load`. (Loading a whole `windowSize` from `from` on every call made a JPEG's entropy
    /// data, with an `FF 00` every few hundred bytes, cost a 1 MiB read per stuffed byte.)
    func firstByte(_ value: UInt8, from: UInt64) -> UInt64? {
        var at = from
        while at < limit {
            if !(at >= windowStart && at < windowStart + UInt64(window.count)) {
                guard load(at, 1) else { return nil }
            }
            let from = Int(at - windowStart)
            let n = window.count - from
            let hit: Int? = window.withUnsafeBytes { raw in
                guard let base = raw.baseAddress, let p = memchr(base + from, Int32(value), n) else { return nil }
                return UnsafeRawPointer(p) - UnsafeRawPointer(base)
            }
            if let hit { return windowStart + UInt64(hit) }
            at = windowStart + UInt64(window.count)
        }
        return nil
    }
}
