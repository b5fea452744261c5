import Custody
import Messages

/// The readable form of a recorder card's recordings (issue 11), for `ls` and `info`; every
/// word through the message catalogue.
enum RecordingsText {
    /// Problem lines printed on stderr before the rest are only counted: a damaged index can
    /// hold thousands, and `ls --json` lists them all.
    static let shownProblems = 20

    static func layoutName(_ kind: RecorderLayoutKind) -> String {
        switch kind {
        case .hikvision: return tr(.recorderLayoutHikvision)
        case .dahua: return tr(.recorderLayoutDahua)
        case .xm: return tr(.recorderLayoutXM)
        }
    }

    static func kind(_ k: String?) -> String {
        switch k {
        case "continuous": return tr(.lsRecordingsKind, ["kind": tr(.lsRecordingsKindContinuous)])
        case "motion": return tr(.lsRecordingsKind, ["kind": tr(.lsRecordingsKindMotion)])
        case "alarm": return tr(.lsRecordingsKind, ["kind": tr(.lsRecordingsKindAlarm)])
        default: return ""
        }
    }

    /// What cannot be read about a file or recording (issue 11, item 8), in the reader's words;
    /// `timeSource` says where the time shown came from instead.
    static func contentNote(_ content: String?, timeSource: String) -> String? {
        switch content {
        case "encrypted": return tr(.contentEncrypted)
        case "proprietary":
            if timeSource.hasPrefix("folder_name") { return tr(.contentProprietaryFolder) }
            if timeSource.hasPrefix("file_name") || timeSource.hasSuffix("_file_name") { return tr(.contentProprietaryName) }
            return tr(.contentProprietaryUnknown)
        default: return nil
        }
    }

    static func state(_ s: RecordingState) -> String {
        switch s {
        case .complete: return tr(.lsRecordingsStateComplete)
        case .recording: return tr(.lsRecordingsStateRecording)
        case .old: return tr(.lsRecordingsStateOld)
        }
    }

    /// `YYYY-MM-DD HH:MM:SS[.ffffff]`, as the file table shows times.
    static func clock(_ t: RecorderTime) -> String { t.iso.replacingOccurrences(of: "T", with: " ") }

    /// `n` in the catalogue's form for one or for any other count, with `{count}` grouped.
    static func count(_ n: Int, _ one: MessageKey, _ other: MessageKey) -> String {
        tr(n == 1 ? one : other, ["count": grouped(n)])
    }

    /// 2131 → "2,131".
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n.magnitude))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// The section after the file table: one heading per layout, then each container (a ring
    /// container, or a Dahua/XM file) with its selected recordings under it (issue 11, item 3).
    static func table(_ layouts: [RecorderLayout], _ selected: [Recording], window: TimeWindow?, offset: ClockOffset?) -> String {
        guard !layouts.isEmpty else { return "" }
        var out = ""
        for l in layouts {
            let members = Set(l.recordings.map(\.container))
            let mine = selected.filter { members.contains($0.container) }
            let heading: String = l.kind.recordsWholeFiles
                ? tr(.lsRecordingsHeadingFrames, ["layout": layoutName(l.kind)])
                : tr(.lsRecordingsHeading, ["layout": layoutName(l.kind), "index": l.indexUsed ?? "-"])
            out += "\n" + heading + "\n"
            if mine.isEmpty && window != nil { out += tr(.lsRecordingsNoneInWindow) + "\n" }
            var byContainer: [String: [Recording]] = [:]
            for r in mine { byContainer[r.container, default: []].append(r) }
            for container in byContainer.keys.sorted() {
                out += tr(.lsRecordingsContainer, ["container": container]) + "\n"
                for r in byContainer[container] ?? [] {
                    var row = "    " + tr(.lsRecordingsRow, [
                        "state": state(r.state), "start": clock(r.start), "end": r.end.map(clock) ?? tr(.lsRecordingsEndUnknown),
                        "channel": r.channel.map(String.init) ?? "-", "offset": String(r.offset),
                        "end_offset": String(r.offset + r.length), "length": String(r.length),
                    ]) + kind(r.kind)
                    if let offset, let t = offset.trueTime(r.start.timestamp) {
                        row += tr(.lsRecordingsCorrected, ["start": t.display])
                    }
                    if let note = contentNote(r.content, timeSource: r.timeSource) { row += "  " + tr(.lsContentNote, ["note": note]) }
                    out += row + "\n"
                }
            }
            out += tr(mine.count == 1 ? .lsRecordingsCountOne : .lsRecordingsCountOther, ["count": grouped(mine.count)]) + "\n"
        }
        return out
    }

    /// The layouts' problems on stderr, the first few in full; an index's problems and a Dahua
    /// or XM tree's files' problems each under their own label.
    static func warnings(_ layouts: [RecorderLayout]) {
        var shown = 0, more = 0, moreFiles = 0
        for l in layouts {
            for p in l.problems {
                guard shown < shownProblems else {
                    if l.kind.recordsWholeFiles { moreFiles += 1 } else { more += 1 }
                    continue
                }
                shown += 1
                Terminal.warning(tr(l.kind.recordsWholeFiles ? .lsRecordingsFileProblem : .lsRecordingsProblem, ["problem": p]))
            }
        }
        if more > 0 { Terminal.warning(count(more, .lsRecordingsMoreProblemsOne, .lsRecordingsMoreProblems)) }
        if moreFiles > 0 { Terminal.warning(count(moreFiles, .lsRecordingsMoreFileProblemsOne, .lsRecordingsMoreFileProblems)) }
    }

    /// `info`'s line for a layout, e.g. "Hikvision/EZVIZ ring recorder: 55 containers, 2,131
    /// recordings 2025-04-26 – 2025-05-25, 1 being recorded, 3,361 overwritten index records".
    static func infoLine(_ l: RecorderLayout) -> String {
        let name = layoutName(l.kind)
        if l.kind.recordsWholeFiles { return filesInfoLine(l) }
        let listed = l.recordings.filter { $0.state != .recording }
        guard let first = l.recordings.map(\.start).min() else {
            return tr(.infoRecorderEmpty, ["layout": name, "containers": count(l.containerCount, .infoCountContainersOne, .infoCountContainersOther)])
        }
        let last = l.recordings.map { $0.end ?? $0.start }.max() ?? first
        return tr(.infoRecorderSummary, [
            "layout": name, "containers": count(l.containerCount, .infoCountContainersOne, .infoCountContainersOther),
            "recordings": count(listed.count, .infoCountRecordingsOne, .infoCountRecordingsOther),
            "first": String(first.iso.prefix(10)), "last": String(last.iso.prefix(10)),
            "recording": grouped(l.beingRecorded),
            "overwritten": count(l.overwrittenRecords, .infoCountOverwrittenOne, .infoCountOverwrittenOther),
        ])
    }

    /// `info`'s line for a Dahua or XM tree (issue 11, item 9): its files and their span, and how
    /// many could not be read.
    static func filesInfoLine(_ l: RecorderLayout) -> String {
        let name = layoutName(l.kind)
        guard let first = l.recordings.map(\.start).min() else {
            return tr(.infoRecorderFilesSummary, ["layout": name, "files": count(l.containerCount, .infoCountFilesOne, .infoCountFilesOther),
                                                  "recordings": count(0, .infoCountRecordingsOne, .infoCountRecordingsOther),
                                                  "first": "-", "last": "-", "recording": "0"])
        }
        let last = l.recordings.map { $0.end ?? $0.start }.max() ?? first
        var line = tr(.infoRecorderFilesSummary, [
            "layout": name, "files": count(l.containerCount, .infoCountFilesOne, .infoCountFilesOther),
            "recordings": count(l.recordings.count, .infoCountRecordingsOne, .infoCountRecordingsOther),
            "first": String(first.iso.prefix(10)), "last": String(last.iso.prefix(10)), "recording": grouped(l.beingRecorded),
        ])
        let encrypted = l.recordings.filter { $0.content == "encrypted" }.count
        let proprietary = l.recordings.filter { $0.content == "proprietary" }.count
        if encrypted > 0 { line += "\n  " + tr(.infoRecorderEncrypted, ["count": grouped(encrypted)]) }
        if proprietary > 0 { line += "\n  " + tr(.infoRecorderProprietary, ["count": grouped(proprietary)]) }
        return line
    }

    /// `info`'s count of a layout's problems, nil when it has none.
    static func infoProblems(_ l: RecorderLayout) -> String? {
        l.problems.isEmpty ? nil : l.kind.recordsWholeFiles
            ? count(l.problems.count, .infoRecorderFileProblemsOne, .infoRecorderFileProblems)
            : count(l.problems.count, .infoRecorderProblemsOne, .infoRecorderProblems)
    }
}
