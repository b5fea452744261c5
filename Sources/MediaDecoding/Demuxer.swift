import CFFmpeg

/// The container formats the helper lets FFmpeg probe: what camera cards hold. Everything else
/// (playlists, image sequences, network formats) is refused before a byte is parsed as it.
public let allowedDemuxers = "mov,mp4,m4a,3gp,3g2,mj2,mpeg,mpegts,mpegvideo,h264,hevc,dhav,avi,matroska,webm,flv,asf,mjpeg,m4v,wav,alaw,mulaw"

/// The one owner of an `AVFormatContext` opened for reading over a custom AVIOContext
/// (libavformat/avformat.h, "Demuxing"); closed in `deinit`.
public final class Demuxer {
    private let io: InputIO
    private(set) var context: UnsafeMutablePointer<AVFormatContext>?

    public init(input: MediaInput, budget: UInt64) throws {
        io = try InputIO(input: input, budget: budget)
        guard var ctx = avformat_alloc_context() else { throw FFmpegError("avformat_alloc_context", message: "out of memory") }
        ctx.pointee.pb = io.context
        ctx.pointee.flags |= AVFMT_FLAG_CUSTOM_IO | AVFMT_FLAG_GENPTS
        sdc_forbid_nested_open(ctx)
        var options: OpaquePointer? = nil
        defer { av_dict_free(&options) }
        av_dict_set(&options, "format_whitelist", allowedDemuxers, 0)
        av_dict_set(&options, "protocol_whitelist", "none", 0)
        var opened: UnsafeMutablePointer<AVFormatContext>? = ctx
        let status = avformat_open_input(&opened, nil, nil, &options)
        if status < 0 {
            // avformat_open_input frees the context on failure.
            throw FFmpegError("avformat_open_input", message: io.failure ?? FFmpegError.text(status))
        }
        ctx = opened!
        context = ctx
        let info = avformat_find_stream_info(ctx, nil)
        if info < 0 { throw FFmpegError("avformat_find_stream_info", message: io.failure ?? FFmpegError.text(info)) }
    }

    deinit { avformat_close_input(&context) }

    var ctx: UnsafeMutablePointer<AVFormatContext> {
        // Set in init; nil only after deinit.
        context!
    }

    /// Bytes read so far (for the budget and for the result).
    public var bytesRead: UInt64 { io.consumed }

    /// FFmpeg's short name of the format ("mpeg", "mov,mp4,m4a,3gp,3g2,mj2", "dhav").
    public var formatName: String {
        guard let iformat = ctx.pointee.iformat, let name = iformat.pointee.name else { return "?" }
        return String(cString: name)
    }

    public var streamCount: Int { Int(ctx.pointee.nb_streams) }

    public func stream(_ index: Int) -> UnsafeMutablePointer<AVStream>? {
        guard index >= 0, index < streamCount, let streams = ctx.pointee.streams else { return nil }
        return streams[index]
    }

    /// The best video stream, or nil.
    public func videoStream() -> Int? {
        let n = av_find_best_stream(ctx, AVMEDIA_TYPE_VIDEO, -1, -1, nil, 0)
        return n >= 0 ? Int(n) : nil
    }

    /// Duration of the whole container in seconds, when the format knows it.
    public var durationSeconds: Double? {
        let d = ctx.pointee.duration
        guard d != noTimestamp, d > 0 else { return nil }
        return Double(d) / Double(AV_TIME_BASE)
    }

    /// Reads the next packet into `packet`; false at the end. An error of the input names it.
    public func read(into packet: Packet) throws -> Bool {
        packet.unref()
        let status = av_read_frame(ctx, packet.pointer)
        if status == FFmpegError.endOfFile { return false }
        if status < 0 { throw FFmpegError("av_read_frame", message: io.failure ?? FFmpegError.text(status)) }
        return true
    }

    /// Seeks `stream` to the key frame at or before `timestamp` (in the stream's time base).
    public func seek(stream: Int, timestamp: Int64) throws {
        try FFmpegError.check(av_seek_frame(ctx, Int32(stream), timestamp, AVSEEK_FLAG_BACKWARD), "av_seek_frame")
    }

    /// Seeks to a byte position (formats without an index: program and transport streams, raw H.264).
    public func seek(byte position: Int64) throws {
        try FFmpegError.check(av_seek_frame(ctx, -1, position, AVSEEK_FLAG_BYTE), "av_seek_frame (byte)")
    }

    /// The key frames the container's own index lists for `stream` (MP4, MOV, AVI, Matroska):
    /// time stamps and byte positions, without reading the frames.
    public func indexedKeyFrames(stream index: Int) -> [(timestamp: Int64, position: Int64)] {
        guard let st = stream(index) else { return [] }
        let count = avformat_index_get_entries_count(st)
        var out: [(Int64, Int64)] = []
        if count <= 0 { return out }
        out.reserveCapacity(Int(count))
        for i in 0..<count {
            guard let e = avformat_index_get_entry(st, i) else { continue }
            if e.pointee.flags & AVINDEX_KEYFRAME != 0 { out.append((e.pointee.timestamp, e.pointee.pos)) }
        }
        return out
    }
}

/// The one owner of an `AVPacket`.
public final class Packet {
    let pointer: UnsafeMutablePointer<AVPacket>

    public init() throws {
        guard let p = av_packet_alloc() else { throw FFmpegError("av_packet_alloc", message: "out of memory") }
        pointer = p
    }

    deinit {
        var p: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&p)
    }

    func unref() { av_packet_unref(pointer) }

    public var streamIndex: Int { Int(pointer.pointee.stream_index) }
    public var isKey: Bool { pointer.pointee.flags & AV_PKT_FLAG_KEY != 0 }
    public var pts: Int64 { pointer.pointee.pts }
    public var dts: Int64 { pointer.pointee.dts }
    public var position: Int64 { pointer.pointee.pos }
    public var duration: Int64 { pointer.pointee.duration }
    public var size: Int { Int(pointer.pointee.size) }
}

/// The one owner of an `AVFrame`.
public final class Frame {
    let pointer: UnsafeMutablePointer<AVFrame>

    public init() throws {
        guard let f = av_frame_alloc() else { throw FFmpegError("av_frame_alloc", message: "out of memory") }
        pointer = f
    }

    deinit {
        var f: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&f)
    }

    public var width: Int { Int(pointer.pointee.width) }
    public var height: Int { Int(pointer.pointee.height) }
    /// The best guess of the frame's presentation time, in its stream's time base.
    public var timestamp: Int64 { pointer.pointee.best_effort_timestamp }
    public var isKey: Bool { pointer.pointee.key_frame != 0 }
}
