import Messages
import Foundation
import BagIt
import Card
import CardFileSystem
import CardIO
import Codecs
import MediaTime
import Records
import Recorders

/// A windowed export of a recorder card (issue 11): each selected recording becomes its own
/// payload file holding exactly bytes `[offset, offset + length)` of its container; the index
/// files always go in; whole containers never do.
enum RecordingExport {
    struct Planned {
        let recording: Recording
        let indexPath: String?
        let container: CardEntry
        let storedPath: String
    }

    /// Index and log files a recorder folder keeps beside its containers; copied whole.
    static func isIndexFile(_ name: String) -> Bool {
        let n = name.lowercased()
        return n.hasPrefix("index") && n.hasSuffix(".bin")
    }

    /// The recordings to copy for `request`'s window, with `selected` changed to match: the
    /// layouts' containers taken out, their index files put in. Without a window, or on a card
    /// without a recorder layout, nothing changes.
    static func plan(request: ExportRequest, listing: VolumeListing, tree: FileTree,
                     selected: inout [Exporter.Selected], names: inout StoredNames) -> (planned: [Planned], warnings: [String], flags: [String]) {
        guard let window = request.window else { return ([], [], []) }
        let all = Recordings.layouts(listing: listing, tree: tree)
        var warnings: [String] = [], flags: [String] = []
        // Dahua and XM recordings are whole files: selected as files (their frame times are the
        // files' times), copied under data/card/ as they are; only their state is flagged.
        let storedByPath = Dictionary(selected.map { ($0.item.entry.path, $0.storedPath) }, uniquingKeysWith: { a, _ in a })
        for l in all where l.kind.recordsWholeFiles {
            for p in l.problems { warnings.append("recorder: \(p)") }
            for r in l.recordings where r.state != .complete {
                guard let stored = storedByPath[r.container] else { continue }
                flags.append("\(stored): state \(r.state.rawValue) (being recorded when the card was pulled; its end is its last whole frame)")
            }
        }
        let layouts = all.filter { !$0.kind.recordsWholeFiles }
        guard !layouts.isEmpty else { return ([], warnings + flags, flags) }
        let live = listing.entries.filter { !$0.isDirectory && !$0.deleted }
        let byPath = Dictionary(live.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let folders = Set(layouts.map(\.folder))
        // Every container of a layout's folder, with recordings or not: never copied whole here.
        let containerPaths = Set(layouts.flatMap { $0.recordings.map(\.container) })
            .union(live.filter { folders.contains(folder(of: $0.path)) && isContainer($0.name) }.map(\.path))
        selected.removeAll { containerPaths.contains($0.item.entry.path) }
        var planned: [Planned] = []
        for l in layouts {
            for p in l.problems { warnings.append(tr(.warnRecorderIndex, ["problem": "\(p)"])) }
            for r in l.recordings {
                guard let span = Recordings.span(r, folder: l.folder, offset: request.offset), RecordingSelection.overlaps(span, window) else { continue }
                if !request.includes.isEmpty && !request.includes.contains(where: { Glob.matches($0, r.container) }) { continue }
                guard let entry = byPath[r.container] else {
                    warnings.append(tr(.warnContainerMissing, ["container": r.container, "slot": String(r.slot)]))
                    continue
                }
                let stored = names.store(storedName(r, folder: l.folder), root: "recordings")
                planned.append(Planned(recording: r, indexPath: l.indexUsed, container: entry, storedPath: stored.path))
                if r.state != .complete {
                    flags.append("\(stored.path): state \(r.state.rawValue)"
                        + (r.state == .recording ? " (being recorded when the card was pulled; its end was found in the bytes)" : " (from an earlier pass of the ring)"))
                }
            }
        }
        // The index goes with whatever footage is exported; alone it is not an export.
        if !planned.isEmpty || !selected.isEmpty {
            let already = Set(selected.map(\.item.entry.path))
            for e in live where folders.contains(folder(of: e.path)) && isIndexFile(e.name) && !already.contains(e.path) {
                let stored = names.store(e.path, root: "card")
                selected.append(Exporter.Selected(item: Footage.item(e, tree: tree, offset: request.offset),
                                                  storedPath: stored.path, storedReason: stored.reason))
            }
        }
        return (planned, warnings + flags, flags)
    }

    /// Without a window every file is copied as it is, containers whole; the provenance still
    /// lists the recordings the index gives, each pointing into its container's copy.
    static func listed(request: ExportRequest, listing: VolumeListing, tree: FileTree, selected: [Exporter.Selected],
                       slot: CardSource.VolumeSlot?) -> [ProvenanceDocument.RecordingRange] {
        guard request.window == nil else { return [] }
        let layouts = Recordings.layouts(listing: listing, tree: tree).filter { !$0.kind.recordsWholeFiles }
        guard !layouts.isEmpty else { return [] }
        let copied = Set(selected.map(\.item.entry.path))
        return layouts.flatMap { l in
            l.recordings.filter { copied.contains($0.container) }.map { r in
                range(r, storedPath: nil, index: l.indexUsed, sha256: nil, plan: nil, slot: slot)
            }
        }
    }

    static func range(_ r: Recording, storedPath: String?, index: String?, sha256: String?, plan: ContentPlan?,
                      slot: CardSource.VolumeSlot?) -> ProvenanceDocument.RecordingRange {
        let partitionStart = slot?.partition?.startByte ?? 0
        return ProvenanceDocument.RecordingRange(
            container: r.container, storedPath: storedPath, offset: r.offset, length: r.length,
            start: r.start.iso, end: r.end?.iso, timeSource: r.timeSource, state: r.state.rawValue,
            channel: r.channel.map(Int64.init), index: index, indexSlot: Int64(r.slot), indexRecord: Hex.encode(r.indexRecord),
            sha256: sha256,
            containerClusterRuns: plan.map { plan in
                plan.runs.map { run in
                    ProvenanceDocument.ClusterRun(firstCluster: UInt64(run.firstCluster), clusterCount: UInt64(run.clusterCount),
                                                  volumeOffset: run.byteOffset, sourceOffset: partitionStart &+ run.byteOffset,
                                                  length: run.byteLength)
                }
            })
    }

    static func isContainer(_ name: String) -> Bool {
        let n = name.lowercased()
        return n.hasPrefix("hiv") && n.hasSuffix(".mp4")
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// `<folder>/2026-11-20_213025.500000_hiv00000_slot001.mpg`: the camera time and the container
    /// in the name, `.mpg` because the bytes are an MPEG-2 program stream.
    static func storedName(_ r: Recording, folder: String) -> String {
        let time = r.start.iso.replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "T", with: "_")
        let container = r.container.split(separator: "/").last.map(String.init) ?? r.container
        let stem = container.lowercased().hasSuffix(".mp4") ? String(container.dropLast(4)) : container
        let slot = String(r.slot)
        let name = "\(time)_\(stem)_slot\(String(repeating: "0", count: max(0, 3 - slot.count)) + slot).mpg"
        return folder.isEmpty ? name : folder + "/" + name
    }

    /// Copies each planned byte range into the bag, hashed as it is written (BagWriter), and
    /// returns what the provenance says of it.
    static func write(_ planned: [Planned], tree: FileTree, writer: BagWriter, slot: CardSource.VolumeSlot?,
                      shouldStop: () -> Bool, progress: (_ bytes: UInt64) -> Void = { _ in }) throws -> [ProvenanceDocument.RecordingRange] {
        var out: [ProvenanceDocument.RecordingRange] = []
        let chunk = 4 << 20
        for p in planned {
            let r = p.recording
            let content = try tree.content(of: p.container)
            let (end, overflow) = r.offset.addingReportingOverflow(r.length)
            guard !overflow, end <= content.size else {
                throw CustodyError.input(tr(.ccSlotBytesLieOutsideThe, ["container": "\(r.container)", "slot": "\(r.slot)", "offset": "\(r.offset)", "end": "\(end)", "size": "\(content.size)"]))
            }
            let file = try writer.beginFile(relativePath: p.storedPath, modificationTime: Exporter.date(r.start.timestamp))
            var at = r.offset
            do {
                while at < end {
                    if shouldStop() { throw CustodyError.input(tr(.exportInterrupted)) }
                    let n = Int(min(UInt64(chunk), end - at))
                    try file.write(try content.source.read(at: at, count: n))
                    at += UInt64(n)
                    progress(UInt64(n))
                }
            } catch let e as CustodyError {
                throw e
            } catch {
                throw CustodyError.input("\(r.container): \(error)")
            }
            let record = try file.finish()
            out.append(range(r, storedPath: "data/" + p.storedPath, index: p.indexPath, sha256: record.digests[.sha256],
                             plan: content.plan, slot: slot))
        }
        return out
    }
}
