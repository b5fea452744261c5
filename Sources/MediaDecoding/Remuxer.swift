import CFFmpeg

/// What a stream copy produced.
public struct RemuxSummary: Sendable {
    public var inputFormat: String
    /// "mp4" or "mov".
    public var container: String
    public var streams: [String]
    /// Streams left out, each with the reason.
    public var dropped: [String]
    public var videoPackets: Int
    /// Packets left out because their time stamps went backwards (a damaged stream).
    public var skippedPackets: Int
    public var bytes: UInt64
}

/// Copies a clip's video and audio packets, unchanged, into MP4 (MOV when the audio needs it,
/// e.g. G.711 A-law), with HEVC tagged `hvc1` so QuickTime plays it (libavformat "Muxing";
/// ISO/IEC 14496-15 for the sample entry names).
public enum Remuxer {
    public static func run(input: MediaInput, output: MediaOutput, budget: UInt64, limit: UInt64) throws -> RemuxSummary {
        let demuxer = try Demuxer(input: input, budget: budget)
        guard let video = demuxer.videoStream() else { throw FFmpegError("av_find_best_stream", message: "no video stream") }
        let audioIndex = av_find_best_stream(demuxer.ctx, AVMEDIA_TYPE_AUDIO, -1, Int32(video), nil, 0)
        var chosen = [video]
        if audioIndex >= 0 { chosen.append(Int(audioIndex)) }

        func codecID(_ i: Int) -> AVCodecID { demuxer.stream(i)?.pointee.codecpar?.pointee.codec_id ?? AV_CODEC_ID_NONE }
        func name(_ id: AVCodecID) -> String { String(cString: avcodec_get_name(id)) }
        func accepts(_ format: String, _ id: AVCodecID) -> Bool {
            guard let f = av_guess_format(format, nil, nil) else { return false }
            return avformat_query_codec(f, id, FF_COMPLIANCE_NORMAL) == 1
        }
        var dropped: [String] = []
        for i in 0..<demuxer.streamCount where !chosen.contains(i) {
            let type = demuxer.stream(i)?.pointee.codecpar?.pointee.codec_type ?? AVMEDIA_TYPE_UNKNOWN
            dropped.append("stream \(i) (\(name(codecID(i))), \(av_get_media_type_string(type).map { String(cString: $0) } ?? "data")): not a video or audio stream a player needs")
        }
        guard accepts("mov", codecID(video)) else {
            throw FFmpegError("remux", message: "the video codec \(name(codecID(video))) cannot be stream-copied into MP4 or MOV")
        }
        var container = accepts("mp4", codecID(video)) ? "mp4" : "mov"
        if chosen.count > 1 {
            let audio = codecID(chosen[1])
            if !accepts(container, audio) {
                if accepts("mov", audio) {
                    container = "mov"
                } else {
                    dropped.append("stream \(chosen[1]) (\(name(audio))): audio MP4 and MOV cannot hold without re-encoding")
                    chosen.removeLast()
                }
            }
        }

        try output.begin(container: container)
        let io = try OutputIO(output: output, limit: limit)
        var octx: UnsafeMutablePointer<AVFormatContext>? = nil
        try FFmpegError.check(avformat_alloc_output_context2(&octx, nil, container, nil), "avformat_alloc_output_context2")
        guard let oc = octx else { throw FFmpegError("avformat_alloc_output_context2", message: "out of memory") }
        defer { avformat_free_context(oc) }
        oc.pointee.pb = io.context
        oc.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
        // Program streams start their clocks anywhere; the copy starts at zero.
        oc.pointee.avoid_negative_ts = AVFMT_AVOID_NEG_TS_MAKE_ZERO
        // libavformat's default (-1) flushes the AVIO buffer after every packet: one write, one
        // message to the parent and one pwrite per frame. Stream copy needs no flush points; the
        // 1 MiB buffer then leaves in full pieces.
        oc.pointee.flush_packets = 0

        var map: [Int: Int] = [:]
        var streams: [String] = []
        for (outIndex, i) in chosen.enumerated() {
            guard let ist = demuxer.stream(i), let ipar = ist.pointee.codecpar else { continue }
            guard let ost = avformat_new_stream(oc, nil) else { throw FFmpegError("avformat_new_stream", message: "out of memory") }
            try FFmpegError.check(avcodec_parameters_copy(ost.pointee.codecpar, ipar), "avcodec_parameters_copy")
            ost.pointee.codecpar.pointee.codec_tag = 0
            if ipar.pointee.codec_id == AV_CODEC_ID_HEVC {
                ost.pointee.codecpar.pointee.codec_tag = UInt32(bitPattern: sdc_mktag(0x68, 0x76, 0x63, 0x31)) // "hvc1"
            }
            ost.pointee.time_base = ist.pointee.time_base
            map[i] = outIndex
            streams.append(name(ipar.pointee.codec_id))
        }
        var status = avformat_write_header(oc, nil)
        if status < 0 { throw FFmpegError("avformat_write_header", message: io.failure ?? FFmpegError.text(status)) }

        let packet = try Packet()
        var lastDTS: [Int: Int64] = [:]
        var previousDTS: [Int: Int64] = [:]
        var videoPackets = 0, skipped = 0
        while try demuxer.read(into: packet) {
            let i = packet.streamIndex
            guard let outIndex = map[i], let ist = demuxer.stream(i), let ost = oc.pointee.streams[outIndex] else { continue }
            let p = packet.pointer
            // Raw streams (XM .h264) carry no time stamps: number the frames at the stream's rate.
            // A packet without time stamps (raw XM .h264, or a PES that carried none) follows the
            // one before it by its duration, or one frame at the stream's rate.
            if p.pointee.pts == noTimestamp && p.pointee.dts == noTimestamp {
                let rate = ist.pointee.avg_frame_rate.num > 0 ? ist.pointee.avg_frame_rate : AVRational(num: 25, den: 1)
                let tb = ist.pointee.time_base
                let ticks = p.pointee.duration > 0 ? p.pointee.duration
                    : max(1, Int64(Double(tb.den) * Double(rate.den) / (Double(max(1, tb.num)) * Double(max(1, rate.num)))))
                let t = previousDTS[i].map { $0 &+ ticks } ?? 0
                p.pointee.pts = t
                p.pointee.dts = t
                if p.pointee.duration <= 0 { p.pointee.duration = ticks }
            } else if p.pointee.pts == noTimestamp {
                p.pointee.pts = p.pointee.dts
            } else if p.pointee.dts == noTimestamp {
                p.pointee.dts = p.pointee.pts
            }
            previousDTS[i] = p.pointee.dts
            av_packet_rescale_ts(p, ist.pointee.time_base, ost.pointee.time_base)
            // A damaged stream whose clock goes backwards: the muxer would refuse the whole copy.
            if let last = lastDTS[outIndex], p.pointee.dts <= last { skipped += 1; continue }
            lastDTS[outIndex] = p.pointee.dts
            p.pointee.stream_index = Int32(outIndex)
            p.pointee.pos = -1
            if i == chosen[0] { videoPackets += 1 }
            status = av_interleaved_write_frame(oc, p)
            if status < 0 { throw FFmpegError("av_interleaved_write_frame", message: io.failure ?? FFmpegError.text(status)) }
        }
        status = av_write_trailer(oc)
        if status < 0 { throw FFmpegError("av_write_trailer", message: io.failure ?? FFmpegError.text(status)) }
        io.flush()
        if let failure = io.failure { throw FFmpegError("write", message: failure) }
        return RemuxSummary(inputFormat: demuxer.formatName, container: container, streams: streams, dropped: dropped,
                            videoPackets: videoPackets, skippedPackets: skipped, bytes: io.end)
    }
}
