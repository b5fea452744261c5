import CardIO
import Messages

/// JPEG (ITU T.81 Annex B) marker segments up to the first scan, to find the EXIF APP1 segment
/// (EXIF 2.32 §4.7.2: `FFE1`, length, `Exif\0\0`, TIFF header). Only segment headers are read.
enum JPEGSegments {
    struct APP1 {
        /// File offset of the `Exif\0\0` identifier.
        let offset: UInt64
        /// The segment's data after the length field, cut to the cap.
        let bytes: [UInt8]
    }

    /// libexif only ever sees a buffer this long, cut from the file.
    static let exifCap = 64 * 1024

    static func isJPEG(_ head: [UInt8]) -> Bool {
        head.count >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF
    }

    static func findExif(_ reader: BoundedReader) throws -> APP1? {
        var offset: UInt64 = 2
        var segments = 0
        while segments < 256, offset + 4 <= reader.size {
            segments += 1
            let r = try reader.read(at: offset, exactly: 4, what: "JPEG marker")
            guard try r.u8(0) == 0xFF else {
                throw MediaParseError(tr(.mcJPEGMarkerExpectedAtByte, ["offset": "\(offset)", "v": "\(String(try r.u8(0), radix: 16))"]))
            }
            let marker = try r.u8(1)
            // Fill bytes and standalone markers carry no length.
            if marker == 0xFF { offset += 1; continue }
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { offset += 2; continue }
            // Start of scan or end of image: EXIF comes before them.
            if marker == 0xDA || marker == 0xD9 { return nil }
            let length = UInt64(try r.u16be(2))
            guard length >= 2 else { throw MediaParseError(tr(.mcJPEGSegment0xFFAtByte, ["v": "\(String(marker, radix: 16))", "offset": "\(offset)", "length": "\(length)"])) }
            if marker == 0xE1, length >= 8 {
                let id = try reader.read(at: offset + 4, upTo: 6)
                if id == Array("Exif".utf8) + [0, 0] {
                    let n = Int(min(length - 2, UInt64(exifCap)))
                    return APP1(offset: offset + 4, bytes: try reader.read(at: offset + 4, upTo: n))
                }
            }
            offset += 2 + length
        }
        return nil
    }
}
