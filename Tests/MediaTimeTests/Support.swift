import CardIO
import CardFileSystem
import Foundation
@testable import MediaTime
import TestSupport

/// Counts every byte read through it, to check the per-file budget from outside the parser.
final class CountingByteSource: ByteSource {
    let inner: ByteSource
    private(set) var bytesRead = 0
    private(set) var reads = 0
    init(_ inner: ByteSource) { self.inner = inner }
    var size: UInt64 { inner.size }
    var name: String { inner.name }
    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try inner.read(at: offset, into: buffer)
        bytesRead += n
        reads += 1
        return n
    }
}

/// A source of `size` bytes that are all zero except for `head` at 0 and `tail` at the end;
/// stands for a huge clip without holding it in memory.
final class SparseByteSource: ByteSource {
    let size: UInt64
    let name = "sparse"
    let pieces: [(UInt64, [UInt8])]
    init(size: UInt64, pieces: [(UInt64, [UInt8])]) { self.size = size; self.pieces = pieces }
    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset < size else { return 0 }
        let n = Int(min(UInt64(buffer.count), size - offset))
        for i in 0..<n { buffer[i] = 0 }
        for (at, bytes) in pieces {
            let lo = max(at, offset), hi = min(at + UInt64(bytes.count), offset + UInt64(n))
            guard lo < hi else { continue }
            for p in lo..<hi { buffer[Int(p - offset)] = bytes[Int(p - at)] }
        }
        return n
    }
}

/// External tools by absolute path (TestEnvironment's lookup).
enum Tools {
    /// Runs a tool found on PATH.
    @discardableResult
    static func run(_ argv: [String]) throws -> ProcessResult {
        var argv = argv
        if let full = TestEnvironment.which(argv[0]) { argv[0] = full }
        return try runProcess(argv)
    }
}

enum Media {
    static func read(_ bytes: [UInt8], name: String, folders: [String] = [], modified: CardTimestamp? = nil) -> (RecordingTime, Int) {
        let counting = CountingByteSource(MemoryByteSource(bytes, name: name))
        let r = RecordingTimeReader.read(source: counting, fileName: name, folders: folders, modified: modified)
        return (r, counting.bytesRead)
    }

    static func read(file path: String, folders: [String] = [], modified: CardTimestamp? = nil) throws -> (RecordingTime, Int) {
        let source = try FileByteSource(path: path)
        let counting = CountingByteSource(source)
        let r = RecordingTimeReader.read(source: counting, fileName: (path as NSString).lastPathComponent,
                                         folders: folders, modified: modified)
        return (r, counting.bytesRead)
    }

    /// `ffprobe -show_format -show_streams` as JSON.
    static func ffprobe(_ path: String) throws -> [String: Any] {
        let r = try Tools.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", path])
        let json = try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any]
        return json ?? [:]
    }

    static func ffprobeFormat(_ path: String) throws -> (duration: Double?, creation: String?) {
        let j = try ffprobe(path)
        let format = j["format"] as? [String: Any] ?? [:]
        let tags = format["tags"] as? [String: Any] ?? [:]
        return ((format["duration"] as? String).flatMap(Double.init), tags["creation_time"] as? String)
    }

    /// exiftool's values for `tags`, printed as `-s -s -s`-like JSON (`-json`), no conversion (`-n`) off.
    static func exiftool(_ path: String, _ tags: [String]) throws -> [String: String] {
        let r = try Tools.run(["exiftool", "-json", "-a"] + tags.map { "-" + $0 } + [path])
        let arr = try JSONSerialization.jsonObject(with: r.stdout) as? [[String: Any]]
        var out: [String: String] = [:]
        for (k, v) in arr?.first ?? [:] { out[k] = "\(v)" }
        return out
    }
}

extension CardTimestamp {
    /// Test shorthand: `ts("2026-11-20T21:30:00")`.
    static func ts(_ text: String) -> CardTimestamp {
        (try? TimeWindow.parseTime(text, date: nil)) ?? CardTimestamp(year: 1970, month: 1, day: 1)
    }
}
