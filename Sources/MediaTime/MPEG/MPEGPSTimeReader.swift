import CardIO
import Messages

/// Duration of an MPEG program stream (ISO/IEC 13818-1 §2.5; MPEG-1 system streams, ISO/IEC
/// 11172-1, too): pack-header SCR and PES PTS from a window at the head to one at the tail.
enum MPEGPSTimeReader {
    static let window = 384 * 1024

    struct Clocks {
        var firstSCR: UInt64?
        var lastSCR: UInt64?
        var firstPTS: [UInt8: UInt64] = [:]
        var recentPTS: [UInt8: [UInt64]] = [:]
        var packs = 0
    }

    static func isProgramStream(_ head: [UInt8]) -> Bool {
        head.count >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 1 && head[3] == 0xBA
    }

    /// §2.5.3.4 pack header SCR base (90 kHz) from the bytes after `00 00 01 BA`.
    static func scr(_ b: ArraySlice<UInt8>) -> UInt64? {
        guard b.count >= 6 else { return nil }
        let s = b.startIndex
        if b[s] & 0xC0 == 0x40 {
            // MPEG-2: '01' then 3+15+15 bits separated by markers.
            let b0 = UInt64(b[s]), b1 = UInt64(b[s + 1]), b2 = UInt64(b[s + 2]), b3 = UInt64(b[s + 3]), b4 = UInt64(b[s + 4])
            var v: UInt64 = ((b0 >> 3) & 0x07) << 30
            v |= (b0 & 0x03) << 28
            v |= b1 << 20
            v |= (b2 >> 3) << 15
            v |= (b2 & 0x03) << 13
            v |= b3 << 5
            v |= b4 >> 3
            return v
        }
        if b[s] & 0xF0 == 0x20 { return MPEGClock.timestamp(b) }  // MPEG-1: '0010' + 33 bits
        return nil
    }

    static func scan(_ b: [UInt8], _ c: inout Clocks) {
        var i = 0
        // Start codes are found byte by byte: the window is bounded, so this is too.
        while i + 4 <= b.count {
            guard b[i] == 0, b[i + 1] == 0, b[i + 2] == 1 else { i += 1; continue }
            let id = b[i + 3]
            if id == 0xBA, let v = scr(b[(i + 4)...]) {
                c.packs += 1
                if c.firstSCR == nil { c.firstSCR = v }
                c.lastSCR = v
            } else if let pts = MPEGClock.pesPTS(b[i..<min(b.count, i + 64)]) {
                if c.firstPTS[id] == nil { c.firstPTS[id] = pts }
                MPEGClock.remember(pts, in: &c.recentPTS[id, default: []])
            }
            i += 4
        }
    }

    static func read(_ reader: BoundedReader) -> MediaFindings {
        var f = MediaFindings()
        var head = Clocks(), tail = Clocks()
        do {
            scan(try reader.read(at: 0, upTo: window), &head)
            if reader.size > UInt64(window) {
                scan(try reader.read(at: max(UInt64(window), reader.size - UInt64(window)), upTo: window), &tail)
            } else {
                tail = head
            }
        } catch {
            f.problem("\(error)")
            return f
        }
        guard head.packs > 0 else {
            f.problem(tr(.mcNoProgramStreamPackHeaders))
            return f
        }
        if let start = head.firstPTS.values.min() {
            var best: UInt64 = 0
            for (id, recent) in tail.recentPTS where head.firstPTS[id] != nil {
                guard let end = MPEGClock.streamEnd(recent) else { continue }
                best = max(best, MPEGClock.elapsed(from: start, to: end, wrap: MPEGClock.ptsWrap))
            }
            if best > 0 {
                f.evidence.append(TimeEvidence(source: .mpegPTS, duration: Double(best) / 90_000,
                                               note: "PES PTS, earliest first to latest last plus one frame"))
            }
        }
        if let a = head.firstSCR, let b = tail.lastSCR ?? head.lastSCR {
            let ticks = MPEGClock.elapsed(from: a, to: b, wrap: MPEGClock.ptsWrap)
            if ticks > 0 {
                f.evidence.append(TimeEvidence(source: .mpegPSSCR, duration: Double(ticks) / 90_000, note: "pack SCR, first to last"))
            }
        }
        if f.evidence.isEmpty { f.problem(tr(.mcNoPTSOrSCRThat)) }
        return f
    }
}
