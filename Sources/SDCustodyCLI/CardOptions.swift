import ArgumentParser
import AccessLog
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

    @Option(name: .long, help: "Who is handling the card (else SDCUSTODY_OPERATOR, else the login name).")
    var `operator`: String?

    @OptionGroup var logOptions: AccessLogOptions

    /// Runs a read-only card command inside an access-log entry.
    func logged<T>(_ action: String, producesEvidence: Bool = false, _ body: (inout AccessDraft) throws -> T) throws -> T {
        try AccessLogging.run(action: action, logOption: logOptions.log, operatorOption: `operator`,
                              producesEvidence: producesEvidence) { draft in
            draft.source = SourceRecord(path: source)
            return try body(&draft)
        }
    }

    /// What identifies the card in the log: size, the acquisition record's hash and identity,
    /// the device's model and serial, and the volume's serial and label.
    static func sourceRecord(_ card: CardSource, slot: CardSource.VolumeSlot? = nil) -> SourceRecord {
        var identity: [String: String] = [:]
        if let d = card.device {
            identity["device_model"] = d.model
            identity["device_serial"] = d.serial
            identity["sd_cid"] = d.cid
        }
        if let r = card.acquisitionRecord {
            identity["acquisition_record_sha256"] = r.hashes["sha256"]
            if let cid = r.source.cid { identity["sd_cid"] = cid.raw }
            if let serial = r.source.serial { identity["device_serial"] = serial }
        }
        if let v = slot?.volume?.description {
            identity["filesystem"] = v.kind.rawValue
            identity["volume_serial"] = InfoCommand.serial(v.serialNumber)
            if let label = v.label { identity["volume_label"] = label }
            if let index = slot?.index { identity["partition"] = String(index) }
        }
        return SourceRecord(path: card.path, size: card.bytes.map { Int64(clamping: $0.size) },
                            sha256: card.acquisitionRecord?.hashes["sha256"],
                            cardIdentity: identity.isEmpty ? nil : identity)
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
