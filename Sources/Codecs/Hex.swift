/// Lower-case hexadecimal, as manifests, `sha256sum` and the access log write digests and keys.
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Two lower-case digits per byte.
    public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes an even number of hex digits; nil for anything else. Lower case only unless
    /// `allowUpperCase`: the log writes lower case, and accepting both would give one entry two
    /// spellings.
    public static func decode(_ text: String, allowUpperCase: Bool = false) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i + 1 < chars.count {
            guard let hi = nibble(chars[i], allowUpperCase), let lo = nibble(chars[i + 1], allowUpperCase) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    /// Whether `text` is a SHA-256 digest as we write it: 64 lower-case hex digits.
    public static func isSHA256(_ text: String) -> Bool { text.utf8.count == 64 && decode(text) != nil }

    private static func nibble(_ c: UInt8, _ upper: Bool) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46 where upper: return c - 0x41 + 10
        default: return nil
        }
    }
}
