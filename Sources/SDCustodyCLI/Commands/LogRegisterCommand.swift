import ArgumentParser
import Custody
import Foundation
import Messages

/// `sdcustody log register provisions|viewings [--fiscal-year YYYY] [--csv] [--summary]`: the
/// association's registers (提供記録簿, 閲覧記録簿) as views of the access log (`Registers`). Reads
/// the log only; appends nothing.
struct LogRegisterCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "register", abstract: tr(.helpRegisterAbstract), discussion: tr(.helpRegisterDiscussion)) }

    @Argument(help: ArgumentHelp(tr(.optRegisterKind), valueName: "provisions|viewings")) var kind: String
    @Option(name: .customLong("fiscal-year"), help: ArgumentHelp(tr(.optRegisterYear), valueName: "YYYY")) var fiscalYear: Int?
    @Flag(name: .long, help: ArgumentHelp(tr(.optRegisterCSV))) var csv = false
    @Flag(name: .long, help: ArgumentHelp(tr(.optRegisterSummary))) var summary = false
    @OptionGroup var logOptions: AccessLogOptions

    func validate() throws {
        guard kind == "provisions" || kind == "viewings" else { throw ValidationError(tr(.registerBadKind, ["kind": kind])) }
        if summary && kind != "provisions" { throw ValidationError(tr(.registerSummaryViewings)) }
        if let fiscalYear, !(1900...9999).contains(fiscalYear) { throw ValidationError(tr(.registerBadYear)) }
    }

    func run() throws {
        let log = try LogCommand.existingLog(logOptions)
        let entries: [LogEntry]
        do { entries = try log.readEntries().entries } catch { throw CLIError.input("\(error)") }
        let out = OutputBuffer()
        if kind == "provisions" {
            let rows = Registers.provisions(entries, fiscalYear: fiscalYear)
            if summary {
                let totals = Registers.summary(rows)
                let header = [tr(.registerHYear), tr(.registerHAgency), tr(.registerHPurpose), tr(.registerHCount), tr(.registerHFiles), tr(.registerHBytes)]
                let cells = totals.map { [String($0.fiscalYear), $0.agency, $0.purpose, String($0.count), String($0.files), String($0.bytes)] }
                if csv { out.append(String(decoding: Registers.csv(header: header, rows: cells), as: UTF8.self)) } else {
                    out.append(Self.table(header, cells))
                    out.append(tr(.registerTotal, ["count": String(rows.count), "files": String(rows.reduce(0) { $0 + $1.files }),
                                                   "bytes": String(rows.reduce(UInt64(0)) { $0 &+ $1.bytes })]) + "\n")
                }
            } else {
                let header = Self.provisionHeader
                let cells = csv ? rows.map(Self.cells) : rows.map(Self.wordedCells)
                if csv { out.append(String(decoding: Registers.csv(header: header, rows: cells), as: UTF8.self)) } else if rows.isEmpty {
                    out.append(tr(.registerNone) + "\n")
                } else {
                    // Too many columns for a terminal: one block per provision.
                    let width = header.map(DisplayWidth.of).max() ?? 0
                    for row in cells {
                        for (h, v) in zip(header, row) where !v.isEmpty { out.append(DisplayWidth.pad(h, width) + "  " + Self.printable(v) + "\n") }
                        out.append("\n")
                    }
                }
            }
        } else {
            let rows = Registers.viewings(entries, fiscalYear: fiscalYear)
            let header = [tr(.registerHNo), tr(.registerHWhen), tr(.registerHWho), tr(.registerHAction), tr(.registerHPurpose),
                          tr(.registerHWindow), tr(.registerHWitness), tr(.registerHMade)]
            let cells = rows.map { [String($0.number), $0.at, $0.who, $0.action, $0.purpose, [$0.camera, $0.window].filter { !$0.isEmpty }.joined(separator: " "), $0.witness, $0.copies] }
            if csv { out.append(String(decoding: Registers.csv(header: header, rows: cells), as: UTF8.self)) } else if rows.isEmpty {
                out.append(tr(.registerNone) + "\n")
            } else {
                out.append(Self.table(header, cells))
            }
        }
        out.flush()
    }

    static var provisionHeader: [String] {
        [tr(.registerHNo), tr(.registerHRecord), tr(.registerHReceived), tr(.registerHAgency), tr(.registerHRequester),
         tr(.registerHIdentity), tr(.registerHDocument), tr(.registerHLegal), tr(.registerHPurpose), tr(.registerHApprover),
         tr(.registerHRoute), tr(.registerHCamera), tr(.registerHWindowCamera), tr(.registerHWindowCorrected), tr(.registerHOffset),
         tr(.registerHMedium), tr(.registerHFiles), tr(.registerHBytes), tr(.registerHManifest), tr(.registerHHandler),
         tr(.registerHWitness), tr(.registerHHanded), tr(.registerHOriginal), tr(.registerHCardSha), tr(.registerHReturned),
         tr(.registerHCopies)]
    }

    static func cells(_ p: Registers.Provision) -> [String] {
        [String(p.number), p.recordNumber, p.receivedAt, p.agency, p.requester, p.identityCheck, p.requestDocument, p.legalBasis,
         p.purpose, p.approval, p.route, p.camera, p.windowCamera, p.windowCorrected, p.clockOffset, p.medium, String(p.files),
         String(p.bytes), p.manifestSHA256, p.handler, p.witnesses, p.handedOverAt, p.original, p.cardSHA256, p.returned,
         p.copiesDisposed]
    }

    /// The cells for people: the approval route and what became of the card in words (the CSV
    /// keeps the codes, for the ward's spreadsheets).
    static func wordedCells(_ p: Registers.Provision) -> [String] {
        var row = cells(p)
        func words(_ prefix: String, _ code: String) -> String {
            code.isEmpty ? code : tr(MessageKey(prefix + code), fallback: code)
        }
        if let i = provisionIndex(.registerHRoute) { row[i] = words("handover.r.route_", p.route) }
        if let i = provisionIndex(.registerHOriginal) { row[i] = words("handover.r.original_", p.original) }
        for key in [MessageKey.registerHReceived, .registerHWindowCamera, .registerHWindowCorrected] {
            if let i = provisionIndex(key) { row[i] = readableTimes(row[i]) }
        }
        return row
    }

    /// `2026-11-21T09:30:00` as the tables show times (`2026-11-21 09:30:00`): a `T` between a
    /// date and a time becomes a space; nothing else changes.
    static func readableTimes(_ text: String) -> String {
        var b = Array(text.utf8)
        func digit(_ i: Int) -> Bool { i >= 0 && i < b.count && (0x30...0x39).contains(b[i]) }
        for i in b.indices where b[i] == UInt8(ascii: "T") && i >= 10 && digit(i - 1) && digit(i - 2) && b[i - 3] == UInt8(ascii: "-")
            && digit(i + 1) && digit(i + 2) && i + 3 < b.count && b[i + 3] == UInt8(ascii: ":") {
            b[i] = UInt8(ascii: " ")
        }
        return String(decoding: b, as: UTF8.self)
    }

    static func provisionIndex(_ key: MessageKey) -> Int? { provisionHeader.firstIndex(of: tr(key)) }

    static func printable(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? "?" : $0 }))
    }

    /// Columns padded to their display width (Japanese counts double).
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows.map { $0.map(printable) }
        var widths = header.map { _ in 0 }
        for row in all { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(c)) } }
        return all.map { row in
            row.enumerated().map { i, c in i == row.count - 1 ? c : DisplayWidth.pad(c, widths[i]) }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
