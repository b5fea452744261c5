import Custody
import Messages
import ArgumentParser

/// `sdcustody info SOURCE`: what the card is, without reading any file.
struct InfoCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "info",
        abstract: tr(.helpInfoAbstract),
        discussion: "Reads only the card's structures, never its files (on a recorder card, its index files too). The source is opened read-only.") }

    @OptionGroup var card: CardOptions
    @Flag(name: .long, help: "Print one JSON document on stdout.") var json = false

    func run() throws {
        try card.logged("info") { draft in
            let source = try card.open()
            draft.source = AccessLogging.sourceRecord(source, slot: source.slots.first { $0.volume != nil })
            try show(source)
        }
    }

    func show(_ source: CardSource) throws {
        var doc = CardDescriptions.describe(source)
        if json {
            // Recorder layouts (issue 11), one entry per layout found on any volume.
            if case .object(var fields) = doc {
                let layouts = source.slots.compactMap(\.volume).flatMap { Recordings.layouts(tree: VolumeTree($0)) }
                fields.append(("recorder_layouts", .array(layouts.map { Recordings.layoutJSON($0) })))
                doc = .object(fields)
            }
            print(doc.serialized())
        } else {
            print(InfoCommand.text(source), terminator: "")
        }
        if let asked = card.partition, !source.slots.isEmpty, !source.slots.contains(where: { $0.index == asked }) {
            throw CLIError.input("there is no partition \(asked) on \(source.path)")
        }
        if source.kind != .mountedFolder && !source.slots.contains(where: { $0.volume != nil }) {
            let reasons = source.slots.compactMap { $0.error.map { String(describing: $0) } }
            throw CLIError.input("\(source.path): " + (reasons.first ?? "no FAT or exFAT filesystem found"))
        }
    }

    static func text(_ s: CardSource) -> String {
        var out = ""
        func line(_ label: String, _ value: String, indent: Int = 0) {
            let pad = String(repeating: " ", count: indent)
            let labelPad = String(repeating: " ", count: max(1, 26 - label.count - indent))
            out += pad + label + ":" + labelPad + value + "\n"
        }
        line("Source", "\(s.path) (\(s.kind.rawValue)\(s.bytes.map { ", \(Sizes.human($0.size))" } ?? ""))")
        if let d = s.device {
            line("Read-only flag", d.readOnlyFlag.map { $0 ? "set" : "not set" } ?? "unknown")
            line("Mounted", d.mounts.isEmpty ? "no" : d.mounts.map { "\($0.device) on \($0.mountPoint) (\($0.readWrite ? "rw" : "ro"))" }.joined(separator: ", "))
            if let m = d.model { line("Model", ([d.vendor, m].compactMap { $0 }).joined(separator: " ")) }
            if let serial = d.serial { line("Serial", serial) }
            if let cid = d.cid { line("SD CID", cid) }
            if let csd = d.csd { line("SD CSD", csd) }
        }
        if let r = s.acquisitionRecord {
            line("Acquired", "\(r.finished) from \(r.source.path)\(r.operatorName.map { " by \($0)" } ?? "")")
            line("Image SHA-256", r.hashes["sha256"] ?? "-")
            line("Acquisition", r.verdict)
            if let cid = r.source.cid {
                line("Card (CID)", "\(cid.manufacturer ?? "manufacturer \(cid.manufacturerID)") \(cid.productName) rev \(cid.productRevision), serial \(String(cid.serialNumber, radix: 16)), made \(cid.manufactureDate)")
            }
        }
        if let scan = s.partitions {
            line("Partition table", scan.scheme.rawValue + (scan.diskIdentifier.map { " (disk id \($0))" } ?? ""))
        }
        for slot in s.slots {
            out += "\n"
            if let p = slot.partition {
                out += "Partition \(slot.index): \(p.typeDescription)\(p.name.map { " \"\($0)\"" } ?? ""), bytes \(p.startByte)–\(p.startByte + p.length) (\(Sizes.human(p.length)))\n"
            } else {
                out += "Whole card (no partition table)\n"
            }
            if let vol = slot.volume {
                let d = vol.description
                line("Filesystem", d.kind.rawValue, indent: 2)
                line("Label", d.label ?? "(none)", indent: 2)
                line("Serial", CardDescriptions.serial(d.serialNumber), indent: 2)
                line("Volume size", "\(Sizes.human(d.volumeSize)) (\(d.volumeSize) bytes)", indent: 2)
                line("Sector size", "\(d.bytesPerSector) bytes", indent: 2)
                line("Cluster size", "\(d.clusterSize) bytes", indent: 2)
                line("Clusters", "\(d.clusterCount)" + (d.freeClusters.map { " (\($0) free)" } ?? ""), indent: 2)
                for (k, v) in d.details {
                    let words = k.replacingOccurrences(of: "_", with: " ")
                    line(words.prefix(1).uppercased() + words.dropFirst(), v, indent: 2)
                }
                for w in d.warnings { out += "  warning: \(w)\n" }
                for l in Recordings.layouts(tree: VolumeTree(vol)) {
                    out += "  " + RecordingsText.infoLine(l) + "\n"
                    if let problems = RecordingsText.infoProblems(l) { out += "  " + problems + "\n" }
                }
            } else if let e = slot.error {
                out += "  cannot read: \(e)\n"
            }
        }
        return out
    }
}

enum Sizes {
    /// Binary units with one decimal, as `ls -lh` does.
    static func human(_ bytes: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        if unit == 0 { return "\(bytes) B" }
        return String(Int((value * 10).rounded()) / 10) + "." + String(Int((value * 10).rounded()) % 10) + " " + units[unit]
    }
}
