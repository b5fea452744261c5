import Codecs
import MediaDecoding
import MediaProtocol

/// The helper's jobs: each reads the clip through `PipeInput` and answers on the pipe.
enum Jobs {
    static func frames(_ job: MediaJob, pipe: MessagePipe) throws -> JSONValue {
        let input = PipeInput(pipe: pipe, size: job.size)
        let grabber = try FrameGrabber(input: input, budget: job.size &* 6 &+ (64 << 20))
        let keys = try grabber.keyFrames()
        guard !keys.isEmpty else { throw HelperFailure("the clip has no key frame") }
        // What each picture was, so the contact sheet decodes its three again instead of holding
        // every decoded frame (a thousand 1080p frames would not fit the memory limit).
        enum Spec { case key(KeyFrame), time(Double) }
        var shown: [(spec: Spec, seconds: Double)] = []
        var sent = 0
        func emit(_ frame: Frame, _ ts: Int64, key: Bool, requested: Double?, spec: Spec) throws {
            let seconds = grabber.seconds(ts)
            let picture = try Picture.of(frame, maxWidth: job.maxWidth)
            var info: [(String, JSONValue)] = [("kind", .string("frame")), ("pts", .double(seconds)), ("key", .bool(key)),
                                               ("width", .int(Int64(picture.width))), ("height", .int(Int64(picture.height)))]
            if let requested { info.append(("requested", .double(requested))) }
            try pipe.send(.frame(.object(info), jpeg: try picture.jpeg()))
            sent += 1
            if job.sheet { shown.append((spec, seconds)) }
        }
        func emitKey(_ k: KeyFrame, requested: Double? = nil) throws {
            let (frame, ts) = try grabber.decode(key: k)
            try emit(frame, ts, key: true, requested: requested, spec: .key(k))
        }
        var lastSnapped: KeyFrame? = nil
        func emitTime(_ t: Double, snap: Bool) throws {
            if snap {
                let target = keys.last { grabber.seconds($0.timestamp) <= t + 1e-9 } ?? keys[0]
                // Two times in one group of pictures give the same key frame: one picture.
                if target == lastSnapped { return }
                lastSnapped = target
                try emitKey(target, requested: t)
            } else {
                let (frame, ts) = try grabber.decode(at: t, keys: keys)
                try emit(frame, ts, key: frame.isKey, requested: t, spec: .time(t))
            }
        }
        switch job.selection {
        case .ends:
            var picks = [0, keys.count / 2, keys.count - 1]
            picks = picks.enumerated().filter { i, p in !picks[..<i].contains(p) }.map(\.element)
            for p in picks { try emitKey(keys[p]) }
        case .allKeyFrames(let limit):
            for k in keys.prefix(max(0, limit)) { try emitKey(k) }
        case .times(let times, let snap):
            for t in times { try emitTime(t, snap: snap) }
        case .every(let step, let snap, let limit):
            let end = grabber.summary.duration ?? grabber.seconds(keys[keys.count - 1].timestamp)
            var t = 0.0
            var n = 0
            while t < end + 1e-9, n < limit {
                try emitTime(t, snap: snap)
                n += 1
                t = Double(n) * step
            }
        }
        if job.sheet, !shown.isEmpty {
            let picks = shown.count <= 3 ? Array(shown.indices) : [0, shown.count / 2, shown.count - 1]
            let cells = try picks.map { i -> (frame: Frame, seconds: Double) in
                switch shown[i].spec {
                case .key(let k): return (try grabber.decode(key: k).frame, shown[i].seconds)
                case .time(let t): return (try grabber.decode(at: t, keys: keys).frame, shown[i].seconds)
                }
            }
            let first = cells[0].frame
            let cellWidth = min(640, max(2, first.width)) & ~1
            let cellHeight = max(2, first.height * cellWidth / max(1, first.width)) & ~1
            let gap = 8
            // Each cell's time printed under it: the camera's time where the start is known.
            let labels = cells.map { label($0.seconds, start: job.cameraStart) }
            var scale = max(1, cellWidth / 160)
            while scale > 1, labels.contains(where: { Picture.textWidth($0, scale: scale) > cellWidth }) { scale -= 1 }
            let band = 7 * scale + gap
            let sheet = try Picture(width: cells.count * cellWidth + (cells.count + 1) * gap, height: (cellHeight + 2 * gap + band + 1) & ~1)
            for (i, c) in cells.enumerated() {
                let x = gap + i * (cellWidth + gap)
                try sheet.draw(c.frame, x: x, y: gap, w: cellWidth, h: cellHeight)
                sheet.drawText(labels[i], x: x, y: gap + cellHeight + gap, scale: scale)
            }
            let info: JSONValue = .object([("kind", .string("sheet")), ("pts", .array(cells.map { .double($0.seconds) })),
                                           ("labels", .array(labels.map { .string($0) })),
                                           ("width", .int(Int64(sheet.width))), ("height", .int(Int64(sheet.height)))])
            try pipe.send(.frame(info, jpeg: try sheet.jpeg()))
        }
        let s = grabber.summary
        return .object([
            ("format", .string(s.format)), ("codec", .string(s.codec)),
            ("width", .int(Int64(s.width))), ("height", .int(Int64(s.height))),
            ("duration", s.duration.map { .double($0) } ?? .null),
            ("frame_count", s.frameCount.map { .int(Int64($0)) } ?? .null),
            ("key_frames", .int(Int64(s.keyFrames))), ("key_frame_source", .string(s.keyFrameSource)),
            ("pictures", .int(Int64(sent))),
        ])
    }

    /// `2026-11-20 21:34:12.480` (camera time), or `+12.480 s` from the clip's start.
    static func label(_ seconds: Double, start: (seconds: Int64, nanoseconds: Int)?) -> String {
        let ms = seconds.isFinite ? Int64(max(-1e12, min(1e12, seconds * 1000)).rounded()) : 0
        guard let start else {
            let frac = String(abs(ms % 1000))
            return "+\(ms / 1000).\(String(repeating: "0", count: 3 - frac.count))\(frac) s"
        }
        let total = start.seconds &* 1000 &+ Int64(start.nanoseconds / 1_000_000) &+ ms
        let days = total >= 0 ? total / 86_400_000 : (total - 86_399_999) / 86_400_000
        let inDay = total - days * 86_400_000
        let (y, m, d) = CivilDate.from(days: days)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let msText = String(inDay % 1000)
        return "\(y)-\(two(m))-\(two(d)) \(two(inDay / 3_600_000)):\(two(inDay / 60_000 % 60)):\(two(inDay / 1000 % 60))."
            + String(repeating: "0", count: 3 - msText.count) + msText
    }

    /// `inputFD`: the clip as a read-only descriptor, when the parent gave one (a remux reads
    /// every byte once, and a round trip per 1 MiB through the parent cost more than the copy).
    static func remux(_ job: MediaJob, pipe: MessagePipe, inputFD: Int32?) throws -> JSONValue {
        let input: MediaInput = inputFD.map { DescriptorInput(fd: $0, size: job.size) } ?? PipeInput(pipe: pipe, size: job.size)
        let output = PipeOutput(pipe: pipe)
        let s = try Remuxer.run(input: input, output: output, budget: job.size &* 4 &+ (64 << 20), limit: job.size &* 2 &+ (64 << 20))
        return .object([
            ("input_format", .string(s.inputFormat)), ("container", .string(s.container)),
            ("streams", .array(s.streams.map { .string($0) })), ("dropped", .array(s.dropped.map { .string($0) })),
            ("video_packets", .int(Int64(s.videoPackets))), ("skipped_packets", .int(Int64(s.skippedPackets))),
            ("bytes", .uint(s.bytes)),
        ])
    }
}
