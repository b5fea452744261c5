import CardIO
import CardFileSystem

/// The recording date some writers keep as text beside `mvhd`: QuickTime `moov/udta/©day`
/// (a 16-bit length, a 16-bit language, the text) or the iTunes-style
/// `moov/udta/meta/ilst/©day/data` (type and locale words, then the text). Often ISO 8601 with a
/// zone (`2026-11-20T21:30:00+0100`): that is how a file says its `mvhd` time is UTC.
enum UserDataDate {
    static let day = "?day"   // `©day`: 0xA9 is outside printable ASCII, BoxHeader shows it as '?'

    /// The ©day text under `udta`, if any; reads only boxes on the path to it.
    static func find(_ reader: BoundedReader, udta: BoxHeader, problems: inout [String]) -> String? {
        for box in BoxHeader.children(reader, from: udta.payloadOffset, to: udta.end, maxBoxes: 256, problems: &problems) {
            if box.type == day, box.payloadSize >= 4, let r = try? payload(reader, box, cap: 68),
               let n = try? r.u16be(0), let text = try? r.slice(4, min(Int(n), r.count - 4)) {
                return String(decoding: text.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if box.type == "meta", box.payloadSize > 4 {
                for ilst in BoxHeader.children(reader, from: box.payloadOffset + 4, to: box.end, maxBoxes: 64, problems: &problems)
                where ilst.type == "ilst" {
                    for item in BoxHeader.children(reader, from: ilst.payloadOffset, to: ilst.end, maxBoxes: 256, problems: &problems)
                    where item.type == day {
                        for data in BoxHeader.children(reader, from: item.payloadOffset, to: item.end, maxBoxes: 8, problems: &problems)
                        where data.type == "data" && data.payloadSize > 8 {
                            if let r = try? payload(reader, data, cap: 72), let text = try? r.slice(8, r.count - 8) {
                                return String(decoding: text.prefix(while: { $0 != 0 }), as: UTF8.self)
                            }
                        }
                    }
                }
            }
        }
        return nil
    }

    /// `YYYY-MM-DD[T ]HH:MM:SS` with an optional `Z`, `±HHMM` or `±HH:MM`.
    static func parse(_ text: String) -> CardTimestamp? {
        let b = Array(text.utf8.prefix(32))
        guard b.count >= 19, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let y = ExifTime.digits(b, 0, 4), let mo = ExifTime.digits(b, 5, 2), let d = ExifTime.digits(b, 8, 2),
              let h = ExifTime.digits(b, 11, 2), let mi = ExifTime.digits(b, 14, 2), let s = ExifTime.digits(b, 17, 2) else { return nil }
        var rest = Array(b[19...])
        // Fractions of a second are dropped; mvhd has whole seconds.
        if rest.first == UInt8(ascii: ".") { rest = Array(rest.drop(while: { $0 == UInt8(ascii: ".") || (0x30...0x39).contains($0) })) }
        var zone: Int?
        if rest.first == UInt8(ascii: "Z") {
            zone = 0
        } else if let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            let digits = rest.dropFirst().filter { $0 != UInt8(ascii: ":") }
            guard digits.count >= 4, let hh = ExifTime.digits(Array(digits), 0, 2), let mm = ExifTime.digits(Array(digits), 2, 2),
                  hh <= 14, mm < 60 else { return nil }
            zone = (sign == UInt8(ascii: "-") ? -1 : 1) * (hh * 60 + mm)
        }
        let t = CardTimestamp(year: y, month: mo, day: d, hour: h, minute: mi, second: s, utcOffsetMinutes: zone)
        return t.isValid ? t : nil
    }
}
