import CFFmpeg
#if canImport(Glibc)
import Glibc
#endif

/// Where the demuxer's bytes come from: positional reads of a read-only source (in the helper, a
/// request to the parent over the pipe). FFmpeg never opens a path: it reads only through this.
public protocol MediaInput: AnyObject {
    var size: UInt64 { get }
    /// Up to `buffer.count` bytes at `offset`; 0 at the end.
    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Where a muxer's bytes go: positional writes (the MP4 muxer goes back to patch sizes).
public protocol MediaOutput: AnyObject {
    /// Called once, before the first write, with what the output will be ("mp4", "mov").
    func begin(container: String) throws
    func write(at offset: UInt64, _ bytes: UnsafeRawBufferPointer) throws
}

extension MediaOutput {
    public func begin(container: String) throws {}
}

/// The one owner of a custom reading AVIOContext over a `MediaInput`, with a byte budget: a
/// demuxer that loops over the same bytes (a hostile index pointing backwards) stops at it.
final class InputIO {
    let input: MediaInput
    let budget: UInt64
    private(set) var consumed: UInt64 = 0
    private(set) var position: UInt64 = 0
    /// Why the last read failed, for the error message (FFmpeg only sees an error code).
    private(set) var failure: String?
    private(set) var context: UnsafeMutablePointer<AVIOContext>?

    static let bufferSize: Int32 = 1 << 20

    init(input: MediaInput, budget: UInt64) throws {
        self.input = input
        self.budget = budget
        guard let buffer = av_malloc(Int(InputIO.bufferSize)) else {
            throw FFmpegError("av_malloc", message: "out of memory")
        }
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        guard let ctx = avio_alloc_context(buffer.assumingMemoryBound(to: UInt8.self), InputIO.bufferSize, 0, opaque,
                                           { opaque, buf, size in
                                               guard let opaque, let buf, size > 0 else { return sdc_averror_eof() }
                                               return Unmanaged<InputIO>.fromOpaque(opaque).takeUnretainedValue().read(buf, Int(size))
                                           }, nil,
                                           { opaque, offset, whence in
                                               guard let opaque else { return Int64(sdc_averror_errno(EINVAL)) }
                                               return Unmanaged<InputIO>.fromOpaque(opaque).takeUnretainedValue().seek(offset, whence)
                                           }) else {
            av_free(buffer)
            throw FFmpegError("avio_alloc_context", message: "out of memory")
        }
        context = ctx
    }

    deinit {
        if context != nil {
            // FFmpeg may have replaced the buffer; free the one the context holds now.
            av_freep(&context!.pointee.buffer)
            avio_context_free(&context)
        }
    }

    private func read(_ buffer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int32 {
        if position >= input.size { return sdc_averror_eof() }
        if consumed >= budget {
            failure = "read budget of \(budget) bytes used up (the container makes the demuxer read its bytes over and over)"
            return sdc_averror_errno(EFBIG)
        }
        let want = Int(min(UInt64(count), input.size - position, budget - consumed))
        do {
            let n = try input.read(at: position, into: UnsafeMutableRawBufferPointer(start: buffer, count: want))
            if n <= 0 { return sdc_averror_eof() }
            position += UInt64(n)
            consumed += UInt64(n)
            return Int32(n)
        } catch {
            failure = "\(error)"
            return sdc_averror_errno(EIO)
        }
    }

    private func seek(_ offset: Int64, _ whence: Int32) -> Int64 {
        switch AVIOSeek.resolve(offset, whence, position: position, size: input.size, limit: .max) {
        case .size(let size): return size
        case .moved(let target): position = UInt64(target); return target
        case .invalid: return Int64(sdc_averror_errno(EINVAL))
        }
    }
}

/// The one owner of a custom writing AVIOContext over a `MediaOutput`, with a size limit.
final class OutputIO {
    let output: MediaOutput
    let limit: UInt64
    private(set) var position: UInt64 = 0
    private(set) var end: UInt64 = 0
    private(set) var failure: String?
    private(set) var context: UnsafeMutablePointer<AVIOContext>?

    init(output: MediaOutput, limit: UInt64) throws {
        self.output = output
        self.limit = limit
        let size: Int32 = 1 << 20
        guard let buffer = av_malloc(Int(size)) else { throw FFmpegError("av_malloc", message: "out of memory") }
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        guard let ctx = avio_alloc_context(buffer.assumingMemoryBound(to: UInt8.self), size, 1, opaque, nil,
                                           { opaque, buf, size in
                                               guard let opaque, let buf, size >= 0 else { return sdc_averror_errno(EINVAL) }
                                               return Unmanaged<OutputIO>.fromOpaque(opaque).takeUnretainedValue().write(buf, Int(size))
                                           },
                                           { opaque, offset, whence in
                                               guard let opaque else { return Int64(sdc_averror_errno(EINVAL)) }
                                               return Unmanaged<OutputIO>.fromOpaque(opaque).takeUnretainedValue().seek(offset, whence)
                                           }) else {
            av_free(buffer)
            throw FFmpegError("avio_alloc_context", message: "out of memory")
        }
        context = ctx
    }

    deinit {
        if context != nil {
            av_freep(&context!.pointee.buffer)
            avio_context_free(&context)
        }
    }

    func flush() { if let context { avio_flush(context) } }

    private func write(_ buffer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int32 {
        let (after, overflow) = position.addingReportingOverflow(UInt64(count))
        if overflow || after > limit {
            failure = "the working copy would exceed \(limit) bytes"
            return sdc_averror_errno(EFBIG)
        }
        do {
            try output.write(at: position, UnsafeRawBufferPointer(start: buffer, count: count))
        } catch {
            failure = "\(error)"
            return sdc_averror_errno(EIO)
        }
        position = after
        end = max(end, after)
        return Int32(count)
    }

    private func seek(_ offset: Int64, _ whence: Int32) -> Int64 {
        switch AVIOSeek.resolve(offset, whence, position: position, size: end, limit: limit) {
        case .size(let size): return size
        case .moved(let target): position = UInt64(target); return target
        case .invalid: return Int64(sdc_averror_errno(EINVAL))
        }
    }
}

/// The seek callback of both AVIO contexts (libavformat/avio.h): `AVSEEK_SIZE` asks the size;
/// otherwise `SEEK_SET`/`SEEK_CUR`/`SEEK_END` from `position` or `size`, checked for overflow
/// and kept within `0...limit` (a hostile container's offsets are input like any other).
enum AVIOSeek {
    enum Outcome: Equatable { case size(Int64), moved(Int64), invalid }

    static func resolve(_ offset: Int64, _ whence: Int32, position: UInt64, size: UInt64, limit: UInt64) -> Outcome {
        let base = whence & ~sdc_avseek_force()
        if base == sdc_avseek_size() { return .size(Int64(clamping: size)) }
        let from: Int64
        switch base {
        case SEEK_SET: from = 0
        case SEEK_CUR: from = Int64(clamping: position)
        case SEEK_END: from = Int64(clamping: size)
        default: return .invalid
        }
        let (target, overflow) = from.addingReportingOverflow(offset)
        guard !overflow, target >= 0, UInt64(target) <= limit else { return .invalid }
        return .moved(target)
    }
}
