import CardFileSystem

/// The camera naming patterns sdcustody knows. To add one: append a row with a `shape` and an
/// `example`, and add a row (and a near-miss) to `NamePatternTests`. Order matters: the first
/// match wins.
///
/// The shapes are compiled once (`NameProgram`) and run by `NameMatcher`, a small backtracking
/// matcher over the name's bytes:
/// these rows were Swift regular expressions once (each row's `expression` prints its shape
/// in that form), and `NameMatcherEquivalenceTests` keeps the old expressions as an oracle.
public enum NamePatternTable {
    // Shorthands for the rows.
    private static func y4(_ f: NameField = .year) -> NamePiece { .digits(4, f) }
    private static func two(_ f: NameField) -> NamePiece { .digits(2, f) }
    /// yyyymmdd
    private static let date8: [NamePiece] = [y4(), two(.month), two(.day)]
    /// hhmmss
    private static let time6: [NamePiece] = [two(.hour), two(.minute), two(.second)]

    public static let patterns: [NamePattern] = [
        NamePattern(id: "yyyymmddhhmmss-yyyymmddhhmmss",
                    shape: [.optional(.alphanumericWord, "_")] + date8 + time6 + ["-",
                            y4(.endYear), two(.endMonth), two(.endDay), two(.endHour), two(.endMinute), two(.endSecond),
                            .optional("_", .digits(1...4))],
                    example: "20261120213000-20261120214000.mov", note: "NVR exports: start and end"),
        NamePattern(id: "yyyy_mmdd_hhmmss_nnnC",
                    shape: [y4(), "_", two(.month), two(.day), "_"] + time6 + [
                            .optional("_", .digits(3...6, .sequence)), .optional(.oneOf("FRIT", .channel))],
                    example: "2026_1120_213000_001F.MP4", note: "Novatek dashcams (Viofo and others); F/R/I channel"),
        NamePattern(id: "yymmdd_hhmmss_nnn_CC",
                    shape: [two(.year2), two(.month), two(.day), "_"] + time6 + [
                            .optional("_", .digits(1...4, .sequence)), .optional("_", .letters(1...2, .channel))],
                    example: "240915_143027_001_FH.MP4", note: "dashcams with two-digit years and a channel tag"),
        NamePattern(id: "prefix_yymmdd-hhmmss",
                    shape: [.optional(.word, "_"), two(.year2), two(.month), two(.day), "-"] + time6 + [
                            .optional("_", .digits(1...4, .sequence)), .optional("_", .letters(1...2, .channel))],
                    example: "REC_261120-213000.ts", note: "DVRs writing REC_YYMMDD-HHMMSS"),
        NamePattern(id: "yyyymmdd_hhmmss",
                    shape: [.optional(.word, .oneOf("_-"))] + date8 + [.oneOf("_-")] + time6 + [
                            .optional("_", .digits(1...6, .sequence)), .optional("_", .letters(1...2, .channel))],
                    example: "20261120_213000.mp4", note: "phones, action cams, BlackVue (_NF/_NR)"),
        NamePattern(id: "yyyymmddhhmmss",
                    shape: [.optional(.either([.capture(.channel, "ch", .digits(1...3)), "_"], [.word, "_"]))] + date8 + time6 + [
                            .optional("_", .digits(1...6, .sequence))],
                    example: "ch01_20261120213000.mp4", note: "NVR/DVR channel exports"),
        NamePattern(id: "yyyy-mm-dd_hh-mm-ss",
                    shape: [.optional(.word, .oneOf("_-")), y4(), "-", two(.month), "-", two(.day), .oneOf(" _t"),
                            two(.hour), .oneOf("-.:"), two(.minute), .oneOf("-.:"), two(.second),
                            .optional("_", .digits(1...6, .sequence))],
                    example: "2026-11-20_21-30-00.mp4", note: "cameras and apps writing ISO-like names"),
        NamePattern(id: "hh.mm.ss-hh.mm.ss[dav]",
                    shape: [two(.hour), ".", two(.minute), ".", two(.second), "-",
                            two(.endHour), ".", two(.endMinute), ".", two(.endSecond),
                            .repeated(0...4, "[", .noneOf("]", 0...16), "]")],
                    example: "2026-11-20/001/dav/21/21.30.00-21.40.00[R][0@0][0].dav", note: "Dahua: time span, date from the folder"),
        // Issue 11, item 7. Rows after this line have no regular-expression twin in
        // NameMatcherEquivalenceTests (that oracle covers the rows above only).
        NamePattern(id: "reolink-dst",
                    shape: ["rec", .oneOf("ms"), .run(.letterOrDigit, count: 2...2, field: nil), "_dst"] + date8 + ["_"] + time6
                        + ["_", two(.endHour), two(.endMinute), two(.endSecond), .optional("_", .noneOf(".", 1...120))],
                    example: "Mp4Record/2023-04-26/RecS02_DST20230426_145918_150032_2B14808_32F1DF.mp4",
                    note: "Reolink, daylight saving time in force (the DST marker is kept in this id)"),
        NamePattern(id: "reolink",
                    shape: ["rec", .oneOf("ms"), .run(.letterOrDigit, count: 2...2, field: nil), "_"] + date8 + ["_"] + time6
                        + ["_", two(.endHour), two(.endMinute), two(.endSecond), .optional("_", .noneOf(".", 1...120))],
                    example: "Mp4Record/2020-12-22/RecM01_20201222_075939_080140_6D28808_1A468F9.mp4",
                    note: "Reolink: Rec + main/sub stream + name version, start date and time, end time, flags"),
        NamePattern(id: "homehawk-1Thhmmss",
                    shape: ["1", .oneOf("am")] + time6,
                    example: "20261120/1M123455.mp4",
                    note: "Panasonic HomeHawk: 1, A (sensor) or M (manual), start time; date from the folder"),
        // Issue 11, item 7, continued (s4): Xiaomi, COWON and Sony SNC. Tuya's time is in its
        // event folder, not the file name: see `tuyaEventTime`.
        NamePattern(id: "xiaomi-MMmSSs_epoch",
                    shape: [two(.minute), "m", two(.second), "s_", .digits(10, .epoch)],
                    example: "2025051223/52M00S_1747065120.mp4",
                    note: "Xiaomi/Mijia (MIJIA_RECORD_VIDEO): hour folder YYYYMMDDHH in local time, minutes and seconds, then Unix time (UTC)",
                    hourFolder: true),
        NamePattern(id: "cowon-yyyymmdd-hhmmss_KIND_Mn",
                    shape: date8 + ["-"] + time6 + ["_", .either(["nor"], ["evt"], ["mot"], ["img"]), "_", .oneOf("dpc"), .digits(0...1)],
                    example: "AUTOCAPSULE/Recordings/Normal/20130501-121010_NOR_D1.avi",
                    note: "COWON dashcams (AUTOCAPSULE/Recordings/Normal, Event): start; NOR normal, EVT event, MOT motion, IMG still; D driving, P parking, C capture"),
        NamePattern(id: "sony-snc-name_yymmddhhmmssnn",
                    shape: [.run(.oneOf(Array("abcdefghijklmnopqrstuvwxyz0123456789-_".utf8)), count: 0...10, field: nil),
                            two(.year2), two(.month), two(.day)] + time6 + [.digits(2, .sequence)],
                    example: "Alarm26112021300500.m4f",
                    note: "Sony SNC network cameras: the image file name set in the camera (up to 10 characters), then the date & time suffix yymmddhhmmss and a 2-digit number",
                    extensions: ["m4f", "jpf"]),
    ]

    /// The folder of a Xiaomi recording: `YYYYMMDDHH`, local time.
    static let hourFolderProgram = NameProgram(date8 + [two(.hour)])
    /// A Tuya event folder: `<Unix time>_<seconds>` (the footage's start in UTC and its length).
    static let tuyaEventProgram = NameProgram([.digits(10, .epoch), "_", .digits(1...6, .sequence)])
    /// A Tuya file in its event folder: `NNNN.media` starts NNNN seconds into the event.
    static let tuyaOffsetProgram = NameProgram([.digits(1...6, .second)])
    /// Camera zones lie within ±14 hours of UTC (UTC−12 to UTC+14).
    static let largestZoneMinutes = 14 * 60

    /// True for a name whose extension ends in `_` (`.dav_`, `.mp4_`): the recorder was still
    /// writing it, so a time span in the name ends when it was planned to, not when it stopped.
    public static func isOpenRecordingName(_ name: String) -> Bool {
        guard name.utf8.last == UInt8(ascii: "_"), let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")) else { return false }
        return name.utf8.distance(from: dot, to: name.utf8.endIndex) > 2
    }

    /// A date folder, and an hour folder somewhere below it.
    public static let dateFolderPatterns: [NamePattern] = [
        NamePattern(id: "yyyymmdd", shape: date8, example: "20261120/21/", note: "DVR date folders"),
        NamePattern(id: "yyyy-mm-dd", shape: [y4(), .oneOf("-_"), two(.month), .oneOf("-_"), two(.day)],
                    example: "2026-11-20/001/dav/21/", note: "Dahua, others"),
    ]

    // Compiled once.
    static let programs: [NameProgram] = patterns.map { NameProgram($0.shape) }
    static let folderPrograms: [NameProgram] = dateFolderPatterns.map { NameProgram($0.shape) }

    /// True when every row is usable: it has an id, an example, and the fields a time needs.
    /// (The rows were regular expressions that had to compile; the table test still asks.)
    public static var allCompile: Bool {
        let time: [NameField] = [.hour, .minute, .second]
        let extra = [hourFolderProgram, tuyaEventProgram, tuyaOffsetProgram]
        return (programs + folderPrograms + extra).allSatisfy(\.isValid) && patterns.allSatisfy { p in
            !p.id.isEmpty && !p.example.isEmpty && time.allSatisfy { f in (p.hourFolder && f == .hour) || p.shape.contains { $0.captures(f) } }
        }
            && dateFolderPatterns.allSatisfy { p in [NameField.year, .month, .day].allSatisfy { f in p.shape.contains { $0.captures(f) } } }
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
        // Only rows without a date of their own need the folders: looked up when one matches.
        var folderLookedUp = false
        var folderDateValue: FolderTime?
        func folderDate() -> FolderTime? {
            if !folderLookedUp { folderDateValue = folderTime(folders); folderLookedUp = true }
            return folderDateValue
        }
        var extensionValue: String??
        func fileExtension() -> String? {
            if extensionValue == nil { extensionValue = .some(RecordingTimeReader.lastExtension(fileName)) }
            return extensionValue ?? nil
        }
        let found = NameUnits.with(stem) { units, text -> NameTime? in
            var m = NameMatcher(units)
            for (pattern, program) in zip(patterns, programs) {
                if let only = pattern.extensions, !(fileExtension().map(only.contains) ?? false) { continue }
                guard m.wholeMatch(program) else { continue }
                if pattern.hourFolder {
                    guard let t = xiaomiTime(pattern, m, folders) else { continue }
                    return t
                }
                // What follows is the regex era's reading of the groups, unchanged: a field that
                // is absent, or holds a digit `Int` cannot read, is nil.
                let int = m.number
                var year: Int
                var month: Int, day: Int
                var dateFolder: String?
                if let y = int(.year) { year = y }
                else if let yy = int(.year2) { year = 2000 + yy }
                else {
                    guard let fd = folderDate() else { continue }
                    year = fd.date.year
                    dateFolder = fd.folder
                }
                if dateFolder == nil {
                    guard let mo = int(.month), let d = int(.day) else { continue }
                    month = mo; day = d
                } else {
                    guard let fd = folderDate() else { continue }
                    month = fd.date.month; day = fd.date.day
                }
                guard let h = int(.hour), let mi = int(.minute), let s = int(.second) else { continue }
                let start = CardTimestamp(year: year, month: month, day: day, hour: h, minute: mi, second: s)
                guard start.isValid, (1980...2099).contains(year) else { continue }
                var end: CardTimestamp?
                if let eh = int(.endHour), let emi = int(.endMinute), let es = int(.endSecond) {
                    let ey = int(.endYear) ?? year, emo = int(.endMonth) ?? month, ed = int(.endDay) ?? day
                    var e = CardTimestamp(year: ey, month: emo, day: ed, hour: eh, minute: emi, second: es)
                    guard e.isValid else { continue }
                    // A span given as times only that ends "before" it starts ran past midnight.
                    if int(.endYear) == nil, e < start, let next = e.adding(seconds: 86_400) { e = next }
                    guard start <= e else { continue }
                    end = e
                }
                // A file still being recorded: the name's end is not when it stopped.
                if isOpenRecordingName(fileName) { end = nil }
                var channel = m.span(.channel).map(text)?.uppercased()
                // BlackVue's N/E/P/M prefix is the recording mode; the channel is the last letter.
                if pattern.id == "yyyymmdd_hhmmss", let ch = channel, ch.count == 2 { channel = String(ch.suffix(1)) }
                return NameTime(patternID: pattern.id, start: start, end: end, channel: channel, dateFolder: dateFolder)
            }
            return nil
        }
        return found ?? tuyaEventTime(stem: stem, folders: folders)
    }

    /// Xiaomi: `YYYYMMDDHH/MMmSSs_<Unix seconds>`. The folder and the minutes and seconds are the
    /// camera's local time, which is the start (as every other name's); the Unix time is UTC, so
    /// their difference is the camera's zone, kept when it is one a zone can be (within ±14 h,
    /// within a minute of a quarter hour).
    static func xiaomiTime(_ pattern: NamePattern, _ m: NameMatcher, _ folders: [String]) -> NameTime? {
        guard let folder = folders.last, folder.utf8.count == 10 else { return nil }
        let day: (CardTimestamp, Int)? = NameUnits.with(folder[...]) { units, _ in
            var f = NameMatcher(units)
            guard f.wholeMatch(hourFolderProgram), let y = f.number(.year), let mo = f.number(.month),
                  let d = f.number(.day), let h = f.number(.hour) else { return nil }
            return (CardTimestamp(year: y, month: mo, day: d), h)
        }
        guard let (date, hour) = day, let mi = m.number(.minute), let s = m.number(.second), let epoch = m.number(.epoch) else { return nil }
        let start = CardTimestamp(year: date.year, month: date.month, day: date.day, hour: hour, minute: mi, second: s)
        guard start.isValid, (1980...2099).contains(date.year) else { return nil }
        var t = NameTime(patternID: pattern.id, start: start, end: nil, channel: nil, dateFolder: folder)
        t.utc = CardTimestamp(wallClockSeconds: Int64(epoch), utcOffsetMinutes: 0)
        t.utcOffsetMinutes = zoneMinutes(local: start, utcSeconds: Int64(epoch))
        return t
    }

    /// `local` − `utcSeconds` as a zone in minutes: rounded to 15 minutes, nil when that is no
    /// zone (beyond ±14 h) or the two clocks disagree by more than a minute beyond it.
    public static func zoneMinutes(local: CardTimestamp, utcSeconds: Int64) -> Int? {
        let (difference, overflow) = local.wallClockSeconds.subtractingReportingOverflow(utcSeconds)
        guard !overflow, difference.magnitude <= UInt64(largestZoneMinutes * 60 + 450) else { return nil }
        let quarters = (Double(difference) / 900).rounded()
        let zone = Int64(quarters) * 900
        guard (difference - zone).magnitude <= 60, zone.magnitude <= UInt64(largestZoneMinutes * 60) else { return nil }
        return Int(zone / 60)
    }

    /// Tuya: `DCIM/CHAN0/YYYY/MM/DD/<Unix time>_<seconds>/NNNN.media` (Tuya's IPC local-storage
    /// documentation). The event folder gives the start in UTC and the length; a file starts
    /// NNNN seconds in, and the thumbnail `<Unix time>.jpg` at the start. The end is the event's.
    /// The three folders above must be a date within a day of the start (a local date or UTC's).
    static func tuyaEventTime(stem: Substring, folders: [String]) -> NameTime? {
        guard folders.count >= 4, let event = folders.last, event.utf8.count <= 17 else { return nil }
        let span: (Int, Int)? = NameUnits.with(event[...]) { units, _ in
            var m = NameMatcher(units)
            guard m.wholeMatch(tuyaEventProgram), let e = m.number(.epoch), let n = m.number(.sequence) else { return nil }
            return (e, n)
        }
        guard let (epoch, length) = span else { return nil }
        let n = folders.count
        guard let y = Int(folders[n - 4]), folders[n - 4].utf8.count == 4, let mo = Int(folders[n - 3]), folders[n - 3].utf8.count == 2,
              let d = Int(folders[n - 2]), folders[n - 2].utf8.count == 2 else { return nil }
        let date = CardTimestamp(year: y, month: mo, day: d)
        guard date.isValid, (1980...2099).contains(y) else { return nil }
        let eventStart = CardTimestamp(wallClockSeconds: Int64(epoch), utcOffsetMinutes: 0)
        guard abs(eventStart.daysSinceEpoch - date.daysSinceEpoch) <= 1 else { return nil }
        let into: Int
        if stem.utf8.elementsEqual(event.utf8.prefix(10)) {
            into = 0
        } else {
            let offset: Int? = NameUnits.with(stem) { units, _ in
                var m = NameMatcher(units)
                return m.wholeMatch(tuyaOffsetProgram) ? m.number(.second) : nil
            }
            guard let offset, offset <= length else { return nil }
            into = offset
        }
        let start = CardTimestamp(wallClockSeconds: Int64(epoch + into), utcOffsetMinutes: 0)
        let end = CardTimestamp(wallClockSeconds: Int64(epoch + length), utcOffsetMinutes: 0)
        var t = NameTime(patternID: "tuya-epoch_seconds", start: start, end: end, channel: tuyaChannel(folders), dateFolder: event)
        t.utc = start
        t.fromFolderName = true
        return t
    }

    /// `CHAN0` is the first channel: "0" (as written), when that folder is where Tuya puts it.
    static func tuyaChannel(_ folders: [String]) -> String? {
        guard folders.count >= 5 else { return nil }
        let c = folders[folders.count - 5].uppercased()
        return c.hasPrefix("CHAN") && c.utf8.count <= 6 ? String(c.dropFirst(4)) : nil
    }

    /// The innermost date folder, with the hour folder below it if there is one.
    public static func folderTime(_ folders: [String]) -> FolderTime? {
        for (index, folder) in folders.enumerated().reversed() where folder.utf8.count <= 64 {
            let found = NameUnits.with(folder[...]) { units, _ -> (NamePattern, CardTimestamp)? in
                var m = NameMatcher(units)
                for (c, program) in zip(dateFolderPatterns, folderPrograms) {
                    guard m.wholeMatch(program), let y = m.number(.year), let mo = m.number(.month), let d = m.number(.day) else { continue }
                    let date = CardTimestamp(year: y, month: mo, day: d)
                    guard date.isValid, (1980...2099).contains(y) else { continue }
                    return (c, date)
                }
                return nil
            }
            guard let (c, date) = found else { continue }
            let hour = folders[(index + 1)...].last(where: isHourFolder).flatMap { Int($0) }.flatMap { $0 < 24 ? $0 : nil }
            return FolderTime(patternID: c.id + (hour != nil ? "/hh" : ""), folder: folder, date: date, hour: hour)
        }
        return nil
    }

    /// Two characters each between "0" and "9" (as `Character`s compare: a digit with a
    /// combining mark is one too, and then `Int` of the folder is nil, as it always was).
    static func isHourFolder(_ folder: String) -> Bool {
        let u = folder.utf8
        if u.count == 2, let a = u.first, let b = u.last, a < 0x80, b < 0x80 { return NameUnits.isDigit(a) && NameUnits.isDigit(b) }
        if u.count < 2 || u.allSatisfy({ $0 < 0x80 }) { return false }
        return folder.count == 2 && folder.allSatisfy { ("0"..."9").contains($0) }
    }
}
