import Custody
import Messages
import ArgumentParser

/// `sdcustody cat SOURCE PATH`: one file's bytes on stdout, straight from the card.
struct CatCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "cat",
        abstract: tr(.helpCatAbstract),
        discussion: tr(.helpCatDiscussion)) }

    @OptionGroup var card: CardOptions
    @Argument(help: ArgumentHelp(tr(.optCardPath), valueName: "path"))
    var path: String
    @Flag(name: .long, help: ArgumentHelp(tr(.optCatDeleted))) var deleted = false

    func run() throws {
        try card.logged("cat") { draft in
            let source = try card.open()
            let opened = try card.tree(of: source)
            draft.source = AccessLogging.sourceRecord(source, slot: opened.slot)
            draft.details["path"] = path
            try copyOut(opened.tree)
        }
    }

    func copyOut(_ tree: FileTree) throws {
        let listing: VolumeListing
        do {
            listing = try tree.listing(includeDeleted: deleted)
        } catch {
            throw CLIError.input("\(card.source): \(error)")
        }
        let entry = try EntryLookup.find(path, in: listing, deleted: deleted)
        if entry.isDirectory { throw CLIError.input(tr(.catIsAFolder, ["path": entry.path])) }
        let content: FileContent
        do {
            content = try tree.content(of: entry)
        } catch {
            throw CLIError.input("\(entry.path): \(error)")
        }
        for w in content.warnings { Terminal.warning("\(entry.path): \(w)") }
        do {
            try content.forEachChunk { chunk in
                if !FileHandleOutput.standardOutput.writeAll(chunk) { throw CatStop.readerGone }
            }
        } catch CatStop.readerGone {
            // The reader (`head`, a player) stopped early; that is not an error of ours.
        } catch {
            throw CLIError.input("\(entry.path): \(error)")
        }
    }

    enum CatStop: Error { case readerGone }
}
