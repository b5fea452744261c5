import Records
import Codecs

/// The coverage timeline of one camera (issue 14 item 3): on the true-time axis, the window asked
/// for, the window delivered, and for each delivered file the span it recorded, coloured as
/// recorded (inside the request), outside the request, and the gaps of the request no file covers.
public enum CoverageTimeline {
    /// Seconds of a wall-clock `YYYY-MM-DDTHH:MM:SS[.ffffff][zone]` (the zone and fraction dropped),
    /// counted from 1970-01-01 on the same clock; nil when the text is not such a time.
    public static func seconds(_ text: String) -> Int64? {
        let u = Array(text.utf8)
        guard u.count >= 19, u[4] == 0x2D, u[7] == 0x2D, u[10] == 0x54 || u[10] == 0x20, u[13] == 0x3A, u[16] == 0x3A else { return nil }
        func n(_ r: Range<Int>) -> Int64? {
            var v: Int64 = 0
            for i in r { guard (0x30...0x39).contains(u[i]) else { return nil }; v = v * 10 + Int64(u[i] - 0x30) }
            return v
        }
        guard let y = n(0..<4), let mo = n(5..<7), let d = n(8..<10), let h = n(11..<13), let mi = n(14..<16), let s = n(17..<19),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61 else { return nil }
        let days = CivilDate.days(year: y, month: mo, day: d)
        return days * 86_400 + h * 3600 + mi * 60 + s
    }

    /// `HH:MM:SS` of a seconds value.
    static func clock(_ t: Int64) -> String {
        let s = ((t % 86_400) + 86_400) % 86_400
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))"
    }

    /// A file's span on the true-time axis: corrected times where the export had an offset, else
    /// the camera's own; a file with no end lasts one second on the drawing.
    static func span(_ f: HandoverRecord.File) -> (Int64, Int64)? {
        guard let start = seconds(f.correctedStart ?? f.start ?? "") else { return nil }
        let end = seconds(f.correctedEnd ?? f.end ?? "") ?? start + 1
        return (start, max(end, start + 1))
    }

    /// The SVG for `camera`, or nil when no file has a time to draw.
    public static func svg(files: [HandoverRecord.File], requested: HandoverRecord.Window, delivered: HandoverRecord.Window,
                           camera: String) -> String? {
        let spans = files.compactMap(span)
        guard !spans.isEmpty else { return nil }
        let rq = (seconds(requested.from ?? ""), seconds(requested.to ?? ""))
        let dl = (seconds(delivered.from ?? ""), seconds(delivered.to ?? ""))
        var points = spans.flatMap { [$0.0, $0.1] }
        points += [rq.0, rq.1, dl.0, dl.1].compactMap { $0 }
        guard var lo = points.min(), var hi = points.max() else { return nil }
        if hi - lo < 60 { hi = lo + 60 }
        let pad = max((hi - lo) / 40, 1)
        lo -= pad; hi += pad
        let left = 90.0, width = 580.0, barY = 34.0, barH = 22.0
        func x(_ t: Int64) -> Double { left + width * Double(t - lo) / Double(hi - lo) }
        func f(_ v: Double) -> String { format1(v) }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 680 96\" class=\"timeline\" role=\"img\">"
        out += "<defs><pattern id=\"gap\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
            + "<rect width=\"6\" height=\"6\" fill=\"#fde2e2\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#d33\" stroke-width=\"3\"/></pattern></defs>"
        out += "<text x=\"0\" y=\"\(f(barY + 15))\" class=\"cam\">\(HTML.escape(camera))</text>"
        out += "<rect x=\"\(f(left))\" y=\"\(f(barY))\" width=\"\(f(width))\" height=\"\(f(barH))\" fill=\"#f2f2f2\"/>"
        let reqFrom = rq.0 ?? lo, reqTo = rq.1 ?? hi
        // The request, all gap to begin with; what was recorded is drawn over it.
        out += "<rect x=\"\(f(x(reqFrom)))\" y=\"\(f(barY))\" width=\"\(f(max(x(reqTo) - x(reqFrom), 0.5)))\" height=\"\(f(barH))\" fill=\"url(#gap)\"/>"
        for (a, b) in spans {
            // Outside the request: grey; inside: green.
            out += "<rect x=\"\(f(x(a)))\" y=\"\(f(barY))\" width=\"\(f(max(x(b) - x(a), 1)))\" height=\"\(f(barH))\" fill=\"#9aa0a6\"/>"
            let ia = max(a, reqFrom), ib = min(b, reqTo)
            if ib > ia {
                out += "<rect x=\"\(f(x(ia)))\" y=\"\(f(barY))\" width=\"\(f(max(x(ib) - x(ia), 2)))\" height=\"\(f(barH))\" fill=\"#2e9d4f\"/>"
            }
        }
        // The window asked for: a bracket above the bar; the window delivered: one below.
        func bracket(_ a: Int64, _ b: Int64, y: Double, dy: Double, colour: String, dash: Bool) -> String {
            let d = dash ? " stroke-dasharray=\"4 3\"" : ""
            return "<path d=\"M\(f(x(a))) \(f(y + dy)) V\(f(y)) H\(f(x(b))) V\(f(y + dy))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(d)/>"
        }
        if rq.0 != nil || rq.1 != nil { out += bracket(reqFrom, reqTo, y: barY - 8, dy: 6, colour: "#1f5fbf", dash: true) }
        if dl.0 != nil || dl.1 != nil { out += bracket(dl.0 ?? lo, dl.1 ?? hi, y: barY + barH + 8, dy: -6, colour: "#111", dash: false) }
        // Time labels: the ends of the request above, of the delivered window below.
        var labels: [(Int64, Double)] = []
        if let a = dl.0 { labels.append((a, barY + barH + 20)) }
        if let b = dl.1 { labels.append((b, barY + barH + 20)) }
        if labels.isEmpty { labels = [(lo, barY + barH + 20), (hi, barY + barH + 20)] }
        if let a = rq.0 { labels.append((a, barY - 12)) }
        if let b = rq.1 { labels.append((b, barY - 12)) }
        for (t, y) in labels {
            // Kept inside the drawing: a label at either end is anchored to that end.
            let px = x(t)
            let anchor = px < left + 25 ? "start" : px > left + width - 25 ? "end" : "middle"
            out += "<text x=\"\(f(px))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" class=\"tick\">\(clock(t))</text>"
        }
        return out + "</svg>"
    }

    static func format1(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
