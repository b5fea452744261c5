import Custody
import Messages

/// `ls --carve`: the footage found in unallocated clusters, after the files and recordings.
extension LsCommand {
    /// Scans the free clusters; with a window, keeps the finds it selects (and the undated).
    static func carve(slot: CardSource.VolumeSlot?, window: TimeWindow?, offset: ClockOffset?) throws -> CarvedFootage.Scan {
        let bar = ProgressBar(label: "carve")
        defer { bar.finish() }
        let scan: CarvedFootage.Scan
        do {
            scan = try CarvedFootage.scan(slot: slot) { done, total in bar.update(done: done, total: total) }
        } catch let e as CustodyError {
            throw CLIError.input(e.description)
        }
        for p in scan.result.problems { Terminal.warning(tr(.carveProblem, ["problem": p])) }
        var chosen = scan
        chosen.result.finds = CarvedFootage.selected(scan, window: window, offset: offset)
        return chosen
    }
}

extension JSONListingSink {
    func carved(_ scan: CarvedFootage.Scan) {
        carvedFields = [
            ("carved", .array(scan.result.finds.map { CarvedFootage.json($0, scan: scan) })),
            ("carving", .object([
                ("free_clusters", .uint(scan.result.freeClusters)),
                ("scanned_bytes", .uint(scan.result.scannedBytes)),
                ("problems", .array(scan.result.problems.map { .string($0) })),
            ])),
        ]
    }
}

extension TableListingSink {
    func carved(_ scan: CarvedFootage.Scan) {
        let r = scan.result
        let counts = ["count": String(r.finds.count), "clusters": String(r.freeClusters), "bytes": String(r.scannedBytes)]
        guard !r.finds.isEmpty else {
            carvedText = "\n" + tr(.carveNothing, counts) + "\n"
            return
        }
        var text = "\n" + tr(.carveHeading, counts) + "\n"
        let offsets = r.finds.map { String(scan.imageOffset($0)) }
        let lengths = r.finds.map { String($0.length) }
        let ow = max(DisplayWidth.of(tr(.carveHeaderOffset)), offsets.map(\.count).max() ?? 0)
        let lw = max(DisplayWidth.of(tr(.carveHeaderLength)), lengths.map(\.count).max() ?? 0)
        let tw = max(DisplayWidth.of(tr(.carveHeaderType)), 7)
        let sw = max(DisplayWidth.of(tr(.carveHeaderStart)), 19)
        text += [LsCommand.pad(tr(.carveHeaderOffset), ow, right: true), LsCommand.pad(tr(.carveHeaderLength), lw, right: true),
                 LsCommand.pad(tr(.carveHeaderType), tw), LsCommand.pad(tr(.carveHeaderStart), sw), tr(.carveHeaderSource)]
            .joined(separator: "  ") + "\n"
        var cut = false
        for (i, f) in r.finds.enumerated() {
            var source = f.timeSource.map(LsCommand.sourceLabel) ?? tr(.carveNoTime)
            if !f.complete { source += "  " + tr(.carveCutShort); cut = true }
            text += [LsCommand.pad(offsets[i], ow, right: true), LsCommand.pad(lengths[i], lw, right: true),
                     LsCommand.pad(f.kind.rawValue, tw), LsCommand.pad(f.start?.display ?? "-", sw), source]
                .joined(separator: "  ") + "\n"
        }
        if cut { text += tr(.carveCutShortNote) + "\n" }
        carvedText = text
    }
}
