import CardFileSystem
import CardIO
import Foundation
@testable import MediaTime
import Testing

/// Damaged and hostile headers: each answers "unknown, because …" (or a partial result), reads
/// within the budget, and returns.
@Suite(.timeLimit(.minutes(1)))
struct HostileInputTests {
    static let t0 = Build.mp4Time(2026, 11, 20, 21, 30, 0)

    static func check(_ bytes: [UInt8], name: String, expectProblem: String) -> RecordingTime {
        let (r, read) = Media.read(bytes, name: name)
        #expect(read <= RecordingTimeReader.byteBudget)
        #expect(r.unknownBecause.contains { $0.contains(expectProblem) }, "\(r.unknownBecause)")
        return r
    }

    @Test func mp4Valid() {
        let (r, _) = Media.read(Build.mp4(creation: Self.t0), name: "a.mp4")
        #expect(r.start == CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, minute: 30))
        #expect(r.duration == 10)
        #expect(r.unknownBecause.isEmpty, "\(r.unknownBecause)")
        let (r1, _) = Media.read(Build.ftyp + Build.container("moov", [Build.mvhd(version: 1, creation: Self.t0, timescale: 600, duration: 1800)]), name: "b.mov")
        #expect(r1.start == r.start)
        #expect(r1.duration == 3)
    }

    @Test func mp4BoxSizes() {
        // Size 7: below the header.
        _ = Self.check(Build.ftyp + Build.be32(7) + Build.fourCC("moov") + [0, 0, 0, 0], name: "a.mp4", expectProblem: "below its 8-byte header")
        // Size 1 with a 64-bit size that overflows the offset.
        _ = Self.check(Build.ftyp + Build.be32(1) + Build.fourCC("mdat") + Build.be64(.max) + [1, 2, 3], name: "a.mp4", expectProblem: "overflows")
        // Size 1 with a 64-bit size below 16.
        _ = Self.check(Build.ftyp + Build.be32(1) + Build.fourCC("mdat") + Build.be64(9) + [1, 2, 3], name: "a.mp4", expectProblem: "below its 16-byte header")
        // Size 0 on moov: "to the end of the file" is allowed, and still read.
        let moovBody = Build.mvhd(creation: Self.t0, timescale: 1000, duration: 5000)
        let (r, _) = Media.read(Build.ftyp + Build.be32(0) + Build.fourCC("moov") + moovBody, name: "a.mp4")
        #expect(r.duration == 5)
        // A child box beyond its parent.
        let bad = Build.ftyp + Build.box("moov", Build.be32(4000) + Build.fourCC("mvhd") + [UInt8](repeating: 0, count: 100))
        _ = Self.check(bad, name: "a.mp4", expectProblem: "beyond its parent's end")
        // A top-level box beyond the end of the file: no moov.
        _ = Self.check(Build.ftyp + Build.be32(1_000_000) + Build.fourCC("mdat") + [0, 0], name: "a.mp4", expectProblem: "no moov box")
    }

    @Test func mp4ZeroTimescaleAndZeroTime() {
        let r = Self.check(Build.mp4(creation: Self.t0, timescale: 0), name: "a.mp4", expectProblem: "mvhd timescale is 0")
        #expect(r.start != nil)
        // The track's own timescale still gives a duration.
        #expect(r.durationSource == .mp4Mdhd)
        let r2 = Self.check(Build.mp4(creation: 0), name: "a.mp4", expectProblem: "creation time is 0")
        #expect(r2.start == nil)
        #expect(r2.duration == 10)
        _ = Self.check(Build.ftyp + Build.container("moov", [Build.mvhd(version: 1, creation: .max >> 1, timescale: 1, duration: 1)]),
                       name: "a.mp4", expectProblem: "beyond year 9999")
        _ = Self.check(Build.ftyp + Build.container("moov", [Build.box("mvhd", [7, 0, 0, 0] + [UInt8](repeating: 0, count: 96))]), name: "a.mp4",
                       expectProblem: "mvhd version 7")
    }

    @Test func mp4HugeSampleCount() {
        let moov = Build.container("moov", [Build.mvhd(creation: Self.t0, timescale: 1000, duration: 0),
                                            Build.container("trak", [Build.tkhd(creation: 0, trackID: 1, duration: 0),
                                                                     Build.container("mdia", [Build.mdhd(creation: 0, timescale: 1000, duration: 0)])])])
        let trun = Build.box("trun", [0, 0, 0x01, 0x00] + Build.be32(0xFFFF_FFFF) + Build.be32(40))
        let moof = Build.container("moof", [Build.container("traf", [Build.box("tfhd", [0, 0, 0, 0] + Build.be32(1)), trun])])
        let r = Self.check(Build.ftyp + moov + moof + Build.box("mdat", [1, 2]), name: "a.mp4", expectProblem: "claims 4294967295 samples")
        #expect(r.start != nil)
    }

    /// moov after a 4 GiB mdat: only headers are read, a few dozen bytes.
    @Test func moovAtTheEndOfAHugeFile() {
        let mdatSize: UInt64 = 4 << 30
        let head = Build.ftyp + Build.be32(1) + Build.fourCC("mdat") + Build.be64(mdatSize)
        let moov = Build.container("moov", [Build.mvhd(creation: Self.t0, timescale: 1000, duration: 600_000)])
        let moovAt = UInt64(Build.ftyp.count) + mdatSize
        let source = CountingByteSource(SparseByteSource(size: moovAt + UInt64(moov.count), pieces: [(0, head), (moovAt, moov)]))
        let r = RecordingTimeReader.read(source: source, fileName: "long.mp4", folders: [], modified: nil)
        #expect(r.duration == 600)
        #expect(r.start != nil)
        #expect(source.bytesRead < 16 * 1024)
    }

    /// 200 000 empty boxes: the walk stops at its box limit or its budget, and says so.
    @Test func mp4ManyBoxes() {
        var bytes = Build.ftyp
        bytes += [UInt8](repeating: 0, count: 0)
        for _ in 0..<200_000 { bytes += Build.be32(8) + Build.fourCC("free") }
        let (r, read) = Media.read(bytes, name: "a.mp4")
        #expect(read <= RecordingTimeReader.byteBudget)
        #expect(!r.unknownBecause.isEmpty)
    }

    @Test func aviChunkSizes() {
        // A chunk inside hdrl claiming more than hdrl holds.
        let bad = Build.avi([Build.fourCC("avih") + Build.le32(5000) + [UInt8](repeating: 0, count: 56)])
        _ = Self.check(bad, name: "a.avi", expectProblem: "beyond its parent's end")
        // LIST too small for its type.
        let tiny = Build.list("AVI ", [Build.fourCC("LIST") + Build.le32(2) + [0, 0]], id: "RIFF")
        _ = Self.check(tiny, name: "a.avi", expectProblem: "too small for its type")
        // Zero microseconds per frame, zero frames.
        _ = Self.check(Build.avi([Build.avih(microSecPerFrame: 0, frames: 10)]), name: "a.avi", expectProblem: "microseconds per frame is 0")
        _ = Self.check(Build.avi([Build.avih(microSecPerFrame: 40_000, frames: 0)]), name: "a.avi", expectProblem: "frame count is 0")
        // Not AVI at all.
        _ = Self.check(Build.list("WAVE", [], id: "RIFF"), name: "a.avi", expectProblem: "not an AVI file")
    }

    /// Found by the property test: a duration of 4e9 frames × 4e9 µs once trapped converting to
    /// nanoseconds. It is kept as a number, with no end.
    @Test func absurdDuration() {
        let bytes = Build.avi([Build.avih(microSecPerFrame: .max, frames: .max), Build.chunk("IDIT", Array("2026:11:20 21:30:00".utf8))])
        let (r, _) = Media.read(bytes, name: "a.avi")
        #expect(r.start != nil)
        #expect(r.end == nil)
        let (m, _) = Media.read(Build.ftyp + Build.container("moov", [Build.mvhd(version: 1, creation: Self.t0, timescale: 1, duration: .max - 1)]), name: "a.mp4")
        #expect(m.end == nil)
    }

    @Test func emptyAndTinyFiles() {
        for n in 0..<12 {
            for name in ["a.mp4", "a.avi", "a.ts", "a.mpg", "a.jpg"] {
                let (r, read) = Media.read([UInt8](repeating: 0x47, count: n), name: name)
                #expect(read <= 4096)
                #expect(r.start == nil)
                #expect(!r.unknownBecause.isEmpty)
            }
        }
    }

    @Test func transportStream() {
        let (r, _) = Media.read(Build.ts(seconds: 8), name: "REC_261120-213000.ts")
        // PTS: 0 to 8 s in 40 ms frames, plus the last frame; PCR: 0 to 8 s.
        #expect(r.durationSource == .mpegPTS)
        #expect(abs((r.duration ?? 0) - 8.04) < 1e-9)
        #expect(r.evidence.contains { $0.source == .mpegTSPCR && $0.duration == 8 })
        #expect(r.timeSource == .fileName("prefix_yymmdd-hhmmss"))
        #expect(r.end == CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, minute: 30, second: 8, nanosecond: 40_000_000))
        // PCR and PTS wrapping through 2^33 still give 8 s.
        let (w, _) = Media.read(Build.ts(seconds: 8, startPCR: MPEGClock.pcrWrap - 27_000_000 * 3), name: "w.ts")
        // ...also when the wrap falls among the last frames.
        let (w2, _) = Media.read(Build.ts(seconds: 8, startPCR: MPEGClock.pcrWrap - 27_000_000 * 8 + 13_500_000), name: "w2.ts")
        #expect(abs((w2.duration ?? 0) - 8.04) < 1e-6, "\(w2.evidence)")
        #expect(abs((w.duration ?? 0) - 8.04) < 1e-6, "\(w.evidence)")
        #expect(w.evidence.contains { $0.source == .mpegTSPCR && abs(($0.duration ?? 0) - 8) < 1e-6 })
        // Sync bytes and nothing else.
        var junk: [UInt8] = []
        for _ in 0..<100 { junk += [0x47] + [UInt8](repeating: 0, count: 187) }
        _ = Self.check(junk, name: "j.ts", expectProblem: "no PCR")
    }

    /// A big TS: only a window at each end is read.
    @Test func transportStreamReadsHeadAndTailOnly() {
        let head = Build.ts(seconds: 2)
        let tailPackets = (0..<50).flatMap { i in Build.tsPacket(pid: 0x100, pcr: 27_000_000 + 27_000_000 * 3600 + UInt64(i) * 1_080_000, pts: nil) }
        let size: UInt64 = 2 << 30
        let tailAt = size - UInt64(tailPackets.count)
        // Keep packet alignment: 2 GiB is not a multiple of 188, the window's sync search copes.
        let source = CountingByteSource(SparseByteSource(size: size, pieces: [(0, head), (tailAt, tailPackets)]))
        let r = RecordingTimeReader.read(source: source, fileName: "big.ts", folders: [], modified: nil)
        #expect(source.bytesRead <= RecordingTimeReader.byteBudget)
        #expect(abs((r.duration ?? 0) - (3600 + 49 * 0.04)) < 1e-6, "\(r.evidence) \(r.unknownBecause)")
    }

    @Test func exifIFDLoopAndBadSegments() {
        func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
        // IFD0 whose next-IFD pointer points back at itself, and whose Exif pointer points at IFD0.
        var tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00] + Build.le32(8)
        tiff += le16(1) + le16(0x8769) + le16(4) + Build.le32(1) + Build.le32(8) + Build.le32(8)
        let r = Self.check(Build.jpeg(tiff: tiff), name: "loop.jpg", expectProblem: "none of the fields")
        #expect(r.isStill)
        // GPSTimeStamp with zero denominators.
        var g: [UInt8] = [0x49, 0x49, 0x2A, 0x00] + Build.le32(8)
        g += le16(1) + le16(0x8825) + le16(4) + Build.le32(1) + Build.le32(26) + Build.le32(0)
        g += le16(1) + le16(0x0007) + le16(5) + Build.le32(3) + Build.le32(44) + Build.le32(0)
        g += Build.le32(14) + Build.le32(0) + Build.le32(58) + Build.le32(0) + Build.le32(24) + Build.le32(0)
        _ = Self.check(Build.jpeg(tiff: g), name: "gps.jpg", expectProblem: "zero denominator")
        // APP1 with length 0 and 1; a marker that is not a marker.
        _ = Self.check([0xFF, 0xD8, 0xFF, 0xE1, 0, 0, 0, 0], name: "a.jpg", expectProblem: "has length 0")
        _ = Self.check([0xFF, 0xD8, 0xFF, 0xE1, 0, 1, 0, 0], name: "a.jpg", expectProblem: "has length 1")
        _ = Self.check([0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0x12, 0x34, 0, 0], name: "a.jpg", expectProblem: "JPEG marker expected")
        // An unterminated DateTimeOriginal of the wrong length.
        var d: [UInt8] = [0x49, 0x49, 0x2A, 0x00] + Build.le32(8)
        d += le16(1) + le16(0x8769) + le16(4) + Build.le32(1) + Build.le32(26) + Build.le32(0)
        d += le16(1) + le16(0x9003) + le16(2) + Build.le32(12) + Build.le32(44) + Build.le32(0)
        d += Array("2026:11:20 2".utf8)
        _ = Self.check(Build.jpeg(tiff: d), name: "d.jpg", expectProblem: "not a valid date")
    }
}
