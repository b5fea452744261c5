/// Hand-built container bytes for tests: RIFF chunks (little-endian) and ISO BMFF boxes
/// (big-endian), so each hostile case is one line.
enum Build {
    static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    static func be32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * (3 - $0))) } }
    static func be64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * (7 - $0))) } }
    static func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
    static func fourCC(_ s: String) -> [UInt8] { Array(s.utf8.prefix(4)) }

    // MARK: RIFF

    static func chunk(_ id: String, _ data: [UInt8], size: UInt32? = nil) -> [UInt8] {
        var out = fourCC(id) + le32(size ?? UInt32(data.count)) + data
        if data.count % 2 == 1 { out.append(0) }
        return out
    }

    static func list(_ type: String, _ children: [[UInt8]], id: String = "LIST", size: UInt32? = nil) -> [UInt8] {
        let body = fourCC(type) + children.flatMap { $0 }
        return fourCC(id) + le32(size ?? UInt32(body.count)) + body
    }

    static func avih(microSecPerFrame: UInt32, frames: UInt32) -> [UInt8] {
        var d = [UInt8](repeating: 0, count: 56)
        d.replaceSubrange(0..<4, with: le32(microSecPerFrame))
        d.replaceSubrange(16..<20, with: le32(frames))
        return chunk("avih", d)
    }

    static func avi(_ hdrl: [[UInt8]], extra: [[UInt8]] = [], moviBytes: Int = 16) -> [UInt8] {
        list("AVI ", [list("hdrl", hdrl)] + extra + [list("movi", [chunk("00dc", [UInt8](repeating: 0xAB, count: moviBytes))])], id: "RIFF")
    }

    // MARK: ISO BMFF

    static func box(_ type: String, _ payload: [UInt8], size: UInt32? = nil) -> [UInt8] {
        be32(size ?? UInt32(8 + payload.count)) + fourCC(type) + payload
    }

    static func container(_ type: String, _ children: [[UInt8]]) -> [UInt8] {
        box(type, children.flatMap { $0 })
    }

    /// `mvhd` version 0 or 1 with the given creation time (seconds since 1904), timescale, duration.
    static func mvhd(version: UInt8 = 0, creation: UInt64, timescale: UInt32, duration: UInt64) -> [UInt8] {
        var p: [UInt8] = [version, 0, 0, 0]
        if version == 1 {
            p += be64(creation) + be64(creation) + be32(timescale) + be64(duration)
        } else {
            p += be32(UInt32(truncatingIfNeeded: creation)) + be32(UInt32(truncatingIfNeeded: creation)) + be32(timescale) + be32(UInt32(truncatingIfNeeded: duration))
        }
        p += be32(0x0001_0000) + be16(0x0100) + [UInt8](repeating: 0, count: 10) + [UInt8](repeating: 0, count: 36) + [UInt8](repeating: 0, count: 24) + be32(2)
        return box("mvhd", p)
    }

    static func tkhd(creation: UInt32, trackID: UInt32, duration: UInt32) -> [UInt8] {
        box("tkhd", [0, 0, 0, 3] + be32(creation) + be32(creation) + be32(trackID) + be32(0) + be32(duration) + [UInt8](repeating: 0, count: 60))
    }

    static func mdhd(creation: UInt32, timescale: UInt32, duration: UInt32) -> [UInt8] {
        box("mdhd", [0, 0, 0, 0] + be32(creation) + be32(creation) + be32(timescale) + be32(duration) + [0x55, 0xC4, 0, 0])
    }

    static let ftyp = box("ftyp", fourCC("isom") + be32(512) + fourCC("isom") + fourCC("mp41"))

    /// Seconds since 1904 for a wall-clock time.
    static func mp4Time(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int) -> UInt64 {
        let t = CardTimestampShim.seconds(y, mo, d, h, mi, s)
        return UInt64(t + 2_082_844_800)
    }
}

import CardFileSystem
enum CardTimestampShim {
    static func seconds(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int) -> Int64 {
        CardTimestamp(year: y, month: mo, day: d, hour: h, minute: mi, second: s).wallClockSeconds
    }
}

extension Build {
    /// One 188-byte TS packet on `pid` with a PCR (27 MHz units) and, if given, a PES header with PTS.
    static func tsPacket(pid: UInt16, pcr: UInt64?, pts: UInt64?) -> [UInt8] {
        var p: [UInt8] = [0x47, UInt8((pts != nil ? 0x40 : 0) | (pid >> 8 & 0x1F)), UInt8(pid & 0xFF), 0x30]
        var af: [UInt8] = [0x00]
        if let pcr {
            let base = pcr / 300, ext = pcr % 300
            af = [0x10, UInt8(base >> 25 & 0xFF), UInt8(base >> 17 & 0xFF), UInt8(base >> 9 & 0xFF), UInt8(base >> 1 & 0xFF),
                  UInt8((base & 1) << 7 | 0x7E | (ext >> 8 & 1)), UInt8(ext & 0xFF)]
        }
        p.append(UInt8(af.count))
        p += af
        if let pts {
            p += [0, 0, 1, 0xE0, 0, 0, 0x80, 0x80, 5] + ptsBytes(pts, prefix: 0x2)
        }
        p += [UInt8](repeating: 0xFF, count: 188 - p.count)
        return p
    }

    static func ptsBytes(_ v: UInt64, prefix: UInt8) -> [UInt8] {
        [UInt8(prefix << 4) | UInt8((v >> 29) & 0x0E) | 1, UInt8(v >> 22 & 0xFF), UInt8((v >> 14) & 0xFE) | 1,
         UInt8(v >> 7 & 0xFF), UInt8((v << 1) & 0xFE) | 1]
    }

    /// A transport stream of `seconds` at 25 packets per second with PCR and PTS.
    static func ts(seconds: Int, startPCR: UInt64 = 27_000_000) -> [UInt8] {
        var out: [UInt8] = []
        for i in 0...(seconds * 25) {
            let t = startPCR + UInt64(i) * 1_080_000   // 40 ms
            out += tsPacket(pid: 0x100, pcr: t, pts: t / 300)
        }
        return out
    }

    /// A minimal JPEG: SOI, APP0, APP1 Exif with `tiff`, SOS, EOI.
    static func jpeg(tiff: [UInt8]) -> [UInt8] {
        let exif = Array("Exif".utf8) + [0, 0] + tiff
        let app0: [UInt8] = [0xFF, 0xE0] + be16(16) + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        let app1: [UInt8] = [0xFF, 0xE1] + be16(UInt16(exif.count + 2)) + exif
        return [0xFF, 0xD8] + app0 + app1 + [0xFF, 0xDA, 0, 2, 0xFF, 0xD9]
    }

    /// A minimal MP4: ftyp, moov (mvhd, one trak with tkhd and mdia/mdhd), mdat.
    static func mp4(creation: UInt64, timescale: UInt32 = 1000, duration: UInt64 = 10_000, mdat: Int = 64, moovFirst: Bool = true) -> [UInt8] {
        let trak = container("trak", [tkhd(creation: UInt32(truncatingIfNeeded: creation), trackID: 1, duration: UInt32(truncatingIfNeeded: duration)),
                                      container("mdia", [mdhd(creation: UInt32(truncatingIfNeeded: creation), timescale: 90_000,
                                                              duration: UInt32(truncatingIfNeeded: duration * 90)),
                                                         box("hdlr", [0, 0, 0, 0] + be32(0) + fourCC("vide") + [UInt8](repeating: 0, count: 13))])])
        let moov = container("moov", [mvhd(creation: creation, timescale: timescale, duration: duration), trak])
        let data = box("mdat", [UInt8](repeating: 0xAA, count: mdat))
        return ftyp + (moovFirst ? moov + data : data + moov)
    }
}
