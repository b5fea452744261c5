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

    /// The section after the file table: one heading per layout, one row per selected recording.
    static func table(_ layouts: [RecorderLayout], _ selected: [Recording], window: TimeWindow?, offset: ClockOffset?) -> String {
        guard !layouts.isEmpty else { return "" }
        var out = ""
        for l in layouts {
            let prefix = l.folder.isEmpty ? "" : l.folder + "/"
            let mine = selected.filter { $0.container.hasPrefix(prefix) && !$0.container.dropFirst(prefix.count).contains("/") }
            out += "\n" + tr(.lsRecordingsHeading, ["layout": layoutName(l.kind), "index": l.indexUsed ?? "-"]) + "\n"
            if mine.isEmpty && window != nil { out += tr(.lsRecordingsNoneInWindow) + "\n" }
            for r in mine {
                var row = tr(.lsRecordingsRow, [
                    "state": state(r.state), "start": clock(r.start), "end": r.end.map(clock) ?? tr(.lsRecordingsEndUnknown),
                    "channel": r.channel.map(String.init) ?? "-", "container": r.container, "offset": String(r.offset),
                    "end_offset": String(r.offset + r.length), "length": String(r.length),
                ])
                if let offset, let t = offset.trueTime(r.start.timestamp) {
                    row += tr(.lsRecordingsCorrected, ["start": t.display])
                }
                out += row + "\n"
            }
            out += tr(mine.count == 1 ? .lsRecordingsCountOne : .lsRecordingsCountOther, ["count": grouped(mine.count)]) + "\n"
        }
        return out
    }

    /// The layouts' problems on stderr, the first few in full.
    static func warnings(_ layouts: [RecorderLayout]) {
        let all = layouts.flatMap(\.problems)
        for p in all.prefix(shownProblems) { Terminal.warning(tr(.lsRecordingsProblem, ["problem": p])) }
        if all.count > shownProblems {
            Terminal.warning(tr(.lsRecordingsMoreProblems, ["count": grouped(all.count - shownProblems)]))
        }
    }

    /// `info`'s line for a layout, e.g. "Hikvision/EZVIZ ring recorder: 55 containers, 2,131
    /// recordings 2025-04-26 – 2025-05-25, 1 being recorded, 3,361 overwritten index records".
    static func infoLine(_ l: RecorderLayout) -> String {
        let name = layoutName(l.kind)
        let listed = l.recordings.filter { $0.state != .recording }
        guard let first = l.recordings.map(\.start).min() else {
            return tr(.infoRecorderEmpty, ["layout": name, "containers": grouped(l.containerCount)])
        }
        let last = l.recordings.map { $0.end ?? $0.start }.max() ?? first
        return tr(.infoRecorderSummary, [
            "layout": name, "containers": grouped(l.containerCount), "recordings": grouped(listed.count),
            "first": String(first.iso.prefix(10)), "last": String(last.iso.prefix(10)),
            "recording": grouped(l.beingRecorded), "overwritten": grouped(l.overwrittenRecords),
        ])
    }

    /// `info`'s count of a layout's problems, nil when it has none.
    static func infoProblems(_ l: RecorderLayout) -> String? {
        l.problems.isEmpty ? nil : tr(.infoRecorderProblems, ["count": grouped(l.problems.count)])
    }
}
