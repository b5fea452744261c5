import CardFileSystem

/// The camera naming patterns sdcustody knows. To add one: append a row with an `example`, and
/// add a row (and a near-miss) to `NamePatternTests`. Order matters: the first match wins.
public enum NamePatternTable {
    public static let patterns: [NamePattern] = [
        NamePattern(id: "yyyymmddhhmmss-yyyymmddhhmmss",
                    expression: #"(?:[a-z0-9]+_)?(?<y>\d{4})(?<mo>\d{2})(?<d>\d{2})(?<h>\d{2})(?<mi>\d{2})(?<s>\d{2})-(?<ey>\d{4})(?<emo>\d{2})(?<ed>\d{2})(?<eh>\d{2})(?<emi>\d{2})(?<es>\d{2})(?:_\d{1,4})?"#,
                    example: "20261120213000-20261120214000.mov", note: "NVR exports: start and end"),
        NamePattern(id: "yyyy_mmdd_hhmmss_nnnC",
                    expression: #"(?<y>\d{4})_(?<mo>\d{2})(?<d>\d{2})_(?<h>\d{2})(?<mi>\d{2})(?<s>\d{2})(?:_(?<seq>\d{3,6}))?(?<ch>[FRIT])?"#,
                    example: "2026_1120_213000_001F.MP4", note: "Novatek dashcams (Viofo and others); F/R/I channel"),
        NamePattern(id: "yymmdd_hhmmss_nnn_CC",
                    expression: #"(?<yy>\d{2})(?<mo>\d{2})(?<d>\d{2})_(?<h>\d{2})(?<mi>\d{2})(?<s>\d{2})(?:_(?<seq>\d{1,4}))?(?:_(?<ch>[a-z]{1,2}))?"#,
                    example: "240915_143027_001_FH.MP4", note: "dashcams with two-digit years and a channel tag"),
        NamePattern(id: "prefix_yymmdd-hhmmss",
                    expression: #"(?:[a-z]+_)?(?<yy>\d{2})(?<mo>\d{2})(?<d>\d{2})-(?<h>\d{2})(?<mi>\d{2})(?<s>\d{2})(?:_(?<seq>\d{1,4}))?(?:_(?<ch>[a-z]{1,2}))?"#,
                    example: "REC_261120-213000.ts", note: "DVRs writing REC_YYMMDD-HHMMSS"),
        NamePattern(id: "yyyymmdd_hhmmss",
                    expression: #"(?:[a-z]+[_-])?(?<y>\d{4})(?<mo>\d{2})(?<d>\d{2})[_-](?<h>\d{2})(?<mi>\d{2})(?<s>\d{2})(?:_(?<seq>\d{1,6}))?(?:_(?<ch>[a-z]{1,2}))?"#,
                    example: "20261120_213000.mp4", note: "phones, action cams, BlackVue (_NF/_NR)"),
        NamePattern(id: "yyyymmddhhmmss",
                    expression: #"(?:(?<ch>ch\d{1,3})_|[a-z]+_)?(?<y>\d{4})(?<mo>\d{2})(?<d>\d{2})(?<h>\d{2})(?<mi>\d{2})(?<s>\d{2})(?:_(?<seq>\d{1,6}))?"#,
                    example: "ch01_20261120213000.mp4", note: "NVR/DVR channel exports"),
        NamePattern(id: "yyyy-mm-dd_hh-mm-ss",
                    expression: #"(?:[a-z]+[_-])?(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2})[ _t](?<h>\d{2})[-.:](?<mi>\d{2})[-.:](?<s>\d{2})(?:_(?<seq>\d{1,6}))?"#,
                    example: "2026-11-20_21-30-00.mp4", note: "cameras and apps writing ISO-like names"),
        NamePattern(id: "hh.mm.ss-hh.mm.ss[dav]",
                    expression: #"(?<h>\d{2})\.(?<mi>\d{2})\.(?<s>\d{2})-(?<eh>\d{2})\.(?<emi>\d{2})\.(?<es>\d{2})(?:\[[^\]]{0,16}\]){0,4}"#,
                    example: "2026-11-20/001/dav/21/21.30.00-21.40.00[R][0@0][0].dav", note: "Dahua: time span, date from the folder"),
    ]

    /// A date folder, and an hour folder somewhere below it.
    public static let dateFolderPatterns: [NamePattern] = [
        NamePattern(id: "yyyymmdd", expression: #"(?<y>\d{4})(?<mo>\d{2})(?<d>\d{2})"#, example: "20261120/21/", note: "DVR date folders"),
        NamePattern(id: "yyyy-mm-dd", expression: #"(?<y>\d{4})[-_](?<mo>\d{2})[-_](?<d>\d{2})"#, example: "2026-11-20/001/dav/21/", note: "Dahua, others"),
    ]

    struct Compiled {
        let pattern: NamePattern
        let regex: Regex<AnyRegexOutput>
    }

    // Compiled once. An expression that does not compile is a programming error caught by the
    // table test, and is skipped here rather than trapping.
    static let compiled: [Compiled] = compile(patterns)
    static let compiledFolders: [Compiled] = compile(dateFolderPatterns)

    static func compile(_ list: [NamePattern]) -> [Compiled] {
        list.compactMap { p in (try? Regex(p.expression)).map { Compiled(pattern: p, regex: $0.ignoresCase()) } }
    }

    /// True when every pattern's expression compiles (for the table test).
    public static var allCompile: Bool {
        compiled.count == patterns.count && compiledFolders.count == dateFolderPatterns.count
    }

    /// The stem: the name without its last extension (names over 255 bytes are not camera names).
    static func stem(_ name: String) -> Substring? {
        guard name.utf8.count <= 255 else { return nil }
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { return name[..<dot] }
        return name[...]
    }

    /// The time a file name carries, using `folders` (outermost first) for patterns without a date.
    public static func match(fileName: String, folders: [String] = []) -> NameTime? {
        guard let stem = stem(fileName) else { return nil }
        let folderDate = folderTime(folders)
        for c in compiled {
            guard let m = try? c.regex.wholeMatch(in: stem) else { continue }
            func int(_ name: String) -> Int? { m.output[name]?.substring.flatMap { Int($0) } }
            func text(_ name: String) -> String? { m.output[name]?.substring.map(String.init) }
            var year: Int
            var month: Int, day: Int
            var dateFolder: String?
            if let y = int("y") { year = y }
            else if let yy = int("yy") { year = 2000 + yy }
            else {
                guard let fd = folderDate else { continue }
                year = fd.date.year
                dateFolder = fd.folder
            }
            if dateFolder == nil {
                guard let mo = int("mo"), let d = int("d") else { continue }
                month = mo; day = d
            } else {
                guard let fd = folderDate else { continue }
                month = fd.date.month; day = fd.date.day
            }
            guard let h = int("h"), let mi = int("mi"), let s = int("s") else { continue }
            let start = CardTimestamp(year: year, month: month, day: day, hour: h, minute: mi, second: s)
            guard start.isValid, (1980...2099).contains(year) else { continue }
            var end: CardTimestamp?
            if let eh = int("eh"), let emi = int("emi"), let es = int("es") {
                let ey = int("ey") ?? year, emo = int("emo") ?? month, ed = int("ed") ?? day
                var e = CardTimestamp(year: ey, month: emo, day: ed, hour: eh, minute: emi, second: es)
                guard e.isValid else { continue }
                // A span given as times only that ends "before" it starts ran past midnight.
                if int("ey") == nil, e < start, let next = e.adding(seconds: 86_400) { e = next }
                guard start <= e else { continue }
                end = e
            }
            var channel = text("ch")?.uppercased()
            // BlackVue's N/E/P/M prefix is the recording mode; the channel is the last letter.
            if c.pattern.id == "yyyymmdd_hhmmss", let ch = channel, ch.count == 2 { channel = String(ch.suffix(1)) }
            return NameTime(patternID: c.pattern.id, start: start, end: end, channel: channel, dateFolder: dateFolder)
        }
        return nil
    }

    /// The innermost date folder, with the hour folder below it if there is one.
    public static func folderTime(_ folders: [String]) -> FolderTime? {
        for (index, folder) in folders.enumerated().reversed() {
            for c in compiledFolders {
                guard folder.utf8.count <= 64, let m = try? c.regex.wholeMatch(in: folder) else { continue }
                func int(_ name: String) -> Int? { m.output[name]?.substring.flatMap { Int($0) } }
                guard let y = int("y"), let mo = int("mo"), let d = int("d") else { continue }
                let date = CardTimestamp(year: y, month: mo, day: d)
                guard date.isValid, (1980...2099).contains(y) else { continue }
                let hour = folders[(index + 1)...].last(where: { $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) })
                    .flatMap { Int($0) }.flatMap { $0 < 24 ? $0 : nil }
                return FolderTime(patternID: c.pattern.id + (hour != nil ? "/hh" : ""), folder: folder, date: date, hour: hour)
            }
        }
        return nil
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
