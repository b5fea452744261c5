/// Strict base64 (RFC 4648 §4, standard alphabet). age uses it unpadded and canonical in the header
/// (age spec "Conventions"), and padded and canonical inside the ASCII armor (RFC 7468 strict).
/// Decoding rejects anything an encoder would not produce: other characters, leftover bits that are
/// not zero (RFC 4648 §3.5), impossible lengths, and padding where it is not expected.
public enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// 0...63 for alphabet characters, 0xFF otherwise.
    private static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    public static func isAlphabet(_ c: UInt8) -> Bool { reverse[Int(c)] != 0xFF }

    /// Encodes; `padded` appends `=` to a multiple of four characters.
    public static func encode<C: Collection>(_ bytes: C, padded: Bool) -> [UInt8] where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var it = bytes.makeIterator()
        while let b0 = it.next() {
            let b1 = it.next(), b2 = it.next()
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | (b1 ?? 0) >> 4)])
            if let b1 {
                out.append(alphabet[Int((b1 & 0x0F) << 2 | (b2 ?? 0) >> 6)])
            } else if padded { out.append(UInt8(ascii: "=")) }
            if let b2 {
                out.append(alphabet[Int(b2 & 0x3F)])
            } else if padded { out.append(UInt8(ascii: "=")) }
        }
        return out
    }

    public static func encodeString<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        String(decoding: encode(bytes, padded: false), as: UTF8.self)
    }

    /// Decodes canonical unpadded base64, or nil.
    public static func decodeUnpadded<C: Collection>(_ text: C) -> [UInt8]? where C.Element == UInt8 {
        decodeCore(Array(text))
    }

    public static func decodeUnpadded(_ text: String) -> [UInt8]? { decodeUnpadded(Array(text.utf8)) }

    /// Decodes canonical padded base64 (length a multiple of four, at most two `=` at the end), or nil.
    public static func decodePadded(_ text: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        let ok = text.withUnsafeBytes { decodePadded($0, appendingTo: &out) }
        return ok ? out : nil
    }

    /// Decodes canonical padded base64 from `text` and appends the bytes to `out`; false (with `out`
    /// unspecified) when it is not canonical. Allocation-free on the armor hot path.
    public static func decodePadded(_ text: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) -> Bool {
        guard text.count % 4 == 0 else { return false }
        var count = text.count
        var pads = 0
        while pads < 2, count > 0, text[count - 1] == UInt8(ascii: "=") {
            count -= 1
            pads += 1
        }
        if pads > 0, count % 4 != 4 - pads { return false }
        let produced = count * 3 / 4
        let startIndex = out.count
        out.append(contentsOf: repeatElement(0, count: produced))
        return reverse.withUnsafeBufferPointer { table in
            out.withUnsafeMutableBufferPointer { dst in
                var bad: UInt8 = 0
                var o = startIndex
                var i = 0
                // Whole quanta: four characters, three bytes.
                while i + 4 <= count {
                    let a = table[Int(text[i])], b = table[Int(text[i + 1])]
                    let c = table[Int(text[i + 2])], d = table[Int(text[i + 3])]
                    bad |= (a | b | c | d) & 0xC0   // 0xFF marks a character outside the alphabet
                    let v = UInt32(a & 0x3F) << 18 | UInt32(b & 0x3F) << 12 | UInt32(c & 0x3F) << 6 | UInt32(d & 0x3F)
                    dst[o] = UInt8(truncatingIfNeeded: v >> 16)
                    dst[o + 1] = UInt8(truncatingIfNeeded: v >> 8)
                    dst[o + 2] = UInt8(truncatingIfNeeded: v)
                    o += 3
                    i += 4
                }
                // A final partial quantum of 2 or 3 characters; leftover bits must be zero.
                let rest = count - i
                if rest == 2 {
                    let a = table[Int(text[i])], b = table[Int(text[i + 1])]
                    bad |= (a | b) & 0xC0
                    dst[o] = (a & 0x3F) << 2 | (b & 0x3F) >> 4
                    if b & 0x0F != 0 { bad |= 1 }
                } else if rest == 3 {
                    let a = table[Int(text[i])], b = table[Int(text[i + 1])], c = table[Int(text[i + 2])]
                    bad |= (a | b | c) & 0xC0
                    dst[o] = (a & 0x3F) << 2 | (b & 0x3F) >> 4
                    dst[o + 1] = (b & 0x0F) << 4 | (c & 0x3F) >> 2
                    if c & 0x03 != 0 { bad |= 1 }
                } else if rest != 0 {
                    bad |= 1
                }
                return bad == 0
            }
        }
    }

    private static func decodeCore(_ text: [UInt8]) -> [UInt8]? {
        let remainder = text.count % 4
        if remainder == 1 { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 4 * 3 + 2)
        var acc: UInt32 = 0
        var bits = 0
        for c in text {
            let v = reverse[Int(c)]
            if v == 0xFF { return nil }
            acc = (acc << 6) | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
                acc &= (UInt32(1) << UInt32(bits)) - 1
            }
        }
        // Canonical: the bits left over after the last whole byte must be zero.
        if acc != 0 { return nil }
        return out
    }
}
