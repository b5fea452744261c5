import CQRencode

/// A QR code (ISO/IEC 18004) drawn as SVG rectangles, encoded by libqrencode: the report's hash
/// block, so a phone can read the hashes instead of retyping 64 hex digits.
public enum QRCodeSVG {
    /// The modules of `text` (8-bit mode, error correction M), row by row; nil when it does not fit.
    public static func modules(_ text: String) -> [[Bool]]? {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        guard width > 0, width <= 177, let data = code.pointee.data else { return nil }
        var rows: [[Bool]] = []
        for y in 0..<width {
            // Bit 0 of each byte is the module's colour (1 = dark), per qrencode.h.
            rows.append((0..<width).map { x in data[y * width + x] & 1 == 1 })
        }
        return rows
    }

    /// The SVG, with a four-module quiet zone; each run of dark modules in a row is one rect.
    public static func svg(_ text: String, size millimetres: Int = 40) -> String? {
        guard let rows = modules(text) else { return nil }
        let n = rows.count + 8
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n) \(n)\" width=\"\(millimetres)mm\" height=\"\(millimetres)mm\" shape-rendering=\"crispEdges\" role=\"img\"><rect width=\"\(n)\" height=\"\(n)\" fill=\"#fff\"/>"
        for (y, row) in rows.enumerated() {
            var x = 0
            while x < row.count {
                guard row[x] else { x += 1; continue }
                var end = x
                while end < row.count && row[end] { end += 1 }
                out += "<rect x=\"\(x + 4)\" y=\"\(y + 4)\" width=\"\(end - x)\" height=\"1\"/>"
                x = end
            }
        }
        return out + "</svg>"
    }
}
