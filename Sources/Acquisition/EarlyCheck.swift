#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import OpenSSL
import SystemIO

/// The check of the image (re-read from the disk and hashed), started while the copying pass is
/// still writing: once a stretch of the image is written back and dropped from the page cache
/// (`ImageWriter.settle`), a thread of its own reads it from the disk and hashes it, so that
/// after the final sync only the last stretch is left to re-read.
///
/// Used only while every read of the source succeeds in order; a run that needs the rescue
/// passes cancels it and re-reads the whole image after its sync. `@unchecked Sendable` is
/// safe: every `var` is touched only on `queue`, and `finish` waits for the queue first.
final class EarlyCheck: @unchecked Sendable {
    private let queue = DispatchQueue(label: "acquire.check")
    private let digests: MultiDigest
    private let partials: [String]
    private let splitSize: UInt64?
    private let buffer: UnsafeMutableRawBufferPointer
    // On `queue` only.
    private var checked: UInt64 = 0
    private var failed = false
    private var fd: Int32 = -1
    private var fdPart = -1

    init(algorithms: [DigestAlgorithm], writer: ImageWriter, blockSize: Int) throws {
        digests = try MultiDigest(algorithms)
        partials = writer.finalPaths.map(ImageWriter.partialName)
        splitSize = writer.splitSize
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(4096, blockSize), alignment: 4096)
    }

    deinit {
        if fd >= 0 { close(fd) }
        buffer.deallocate()
    }

    /// Reads and hashes the image up to `end` (everything before it settled).
    func submit(upTo end: UInt64) {
        queue.async { [self] in
            guard !failed else { return }
            while checked < end {
                let i = splitSize.map { Int(clamping: checked / $0) } ?? 0
                let partStart = splitSize.map { UInt64(i) * $0 } ?? 0
                let partEnd = splitSize.map { partStart + $0 } ?? UInt64.max
                let n = Int(min(UInt64(buffer.count), min(end, partEnd) - checked))
                guard i < partials.count, n > 0, openPart(i) else { failed = true; return }
                let piece = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n])
                guard let got = try? FileIO.readFull(fd, at: Int64(checked - partStart), into: piece), got == n,
                      (try? digests.update(UnsafeRawBufferPointer(piece))) != nil else {
                    failed = true
                    return
                }
                checked += UInt64(n)
            }
        }
    }

    private func openPart(_ i: Int) -> Bool {
        if fdPart == i && fd >= 0 { return true }
        if fd >= 0 { close(fd) }
        fd = open(partials[i], O_RDONLY | O_CLOEXEC)
        fdPart = i
        return fd >= 0
    }

    func cancel() { queue.async { [self] in failed = true } }

    /// Waits for the reads handed over; the digests and how far they got, or nil when a read
    /// failed or the check was cancelled.
    func finish() -> (digests: MultiDigest, checked: UInt64)? {
        queue.sync {
            if fd >= 0 { close(fd); fd = -1 }
            return failed ? nil : (digests, checked)
        }
    }
}
