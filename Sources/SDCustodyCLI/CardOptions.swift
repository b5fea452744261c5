import ArgumentParser
import Card
import CardFileSystem

/// Options every card-reading command takes.
struct CardOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Card image (card.img, card.001), block device (/dev/sdb) or mounted folder.",
                                 valueName: "source"))
    var source: String

    @Option(name: .long, help: ArgumentHelp("Which partition to read, as `info` numbers them (needed only when a card holds several).",
                                            valueName: "n"))
    var partition: Int?

    /// Opens the source, printing its warnings on stderr.
    func open() throws -> CardSource {
        let card: CardSource
        do {
            card = try CardSource(path: source)
        } catch {
            throw CLIError.input("\(source): \(error)")
        }
        for w in card.warnings { Terminal.warning(w) }
        return card
    }
}

extension CardTimestamp {
    /// `YYYY-MM-DD HH:MM:SS` for tables.
    var display: String {
        var s = iso
        if let t = s.firstIndex(of: "T") { s.replaceSubrange(t...t, with: " ") }
        return s
    }
}

/// Finds the entry a user named on the command line.
enum EntryLookup {
    /// Exact match first (paths are case-sensitive on exFAT and in long names), then a unique
    /// case-insensitive match (FAT short names are upper case on the card, users type lower).
    static func find(_ rawPath: String, in listing: VolumeListing, deleted: Bool) throws -> CardEntry {
        var path = Substring(rawPath)
        while path.hasPrefix("/") { path.removeFirst() }
        while path.hasSuffix("/") { path.removeLast() }
        let wanted = String(path)
        let candidates = listing.entries.filter { $0.deleted == deleted }
        if let exact = candidates.first(where: { $0.path == wanted }) { return exact }
        let folded = candidates.filter { $0.path.lowercased() == wanted.lowercased() }
        if folded.count == 1, let only = folded.first { return only }
        if !deleted, listing.entries.contains(where: { $0.deleted && $0.path == wanted }) {
            throw CLIError.input("\(wanted) is a deleted file; add --deleted to recover it")
        }
        throw CLIError.input("no such \(deleted ? "deleted " : "")file on the card: \(wanted) (see `sdcustody ls\(deleted ? " --deleted" : "")`)")
    }
}
