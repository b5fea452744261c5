#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Messages

/// A split raw image (`card.001`, `card.002`, …) read as one source, as dc3dd and FTK write them.
public final class SplitImageSource: ByteSource {
    public let parts: [FileByteSource]
    public let name: String
    public let size: UInt64
    /// Start offset of each part in the joined image.
    private let starts: [UInt64]

    /// The parts that belong with `firstPart` (which must end in `.001`, `.002`, …), in order.
    /// Numbering stops at the first missing number.
    public static func partPaths(forFirstPart firstPart: String) -> [String]? {
        guard let dot = firstPart.lastIndex(of: ".") else { return nil }
        let digits = firstPart[firstPart.index(after: dot)...]
        guard digits.count >= 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }), Int(digits) == 1 else { return nil }
        let stem = firstPart[..<dot]
        var paths: [String] = []
        var n = 1
        while n < 100_000 {
            var number = String(n)
            if number.count < digits.count { number = String(repeating: "0", count: digits.count - number.count) + number }
            let candidate = "\(stem).\(number)"
            if access(candidate, F_OK) != 0 { break }
            paths.append(candidate)
            n += 1
        }
        return paths
    }

    public init(firstPart: String) throws {
        guard let paths = SplitImageSource.partPaths(forFirstPart: firstPart), !paths.isEmpty else {
            throw CardIOError.badSplitImage(path: firstPart, reason: tr(.scExpectedAFirstPartEnding))
        }
        var parts: [FileByteSource] = []
        var starts: [UInt64] = []
        var total: UInt64 = 0
        for p in paths {
            let part = try FileByteSource(path: p)
            starts.append(total)
            let (sum, overflow) = total.addingReportingOverflow(part.size)
            if overflow { throw CardIOError.badSplitImage(path: firstPart, reason: tr(.scPartsTooLarge)) }
            total = sum
            parts.append(part)
        }
        self.parts = parts
        self.starts = starts
        self.size = total
        self.name = firstPart
    }

    public func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset < size, buffer.count > 0 else { return 0 }
        // Last part whose start is <= offset.
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        var done = 0
        var index = lo
        var pos = offset
        while done < buffer.count, index < parts.count {
            let part = parts[index]
            let local = pos - starts[index]
            if local >= part.size { index += 1; continue }
            let n = try part.read(at: local, into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]))
            if n == 0 { break }
            done += n
            pos += UInt64(n)
        }
        return done
    }
}
