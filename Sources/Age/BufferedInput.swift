#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemIO

/// A read buffer over an `InputSource`, for the line-oriented header and the chunked payload.
/// Holds at most `capacity` bytes, so memory stays flat whatever the input size.
final class BufferedInput {
    private let source: InputSource
    private let storage: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var sawEOF = false

    init(_ source: InputSource, capacity: Int = 1 << 20) {
        self.source = source
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(capacity, 4096), alignment: 16)
    }

    deinit { storage.deallocate() }

    /// Refills when empty; returns false at end of input.
    private func refill() throws -> Bool {
        if start < end { return true }
        if sawEOF { return false }
        start = 0
        end = 0
        let n = try source.read(into: storage)
        if n == 0 { sawEOF = true; return false }
        end = n
        return true
    }

    /// One line without its LF. nil at a clean end of input (nothing read). Throws `tooLong` after
    /// `maxLength` bytes without a LF, and `unterminated` when the input ends inside a line.
    enum LineError: Error { case tooLong, unterminated }

    func readLine(maxLength: Int, allowUnterminated: Bool = false) throws -> [UInt8]? {
        var line: [UInt8] = []
        return try readLine(into: &line, maxLength: maxLength, allowUnterminated: allowUnterminated) ? line : nil
    }

    /// `readLine` into a caller-owned array (reused across lines by the armor decoder). Returns
    /// false at a clean end of input.
    func readLine(into line: inout [UInt8], maxLength: Int, allowUnterminated: Bool = false) throws -> Bool {
        line.removeAll(keepingCapacity: true)
        var any = false
        while true {
            guard try refill() else {
                if !any { return false }
                if allowUnterminated { return true }
                throw LineError.unterminated
            }
            any = true
            guard let base = storage.baseAddress else { throw LineError.unterminated }
            let available = end - start
            if let hit = memchr(base + start, 0x0A, available) {
                let i = base.distance(to: hit) - start
                guard line.count + i <= maxLength else { throw LineError.tooLong }
                line.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: i))
                start += i + 1
                return true
            }
            guard line.count + available <= maxLength else { throw LineError.tooLong }
            line.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: available))
            start = end
        }
    }

    /// Fills `dest` completely unless the input ends first; returns the count filled.
    func fill(_ dest: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let d = dest.baseAddress else { return 0 }
        var filled = 0
        while filled < dest.count {
            if start < end {
                let n = min(end - start, dest.count - filled)
                if let s = storage.baseAddress { (d + filled).copyMemory(from: s + start, byteCount: n) }
                start += n
                filled += n
                continue
            }
            guard try refill() else { break }
        }
        return filled
    }

    /// Up to `count` bytes from the front of the input without consuming them (fewer at end of input).
    func peek(_ count: Int) throws -> [UInt8] {
        let want = min(count, storage.count)
        if end - start < want && !sawEOF {
            // Move what is buffered to the front and read until there is enough.
            if start > 0, let base = storage.baseAddress {
                base.copyMemory(from: base + start, byteCount: end - start)
                end -= start
                start = 0
            }
            while end - start < want && !sawEOF {
                let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: storage[end...]))
                if n == 0 { sawEOF = true } else { end += n }
            }
        }
        return Array(UnsafeRawBufferPointer(rebasing: storage[start..<min(end, start + want)]))
    }

    /// Whether the input has ended (reads ahead if the buffer is empty).
    func atEOF() throws -> Bool { !(try refill()) }

    /// Reads and counts whatever is left, up to `limit` bytes (to describe trailing data).
    func discardRemainder(limit: Int) throws -> Int {
        var total = 0
        while total < limit, try refill() {
            total += end - start
            start = end
        }
        return total
    }
}
