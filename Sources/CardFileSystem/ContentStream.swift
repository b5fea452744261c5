import CardIO
import Messages

/// Streams a file's bytes from the volume in large positional reads, following a `ContentPlan`.
/// Memory stays at one buffer whatever the file's size.
public struct ContentStream {
    public let source: ByteSource
    public let plan: ContentPlan
    /// Read size; 4 MiB keeps a card reader busy without holding much memory.
    public var chunkSize: Int

    public init(source: ByteSource, plan: ContentPlan, chunkSize: Int = 4 << 20) {
        self.source = source
        self.plan = plan
        self.chunkSize = max(4096, chunkSize)
    }

    /// Calls `body` with consecutive pieces of the content until `plan.size` bytes were delivered.
    /// The buffer passed to `body` is only valid during the call.
    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 4096)
        defer { buffer.deallocate() }
        var delivered: UInt64 = 0
        var dataLeft = min(plan.dataLength, plan.size)
        for run in plan.runs where dataLeft > 0 {
            var offset = run.byteOffset
            var left = min(run.byteLength, dataLeft)
            while left > 0 {
                let n = Int(min(UInt64(chunkSize), left))
                let got = try source.readFully(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n]))
                if got < n {
                    throw CardIOError.truncated(source: source.name, offset: offset + UInt64(got),
                                                wanted: UInt64(n - got), available: 0)
                }
                try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
                offset += UInt64(n)
                left -= UInt64(n)
                dataLeft -= UInt64(n)
                delivered += UInt64(n)
            }
        }
        if dataLeft > 0 {
            throw FileSystemError.corrupt(structure: tr(.scFileData), reason: tr(.chainRunsShort, ["delivered": String(delivered), "expected": String(plan.dataLength)]))
        }
        // Past ValidDataLength the file reads as zeros (exFAT §7.6.5).
        var zeros = plan.size - delivered
        if zeros > 0 {
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            while zeros > 0 {
                let n = Int(min(UInt64(chunkSize), zeros))
                try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
                zeros -= UInt64(n)
            }
        }
    }
}

/// A file's content as a random-access byte source, for parsers that read a few headers
/// (MP4 boxes, AVI chunks) without streaming the whole clip.
public final class FileContentSource: ByteSource {
    public let volume: ByteSource
    public let plan: ContentPlan
    public let name: String
    public var size: UInt64 { plan.size }
    /// Start offset of each run within the file.
    private let starts: [UInt64]

    public init(volume: ByteSource, plan: ContentPlan, name: String) {
        self.volume = volume
        self.plan = plan
        self.name = name
        var starts: [UInt64] = []
        var at: UInt64 = 0
        for run in plan.runs {
            starts.append(at)
            at = at &+ run.byteLength
        }
        self.starts = starts
    }

    public func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset < plan.size, buffer.count > 0 else { return 0 }
        let want = Int(min(UInt64(buffer.count), plan.size - offset))
        if offset >= plan.dataLength {
            UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]).initializeMemory(as: UInt8.self, repeating: 0)
            return want
        }
        // The run holding `offset`: last start <= offset.
        var lo = 0, hi = starts.count - 1
        guard hi >= 0 else { return 0 }
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        let run = plan.runs[lo]
        let within = offset - starts[lo]
        guard within < run.byteLength else { return 0 }
        let n = Int(min(UInt64(want), run.byteLength - within, plan.dataLength - offset))
        return try volume.read(at: run.byteOffset + within, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n]))
    }
}
