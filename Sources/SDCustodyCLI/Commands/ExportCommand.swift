import Custody
import Messages
import ArgumentParser

/// `sdcustody export SOURCE --out DIR --case ID --exhibit ID`: the chosen footage as a BagIt bag.
struct ExportCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "export",
        abstract: tr(.helpExportAbstract),
        discussion: tr(.helpExportDiscussion) + "\n\n" + tr(.carveExportDiscussion)) }

    @OptionGroup var card: CardOptions
    @OptionGroup var selection: TimeSelectionOptions
    @Option(name: .long, help: ArgumentHelp(tr(.optUnsealOut), valueName: "dir")) var out: String
    @Option(name: .customLong("case"), help: ArgumentHelp(tr(.optExportCase), valueName: "id")) var caseID: String
    @Option(name: .long, help: ArgumentHelp(tr(.optExportExhibit), valueName: "id")) var exhibit: String
    @Option(name: .long, help: ArgumentHelp(tr(.optExportInclude), valueName: "glob"))
    var include: [String] = []
    @Flag(name: .long, help: ArgumentHelp(tr(.optExportDeleted))) var deleted = false
    @Flag(name: .long, help: ArgumentHelp(tr(.optExportPartial)))
    var partial = false
    @Flag(name: .long, help: ArgumentHelp(tr(.optExportCarve))) var carve = false
    @Option(name: .long, help: ArgumentHelp(tr(.optExportCameraID), valueName: "id")) var cameraID: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optExportLocation), valueName: "text")) var location: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optExportOrganization), valueName: "name"))
    var organization: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optExportAlso), valueName: "list"))
    var also: String?
    @Flag(name: .long, help: ArgumentHelp(tr(.optExportPlayable))) var playable = false

    func validate() throws {
        if let also {
            for name in also.split(separator: ",") where DigestAlgorithm(rawValue: name.lowercased()) == nil {
                throw ValidationError(tr(.usageAlsoAlgorithm, ["name": String(name)]))
            }
        }
        if caseID.isEmpty || exhibit.isEmpty { throw ValidationError(tr(.usageCaseEmpty)) }
    }

    func run() throws {
        try card.logged("export", producesEvidence: true) { draft in
            draft.caseID = caseID
            draft.exhibit = exhibit
            let source = try card.open()
            let extra = (also ?? "").split(separator: ",").compactMap { DigestAlgorithm(rawValue: $0.lowercased()) }
            // Without --clock-offset, the camera's latest clock check in the log gives the offset.
            let log = AccessLogging.accessLog(option: card.logOptions.log)
            let check = cameraID.flatMap { ClockCheck.latest(cameraID: $0, in: log) }
            let offset = selection.offset ?? check?.offset
            if selection.offset == nil, let check, let o = check.offset {
                Terminal.note(tr(.exportClockCheckUsed, ["camera": check.cameraID, "offset": o.description,
                                                         "time": check.loggedAt ?? "?"]))
            }
            let request = ExportRequest(
                sourcePath: card.source, output: out, caseID: caseID, exhibit: exhibit,
                operatorName: AccessLogging.operatorName(option: card.operator),
                organization: organization ?? AccessLogging.environment["SDCUSTODY_ORGANIZATION"],
                cameraID: cameraID, location: location, includes: include, deleted: deleted,
                window: try selection.window(), windowText: (selection.from, selection.to, selection.date),
                offset: offset, clockCheck: check, extraAlgorithms: extra.filter { $0 != .sha256 }, partition: card.partition,
                allowIncomplete: partial,
                commandLine: AccessLogging.commandLine(), accessLog: log)
            var chosen = request
            chosen.playable = playable
            chosen.carve = carve
            let exporter = Exporter(chosen)
            let bar = ProgressBar(label: "export")
            exporter.progress = { done, total in bar.update(done: done, total: total) }
            Interruption.install()
            exporter.shouldStop = { Interruption.requested }
            let result: ExportResult
            do {
                result = try exporter.run(card: source)
            } catch let e as CLIError {
                bar.finish()
                throw e
            } catch let e as DamagedSelection {
                bar.finish()
                throw CLIError.input(e.description)
            } catch {
                bar.finish()
                throw CLIError.input(tr(.exportFailed, ["reason": "\(error)"]))
            }
            bar.finish()
            draft.source = AccessLogging.sourceRecord(source, slot: try? source.tree(partition: card.partition).slot)
            if let sha = result.sourceSHA256, var s = draft.source { s.sha256 = sha; draft.source = s }
            draft.outputs = [OutputRecord(path: result.bagPath, size: Int64(clamping: result.bytes), sha256: result.tagManifestSHA256)]
            draft.details["payload_oxum"] = result.payloadOxum
            draft.details["files"] = String(result.files)
            if playable { draft.details["playable_copies"] = String(result.workingCopies.count) }
            for w in result.warnings where !source.warnings.contains(w) { Terminal.warning(w) }
            for path in result.unclosedNotRecovered { Terminal.warning(tr(.exportUnclosedNotRecovered, ["path": path])) }
            for f in result.partialFiles {
                Terminal.warning(tr(.exportPartialFile, ["path": f.path, "recovered": String(f.recovered),
                                                         "recorded": String(f.recorded), "reason": f.reason]))
            }
            for c in result.workingCopies { print(tr(.exportPlayableWrote, ["copy": c.storedPath, "master": c.masterStoredPath])) }
            print(tr(.exportBag, ["bag": result.bagPath]))
            if carve { print(tr(.carveExported, ["count": String(result.carvedFinds), "bytes": String(result.carvedBytes)])) }
            print(tr(.exportFiles, ["files": String(result.files), "bytes": String(result.bytes), "oxum": result.payloadOxum]))
            if let sha = result.sourceSHA256 { print(tr(.exportSourceSHA256, ["sha256": sha])) }
            print(tr(.exportChecked))
            print(tr(.exportNext, ["bag": result.bagPath]))
        }
    }
}
