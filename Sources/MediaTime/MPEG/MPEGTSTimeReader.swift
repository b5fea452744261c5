import CardIO
import Messages

/// Duration of an MPEG transport stream (ISO/IEC 13818-1 §2.4.3): the PCR of the first PCR PID
/// from the head of the file to the tail; PES PTS as a second opinion. Reads a window at the
/// head and one at the tail, never the middle. 192-byte packets (M2TS/AVCHD) are recognised.
enum MPEGTSTimeReader {
    static let window = 384 * 1024

    struct Clocks {
        var pcrPID: Int?
        var firstPCR: UInt64?
        var lastPCR: UInt64?
        /// Per PID: first PTS, and the most recent ones (for the stream's end).
        var firstPTS: [Int: UInt64] = [:]
        var recentPTS: [Int: [UInt64]] = [:]
        var packets = 0
    }

    /// The offset (at or after `from`) of the first of `count` packets in a row, and the packet
    /// size. The window is bounded, so the search is too.
    static func sync(_ b: [UInt8], from: Int = 0, count: Int = 5, within: Int? = nil) -> (offset: Int, stride: Int)? {
        let last = min(b.count, from + (within ?? b.count))
        var start = from
        while start < last {
            for stride in [188, 192] where start + stride * (count - 1) < b.count {
                if (0..<count).allSatisfy({ b[start + $0 * stride] == 0x47 }) { return (start, stride) }
            }
            start += 1
        }
        return nil
    }

    static func isTransportStream(_ head: [UInt8]) -> Bool {
        sync(head, count: 4, within: 192) != nil
    }

    static func scan(_ b: [UInt8], _ clocks: inout Clocks, firstOnly: Bool) {
        guard var (p, stride) = sync(b) else { return }
        while p + 188 <= b.count {
            guard b[p] == 0x47 else {
                // Lost sync (damage, or a gap in the file): find the next run of packets.
                guard let again = sync(b, from: p + 1) else { return }
                (p, stride) = again
                continue
            }
            defer { p += stride }
            clocks.packets += 1
            let pid = Int(b[p + 1] & 0x1F) << 8 | Int(b[p + 2])
            let afc = (b[p + 3] >> 4) & 3
            var payload = p + 4
            if afc & 2 != 0 {
                let len = Int(b[p + 4])
                payload = p + 5 + len
                if len >= 7, b[p + 5] & 0x10 != 0 {
                    let q = p + 6
                    var base: UInt64 = UInt64(b[q]) << 25
                    base |= UInt64(b[q + 1]) << 17
                    base |= UInt64(b[q + 2]) << 9
                    base |= UInt64(b[q + 3]) << 1
                    base |= UInt64(b[q + 4] >> 7)
                    let ext: UInt64 = UInt64(b[q + 4] & 1) << 8 | UInt64(b[q + 5])
                    let pcr = base * 300 + ext
                    if clocks.pcrPID == nil { clocks.pcrPID = pid }
                    if clocks.pcrPID == pid {
                        if clocks.firstPCR == nil { clocks.firstPCR = pcr }
                        if !firstOnly { clocks.lastPCR = pcr }
                    }
                }
            }
            if afc & 1 != 0, b[p + 1] & 0x40 != 0, payload + 14 <= p + 188,
               let pts = MPEGClock.pesPTS(b[payload..<(p + 188)]) {
                if clocks.firstPTS[pid] == nil { clocks.firstPTS[pid] = pts }
                if !firstOnly, clocks.recentPTS[pid] != nil || clocks.recentPTS.count < 32 {
                    MPEGClock.remember(pts, in: &clocks.recentPTS[pid, default: []])
                }
            }
        }
    }

    static func read(_ reader: BoundedReader) -> MediaFindings {
        var f = MediaFindings()
        var head = Clocks(), tail = Clocks()
        do {
            let headBytes = try reader.read(at: 0, upTo: window)
            scan(headBytes, &head, firstOnly: false)
            if reader.size > UInt64(window) {
                let tailStart = max(UInt64(window), reader.size - UInt64(window))
                let tailBytes = try reader.read(at: tailStart, upTo: window)
                scan(tailBytes, &tail, firstOnly: false)
            } else {
                tail = head
            }
        } catch {
            f.problem("\(error)")
            return f
        }
        guard head.packets > 0 else {
            f.problem(tr(.mcNoTransportStreamPacketsSync))
            return f
        }
        // PTS first: it is what players and ffprobe count; PCR runs ahead of it by the
        // encoder's buffering, so it is kept as a second opinion.
        if let d = ptsDuration(head, tail) {
            f.evidence.append(TimeEvidence(source: .mpegPTS, duration: d.seconds, note: d.note))
        } else {
            f.problem(tr(.mcNoPESPresentationTimeStamps))
        }
        if let pid = head.pcrPID, let first = head.firstPCR {
            // The tail may carry PCR on the same PID only; another PID's PCR is another clock.
            let last = (tail.pcrPID == pid ? tail.lastPCR : nil) ?? head.lastPCR ?? first
            let ticks = MPEGClock.elapsed(from: first, to: last, wrap: MPEGClock.pcrWrap)
            if ticks > 0 {
                f.evidence.append(TimeEvidence(source: .mpegTSPCR, duration: Double(ticks) / 27_000_000,
                                               note: "PCR of PID \(pid), first to last"))
            }
        } else {
            f.problem(tr(.mcNoPCRInTheTransport, ["v": "\(window / 1024)"]))
        }
        return f
    }

    /// From the earliest first PTS of any stream to the end of the latest stream (its largest PTS
    /// plus one frame), as ffprobe's format duration counts it.
    static func ptsDuration(_ head: Clocks, _ tail: Clocks) -> (seconds: Double, note: String)? {
        guard let start = head.firstPTS.values.min() else { return nil }
        var best: UInt64 = 0
        for (pid, recent) in tail.recentPTS where head.firstPTS[pid] != nil {
            guard let end = MPEGClock.streamEnd(recent) else { continue }
            best = max(best, MPEGClock.elapsed(from: start, to: end, wrap: MPEGClock.ptsWrap))
        }
        guard best > 0 else { return nil }
        return (Double(best) / 90_000, "PES PTS, earliest first to latest last plus one frame")
    }
}
