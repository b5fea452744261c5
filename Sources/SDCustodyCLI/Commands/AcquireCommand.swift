import Custody
import Messages
import ArgumentParser
import Foundation

/// `sdcustody acquire SOURCE --out IMAGE`: a bit-for-bit image, hashed as it is read, then re-read
/// and checked.
struct AcquireCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "acquire",
        abstract: tr(.helpAcquireAbstract),
        discussion: tr(.helpAcquireDiscussion)) }

    @Argument(help: ArgumentHelp(tr(.optAcquireSource), valueName: "source"))
    var source: String
    @Option(name: .long, help: ArgumentHelp(tr(.optAcquireOut), valueName: "image")) var out: String?
    @Option(name: .customLong("case"), help: ArgumentHelp(tr(.optAcquireCase))) var caseID: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optAcquireExhibit))) var exhibit: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optOperatorAcquire))) var `operator`: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optAcquireHash), valueName: "list"))
    var hash: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optAcquireSplit), valueName: "size"))
    var split: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optAcquireRetries))) var retries = 2
    @Flag(name: .long, help: ArgumentHelp(tr(.optAcquireNoZeroFill))) var noZeroFill = false
    @Flag(name: .long, help: ArgumentHelp(tr(.optAcquireJSON))) var json = false
    @Flag(name: .long, help: ArgumentHelp(tr(.optAcquireVerify))) var verify = false
    @Option(name: .long, help: ArgumentHelp(tr(.optAcquireRecord), valueName: "record")) var record: String?
    @OptionGroup var logOptions: AccessLogOptions

    func validate() throws {
        if verify {
            if record == nil { throw ValidationError(tr(.acquireVerifyNeedsRecord)) }
            if out != nil || split != nil || hash != nil || noZeroFill || retries != 2 {
                throw ValidationError(tr(.acquireVerifyNotWithOut))
            }
            return
        }
        if out == nil { throw ValidationError(tr(.acquireNeedsOut)) }
        if record != nil { throw ValidationError(tr(.acquireRecordOnlyWithVerify)) }
        if retries < 0 || retries > 100 { throw ValidationError(tr(.usageRetries)) }
        if let split, Self.parseSize(split) == nil { throw ValidationError(tr(.usageSplit)) }
        if let hash {
            for name in hash.split(separator: ",") where DigestAlgorithm(rawValue: name.lowercased()) == nil {
                throw ValidationError(tr(.usageHashAlgorithm, ["name": String(name)]))
            }
        }
    }

    static func parseSize(_ text: String) -> UInt64? {
        var digits = text.uppercased()
        var multiplier: UInt64 = 1
        if let last = digits.last, let power = ["K": 10, "M": 20, "G": 30, "T": 40][String(last)] {
            multiplier = 1 << UInt64(power)
            digits.removeLast()
        }
        guard let n = UInt64(digits), n > 0 else { return nil }
        let (v, overflow) = n.multipliedReportingOverflow(by: multiplier)
        return overflow || v < 512 ? nil : v
    }

    func run() throws {
        if verify, let record {
            try logOptions.run(AcquireVerification.action, operator: `operator`, producesEvidence: false) { draft in
                try AcquireVerifyReport(source: source, record: record, json: json, caseID: caseID, exhibit: exhibit).run(&draft)
            }
            return
        }
        try logOptions.run("acquire", operator: `operator`, producesEvidence: true) { draft in
            draft.source = SourceRecord(path: source)
            draft.caseID = caseID
            draft.exhibit = exhibit
            try acquire(&draft)
        }
    }

    func acquire(_ draft: inout AccessDraft) throws {
        guard let out else { throw CLIError.input(tr(.acquireNeedsOut)) }
        let extra = (hash ?? "").split(separator: ",").compactMap { DigestAlgorithm(rawValue: $0.lowercased()) }
        let acquirer = Acquirer(AcquireRequest(
            source: source, output: out, splitSize: split.flatMap(Self.parseSize), extraAlgorithms: extra, retries: retries,
            zeroFill: !noZeroFill, operatorName: AccessLogging.operatorName(option: `operator`), caseID: caseID, exhibit: exhibit))
        let bar = ProgressBar(label: "acquire")
        acquirer.progress = { p in
            bar.update(done: p.bytesDone, total: p.bytesTotal, extra: p.phase == "checking" ? "(checking)" : "bad sectors: \(p.badSectors)")
        }
        acquirer.warn = { Terminal.warning($0) }
        Interruption.install()
        acquirer.shouldStop = { Interruption.requested }
        let outcome: AcquireOutcome
        do { outcome = try acquirer.run(draft: &draft) } catch { bar.finish(); throw error }
        bar.finish()
        let (result, record, recordPath, options) = (outcome.result, outcome.record, outcome.recordPath, outcome.options)

        if json {
            FileHandleOutput.standardOutput.write(String(decoding: try record.encoded(), as: UTF8.self) + "\n")
        } else {
            print(tr(.acquireImage, ["images": result.outputs.joined(separator: ", ")]))
            print(tr(.acquireRecord, ["record": recordPath]))
            print(tr(.acquireBytes, ["read": String(result.bytesRead), "size": String(result.sourceSize)]))
            // The hash labels line up with the others (whose column the catalogue sets per language).
            let column = DisplayWidth.of(tr(.acquireVerdict, ["verdict": ""]))
            for alg in options.algorithms {
                print(tr(.acquireHash, ["label": DisplayWidth.pad("\(alg.rawValue.uppercased()):", column),
                                        "hash": result.hashes[alg] ?? "-"]))
            }
            for r in record.badSectors {
                print(tr(.acquireUnreadable, ["first": String(r.firstSector), "last": String(r.firstSector &+ r.sectorCount &- 1),
                                              "firstByte": String(r.byteOffset), "lastByte": String(r.byteOffset &+ r.byteCount &- 1)]))
            }
            print(tr(.acquireVerdict, ["verdict": AcquisitionVerdict.text(record)]))
        }
        // A card that needed retries is worth a word on the terminal in the user's language too.
        if let retried = record.readErrors, record.badSectors.isEmpty, result.complete {
            Terminal.warning(tr(.acquireRecoveredByRetry, ["count": String(retried.recoveredByRetry)]))
        }
        if !result.complete {
            throw CLIError.input(tr(.acquireIncomplete, ["reason": result.stopReason ?? "stopped", "files": result.outputs.joined(separator: ", ")]))
        }
    }
}
