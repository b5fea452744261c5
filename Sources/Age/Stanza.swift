import Codecs

/// A recipient stanza (age spec "Recipient stanza"): `-> type arg…` then a base64 body wrapped at 64
/// columns. `arguments[0]` is the type (`X25519`, `scrypt`, anything else is ignored by us).
public struct Stanza: Equatable, Sendable {
    public var arguments: [String]
    public var body: [UInt8]

    public init(arguments: [String], body: [UInt8]) {
        self.arguments = arguments
        self.body = body
    }

    public var type: String { arguments.first ?? "" }

    /// `argument = 1*VCHAR`.
    static func isValidArgument(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }

    /// The stanza's lines, each ending in LF, as they go into the header.
    func marshal() -> [UInt8] {
        var out = Array("->".utf8)
        for a in arguments {
            out.append(UInt8(ascii: " "))
            out += Array(a.utf8)
        }
        out.append(0x0A)
        let encoded = Base64.encode(body, padded: false)
        var i = 0
        // Full 64-column lines, then a final shorter line (empty when the body fills whole lines).
        while encoded.count - i >= HeaderFormat.columns {
            out += encoded[i..<(i + HeaderFormat.columns)]
            out.append(0x0A)
            i += HeaderFormat.columns
        }
        out += encoded[i...]
        out.append(0x0A)
        return out
    }
}
