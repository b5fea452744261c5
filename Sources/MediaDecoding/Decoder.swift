import CFFmpeg

/// The one owner of a video decoder's `AVCodecContext` (libavcodec/avcodec.h, "send/receive"),
/// single-threaded so that the helper's CPU and memory limits are the decoder's.
public final class Decoder {
    private var context: UnsafeMutablePointer<AVCodecContext>?
    public let codecName: String

    public init(parameters: UnsafePointer<AVCodecParameters>) throws {
        guard let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            throw FFmpegError("avcodec_find_decoder", message: "no decoder for codec \(String(cString: avcodec_get_name(parameters.pointee.codec_id)))")
        }
        codecName = String(cString: codec.pointee.name)
        guard let ctx = avcodec_alloc_context3(codec) else { throw FFmpegError("avcodec_alloc_context3", message: "out of memory") }
        context = ctx
        try FFmpegError.check(avcodec_parameters_to_context(ctx, parameters), "avcodec_parameters_to_context")
        ctx.pointee.thread_count = 1
        try FFmpegError.check(avcodec_open2(ctx, codec, nil), "avcodec_open2 (\(codecName))")
    }

    deinit { avcodec_free_context(&context) }

    private var ctx: UnsafeMutablePointer<AVCodecContext> { context! }

    /// Forgets every buffered frame (after a seek).
    public func flush() { avcodec_flush_buffers(ctx) }

    /// Sends one packet (nil: the end, so the decoder gives out what it holds).
    public func send(_ packet: Packet?) throws {
        let status = avcodec_send_packet(ctx, packet?.pointer)
        if status == FFmpegError.again || status == FFmpegError.endOfFile { return }
        try FFmpegError.check(status, "avcodec_send_packet (\(codecName))")
    }

    /// The next decoded frame into `frame`; false when the decoder needs more input or is drained.
    public func receive(into frame: Frame) throws -> Bool {
        let status = avcodec_receive_frame(ctx, frame.pointer)
        if status == FFmpegError.again || status == FFmpegError.endOfFile { return false }
        try FFmpegError.check(status, "avcodec_receive_frame (\(codecName))")
        return true
    }
}
