import OpenSSL
import Messages

/// Bech32 (BIP 173) as age uses it for keys: `age1…` recipients and `AGE-SECRET-KEY-1…` identities.
/// Unlike BIP 173 there is no 90-character limit (age keys may be longer). The checksum is always
/// verified; a string mixing upper and lower case is refused; the human-readable part is returned in
/// the case it was written, so callers can insist on `age` lower case and `AGE-SECRET-KEY-` upper.
public enum Bech32 {
    private static let charset: [UInt8] = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let reverse: [Int8] = {
        var t = [Int8](repeating: -1, count: 128)
        for (i, c) in charset.enumerated() { t[Int(c)] = Int8(i) }
        return t
    }()

    public struct DecodingError: Error, CustomStringConvertible, Equatable {
        public let reason: String
        public var description: String { "invalid Bech32: \(reason)" }
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        let gen: [UInt32] = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
        var chk: UInt32 = 1
        for v in values {
            let top = chk >> 25
            chk = (chk & 0x1ffffff) << 5 ^ UInt32(v)
            for i in 0..<5 where (top >> UInt32(i)) & 1 == 1 { chk ^= gen[i] }
        }
        return chk
    }

    private static func hrpExpand(_ hrp: [UInt8]) -> [UInt8] {
        hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
    }

    /// Regroups bits; when decoding (`pad` false) leftover bits must be fewer than `from` and zero.
    private static func convertBits(_ data: [UInt8], from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var acc = 0, bits = 0
        var out: [UInt8] = []
        let maxv = (1 << to) - 1
        for value in data {
            guard Int(value) >> from == 0 else { return nil }
            acc = (acc << from) | Int(value)
            bits += from
            while bits >= to {
                bits -= to
                out.append(UInt8((acc >> bits) & maxv))
            }
            acc &= (1 << bits) - 1
        }
        if pad {
            if bits > 0 { out.append(UInt8((acc << (to - bits)) & maxv)) }
        } else if bits >= from || acc != 0 {
            return nil
        }
        return out
    }

    private static func wipe(_ a: inout [UInt8]) {
        a.withUnsafeMutableBytes { SecureBytes.cleanse($0) }
    }

    /// Encodes `data` under `hrp`, lower case (callers upper-case identities).
    public static func encode(hrp: String, data: [UInt8]) -> String {
        let h = Array(hrp.lowercased().utf8)
        let values = convertBits(data, from: 8, to: 5, pad: true) ?? []
        let mod = polymod(hrpExpand(h) + values + [0, 0, 0, 0, 0, 0]) ^ 1
        var out = h + [UInt8(ascii: "1")]
        for v in values { out.append(charset[Int(v)]) }
        for i in 0..<6 { out.append(charset[Int((mod >> UInt32(5 * (5 - i))) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes and checks a Bech32 string.
    public static func decode(_ s: String) throws -> (hrp: String, data: [UInt8]) {
        var bytes = Array(s.utf8)
        defer { wipe(&bytes) }
        guard bytes.count <= 4096 else { throw DecodingError(reason: tr(.acTooLong)) }
        var hasLower = false, hasUpper = false
        for c in bytes {
            guard c >= 33, c <= 126 else { throw DecodingError(reason: tr(.acCharacterOutOfRange)) }
            if c >= 0x61 && c <= 0x7A { hasLower = true }
            if c >= 0x41 && c <= 0x5A { hasUpper = true }
        }
        guard !(hasLower && hasUpper) else { throw DecodingError(reason: tr(.acMixedCase)) }
        // Identities pass through here: wipe the working copies (the caller wipes the result).
        var lower = bytes.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 + 32 : $0 }
        defer { wipe(&lower) }
        guard let sep = lower.lastIndex(of: UInt8(ascii: "1")) else { throw DecodingError(reason: tr(.acNoSeparator)) }
        guard sep >= 1 else { throw DecodingError(reason: tr(.acEmptyHumanReadablePart)) }
        guard lower.count - sep - 1 >= 6 else { throw DecodingError(reason: tr(.acTooShortForAChecksum)) }
        var values: [UInt8] = []
        defer { wipe(&values) }
        for c in lower[(sep + 1)...] {
            let v = c < 128 ? reverse[Int(c)] : -1
            guard v >= 0 else { throw DecodingError(reason: tr(.acInvalidCharacter)) }
            values.append(UInt8(v))
        }
        let hrp = Array(lower[..<sep])
        guard polymod(hrpExpand(hrp) + values) == 1 else { throw DecodingError(reason: tr(.acChecksumMismatch)) }
        guard let data = convertBits(Array(values.dropLast(6)), from: 5, to: 8, pad: false) else {
            throw DecodingError(reason: tr(.acInvalidPadding))
        }
        return (String(decoding: bytes[..<sep], as: UTF8.self), data)
    }
}
