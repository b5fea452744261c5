import Foundation

/// Just enough XML for S3's answers (ListBucketResult, InitiateMultipartUploadResult, Error):
/// the text of simple elements by name, in document order. S3 documents are flat records of
/// `<Name>text</Name>`; attributes, CDATA and namespaces are not needed. Entities `&amp; &lt;
/// &gt; &quot; &apos;` and numeric references are decoded. Bounded by the caller's response limit.
public enum XMLScan {
    /// Each `<element>…</element>` block's inner text, for `element` (e.g. every `Contents`).
    public static func blocks(_ name: String, in xml: String) -> [Substring] {
        var out: [Substring] = []
        let open = "<\(name)>", close = "</\(name)>"
        var rest = xml[...]
        while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: close) {
            out.append(rest[start.upperBound..<end.lowerBound])
            rest = rest[end.upperBound...]
        }
        return out
    }

    /// The decoded text of the first `<name>…</name>` in `xml`.
    public static func value<S: StringProtocol>(_ name: String, in xml: S) -> String? {
        guard let start = xml.range(of: "<\(name)>"), let end = xml[start.upperBound...].range(of: "</\(name)>") else {
            return nil
        }
        return decodeEntities(String(xml[start.upperBound..<end.lowerBound]))
    }

    public static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var rest = s[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 10 else {
                out += "&"; rest = rest[rest.index(after: amp)...]; continue
            }
            let entity = rest[rest.index(after: amp)..<semi]
            var scalar: Unicode.Scalar?
            switch entity {
            case "amp": scalar = "&"
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default:
                if entity.hasPrefix("#x"), let v = UInt32(entity.dropFirst(2), radix: 16) { scalar = Unicode.Scalar(v) }
                else if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst(1)) { scalar = Unicode.Scalar(v) }
            }
            if let scalar { out.unicodeScalars.append(scalar) } else { out += rest[amp...semi] }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }

    /// Text escaped for an element's content.
    public static func escape(_ s: String) -> String {
        s.replacingAll("&", "&amp;").replacingAll("<", "&lt;").replacingAll(">", "&gt;")
    }
}

extension String {
    func replacingAll(_ a: String, _ b: String) -> String {
        guard contains(a) else { return self }
        return split(separator: a, omittingEmptySubsequences: false).joined(separator: b)
    }
}
