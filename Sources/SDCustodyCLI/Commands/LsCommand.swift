import ArgumentParser
import Card
import CardIO
import CardFileSystem
import MediaTime

/// `sdcustody ls SOURCE`: every file on the card, as the card records it, with when each clip
/// was recorded and how we know.
struct LsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List every file on a card with its size, times and recording start and end.",
        discussion: """
        Paths are `/`-separated from the volume root. Times are the card's own local time \
        (YYYY-MM-DDTHH:MM:SS), with a zone only where the card or the file records one.

        Recording start and end come from the media headers (MP4/MOV mvhd, AVI IDIT/avih, \
        MPEG-TS/PS time stamps, JPEG EXIF), else the file or folder name, else the filesystem's \
        modify time; `time_source` says which. With --clock-offset the corrected (true) times \
        are shown beside the camera's own; --from/--to select in true time the files whose \
        recording overlaps the window, and the listing ends with the moments several channels \
        recorded and the gaps no clip covers.
        """)

    @OptionGroup var card: CardOptions
    @OptionGroup var selection: TimeSelectionOptions
    @Flag(name: .long, help: "Include deleted files (a FAT name's lost first character is shown as _).") var deleted = false
    @Flag(name: .long, help: "Print one JSON document on stdout.") var json = false

    func run() throws {
        try card.logged("ls") { draft in
            let source = try card.open()
            let (tree, slot) = try openTree(source)
            draft.source = CardOptions.sourceRecord(source, slot: slot)
            if let w = selection.from ?? selection.to { draft.details["window"] = w }
            try list(source, tree: tree, slot: slot)
        }
    }

    func openTree(_ source: CardSource) throws -> (FileTree, CardSource.VolumeSlot?) {
        do {
            return try source.tree(partition: card.partition)
        } catch let e as CLIError {
            throw e
        } catch {
            throw CLIError.input("\(source.path): \(error)")
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
        var items = Footage.catalog(listing, tree: tree, offset: offset)
        var undated = 0
        if let window {
            undated = items.filter { !$0.entry.isDirectory && $0.span == nil }.count
            items = items.filter { item in
                guard let span = item.span else { return false }
                return RecordingSelection.overlaps(span, window)
            }
        }
        let spans = items.compactMap(\.span)
        let coverage = window.map { Footage.coverage(spans, window: $0) }
        let out = OutputBuffer()
        if json {
            writeJSON(items, listing: listing, source: source, slot: slot, window: window, coverage: coverage, undated: undated, to: out)
        } else {
            writeTable(items, listing: listing, window: window, coverage: coverage, undated: undated, to: out)
        }
        out.flush()
        for p in listing.problems { Terminal.warning("incomplete listing: \(p)") }
        if undated > 0 {
            Terminal.warning("\(undated) file\(undated == 1 ? " has" : "s have") no recording time and cannot be placed in the window")
        }
    }

    static func entryFields(_ e: CardEntry) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [
            ("path", .string(e.path)),
            ("type", .string(e.isDirectory ? "directory" : "file")),
            ("size", .uint(e.size)),
            ("modified", .from(e.modified?.iso)),
            ("created", .from(e.created?.isoWithFraction)),
            ("accessed", .from(e.accessed.map { String($0.iso.prefix(10)) })),
            ("deleted", .bool(e.deleted)),
            ("attributes", .string(attributeLetters(e.attributes))),
        ]
        if let short = e.shortName { fields.append(("short_name", .string(short))) }
        if let vdl = e.validDataLength, vdl != e.size { fields.append(("valid_data_length", .uint(vdl))) }
        fields.append(("first_cluster", .uint(UInt64(e.firstCluster))))
        if !e.notes.isEmpty { fields.append(("notes", .array(e.notes.map { .string($0) }))) }
        return fields
    }

    static func windowJSON(_ window: TimeWindow) -> JSONValue {
        .object([("from", .from(window.from?.iso)), ("to", .from(window.to?.iso))])
    }

    static func coverageJSON(_ coverage: (groups: [MomentGroup], gaps: [CoverageGap])) -> [(String, JSONValue)] {
        [
            ("moments", .array(coverage.groups.filter { $0.members.count > 1 }.map { g in
                .object([("start", .string(g.start.isoMillis)), ("channels", .array(g.channels.map { .string($0) })),
                         ("files", .array(g.members.map { .string($0.path) }))])
            })),
            ("gaps", .array(coverage.gaps.map { gap in
                .object([("from", .string(gap.from.isoMillis)), ("to", .string(gap.to.isoMillis)),
                         ("seconds", .double((gap.seconds * 1000).rounded() / 1000))])
            })),
        ]
    }

    /// One JSON document, written entry by entry so memory does not grow with the output.
    func writeJSON(_ items: [FootageItem], listing: VolumeListing, source: CardSource, slot: CardSource.VolumeSlot?,
                   window: TimeWindow?, coverage: (groups: [MomentGroup], gaps: [CoverageGap])?, undated: Int, to out: OutputBuffer) {
        var head: [(String, JSONValue)] = [
            ("source", .string(source.path)),
            ("partition", slot.map { .int(Int64($0.index)) } ?? .null),
            ("filesystem", .from(slot?.volume?.description.kind.rawValue ?? (source.kind == .mountedFolder ? "mounted-folder" : nil))),
        ]
        if let r = source.acquisitionRecord { head.append(("source_sha256", .from(r.hashes["sha256"]))) }
        if let window { head.append(("window", LsCommand.windowJSON(window))) }
        if let offset = selection.offset { head.append(("clock_offset", .string(offset.description))) }
        out.append("{\n")
        for (key, value) in head {
            out.append("  ")
            out.append(.string(key), indent: 1)
            out.append(": ")
            out.append(value, indent: 1)
            out.append(",\n")
        }
        out.append("  \"files\": [")
        for (i, item) in items.enumerated() {
            out.append(i == 0 ? "\n    " : ",\n    ")
            let fields = LsCommand.entryFields(item.entry) + Footage.recordingFields(item, offset: selection.offset)
            out.append(.object(fields), indent: 2)
        }
        out.append(items.isEmpty ? "],\n" : "\n  ],\n")
        var tail: [(String, JSONValue)] = []
        if let coverage { tail += LsCommand.coverageJSON(coverage) }
        if window != nil { tail.append(("undated_files", .int(Int64(undated)))) }
        tail.append(("problems", .array(listing.problems.map { .string($0) })))
        tail.append(("complete", .bool(listing.problems.isEmpty)))
        for (i, (key, value)) in tail.enumerated() {
            out.append("  ")
            out.append(.string(key), indent: 1)
            out.append(": ")
            out.append(value, indent: 1)
            out.append(i == tail.count - 1 ? "\n" : ",\n")
        }
        out.append("}\n")
    }

    /// R read-only, H hidden, S system, D directory, A archive; `-` where unset.
    static func attributeLetters(_ a: UInt16) -> String {
        let flags: [(UInt16, Character)] = [(0x01, "R"), (0x02, "H"), (0x04, "S"), (0x10, "D"), (0x20, "A")]
        return String(flags.map { a & $0.0 != 0 ? $0.1 : "-" })
    }

    static func pad(_ s: String, _ w: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, w - s.count))
        return right ? fill + s : s + fill
    }

    /// `YYYY-MM-DD HH:MM:SS` of a recording time, `-` where unknown.
    static func clock(_ t: CardTimestamp?) -> String { t?.display ?? "-" }

    func writeTable(_ items: [FootageItem], listing: VolumeListing, window: TimeWindow?,
                    coverage: (groups: [MomentGroup], gaps: [CoverageGap])?, undated: Int, to out: OutputBuffer) {
        let offset = selection.offset
        var headers = ["DEL", "SIZE", "MODIFIED", "RECORDING START", "END"]
        if offset != nil { headers.append("CORRECTED START") }
        headers += ["TIME SOURCE", "PATH"]
        let rightAligned: Set<Int> = [1]
        var rows: [[String]] = []
        rows.reserveCapacity(items.count)
        for item in items {
            let e = item.entry
            var row = [e.deleted ? "del" : "", e.isDirectory ? "-" : String(e.size), e.modified?.display ?? "-"]
            if let r = item.recording {
                row.append(LsCommand.clock(r.start))
                row.append(r.isStill ? "(still)" : (r.end.map { String($0.display.prefix(19).suffix(8)) } ?? "-"))
                if let offset { row.append(LsCommand.clock(r.start.flatMap { offset.trueTime($0) })) }
                row.append(r.timeSource.rawName.split(separator: ":").first.map(String.init) ?? "-")
            } else {
                row += ["", ""] + (offset != nil ? [""] : []) + [""]
            }
            row.append(e.path + (e.isDirectory ? "/" : ""))
            rows.append(row)
        }
        var widths = headers.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count - 1 { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in cells.enumerated() {
                parts.append(i == cells.count - 1 ? cell : LsCommand.pad(cell, widths[i], right: rightAligned.contains(i)))
            }
            return parts.joined(separator: "  ") + "\n"
        }
        out.append(line(headers))
        for row in rows { out.append(line(row)) }
        let files = items.filter { !$0.entry.isDirectory }
        let total = files.reduce(UInt64(0)) { $0 &+ $1.entry.size }
        var summary = "\(files.count) files, \(items.count - files.count) folders, \(total) bytes"
        if let window {
            summary += " recorded between \(window.from?.display ?? "the start") and \(window.to?.display ?? "the end") (true time)"
        }
        summary += listing.problems.isEmpty ? "\n" : " (incomplete: \(listing.problems.count) problems, see stderr)\n"
        out.append(summary)
        if let coverage {
            for g in coverage.groups where g.members.count > 1 {
                out.append("Moment \(g.start.display): \(g.members.count) channels (\(g.channels.joined(separator: ", ")))\n")
            }
            if coverage.gaps.isEmpty {
                out.append("Coverage: no gaps in the window\n")
            } else {
                for gap in coverage.gaps {
                    out.append("Gap: \(gap.from.display) – \(gap.to.display) (\(Int(gap.seconds.rounded())) s) no clip covers this\n")
                }
            }
        }
    }
}
