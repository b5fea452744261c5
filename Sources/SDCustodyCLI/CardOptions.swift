import ArgumentParser
import Custody
import Messages

/// Options every card-reading command takes.
struct CardOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(tr(.optSource),
                                 valueName: "source"))
    var source: String

    @Option(name: .long, help: ArgumentHelp(tr(.optPartition),
                                            valueName: "n"))
    var partition: Int?

    @Option(name: .long, help: ArgumentHelp(tr(.optOperatorCard)))
    var `operator`: String?

    @OptionGroup var logOptions: AccessLogOptions

    /// Runs a read-only card command inside an access-log entry.
    func logged<T>(_ action: String, producesEvidence: Bool = false, _ body: (inout AccessDraft) throws -> T) throws -> T {
        try logOptions.run(action, operator: `operator`, producesEvidence: producesEvidence) { draft in
            draft.source = SourceRecord(path: source)
            return try body(&draft)
        }
    }

    /// The chosen volume's file tree (`--partition`), or one error line naming the source.
    func tree(of source: CardSource) throws -> (tree: FileTree, slot: CardSource.VolumeSlot?) {
        do {
            return try source.tree(partition: partition)
        } catch let e as CLIError {
            throw e
        } catch {
            throw CLIError.input("\(source.path): \(error)")
        }
    }

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

