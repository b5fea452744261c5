import CardIO
import Messages
import MediaTime

/// One frame header of an XM (Xiongmai) `.h264` recording, as the public DVRIP notes describe
/// the frames these cameras write to a card and send over the network. All integers
/// little-endian; every header starts `00 00 01` and a type byte:
///
/// | type | header | fields after the type |
/// | --- | --- | --- |
/// | `FC` video key frame | 16 bytes | codec (1 MPEG-4, 2 H.264, 3 H.265), frame rate, width/8, height/8, packed local date (4), payload length (4) |
/// | `FE` picture (JPEG, codec 0) | 16 bytes | as `FC` |
/// | `FD` other video frame | 8 bytes | payload length (4) |
/// | `FA` audio | 8 bytes | codec (`0E` G.711 A-law), sample-rate code, payload length (2) |
/// | `F9` information | 8 bytes | kind, sub-kind, payload length (2) |
///
/// Checked (s4) against an independent public reader, python-dvr's `dvrip.py`
/// (`reassemble_bin_payload`, `internal_to_datetime`): the header lengths, the field order and
/// widths, the little-endian lengths and the packed date's bit layout (`PackedFrameDate`) agree.
/// One discrepancy with what this reader first assumed: `FE` is not a key frame "of other
/// codecs" but a JPEG picture (python-dvr's `internal_to_type` maps `FE` with codec 0 to
/// `jpeg`). It has the same 16-byte header and carries the same date, so it still dates a
/// file (`isDated`), but it is no video key frame (`isKeyFrame` is `FC` only).
///
/// A file's start and end are its first and last dated frames'. The H.264/HEVC payload cannot
/// hold these headers by accident: its own start codes are followed by a NAL header whose top
/// bit is zero.
public struct XMFrame: Equatable, Sendable {
    public static let keyHeaderSize = 16
    public static let shortHeaderSize = 8
    public static let maximumPayload: UInt32 = 32 << 20

    public var type: UInt8
    public var headerSize: Int
    public var payloadLength: UInt32
    /// Key frames only.
    public var date: UInt32?
    public var frameRate: UInt8?
    /// `FC`/`FE` only: 1 MPEG-4, 2 H.264, 3 H.265; 0 on an `FE` JPEG picture.
    public var codec: UInt8? = nil

    /// A video key frame (`FC`).
    public var isKeyFrame: Bool { type == 0xFC }
    /// A frame with the 16-byte header and a packed date: a key frame or a JPEG picture.
    public var isDated: Bool { type == 0xFC || type == 0xFE }
    public var totalLength: UInt64 { UInt64(headerSize) + UInt64(payloadLength) }

    /// The header at the start of `b`, or nil.
    public static func parse(_ b: ArraySlice<UInt8>) -> XMFrame? {
        guard b.count >= shortHeaderSize else { return nil }
        let s = b.startIndex
        guard b[s] == 0, b[s + 1] == 0, b[s + 2] == 1 else { return nil }
        let type = b[s + 3]
        switch type {
        case 0xFC, 0xFE:
            guard b.count >= keyHeaderSize else { return nil }
            let length = PackedFrameDate.le32(b, 12)
            guard length <= maximumPayload else { return nil }
            return XMFrame(type: type, headerSize: keyHeaderSize, payloadLength: length, date: PackedFrameDate.le32(b, 8), frameRate: b[s + 5],
                           codec: b[s + 4])
        case 0xFD:
            let length = PackedFrameDate.le32(b, 4)
            guard length <= maximumPayload else { return nil }
            return XMFrame(type: type, headerSize: shortHeaderSize, payloadLength: length, date: nil, frameRate: nil)
        case 0xFA, 0xF9:
            return XMFrame(type: type, headerSize: shortHeaderSize, payloadLength: UInt32(PackedFrameDate.le16(b, 6)), date: nil, frameRate: nil)
        default:
            return nil
        }
    }

    public var wallClockSeconds: Int64? { date.flatMap(PackedFrameDate.decode) }
}

/// The time span of one XM `.h264` file (issue 11, item 6) from its first and last key frames'
/// packed dates, with bounded reads: frames are followed from the start for at most 64 KiB of
/// headers to the first dated key frame, and the end is searched backwards in 64 KiB windows
/// over at most the last 4 MiB (a key frame comes every few seconds; frames carry no trailer).
public enum XMFile {
    public static let timeSource = "xm_frames"
    static let leadLimit: UInt64 = 64 << 10
    static let tailWindow = 64 << 10
    static let tailLimit: UInt64 = 4 << 20
    static let maximumLeadingFrames = 64

    public static func read(_ source: ByteSource) -> Result<FrameFileSpan, FrameFileFailure> {
        let size = source.size
        guard size >= UInt64(XMFrame.shortHeaderSize) else { return .failure(.noFrames) }
        var problems: [String] = []
        var at: UInt64 = 0
        var first: (frame: XMFrame, offset: UInt64, seconds: Int64)?
        var sawFrame = false
        for _ in 0..<maximumLeadingFrames {
            guard at < size, at <= leadLimit,
                  let bytes = try? source.read(at: at, count: Int(min(UInt64(XMFrame.keyHeaderSize), size - at))),
                  let frame = XMFrame.parse(bytes[...]) else { break }
            sawFrame = true
            if frame.isDated {
                if let seconds = frame.wallClockSeconds { first = (frame, at, seconds); break }
                problems.append(tr(.recorderProblemXmBadDate, ["offset": String(at), "value": DahuaFile.hex(frame.date ?? 0)]))
            }
            let (next, overflow) = at.addingReportingOverflow(frame.totalLength)
            guard !overflow, next > at else { break }
            at = next
        }
        guard let first else {
            if !sawFrame {
                let head = (try? source.read(at: 0, count: Int(min(4096, size)))) ?? []
                let samples = [head] + ((size >= 3 * 4096) ? [(try? source.read(at: size / 2, count: 4096)) ?? []] : [])
                return .failure(ContentSample.looksEncrypted(samples) ? .encrypted : .noFrames)
            }
            return .failure(.damaged(problems.first ?? tr(.recorderProblemXmNoDated, [:])))
        }
        let start = RecorderTime(wallClockSeconds: first.seconds, microseconds: 0)
        // A first frame cut off by the end of the file ends no whole frame.
        let firstEnd = first.offset + first.frame.totalLength
        var span = FrameFileSpan(start: start, end: nil, firstFrame: first.offset, dataEnd: firstEnd <= size ? firstEnd : first.offset,
                                 channel: nil, problems: problems)
        guard let last = lastKeyFrame(source, after: first.offset) else {
            span.problems.append(tr(.recorderProblemXmNoTail, ["mib": String(tailLimit >> 20)]))
            return .success(span)
        }
        span.dataEnd = max(span.dataEnd, last.end)
        span.end = RecorderTime(wallClockSeconds: last.seconds, microseconds: 0)
        if let end = span.end, end < start {
            span.problems.append(tr(.recorderProblemXmLastBeforeFirst, ["end": end.iso, "start": start.iso]))
            span.end = nil
        }
        return .success(span)
    }

    /// The last dated frame (a key frame, or a JPEG picture) with a valid date whose payload ends inside the file, and the end of
    /// the frames that follow it as far as they parse (the end of the whole frames).
    static func lastKeyFrame(_ source: ByteSource, after firstOffset: UInt64) -> (offset: UInt64, seconds: Int64, end: UInt64)? {
        let size = source.size
        var windowEnd = size
        var scanned: UInt64 = 0
        while windowEnd > firstOffset, scanned < tailLimit {
            let windowStart = max(firstOffset, windowEnd > UInt64(tailWindow) ? windowEnd - UInt64(tailWindow) : 0)
            guard let window = try? source.read(at: windowStart, count: Int(windowEnd - windowStart)) else { return nil }
            var i = window.count - 4
            while i >= 0 {
                if window[i] == 0, window[i + 1] == 0, window[i + 2] == 1, window[i + 3] == 0xFC || window[i + 3] == 0xFE {
                    let offset = windowStart + UInt64(i)
                    if let bytes = try? source.read(at: offset, count: Int(min(UInt64(XMFrame.keyHeaderSize), size - offset))),
                       let frame = XMFrame.parse(bytes[...]), let seconds = frame.wallClockSeconds,
                       offset + frame.totalLength <= size {
                        return (offset, seconds, walkEnd(source, from: offset))
                    }
                }
                i -= 1
            }
            scanned += windowEnd - windowStart
            guard windowStart > firstOffset else { break }
            windowEnd = windowStart + 3
        }
        return nil
    }

    /// From a frame at `offset`, the end of the last whole frame that follows (bounded by the file).
    static func walkEnd(_ source: ByteSource, from offset: UInt64) -> UInt64 {
        let size = source.size
        var at = offset, end = offset
        var steps = 0
        while at < size, steps < 4096 {
            steps += 1
            guard let bytes = try? source.read(at: at, count: Int(min(UInt64(XMFrame.keyHeaderSize), size - at))),
                  let frame = XMFrame.parse(bytes[...]) else { break }
            let (next, overflow) = at.addingReportingOverflow(frame.totalLength)
            guard !overflow, next <= size, next > at else { break }
            end = next
            at = next
        }
        return end
    }
}
