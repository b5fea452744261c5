/// The one byte form of a JSON value that the log hashes, signs and stores.
///
/// Rules (chosen to equal what `jq -cS` prints, so anyone can recompute a hash with jq):
/// - no whitespace anywhere;
/// - object members sorted by the UTF-8 bytes of their names;
/// - integers in plain decimal, `-` for negatives, no leading zeros (the log has no fractions);
/// - strings as UTF-8, escaping only `"` as `\"`, `\` as `\\`, the controls U+0008, U+0009,
///   U+000A, U+000C, U+000D as `\b \t \n \f \r`, every other control below U+0020 and U+007F as
///   `\u00xx` with lower-case hex; everything else (including `/` and non-ASCII) as itself.
public enum CanonicalJSON {
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        append(value, to: &out)
        return out
    }

    static func append(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .int(let n): out += Array(String(n).utf8)
        case .uint(let n): out += Array(String(n).utf8)
        // The log holds no fractions (the parser refuses them); written as the pretty writer does.
        case .double(let v): out += Array((v.isFinite ? String(v) : "null").utf8)
        case .string(let s): appendString(s, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, e) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                append(e, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let sorted = members.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
            for (i, (name, v)) in sorted.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendString(name, to: &out)
                out.append(UInt8(ascii: ":"))
                append(v, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func appendString(_ s: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case 0x22: out += [0x5c, 0x22]
            case 0x5c: out += [0x5c, 0x5c]
            case 0x08: out += [0x5c, UInt8(ascii: "b")]
            case 0x09: out += [0x5c, UInt8(ascii: "t")]
            case 0x0a: out += [0x5c, UInt8(ascii: "n")]
            case 0x0c: out += [0x5c, UInt8(ascii: "f")]
            case 0x0d: out += [0x5c, UInt8(ascii: "r")]
            case 0x00..<0x20, 0x7f:
                out += [0x5c, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 0x0f)]]
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
