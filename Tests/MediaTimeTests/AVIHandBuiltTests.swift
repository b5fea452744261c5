import CardFileSystem
import Foundation
@testable import MediaTime
import Testing

/// AVI headers built by hand: IDIT in its common forms, EXIF in `strd`, OpenDML files.
struct AVIHandBuiltTests {
    static let forms: [(String, CardTimestamp?)] = [
        ("Mon Mar 10 15:04:43 2003\n\0", CardTimestamp(year: 2003, month: 3, day: 10, hour: 15, minute: 4, second: 43)),
        ("THU FEB 13 11:03:15 2011", CardTimestamp(year: 2011, month: 2, day: 13, hour: 11, minute: 3, second: 15)),
        ("Fri Nov  20 21:30:00 2026", CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, minute: 30, second: 0)),
        ("2009/10/27 12:14:34\0", CardTimestamp(year: 2009, month: 10, day: 27, hour: 12, minute: 14, second: 34)),
        ("2005:08:11 14:03:54", CardTimestamp(year: 2005, month: 8, day: 11, hour: 14, minute: 3, second: 54)),
        ("2026-11-20 21:30:00", CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, minute: 30, second: 0)),
        ("2026-11-20T21:30:05", CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, minute: 30, second: 5)),
        ("20 Nov 2026 21:30:07", CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, minute: 30, second: 7)),
        ("2026:13:20 21:30:00", nil),        // month 13
        ("Mon Foo 10 15:04:43 2003", nil),   // no month
        ("", nil),
        ("1234567890123456789012345678901234567890", nil),
        ("Mon Mar 10 15:04:43 200", nil),    // year cut off
    ]

    @Test(arguments: forms.indices)
    func iditForms(_ i: Int) {
        let (text, expected) = Self.forms[i]
        let bytes = Build.avi([Build.avih(microSecPerFrame: 40_000, frames: 250), Build.chunk("IDIT", Array(text.utf8))])
        let (r, _) = Media.read(bytes, name: "MOVI0001.AVI")
        if let expected {
            #expect(r.start == expected, "\(text): \(r.evidence) \(r.unknownBecause)")
            #expect(r.timeSource == .aviIDIT)
            #expect(r.duration == 10)
            #expect(r.end == expected.adding(seconds: 10))
        } else {
            #expect(r.start == nil)
            #expect(r.timeSource == .unknown)
            #expect(!r.unknownBecause.isEmpty)
        }
    }

    /// An unterminated IDIT that fills its chunk: read within the chunk, never past it.
    @Test(.timeLimit(.minutes(1))) func unterminatedIDIT() {
        let bytes = Build.avi([Build.avih(microSecPerFrame: 40_000, frames: 25), Build.chunk("IDIT", Array("2026:11:20 21:30:00".utf8))])
        let (r, _) = Media.read(bytes, name: "a.avi")
        #expect(r.start == CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, minute: 30, second: 0))
    }

    /// Fujifilm/Casio style: `strd` = "AVIF" + TIFF with an Exif IFD carrying DateTimeOriginal.
    @Test func exifInStrd() {
        let tiff = Self.tiffWithDateTimeOriginal("2026:11:20 21:30:09")
        let strl = Build.list("strl", [Build.chunk("strh", Array("vidsMJPG".utf8) + [UInt8](repeating: 0, count: 48)),
                                       Build.chunk("strd", Array("AVIF".utf8) + [0, 0] + tiff)])
        let bytes = Build.avi([Build.avih(microSecPerFrame: 33_333, frames: 300), strl])
        let (r, _) = Media.read(bytes, name: "DSCF0001.AVI")
        #expect(r.timeSource == .aviStrdExif, "\(r.evidence) \(r.unknownBecause)")
        #expect(r.start == CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, minute: 30, second: 9))
        #expect(r.exif?.dateTimeOriginal == "2026:11:20 21:30:09")
        #expect(abs((r.duration ?? 0) - 9.9999) < 1e-9)
    }

    /// OpenDML: avih counts the first RIFF form's frames; dmlh has the total across AVIX forms.
    @Test func openDML() {
        let odml = Build.list("odml", [Build.chunk("dmlh", Build.le32(9000) + [UInt8](repeating: 0, count: 244))])
        var bytes = Build.avi([Build.avih(microSecPerFrame: 40_000, frames: 3000), odml, Build.chunk("IDIT", Array("2026-11-20 21:00:00".utf8))])
        bytes += Build.list("AVIX", [Build.list("movi", [Build.chunk("00dc", [1, 2, 3, 4])])], id: "RIFF")
        bytes += Build.list("AVIX", [Build.list("movi", [Build.chunk("00dc", [1, 2, 3, 4])])], id: "RIFF")
        let (r, _) = Media.read(bytes, name: "big.avi")
        #expect(r.duration == 360)
        #expect(r.end == CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, minute: 6, second: 0))
        #expect(r.evidence.contains { $0.note.contains("2 AVIX") })
    }

    /// A recording cut off by power loss: RIFF and movi claim more than the file holds.
    @Test func cutOffRecording() {
        var bytes = Build.avi([Build.avih(microSecPerFrame: 40_000, frames: 100), Build.chunk("IDIT", Array("2026:11:20 21:30:00".utf8))], moviBytes: 4000)
        bytes.removeLast(3000)
        let (r, _) = Media.read(bytes, name: "cut.avi")
        #expect(r.start != nil)
        #expect(r.unknownBecause.contains { $0.contains("cut off") })
    }

    /// Little-endian TIFF: IFD0 with an ExifIFD pointer, Exif IFD with DateTimeOriginal.
    static func tiffWithDateTimeOriginal(_ text: String) -> [UInt8] {
        func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
        var t: [UInt8] = [0x49, 0x49, 0x2A, 0x00] + Build.le32(8)
        // IFD0 at 8: one entry, ExifIFDPointer (0x8769, LONG) -> 26.
        t += le16(1) + le16(0x8769) + le16(4) + Build.le32(1) + Build.le32(26) + Build.le32(0)
        // Exif IFD at 26: DateTimeOriginal (0x9003, ASCII, 20) -> 44.
        t += le16(1) + le16(0x9003) + le16(2) + Build.le32(20) + Build.le32(44) + Build.le32(0)
        t += Array(text.utf8) + [0]
        return t
    }
}
