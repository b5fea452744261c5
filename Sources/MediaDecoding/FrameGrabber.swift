import CFFmpeg

/// A key frame of a clip's video stream: its presentation time stamp (stream time base) and where
/// its packet starts in the bytes.
public struct KeyFrame: Sendable, Equatable {
    public let timestamp: Int64
    public let position: Int64
    /// Where to seek to reach it: its own position, or (a packet that began in an earlier pack of
    /// a program stream has none) the last known position before it.
    public var anchor: Int64

    public init(timestamp: Int64, position: Int64, anchor: Int64? = nil) {
        self.timestamp = timestamp
        self.position = position
        self.anchor = anchor ?? position
    }
}

/// What the helper learnt of a clip's video stream.
public struct VideoSummary: Sendable {
    public var format: String
    public var codec: String
    public var width: Int
    public var height: Int
    /// Seconds from the first frame to the end of the last (nil when nothing says).
    public var duration: Double?
    /// Video packets seen, when the whole stream was read (a scan); nil when only the index was used.
    public var frameCount: Int?
    public var keyFrames: Int
    /// Where the key frames came from: "index" (the container's own) or "scan" (every packet read).
    public var keyFrameSource: String
}

/// Finds a clip's key frames and decodes chosen frames (libavformat's seek + libavcodec's
/// send/receive). One grabber per clip; every FFmpeg object it holds has one owner.
public final class FrameGrabber {
    let demuxer: Demuxer
    public let stream: Int
    let decoder: Decoder
    let timeBase: AVRational
    /// The stream's first time stamp: times are reported from here (0 = the clip's first frame).
    let origin: Int64
    /// Nominal frame duration in stream ticks (for streams without time stamps, raw H.264).
    let frameTicks: Int64
    private let packet: Packet
    private let frame: Frame
    /// Key frames come from a scan of every packet (no index): seek by byte position.
    private var byteSeek = false
    public private(set) var summary: VideoSummary

    /// Formats whose files carry a complete index (sample tables, cues, idx1).
    static let indexedFormats: Set<String> = ["mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "avi", "asf"]

    /// At most this many frames are decoded to reach one exact time (`--at` between key frames).
    public static let maxFramesPerSeek = 3000

    public init(input: MediaInput, budget: UInt64) throws {
        demuxer = try Demuxer(input: input, budget: budget)
        guard let index = demuxer.videoStream(), let st = demuxer.stream(index), let par = st.pointee.codecpar else {
            throw FFmpegError("av_find_best_stream", message: "no video stream")
        }
        stream = index
        timeBase = st.pointee.time_base
        guard timeBase.num > 0, timeBase.den > 0 else { throw FFmpegError("stream", message: "invalid time base") }
        origin = st.pointee.start_time == noTimestamp ? 0 : st.pointee.start_time
        let rate = st.pointee.avg_frame_rate.num > 0 ? st.pointee.avg_frame_rate : st.pointee.r_frame_rate
        if rate.num > 0, rate.den > 0 {
            frameTicks = max(1, Int64(Double(timeBase.den) * Double(rate.den) / (Double(timeBase.num) * Double(rate.num))))
        } else {
            frameTicks = max(1, Int64(timeBase.den) / max(1, Int64(timeBase.num) * 25))
        }
        decoder = try Decoder(parameters: par)
        packet = try Packet()
        frame = try Frame()
        var duration: Double? = nil
        if st.pointee.duration != noTimestamp, st.pointee.duration > 0 {
            duration = Double(st.pointee.duration) * Double(timeBase.num) / Double(timeBase.den)
        } else {
            duration = demuxer.durationSeconds
        }
        summary = VideoSummary(format: demuxer.formatName, codec: decoder.codecName, width: Int(par.pointee.width),
                               height: Int(par.pointee.height), duration: duration, frameCount: nil, keyFrames: 0,
                               keyFrameSource: "index")
    }

    /// Seconds from the clip's first frame.
    public func seconds(_ ts: Int64) -> Double {
        Double(ts &- origin) * Double(timeBase.num) / Double(timeBase.den)
    }

    func ticks(_ seconds: Double) -> Int64 {
        let t = seconds * Double(timeBase.den) / Double(timeBase.num)
        guard t.isFinite, abs(t) < 9e18 else { return origin }
        return origin &+ Int64(t)
    }

    /// The key frames in presentation order: from the container's index where it has one, else
    /// by reading every packet (no decoding).
    public func keyFrames() throws -> [KeyFrame] {
        // Only containers that store an index in the file have a complete one; for the others
        // libavformat's "generic index" holds just the key frames probing happened to read.
        let indexed = FrameGrabber.indexedFormats.contains(demuxer.formatName) ? demuxer.indexedKeyFrames(stream: stream) : []
        if !indexed.isEmpty {
            summary.keyFrames = indexed.count
            summary.keyFrameSource = "index"
            return indexed.map { KeyFrame(timestamp: $0.timestamp, position: $0.position) }
        }
        var keys: [KeyFrame] = []
        var count = 0
        var last: Int64? = nil
        var first: Int64? = nil
        var lastPosition: Int64 = -1
        var previous: Int64? = nil
        while try demuxer.read(into: packet) {
            guard packet.streamIndex == stream else { continue }
            let anchor = packet.position >= 0 ? packet.position : lastPosition
            if packet.position >= 0 { lastPosition = packet.position }
            var ts = packet.pts != noTimestamp ? packet.pts : packet.dts
            // A packet without a time stamp (a PES that carried none) follows the one before it.
            if ts == noTimestamp { ts = (previous ?? (origin &- frameTicks)) &+ frameTicks }
            previous = ts
            if packet.isKey { keys.append(KeyFrame(timestamp: ts, position: packet.position, anchor: max(0, anchor))) }
            count += 1
            let end = ts &+ (packet.duration > 0 ? packet.duration : frameTicks)
            last = max(last ?? end, end)
            first = min(first ?? ts, ts)
        }
        keys.sort { $0.timestamp < $1.timestamp }
        summary.frameCount = count
        summary.keyFrames = keys.count
        summary.keyFrameSource = "scan"
        if let first, let last, last > first {
            summary.duration = Double(last &- first) * Double(timeBase.num) / Double(timeBase.den)
        }
        byteSeek = true
        return keys
    }

    private func seek(to key: KeyFrame) throws {
        if byteSeek, key.anchor >= 0 {
            try demuxer.seek(byte: key.anchor)
        } else {
            try demuxer.seek(stream: stream, timestamp: key.timestamp)
        }
        decoder.flush()
    }

    /// Decodes the key frame `key` alone: seek, one packet, drain.
    public func decode(key: KeyFrame) throws -> (frame: Frame, timestamp: Int64) {
        // An index's times are decoding times and the demuxer shifts a seek target by the
        // stream's composition offset, so a seek can land a key frame early (skipped by position)
        // or late (seek again, earlier).
        for attempt in 0..<4 {
            if let hit = try decodeOnce(key: key, back: Int64(attempt) &* 25 &* frameTicks) { return hit }
        }
        throw FFmpegError("decode", message: "the key frame at \(seconds(key.timestamp)) s was not found after seeking")
    }

    private func decodeOnce(key: KeyFrame, back: Int64) throws -> (frame: Frame, timestamp: Int64)? {
        if !byteSeek {
            try demuxer.seek(stream: stream, timestamp: key.timestamp &- back)
            decoder.flush()
        } else {
            if back > 0 { return nil }
            try seek(to: key)
        }
        var reads = 0
        while try demuxer.read(into: packet) {
            reads += 1
            if reads > FrameGrabber.maxFramesPerSeek * 4 { break }
            guard packet.streamIndex == stream, packet.isKey else { continue }
            if !byteSeek, key.position >= 0, packet.position >= 0 {
                if packet.position < key.position { continue }
                if packet.position > key.position { return nil }
            }
            // After a seek the demuxer may land on an earlier key frame; skip to ours.
            if byteSeek, key.position >= 0, packet.position >= 0, packet.position < key.position { continue }
            let ts = packet.pts != noTimestamp ? packet.pts : packet.dts
            if byteSeek, key.position < 0, ts != noTimestamp, ts &+ 2 &* frameTicks < key.timestamp { continue }
            try decoder.send(packet)
            try decoder.send(nil)
            if try decoder.receive(into: frame) {
                // Index entries carry decoding times; the picture's presentation time is the frame's.
                // After a byte seek the decoder's guess can be a frame off; the scan's time is exact.
                let ts = byteSeek || frame.timestamp == noTimestamp ? key.timestamp : frame.timestamp
                let out = try Frame()
                av_frame_move_ref(out.pointer, frame.pointer)
                decoder.flush()
                return (out, ts)
            }
            decoder.flush()
            throw FFmpegError("decode", message: "the key frame at \(seconds(key.timestamp)) s does not decode to a picture")
        }
        return nil
    }

    /// Decodes the first frame shown at or after `at` seconds, starting from the key frame before it.
    public func decode(at: Double, keys: [KeyFrame]) throws -> (frame: Frame, timestamp: Int64) {
        let target = ticks(at)
        guard let key = keys.last(where: { $0.timestamp <= target }) ?? keys.first else {
            throw FFmpegError("decode", message: "the clip has no key frame")
        }
        try seek(to: key)
        var decoded = 0
        var started = false
        var best: (Frame, Int64)? = nil
        var count: Int64 = 0
        func take() throws -> (Frame, Int64)? {
            while try decoder.receive(into: frame) {
                decoded += 1
                var ts = frame.timestamp
                if ts == noTimestamp { ts = key.timestamp &+ count &* frameTicks }
                count += 1
                let out = try Frame()
                av_frame_move_ref(out.pointer, frame.pointer)
                best = (out, ts)
                if ts >= target { return (out, ts) }
            }
            return nil
        }
        while decoded < FrameGrabber.maxFramesPerSeek, try demuxer.read(into: packet) {
            guard packet.streamIndex == stream else { continue }
            if !started {
                guard packet.isKey else { continue }
                if byteSeek, key.position >= 0, packet.position >= 0, packet.position < key.position { continue }
                started = true
            }
            try decoder.send(packet)
            if let hit = try take() { decoder.flush(); return hit }
        }
        try decoder.send(nil)
        if let hit = try take() { decoder.flush(); return hit }
        decoder.flush()
        if let best { return best }
        throw FFmpegError("decode", message: "no picture decodes at \(at) s")
    }
}
