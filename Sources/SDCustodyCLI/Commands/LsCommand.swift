import Custody
import Messages
import ArgumentParser

/// `sdcustody ls SOURCE`: every file on the card, as the card records it, with when each clip
/// was recorded and how we know.
struct LsCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "ls",
        abstract: tr(.helpLsAbstract),
        discussion: tr(.helpLsDiscussion) + "\n\n" + tr(.carveLsDiscussion)) }

    @OptionGroup var card: CardOptions
    @OptionGroup var selection: TimeSelectionOptions
    @Flag(name: .long, help: ArgumentHelp(tr(.optLsDeleted))) var deleted = false
    @Flag(name: .long, help: ArgumentHelp(tr(.optJSONStdout))) var json = false
    @Flag(name: .long, help: ArgumentHelp(tr(.optLsCarve))) var carve = false

    func run() throws {
        try card.logged("ls") { draft in
            let source = try card.open()
            let (tree, slot) = try card.tree(of: source)
            draft.source = AccessLogging.sourceRecord(source, slot: slot)
            if let w = selection.from ?? selection.to { draft.details["window"] = w }
            if carve { draft.details["carve"] = "unallocated clusters scanned" }
            try list(source, tree: tree, slot: slot)
        }
    }

    func list(_ source: CardSource, tree: FileTree, slot: CardSource.VolumeSlot?) throws {
        let listing: VolumeListing
        do {
            listing = try tree.listing(includeDeleted: deleted)
        } catch {
            throw CLIError.input("\(source.path): \(error)")
        }
        let window = try selection.window()
        let offset = selection.offset
        let out = OutputBuffer()
        let sink: ListingSink = json
            ? JSONListingSink(command: self, listing: listing, source: source, slot: slot, window: window, out: out)
            : TableListingSink(command: self, listing: listing, window: window, out: out)
        // One entry at a time: its recording time is read, it is written, and only its span is
        // kept (for moments and gaps), so memory does not grow with the card.
        var spans: [RecordingSpan] = []
        var undated = 0
        for entry in listing.entries {
            let item = Footage.item(entry, tree: tree, offset: offset)
            if let window {
                guard !entry.isDirectory else { continue }
                guard let span = item.span else { undated += 1; continue }
                guard RecordingSelection.overlaps(span, window) else { continue }
            }
            if window != nil, let span = item.span { spans.append(span) }
            sink.add(item)
        }
        // Recorder cards (issue 11): the recordings their index gives, selected like files and
        // counted in the coverage; nothing is read on a card without a recorder layout.
        let layouts = Recordings.layouts(listing: listing, tree: tree)
        let selected = Recordings.select(layouts, window: window, offset: offset)
        if window != nil { spans += selected.compactMap(\.span) }
        sink.recordings(layouts, selected.map(\.recording))
        if carve { sink.carved(try LsCommand.carve(slot: slot, window: window, offset: offset)) }
        let coverage = window.map { Footage.coverage(spans, window: $0) }
        sink.finish(coverage: coverage, undated: undated)
        out.flush()
        for p in listing.problems { Terminal.warning(tr(.lsIncompleteListing, ["problem": p])) }
        if !json { RecordingsText.warnings(layouts) }
        if undated > 0 {
            Terminal.warning(tr(undated == 1 ? .lsUndatedOne : .lsUndatedOther, ["count": String(undated)]))
        }
    }

    /// Padded to `w` terminal columns (wide characters count two).
    static func pad(_ s: String, _ w: Int, right: Bool = false) -> String { DisplayWidth.pad(s, w, right: right) }

    /// `YYYY-MM-DD HH:MM:SS` of a recording time, `-` where unknown.
    static func clock(_ t: CardTimestamp?) -> String { t?.display ?? "-" }
}

/// Receives the listed files one at a time and writes them out.
protocol ListingSink {
    func add(_ item: FootageItem)
    /// The recorder layouts and the recordings selected from them, before `finish`.
    func recordings(_ layouts: [RecorderLayout], _ selected: [Recording])
    /// The finds of `ls --carve`, before `finish`.
    func carved(_ scan: CarvedFootage.Scan)
    func finish(coverage: (groups: [MomentGroup], gaps: [CoverageGap])?, undated: Int)
}

/// `ls --json`: one document, written entry by entry.
final class JSONListingSink: ListingSink {
    let command: LsCommand
    let listing: VolumeListing
    let window: TimeWindow?
    let out: OutputBuffer
    private var count = 0
    /// Written one at a time in `finish`: a 128 GiB ring card has 20,000 recordings, and a tree
    /// of them all was most of the listing's memory.
    private var selectedRecordings: [Recording] = []
    private var layoutsValue: JSONValue = .array([])
    var carvedFields: [(String, JSONValue)] = []

    init(command: LsCommand, listing: VolumeListing, source: CardSource, slot: CardSource.VolumeSlot?, window: TimeWindow?, out: OutputBuffer) {
        self.command = command
        self.listing = listing
        self.window = window
        self.out = out
        var head: [(String, JSONValue)] = [
            ("source", .string(source.path)),
            ("partition", slot.map { .int(Int64($0.index)) } ?? .null),
            ("filesystem", .from(slot?.volume?.description.kind.rawValue ?? (source.kind == .mountedFolder ? "mounted-folder" : nil))),
        ]
        if let r = source.acquisitionRecord { head.append(("source_sha256", .from(r.hashes["sha256"]))) }
        if let window { head.append(("window", CardDescriptions.windowJSON(window))) }
        if let offset = command.selection.offset { head.append(("clock_offset", .string(offset.description))) }
        out.append("{\n")
        for (key, value) in head { field(key, value, last: false) }
        out.append("  \"files\": [")
    }

    private func field(_ key: String, _ value: JSONValue, last: Bool) {
        out.append("  ")
        out.append(.string(key), indent: 1)
        out.append(": ")
        out.append(value, indent: 1)
        out.append(last ? "\n" : ",\n")
    }

    func add(_ item: FootageItem) {
        out.append(count == 0 ? "\n    " : ",\n    ")
        count += 1
        var fields = CardDescriptions.entryFields(item.entry) + (Footage.recording(item, offset: command.selection.offset)?.fields ?? [])
        // Issue 11, item 8: content no parser reads, said beside the time (never as damage).
        if let content = item.recording?.content { fields.append(("content", .string(content.rawValue))) }
        out.append(.object(fields), indent: 2)
    }

    func recordings(_ layouts: [RecorderLayout], _ selected: [Recording]) {
        selectedRecordings = selected
        layoutsValue = .array(layouts.map { Recordings.layoutJSON($0, detail: command.deleted) })
    }

    func finish(coverage: (groups: [MomentGroup], gaps: [CoverageGap])?, undated: Int) {
        out.append(count == 0 ? "],\n" : "\n  ],\n")
        // As `field` would write `.array(recordings)`, without building it.
        out.append("  \"recordings\": ")
        if selectedRecordings.isEmpty { out.append("[]") } else {
            out.append("[")
            for (i, r) in selectedRecordings.enumerated() {
                out.append(i == 0 ? "\n    " : ",\n    ")
                out.append(Recordings.json(r, offset: command.selection.offset), indent: 2)
            }
            out.append("\n  ]")
        }
        out.append(",\n")
        var tail: [(String, JSONValue)] = [("recorder_layouts", layoutsValue)] + carvedFields
        if let coverage { tail += CardDescriptions.coverageJSON(coverage) }
        if window != nil { tail.append(("undated_files", .int(Int64(undated)))) }
        tail.append(("problems", .array(listing.problems.map { .string($0) })))
        tail.append(("complete", .bool(listing.problems.isEmpty)))
        for (i, (key, value)) in tail.enumerated() { field(key, value, last: i == tail.count - 1) }
        out.append("}\n")
    }
}

/// The readable table, in fixed columns so it can be written as the files come.
final class TableListingSink: ListingSink {
    let command: LsCommand
    let listing: VolumeListing
    let window: TimeWindow?
    let out: OutputBuffer
    let sizeWidth: Int
    private var files = 0
    private var folders = 0
    private var bytes: UInt64 = 0
    private let deletedWidth: Int
    private var damaged = 0
    private var damageSeen: [FileDamage] = []
    private var notes: [(path: String, note: String)] = []
    private var notesHidden = 0
    /// Notes listed under the table; the rest are counted (`ls --json` has them all).
    static let notesShown = 50
    private var recorderText = ""
    var carvedText = ""
    /// Wide enough for a time with a zone (`2026-11-20 21:30:06+09:00`).
    static let timeWidth = 25
    static let sourceWidth = 21

    init(command: LsCommand, listing: VolumeListing, window: TimeWindow?, out: OutputBuffer) {
        self.command = command
        self.listing = listing
        self.window = window
        self.out = out
        sizeWidth = max(DisplayWidth.of(tr(.lsHeaderSize)), listing.entries.map { String($0.size).count }.max() ?? 4)
        deletedWidth = max(3, DisplayWidth.of(tr(.lsHeaderDeleted)), DisplayWidth.of(tr(.lsDeletedMark)))
        var header = [LsCommand.pad(tr(.lsHeaderDeleted), deletedWidth), LsCommand.pad(tr(.lsHeaderSize), sizeWidth, right: true),
                      LsCommand.pad(tr(.lsHeaderModified), 19),
                      LsCommand.pad(tr(.lsHeaderStart), Self.timeWidth), LsCommand.pad(tr(.lsHeaderEnd), 8)]
        if command.selection.offset != nil { header.append(LsCommand.pad(tr(.lsHeaderCorrected), Self.timeWidth)) }
        header += [LsCommand.pad(tr(.lsHeaderSource), Self.sourceWidth), tr(.lsHeaderPath)]
        out.append(header.joined(separator: "  ") + "\n")
    }

    func add(_ item: FootageItem) {
        let e = item.entry
        if e.isDirectory { folders += 1 } else { files += 1; bytes &+= e.size }
        var cells = [LsCommand.pad(e.deleted ? tr(.lsDeletedMark) : "", deletedWidth),
                     LsCommand.pad(e.isDirectory ? "-" : String(e.size), sizeWidth, right: true),
                     LsCommand.pad(e.modified?.display ?? "-", 19)]
        let offset = command.selection.offset
        if let r = item.recording {
            cells.append(LsCommand.pad(LsCommand.clock(r.start), Self.timeWidth))
            cells.append(LsCommand.pad(r.isStill ? tr(.lsStill) : (r.end.map { String($0.display.prefix(19).suffix(8)) } ?? "-"), 8))
            if let offset { cells.append(LsCommand.pad(LsCommand.clock(r.start.flatMap { offset.trueTime($0) }), Self.timeWidth)) }
            cells.append(LsCommand.pad(LsCommand.sourceLabel(r.timeSource.rawName.split(separator: ":").first.map(String.init) ?? "-"), Self.sourceWidth))
        } else {
            cells += [LsCommand.pad("", Self.timeWidth), LsCommand.pad("", 8)]
            if offset != nil { cells.append(LsCommand.pad("", Self.timeWidth)) }
            cells.append(LsCommand.pad("", Self.sourceWidth))
        }
        var path = e.path + (e.isDirectory ? "/" : "")
        if let r = item.recording, let note = RecordingsText.contentNote(r.content?.rawValue, timeSource: r.timeSource.rawName) {
            path += "  " + tr(.lsContentNote, ["note": note])
        }
        // What the filesystem reader had to say of a live entry (a long name kept or ignored, an
        // entry read past an end mark, a renamed hostile name), below the table. A deleted
        // entry's notes say how it was recovered, which its column says already; `--json` has all.
        for note in e.deleted ? [] : e.notes {
            if notes.count < Self.notesShown { notes.append((e.path, note)) } else { notesHidden += 1 }
        }
        if !e.damage.isEmpty {
            path += "  " + tr(.lsDamageMark, ["codes": e.damage.map(\.rawValue).joined(separator: ", ")])
            damaged += 1
            for d in e.damage where !damageSeen.contains(d) { damageSeen.append(d) }
        }
        cells.append(path)
        out.append(cells.joined(separator: "  ") + "\n")
    }

    func recordings(_ layouts: [RecorderLayout], _ selected: [Recording]) {
        recorderText = RecordingsText.table(layouts, selected, window: window, offset: command.selection.offset)
    }

    /// Each damage code seen, explained once below the table, in the codes' own order.
    private func explainDamage() {
        guard damaged > 0 else { return }
        out.append(tr(.lsDamageHeading, ["count": String(damaged)]) + "\n")
        for code in FileDamage.allCases where damageSeen.contains(code) {
            out.append(tr(Self.explanation(code)) + "\n")
        }
    }

    static func explanation(_ code: FileDamage) -> MessageKey {
        switch code {
        case .unclosed: return .lsDamageUnclosed
        case .chainShort: return .lsDamageChainShort
        case .chainLoop: return .lsDamageChainLoop
        case .chainOutside: return .lsDamageChainOutside
        case .unfinalised: return .lsDamageUnfinalised
        }
    }

    func finish(coverage: (groups: [MomentGroup], gaps: [CoverageGap])?, undated: Int) {
        let counts = ["files": String(files), "folders": String(folders), "bytes": String(bytes)]
        var summary: String
        if let window {
            summary = tr(.lsSummaryWindow, counts.merging(["from": window.from?.display ?? tr(.lsWindowStart),
                                                           "to": window.to?.display ?? tr(.lsWindowEnd)]) { a, _ in a })
        } else {
            summary = tr(.lsSummary, counts)
        }
        summary += listing.problems.isEmpty ? "\n" : tr(.lsIncompleteSuffix, ["count": String(listing.problems.count)]) + "\n"
        out.append(summary)
        explainDamage()
        if !notes.isEmpty {
            let total = notes.count + notesHidden
            out.append((total == 1 ? tr(.lsNotesHeadingOne) : tr(.lsNotesHeading, ["count": String(total)])) + "\n")
            for n in notes { out.append(tr(.lsNoteLine, ["path": n.path, "note": n.note]) + "\n") }
            if notesHidden > 0 { out.append(tr(.lsNotesMore, ["count": String(notesHidden)]) + "\n") }
        }
        out.append(recorderText)
        out.append(carvedText)
        if let coverage {
            for g in coverage.groups where g.members.count > 1 {
                out.append(tr(.lsMoment, ["time": g.start.display, "count": String(g.members.count),
                                          "channels": g.channels.joined(separator: ", ")]) + "\n")
            }
            if coverage.gaps.isEmpty {
                out.append(tr(.lsNoGaps) + "\n")
            } else {
                for gap in coverage.gaps {
                    out.append(tr(.lsGap, ["from": gap.from.display, "to": gap.to.display,
                                           "seconds": String(Int(gap.seconds.rounded()))]) + "\n")
                }
            }
        }
    }
}

extension LsCommand {
    /// Where a time came from, for the table: the code (`mp4_mvhd`, `file_name`, …) in English,
    /// where the README explains it, and in words in Japanese; `--json` always has the code.
    static func sourceLabel(_ code: String) -> String {
        tr(MessageKey("ls.time_source." + code), fallback: code)
    }
}
