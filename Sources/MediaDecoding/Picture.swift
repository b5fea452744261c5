import CFFmpeg

/// A picture in full-range YUV 4:2:0 (what JPEG holds), owned, for scaling into and encoding:
/// one decoded frame, or a contact sheet made of several.
public final class Picture {
    let frame: Frame
    public var width: Int { frame.width }
    public var height: Int { frame.height }

    static let format = AV_PIX_FMT_YUVJ420P

    /// Largest side the helper makes a picture of: a hostile header cannot ask for gigabytes.
    public static let maxSide = 8192

    public init(width: Int, height: Int) throws {
        guard width > 0, height > 0, width <= Picture.maxSide, height <= Picture.maxSide else {
            throw FFmpegError("picture", message: "unusable picture size \(width)×\(height)")
        }
        frame = try Frame()
        frame.pointer.pointee.width = Int32(width)
        frame.pointer.pointee.height = Int32(height)
        frame.pointer.pointee.format = Picture.format.rawValue
        try FFmpegError.check(av_frame_get_buffer(frame.pointer, 0), "av_frame_get_buffer")
        fillBlack()
    }

    /// Black in full range: Y 0, chroma 128.
    func fillBlack() {
        let f = frame.pointer.pointee
        let chromaHeight = (height + 1) / 2
        if let y = f.data.0 { y.initialize(repeating: 0, count: Int(f.linesize.0) * height) }
        if let u = f.data.1 { u.initialize(repeating: 128, count: Int(f.linesize.1) * chromaHeight) }
        if let v = f.data.2 { v.initialize(repeating: 128, count: Int(f.linesize.2) * chromaHeight) }
    }

    /// Scales `source` into the rectangle at (`x`, `y`) of size `w`×`h` (x, y even).
    public func draw(_ source: Frame, x: Int, y: Int, w: Int, h: Int) throws {
        guard source.width > 0, source.height > 0, w > 0, h > 0, x >= 0, y >= 0, x + w <= width, y + h <= height else {
            throw FFmpegError("sws_scale", message: "frame does not fit the picture")
        }
        let srcFormat = AVPixelFormat(rawValue: source.pointer.pointee.format)
        guard let sws = sws_getContext(Int32(source.width), Int32(source.height), srcFormat, Int32(w), Int32(h), Picture.format,
                                       Int32(SWS_BILINEAR), nil, nil, nil) else {
            throw FFmpegError("sws_getContext", message: "cannot convert pixel format \(srcFormat.rawValue)")
        }
        defer { sws_freeContext(sws) }
        let f = frame.pointer.pointee
        let cx = x / 2, cy = y / 2
        var dst: [UnsafeMutablePointer<UInt8>?] = [
            f.data.0.map { $0 + y * Int(f.linesize.0) + x },
            f.data.1.map { $0 + cy * Int(f.linesize.1) + cx },
            f.data.2.map { $0 + cy * Int(f.linesize.2) + cx },
            nil,
        ]
        var dstStride: [Int32] = [f.linesize.0, f.linesize.1, f.linesize.2, 0]
        let s = source.pointer.pointee
        var src: [UnsafePointer<UInt8>?] = [s.data.0, s.data.1, s.data.2, s.data.3].map { $0.map { UnsafePointer($0) } }
        var srcStride: [Int32] = [s.linesize.0, s.linesize.1, s.linesize.2, s.linesize.3]
        let rows = sws_scale(sws, &src, &srcStride, 0, Int32(source.height), &dst, &dstStride)
        if rows <= 0 { throw FFmpegError("sws_scale", code: rows < 0 ? rows : sdc_averror_invaliddata()) }
    }

    /// A picture of `frame` at its own size (even-sized, as 4:2:0 needs).
    public static func of(_ frame: Frame, maxWidth: Int? = nil) throws -> Picture {
        var w = frame.width, h = frame.height
        if let maxWidth, w > maxWidth, w > 0 {
            h = max(2, h * maxWidth / w)
            w = maxWidth
        }
        w &= ~1
        h &= ~1
        let picture = try Picture(width: max(2, w), height: max(2, h))
        try picture.draw(frame, x: 0, y: 0, w: picture.width, h: picture.height)
        return picture
    }

    /// The picture as a baseline JPEG (FFmpeg's MJPEG encoder, fixed quantiser).
    public func jpeg(quality: Int32 = 3) throws -> [UInt8] {
        guard let codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG) else {
            throw FFmpegError("avcodec_find_encoder", message: "FFmpeg was built without its MJPEG encoder")
        }
        var ctx = avcodec_alloc_context3(codec)
        guard let c = ctx else { throw FFmpegError("avcodec_alloc_context3", message: "out of memory") }
        defer { avcodec_free_context(&ctx) }
        c.pointee.width = Int32(width)
        c.pointee.height = Int32(height)
        c.pointee.pix_fmt = Picture.format
        c.pointee.color_range = AVCOL_RANGE_JPEG
        c.pointee.time_base = AVRational(num: 1, den: 25)
        c.pointee.flags |= AV_CODEC_FLAG_QSCALE
        c.pointee.global_quality = FF_QP2LAMBDA * quality
        c.pointee.thread_count = 1
        try FFmpegError.check(avcodec_open2(c, codec, nil), "avcodec_open2 (mjpeg)")
        frame.pointer.pointee.quality = c.pointee.global_quality
        frame.pointer.pointee.pts = 0
        try FFmpegError.check(avcodec_send_frame(c, frame.pointer), "avcodec_send_frame (mjpeg)")
        try FFmpegError.check(avcodec_send_frame(c, nil), "avcodec_send_frame (mjpeg, end)")
        let packet = try Packet()
        let status = avcodec_receive_packet(c, packet.pointer)
        try FFmpegError.check(status, "avcodec_receive_packet (mjpeg)")
        guard let data = packet.pointer.pointee.data, packet.size > 0 else {
            throw FFmpegError("avcodec_receive_packet (mjpeg)", message: "empty picture")
        }
        return Array(UnsafeBufferPointer(start: data, count: packet.size))
    }

    /// Writes `text` in white at (`x`, `y`) with a 5×7 dot font scaled by `scale` (digits, `:`,
    /// `.`, `-`, `+`, space, `s`); other characters are left blank. For the contact sheet's times.
    public func drawText(_ text: String, x: Int, y: Int, scale: Int) {
        let f = frame.pointer.pointee
        guard let plane = f.data.0, scale > 0 else { return }
        let stride = Int(f.linesize.0)
        var penX = x
        for c in text {
            let rows = Picture.glyphs[c] ?? Picture.glyphs[" "] ?? []
            for (row, bits) in rows.enumerated() {
                for col in 0..<5 where bits & (0x10 >> col) != 0 {
                    for dy in 0..<scale {
                        let py = y + row * scale + dy
                        guard py >= 0, py < height else { continue }
                        for dx in 0..<scale {
                            let px = penX + col * scale + dx
                            guard px >= 0, px < width else { continue }
                            plane[py * stride + px] = 235
                        }
                    }
                }
            }
            penX += 6 * scale
        }
    }

    /// Width of `text` in pixels at `scale`.
    public static func textWidth(_ text: String, scale: Int) -> Int { text.count * 6 * scale }

    static let glyphs: [Character: [UInt8]] = [
        "0": [0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E], "1": [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E],
        "2": [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F], "3": [0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E],
        "4": [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02], "5": [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E],
        "6": [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E], "7": [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
        "8": [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E], "9": [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C],
        ":": [0x00, 0x0C, 0x0C, 0x00, 0x0C, 0x0C, 0x00], ".": [0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C],
        "-": [0x00, 0x00, 0x00, 0x1F, 0x00, 0x00, 0x00], "+": [0x00, 0x04, 0x04, 0x1F, 0x04, 0x04, 0x00],
        "s": [0x00, 0x00, 0x0E, 0x10, 0x0E, 0x01, 0x1E], " ": [0, 0, 0, 0, 0, 0, 0],
    ]
}
