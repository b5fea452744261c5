import CardIO
import Messages
import MediaTime

/// The time span of one Dahua `.dav` file from its first and last DHAV frames (issue 11, item 5),
/// with bounded reads: 4 KiB at the start (after the 1 KiB `DAHUA` file header some firmware
/// writes) and a backward scan over the last 64 KiB, widened to at most 1 MiB, for the trailer
/// of the last whole frame. The file is never read through.
public enum DahuaFile {
    public static let timeSource = "dhav_frames"
    static let headBytes = 4096
    static let tailWindow = 64 << 10
    static let tailLimit: UInt64 = 1 << 20
    /// Frames stepped over at the start looking for one with a valid date.
    static let maximumLeadingFrames = 16

    public static func read(_ source: ByteSource) -> Result<FrameFileSpan, FrameFileFailure> {
        let size = source.size
        guard size >= UInt64(DHAVFrame.headerSize) else { return .failure(.noFrames) }
        guard let head = try? source.read(at: 0, count: Int(min(UInt64(headBytes), size))) else {
            return .failure(.damaged(tr(.recorderProblemHeadUnreadable, [:])))
        }
        var problems: [String] = []
        // Some firmware starts a file with a 1 KiB header whose first bytes are "DAHUA".
        var at: UInt64 = head.starts(with: Array("DAHUA".utf8)) ? 0x400 : 0
        var first: (frame: DHAVFrame, offset: UInt64, seconds: Int64)?
        var sawFrame = false
        for _ in 0..<maximumLeadingFrames {
            guard let bytes = try? source.read(at: at, count: DHAVFrame.headerSize), let frame = DHAVFrame.parse(bytes[...]) else { break }
            sawFrame = true
            if let seconds = frame.wallClockSeconds { first = (frame, at, seconds); break }
            problems.append(tr(.recorderProblemBadDate, ["offset": String(at), "value": hex(frame.date)]))
            let (next, overflow) = at.addingReportingOverflow(UInt64(frame.length))
            guard !overflow, next < size else { break }
            at = next
        }
        guard let first else {
            if !sawFrame {
                let samples = [head] + ((size >= 3 * 4096) ? [(try? source.read(at: size / 2, count: 4096)) ?? []] : [])
                return .failure(ContentSample.looksEncrypted(samples) ? .encrypted : .noFrames)
            }
            return .failure(.damaged(problems.first ?? tr(.recorderProblemNoDatedFrame, [:])))
        }
        let start = RecorderTime(wallClockSeconds: first.seconds, microseconds: 0)
        var span = FrameFileSpan(start: start, end: nil, firstFrame: first.offset, dataEnd: first.offset, channel: Int(first.frame.channel),
                                 problems: problems)
        guard let last = lastFrame(source, after: first.offset) else {
            span.problems.append(tr(.recorderProblemNoTail, ["kib": String(tailLimit >> 10)]))
            return .success(span)
        }
        span.dataEnd = last.offset + UInt64(last.frame.length)
        if let seconds = last.frame.wallClockSeconds {
            let (elapsed, note) = elapsedMilliseconds(firstSeconds: first.seconds, firstCounter: first.frame.milliseconds,
                                                      lastSeconds: seconds, lastCounter: last.frame.milliseconds)
            if let note { span.problems.append(note) }
            let total = first.seconds * 1000 + elapsed
            span.end = RecorderTime(wallClockSeconds: total / 1000, microseconds: Int(total % 1000) * 1000)
        } else {
            span.problems.append(tr(.recorderProblemLastNoDate, ["offset": String(last.offset)]))
        }
        if let end = span.end, end < start {
            span.problems.append(tr(.recorderProblemLastBeforeFirst, ["end": end.iso, "start": start.iso]))
            span.end = nil
        }
        return .success(span)
    }

    /// Milliseconds from the first frame to the last: the dates give whole seconds, the 16-bit
    /// millisecond counters the part the dates cannot; the counter difference is taken modulo
    /// 65,536 and the multiple of 65,536 chosen that lies nearest the dates' difference. When the
    /// counter strays more than two seconds from the dates, the dates alone are used.
    static func elapsedMilliseconds(firstSeconds: Int64, firstCounter: UInt16, lastSeconds: Int64, lastCounter: UInt16) -> (Int64, String?) {
        let byDates = (lastSeconds - firstSeconds) * 1000
        let counter = Int64(lastCounter &- firstCounter)
        var delta = (counter - byDates) % 65_536
        if delta < 0 { delta += 65_536 }
        if delta >= 32_768 { delta -= 65_536 }
        guard abs(delta) <= 2000 else {
            return (byDates, tr(.recorderProblemCounterDisagrees, ["ms": String(delta)]))
        }
        return (byDates + delta, nil)
    }

    /// The last whole frame: the last `dhav` trailer whose length leads back to a header of the
    /// same length, searched backwards over growing windows from the end.
    static func lastFrame(_ source: ByteSource, after firstOffset: UInt64) -> (frame: DHAVFrame, offset: UInt64)? {
        let size = source.size
        var windowEnd = size
        var scanned: UInt64 = 0
        while windowEnd > firstOffset, scanned < tailLimit {
            // Windows overlap by 7 bytes so a trailer across their edge is seen.
            let windowStart = max(firstOffset, windowEnd > UInt64(tailWindow) ? windowEnd - UInt64(tailWindow) : 0)
            guard let window = try? source.read(at: windowStart, count: Int(windowEnd - windowStart)) else { return nil }
            var i = window.count - DHAVFrame.trailerSize
            while i >= 0 {
                if window[i] == 0x64, window[i + 1] == 0x68, window[i + 2] == 0x61, window[i + 3] == 0x76 {
                    let length = UInt64(PackedFrameDate.le32(window[...], i + 4))
                    let trailerEnd = windowStart + UInt64(i) + UInt64(DHAVFrame.trailerSize)
                    if length >= UInt64(DHAVFrame.headerSize + DHAVFrame.trailerSize), length <= trailerEnd, trailerEnd - length >= firstOffset {
                        let offset = trailerEnd - length
                        if let bytes = try? source.read(at: offset, count: DHAVFrame.headerSize), let frame = DHAVFrame.parse(bytes[...]),
                           UInt64(frame.length) == length {
                            return (frame, offset)
                        }
                    }
                }
                i -= 1
            }
            scanned += windowEnd - windowStart
            guard windowStart > firstOffset else { break }
            windowEnd = windowStart + UInt64(DHAVFrame.trailerSize - 1)
        }
        return nil
    }

    static func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
    }
}
