import Messages
/// Text tag files (RFC 8493 §2.3): decoded with the encoding bagit.txt declares, split into lines
/// ended by LF, CR or CRLF; the last line may lack an ending.
enum TagFileText {
    /// The encodings we can read. RFC 8493 recommends UTF-8 and allows any IANA charset for
    /// backwards compatibility; the v0.97 conformance bags use ISO-8859-1 and UTF-16.
    enum Encoding {
        case utf8, latin1, ascii, utf16, utf16BE, utf16LE

        init?(name: String) {
            let key = String(name.lowercased().unicodeScalars.filter { $0 != "-" && $0 != "_" })
            switch key {
            case "utf8": self = .utf8
            case "iso88591", "latin1", "l1", "isolatin1": self = .latin1
            case "usascii", "ascii": self = .ascii
            case "utf16": self = .utf16
            case "utf16be": self = .utf16BE
            case "utf16le": self = .utf16LE
            default: return nil
            }
        }

        var allowsBOM: Bool {
            switch self {
            case .utf16: return true
            default: return false
            }
        }
    }

    enum DecodeError: Error {
        case invalid(String)
    }

    /// Decodes tag file bytes. A UTF-8 BOM is reported through `hadBOM` (RFC 8493 forbids it;
    /// older bags sometimes have it).
    static func decode(_ bytes: [UInt8], _ encoding: Encoding) throws -> (text: String, hadBOM: Bool) {
        switch encoding {
        case .utf8:
            var body = bytes[...]
            var bom = false
            if body.starts(with: [0xef, 0xbb, 0xbf]) { body = body.dropFirst(3); bom = true }
            guard let s = String(validating: body, as: UTF8.self) else { throw DecodeError.invalid(tr(.bcNotValidUTF8)) }
            return (s, bom)
        case .ascii:
            guard bytes.allSatisfy({ $0 < 0x80 }) else { throw DecodeError.invalid("not ASCII") }
            return (String(decoding: bytes, as: UTF8.self), false)
        case .latin1:
            var s = String.UnicodeScalarView()
            for b in bytes { s.append(Unicode.Scalar(b)) }
            return (String(s), false)
        case .utf16, .utf16BE, .utf16LE:
            guard bytes.count % 2 == 0 else { throw DecodeError.invalid(tr(.bcOddNumberOfBytesFor)) }
            var bigEndian = encoding != .utf16LE
            var start = 0
            var bom = false
            if bytes.count >= 2 {
                if bytes[0] == 0xfe && bytes[1] == 0xff { bigEndian = true; start = 2; bom = true }
                else if bytes[0] == 0xff && bytes[1] == 0xfe { bigEndian = false; start = 2; bom = true }
            }
            if bom && encoding != .utf16 { throw DecodeError.invalid(tr(.bcByteOrderMarkWithAn)) }
            var units: [UInt16] = []
            units.reserveCapacity((bytes.count - start) / 2)
            var i = start
            while i + 1 < bytes.count {
                let hi = UInt16(bytes[bigEndian ? i : i + 1]), lo = UInt16(bytes[bigEndian ? i + 1 : i])
                units.append(hi << 8 | lo)
                i += 2
            }
            guard let s = String(validating: units, as: UTF16.self) else { throw DecodeError.invalid(tr(.bcNotValidUTF16)) }
            return (s, false)
        }
    }

    /// Splits text into lines at LF, CR or CRLF. A final line ending does not make an extra empty
    /// line. (Swift treats CRLF as one Character, which the split below relies on.)
    static func lines(_ text: String) -> [Substring] {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        if let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines
    }

    /// Encodes text for writing: we only write UTF-8.
    static func utf8Bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
}

extension Character {
    /// Linear whitespace in the BagIt sense: space or tab.
    var isLinearWhitespace: Bool { self == " " || self == "\t" }
}
