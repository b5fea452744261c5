import ArgumentParser
import Card
import CardIO
import CardFileSystem

/// `sdcustody ls SOURCE`: every file on the card, as the card records it.
struct LsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List every file on a card with its size and times.",
        discussion: """
        Paths are `/`-separated from the volume root. Times are the card's own local time \
        (YYYY-MM-DDTHH:MM:SS), with a zone only where the card records one (exFAT).
        """)

    @OptionGroup var card: CardOptions
    @Flag(name: .long, help: "Include deleted files (their first character may be lost: shown as _).") var deleted = false
    @Flag(name: .long, help: "Print one JSON document on stdout.") var json = false

    func run() throws {
        try card.logged("ls") { draft in
            let source = try card.open()
            let (tree, slot) = try openTree(source)
            draft.source = CardOptions.sourceRecord(source, slot: slot)
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
        if json {
            var bytes = LsCommand.json(listing, source: source, slot: slot).bytes()
            bytes.append(0x0A)
            FileHandleOutput.standardOutput.write(bytes: &bytes)
        } else {
            FileHandleOutput.standardOutput.write(LsCommand.table(listing))
        }
        for p in listing.problems { Terminal.warning("incomplete listing: \(p)") }
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

    static func entryJSON(_ e: CardEntry) -> JSONValue {
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
        return .object(fields)
    }

    static func json(_ listing: VolumeListing, source: CardSource, slot: CardSource.VolumeSlot?) -> JSONValue {
        .object([
            ("source", .string(source.path)),
            ("partition", slot.map { .int(Int64($0.index)) } ?? .null),
            ("filesystem", .from(slot?.volume?.description.kind.rawValue ?? (source.kind == .mountedFolder ? "mounted-folder" : nil))),
            ("files", .array(listing.entries.map(entryJSON))),
            ("problems", .array(listing.problems.map { .string($0) })),
            ("complete", .bool(listing.problems.isEmpty)),
        ])
    }

    /// R read-only, H hidden, S system, D directory, A archive; `-` where unset.
    static func attributeLetters(_ a: UInt16) -> String {
        let flags: [(UInt16, Character)] = [(0x01, "R"), (0x02, "H"), (0x04, "S"), (0x10, "D"), (0x20, "A")]
        return String(flags.map { a & $0.0 != 0 ? $0.1 : "-" })
    }

    static func table(_ listing: VolumeListing) -> String {
        var out = ""
        let sizeWidth = max(4, listing.entries.map { String($0.size).count }.max() ?? 4)
        func pad(_ s: String, _ w: Int, right: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, w - s.count))
            return right ? fill + s : s + fill
        }
        out += "DEL " + pad("SIZE", sizeWidth, right: true) + "  " + pad("MODIFIED", 19) + "  PATH\n"
        for e in listing.entries {
            let flag = e.deleted ? "del " : "    "
            let size = e.isDirectory ? "-" : String(e.size)
            let modified = e.modified?.display ?? "-"
            out += flag + pad(size, sizeWidth, right: true) + "  " + pad(modified, 19) + "  " + e.path + (e.isDirectory ? "/" : "") + "\n"
        }
        let files = listing.entries.filter { !$0.isDirectory }
        let total = files.reduce(UInt64(0)) { $0 &+ $1.size }
        out += "\(files.count) files, \(listing.entries.count - files.count) folders, \(total) bytes"
        out += listing.problems.isEmpty ? "\n" : " (incomplete: \(listing.problems.count) problems, see stderr)\n"
        return out
    }
}
