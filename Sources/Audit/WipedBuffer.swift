#if canImport(Glibc)
import Glibc
#endif
import CardIO

/// The bytes of one small file from the card, in one allocation that is zeroed before it is
/// freed, so a password read from a configuration file does not outlive the audit in memory
/// (freed heap pages end up in core files and in later allocations).
///
/// The parsers only ever hand out index ranges into it; a secret value is compared and measured
/// where it lies and never copied into a `String` or an array.
final class WipedBuffer {
    private let storage: UnsafeMutableRawBufferPointer
    /// Bytes filled (at most the capacity).
    private(set) var count: Int

    init(capacity: Int) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, capacity), alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        count = 0
    }

    /// Reads up to the buffer's capacity from the start of `source` straight into the buffer.
    /// No intermediate copy of the bytes is made.
    convenience init(reading source: ByteSource, limit: Int) throws {
        let wanted = Int(min(source.size, UInt64(max(0, limit))))
        self.init(capacity: wanted)
        count = try source.readFully(at: 0, into: UnsafeMutableRawBufferPointer(rebasing: storage[0..<wanted]))
    }

    /// A copy of `bytes` (tests, and files built in memory).
    convenience init(_ bytes: [UInt8]) {
        self.init(capacity: bytes.count)
        bytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: storage[0..<bytes.count]).copyMemory(from: $0) }
        count = bytes.count
    }

    /// The filled bytes, valid while the buffer lives.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: storage[0..<count]) }

    /// Zeroes the bytes now (the buffer stays usable, empty).
    func wipe() {
        // explicit_bzero, unlike a plain loop or memset before free, is not removed by the
        // optimiser as a dead store.
        if let base = storage.baseAddress { explicit_bzero(base, storage.count) }
        count = 0
    }

    deinit {
        wipe()
        storage.deallocate()
    }
}

/// Byte tests the parsers and rules share; all take the buffer and a range and copy nothing.
enum Bytes {
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// `range` without leading and trailing spaces, tabs and carriage returns.
    static func trimmed(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi, isSpace(buffer[lo]) || buffer[lo] == 0x0D { lo += 1 }
        while hi > lo, isSpace(buffer[hi - 1]) || buffer[hi - 1] == 0x0D { hi -= 1 }
        return lo..<hi
    }

    /// `range` without one pair of matching quotes around it.
    static func unquoted(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int> {
        guard range.count >= 2 else { return range }
        let first = buffer[range.lowerBound], last = buffer[range.upperBound - 1]
        if (first == 0x22 || first == 0x27) && first == last { return (range.lowerBound + 1)..<(range.upperBound - 1) }
        return range
    }

    static func lowerASCII(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b + 0x20 : b }

    /// The bytes in `range` equal `word`, ASCII letters compared without case.
    static func equalsIgnoringCase(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, _ word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        let w = UnsafeRawBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        var i = 0
        for at in range {
            if lowerASCII(buffer[at]) != lowerASCII(w[i]) { return false }
            i += 1
        }
        return true
    }

    /// Characters (UTF-8 scalars) in `range`: bytes that do not continue a sequence.
    static func characterCount(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int {
        var n = 0
        for at in range where buffer[at] & 0xC0 != 0x80 { n += 1 }
        return n
    }

    static func isHexDigit(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
    }

    static func allHex(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        range.allSatisfy { isHexDigit(buffer[$0]) }
    }

    /// A name from the card (key, section) as a lower-case `String` when it is a plain
    /// identifier of 1…64 letters, digits, `_`, `-`, `.`; nil otherwise, so hostile or binary
    /// text never becomes a key the rules match on.
    /// With `lowercased: false`, the name as written (for showing it as the file has it).
    static func identifier(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, lowercased: Bool = true) -> String? {
        guard (1...64).contains(range.count) else { return nil }
        var scalars = String.UnicodeScalarView()
        for at in range {
            let b = lowerASCII(buffer[at])
            let ok = (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D || b == 0x2E
            guard ok else { return nil }
            scalars.append(Unicode.Scalar(lowercased ? b : buffer[at]))
        }
        return String(scalars)
    }

    /// A value that is not secret (a network name, a version, a zone) as text for the report:
    /// at most `limit` bytes, invalid UTF-8 replaced, control characters left for the renderer
    /// to escape (`quotedName`).
    static func displayText(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, limit: Int = 64) -> String {
        let end = range.lowerBound + min(range.count, limit)
        return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[range.lowerBound..<end]), as: UTF8.self)
    }

}
