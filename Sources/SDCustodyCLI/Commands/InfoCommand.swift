import Custody
import Messages
import ArgumentParser

/// `sdcustody info SOURCE`: what the card is, without reading any file.
struct InfoCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "info",
        abstract: tr(.helpInfoAbstract),
        discussion: tr(.helpInfoDiscussion)) }

    @OptionGroup var card: CardOptions
    @Flag(name: .long, help: ArgumentHelp(tr(.optJSONStdout))) var json = false

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
            throw CLIError.input(tr(.infoNoPartition, ["index": String(asked), "path": source.path]))
        }
        if source.kind != .mountedFolder && !source.slots.contains(where: { $0.volume != nil }) {
            let reasons = source.slots.compactMap { $0.error.map { String(describing: $0) } }
            throw CLIError.input("\(source.path): " + (reasons.first ?? tr(.infoNoFilesystem)))
        }
    }

    static func text(_ s: CardSource) -> String {
        var out = ""
        func line(_ label: String, _ value: String, indent: Int = 0) {
            let pad = String(repeating: " ", count: indent)
            let labelPad = String(repeating: " ", count: max(1, 26 - DisplayWidth.of(label) - indent))
            out += pad + label + ":" + labelPad + value + "\n"
        }
        let kind = tr(MessageKey("info.detail.source_kind." + s.kind.rawValue), fallback: s.kind.rawValue)
        line(tr(.infoSource), s.bytes.map { tr(.infoSourceLineSized, ["path": s.path, "kind": kind, "size": Sizes.human($0.size)]) }
             ?? tr(.infoSourceLine, ["path": s.path, "kind": kind]))
        if let d = s.device {
            line(tr(.infoReadOnlyFlag), d.readOnlyFlag.map { $0 ? tr(.infoFlagSet) : tr(.infoFlagNotSet) } ?? tr(.infoUnknown))
            line(tr(.infoMounted), d.mounts.isEmpty ? tr(.infoNo) : d.mounts.map { tr(.warnMountedOn, ["device": $0.device, "point": $0.mountPoint]) + " (\($0.readWrite ? "rw" : "ro"))" }.joined(separator: ", "))
            if let m = d.model { line(tr(.infoModel), ([d.vendor, m].compactMap { $0 }).joined(separator: " ")) }
            if let serial = d.serial { line(tr(.infoSerial), serial) }
            if let cid = d.cid { line("SD CID", cid) }
            if let csd = d.csd { line("SD CSD", csd) }
        }
        if let r = s.acquisitionRecord {
            line(tr(.infoAcquired), r.operatorName.map { tr(.infoAcquiredBy, ["time": r.finished, "device": r.source.path, "operator": $0]) }
                 ?? tr(.infoAcquiredValue, ["time": r.finished, "device": r.source.path]))
            line(tr(.infoImageSHA256), r.hashes["sha256"] ?? "-")
            line(tr(.infoAcquisition), AcquisitionVerdict.text(r))
            if let cid = r.source.cid {
                line(tr(.infoCardCID), "\(cid.manufacturer ?? "manufacturer \(cid.manufacturerID)") \(cid.productName) rev \(cid.productRevision), serial \(String(cid.serialNumber, radix: 16)), made \(cid.manufactureDate)")
            }
        }
        if let scan = s.partitions {
            line(tr(.infoPartitionTable), (scan.scheme == .none ? tr(.infoPartitionTableNone) : scan.scheme.rawValue) + (scan.diskIdentifier.map { tr(.infoDiskID, ["id": $0]) } ?? ""))
        }
        for slot in s.slots {
            out += "\n"
            if let p = slot.partition {
                out += tr(.infoPartition, ["index": String(slot.index), "type": s.partitions?.wholeCardDescription ?? p.typeDescription,
                                           "name": p.name.map { " \"\($0)\"" } ?? "", "start": String(p.startByte),
                                           "end": String(p.startByte &+ p.length), "size": Sizes.human(p.length)]) + "\n"
            } else {
                out += tr(.infoWholeCard) + "\n"
            }
            if let vol = slot.volume {
                let d = vol.description
                line(tr(.infoFilesystem), d.kind.rawValue, indent: 2)
                line(tr(.infoLabel), d.label ?? tr(.infoNone), indent: 2)
                line(tr(.infoSerial), CardDescriptions.serial(d.serialNumber), indent: 2)
                line(tr(.infoVolumeSize), tr(.infoVolumeSizeValue, ["human": Sizes.human(d.volumeSize), "bytes": String(d.volumeSize)]), indent: 2)
                line(tr(.infoSectorSize), tr(.infoBytes, ["bytes": String(d.bytesPerSector)]), indent: 2)
                line(tr(.infoClusterSize), tr(.infoBytes, ["bytes": String(d.clusterSize)]), indent: 2)
                line(tr(.infoClusters), d.freeClusters.map { tr(.infoClustersFree, ["count": String(d.clusterCount), "free": String($0)]) }
                     ?? String(d.clusterCount), indent: 2)
                for (k, v) in d.details {
                    let words = k.replacingOccurrences(of: "_", with: " ")
                    line(tr(MessageKey("info.detail." + k), fallback: words.prefix(1).uppercased() + words.dropFirst()), InfoCommand.detailValue(v), indent: 2)
                }
                for w in d.warnings { out += tr(.infoWarning, ["warning": w]) + "\n" }
                for l in Recordings.layouts(tree: VolumeTree(vol)) {
                    out += "  " + RecordingsText.infoLine(l) + "\n"
                    if let problems = RecordingsText.infoProblems(l) { out += "  " + problems + "\n" }
                }
            } else if let e = slot.error {
                out += tr(.infoCannotRead, ["reason": "\(e)"]) + "\n"
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

extension InfoCommand {
    /// A detail's value in the run's language where it is one of the fixed words the filesystem
    /// modules use (`clean`, `ok`, `unknown`, …; `--json` keeps them as they are); numbers and
    /// names pass through. A list such as `dirty, media failure` is worded part by part.
    static func detailValue(_ value: String) -> String {
        value.components(separatedBy: ", ").map { part in
            tr(MessageKey("info.value." + part.replacingOccurrences(of: " ", with: "_")), fallback: part)
        }.joined(separator: tr(.infoValueSeparator))
    }
}
