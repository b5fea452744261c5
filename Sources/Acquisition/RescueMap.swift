/// The outcome of an acquisition as a GNU ddrescue mapfile (ddrescue manual, "Mapfile
/// structure"), so `ddrescuelog` and ddrescue itself can read which parts of the source were
/// read and which could not be: a status line, then blocks `pos size status` covering the whole
/// source in order, `+` finished, `-` bad sector, `?` not tried (an interrupted run).
public enum RescueMap {
    /// The mapfile text. Positions and sizes are in bytes, hexadecimal as ddrescue writes them.
    public static func text(sourceSize: UInt64, bytesRead: UInt64, badSectors: BadSectorMap, tool: String,
                            commandLine: String, finished: Bool) -> String {
        var lines = [
            "# Mapfile. Created by \(tool) in GNU ddrescue's mapfile format",
            "# Command line: \(commandLine.filter { $0 != "\n" && $0 != "\r" })",
        ]
        if finished { lines.append("# Finished") }
        lines.append("# current_pos  current_status  current_pass")
        lines.append("\(hex(min(bytesRead, sourceSize)))     \(finished ? "+" : "?")               1")
        lines.append("#      pos        size  status")
        var at: UInt64 = 0
        let read = min(bytesRead, sourceSize)
        func block(_ start: UInt64, _ end: UInt64, _ status: Character) {
            guard end > start else { return }
            lines.append("\(hex(start))  \(hex(end - start))  \(status)")
        }
        for r in badSectors.ranges {
            // Bad ranges come in increasing order and lie inside what was read.
            let (s, o1) = r.firstSector.multipliedReportingOverflow(by: badSectors.sectorSize)
            let (n, o2) = r.count.multipliedReportingOverflow(by: badSectors.sectorSize)
            guard !o1, !o2, s >= at, s < read else { continue }
            let e = min(read, s &+ n < s ? read : s + n)
            block(at, s, "+")
            block(s, e, "-")
            at = e
        }
        block(at, read, "+")
        block(read, sourceSize, "?")
        if sourceSize == 0 { lines.append("\(hex(0))  \(hex(0))  +") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
    }

    /// Where the mapfile of `image` lives: `IMAGE.mapfile` beside it.
    public static func path(forImage image: String) -> String { image + ".mapfile" }
}
