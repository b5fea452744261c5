import Custody
import Messages
import ArgumentParser
import Foundation

/// `sdcustody log [show|verify|head]`: read and check the access log. These commands read the
/// log only; they do not append to it (they touch no evidence) and never create it.
struct LogCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "log",
        abstract: tr(.helpLogAbstract),
        discussion: tr(.helpLogDiscussion),
        subcommands: [Show.self, Verify.self, Head.self,
                       LogRegisterCommand.self],
        defaultSubcommand: Show.self
    ) }

    /// The log, or exit 2 when it does not exist (nothing recorded yet, or a wrong --log).
    static func existingLog(_ options: AccessLogOptions) throws -> AccessLog {
        let log = AccessLogging.accessLog(option: options.log)
        guard FileManager.default.fileExists(atPath: log.path) else {
            throw CLIError.input(tr(.logNoLog, ["path": log.path]))
        }
        return log
    }

    static func jsonText<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    // MARK: show

    struct Show: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(
            commandName: "show", abstract: tr(.helpLogShowAbstract)) }

        @OptionGroup var logOptions: AccessLogOptions
        @Option(name: .customLong("case"), help: ArgumentHelp(tr(.optLogCase), valueName: "id"))
        var caseID: String?
        @Option(help: ArgumentHelp(tr(.optLogSince),
                                   valueName: "time"))
        var since: String?
        @Flag(help: ArgumentHelp(tr(.optJSON))) var json = false

        func run() throws {
            var filter = LogFilter(caseID: caseID)
            if let since {
                guard let t = LogTime.parse(since) else { throw CLIError.input(tr(.logBadSince, ["time": since])) }
                filter.sinceMilliseconds = t
            }
            let log = try LogCommand.existingLog(logOptions)
            let state: (unreadableLines: [Int], tornTail: Bool)
            do {
                state = json ? try printJSON(log, filter) : try printTable(log, filter)
            } catch let error as CLIError {
                throw error
            } catch {
                throw CLIError.input("\(error)")
            }
            if !state.unreadableLines.isEmpty {
                let lines = state.unreadableLines.prefix(20).map(String.init).joined(separator: ", ")
                Terminal.warning(tr(.logUnreadableLines, ["lines": lines + (state.unreadableLines.count > 20 ? ", …" : "")]))
            }
            if state.tornTail { Terminal.warning(tr(.logTornTail)) }
        }

        /// The entries exactly as the log stores them (each is a JSON object), streamed:
        /// `{"log":…,"entries":[…],"unreadable_lines":[…],"torn_tail":…}`.
        private func printJSON(_ log: AccessLog, _ filter: LogFilter) throws -> (unreadableLines: [Int], tornTail: Bool) {
            let out = FileHandleOutput.standardOutput
            out.write("{\"log\":" + String(decoding: CanonicalJSON.encode(.string(log.path)), as: UTF8.self) + ",\"entries\":[")
            var first = true
            let state = try log.forEachEntry { entry, line in
                guard filter.matches(entry) else { return }
                var bytes = (first ? [] : [UInt8(ascii: ",")]) + [UInt8(ascii: "\n")] + line
                out.write(bytes: &bytes)
                first = false
            }
            out.write("\n],\"unreadable_lines\":[\(state.unreadableLines.map(String.init).joined(separator: ","))],"
                      + "\"torn_tail\":\(state.tornTail)}\n")
            return state
        }

        /// Two passes over the file (widths, then rows), so memory stays flat however long the log.
        private func printTable(_ log: AccessLog, _ filter: LogFilter) throws -> (unreadableLines: [Int], tornTail: Bool) {
            let header = Self.header
            var widths = header.map(DisplayWidth.of)
            var count = 0
            try log.forEachEntry { entry, _ in
                guard filter.matches(entry) else { return }
                count += 1
                for (i, cell) in Self.row(entry).enumerated() { widths[i] = max(widths[i], DisplayWidth.of(cell)) }
            }
            let out = FileHandleOutput.standardOutput
            out.write(Self.format(header, widths))
            let state = try log.forEachEntry { entry, _ in
                guard filter.matches(entry) else { return }
                out.write(Self.format(Self.row(entry), widths))
            }
            if count == 0 { out.write(tr(.logNoEntries) + "\n") }
            return state
        }

        static var header: [String] {
            [tr(.logHeaderSeq), tr(.logHeaderTime), tr(.logHeaderOperator), tr(.logHeaderHost), tr(.logHeaderAction),
             tr(.logHeaderCase), tr(.logHeaderExhibit), tr(.logHeaderResult), tr(.logHeaderWhat)]
        }

        static func row(_ e: LogEntry) -> [String] {
            var what = e.source?.path ?? "-"
            if !e.outputs.isEmpty { what += " → " + e.outputs.map(\.path).joined(separator: ", ") }
            let result = e.succeeded ? tr(.logResultOK) : tr(.logResultFailed, ["reason": e.reason ?? ""])
            return [String(e.seq), e.time, e.operatorName, e.host, e.action, e.caseID ?? "-", e.exhibit ?? "-", result, what]
                .map(Self.printable)
        }

        /// Columns padded to `widths`; the last one (what was read and written) is not.
        static func format(_ row: [String], _ widths: [Int]) -> String {
            var line = ""
            for (i, cell) in row.enumerated() {
                if i == row.count - 1 { line += cell } else {
                    line += DisplayWidth.pad(cell, widths[i]) + "  "
                }
            }
            return line + "\n"
        }

        /// Control characters from a hostile card name must not drive the terminal.
        static func printable(_ s: String) -> String {
            String(String.UnicodeScalarView(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? "?" : $0 }))
        }
    }

    // MARK: verify

    struct Verify: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(
            commandName: "verify",
            abstract: tr(.helpLogVerifyAbstract)) }

        @OptionGroup var logOptions: AccessLogOptions
        @Option(help: ArgumentHelp(tr(.optLogHead), valueName: "hash"))
        var head: String?
        @Option(help: ArgumentHelp(tr(.optLogKey),
                                   valueName: "hex"))
        var key: String?
        @Option(help: ArgumentHelp(tr(.optLogExcerpt), valueName: "file"))
        var excerpt: String?
        @Option(help: ArgumentHelp(tr(.optLogAnchors), valueName: "s3://BUCKET/PREFIX"))
        var anchors: String?
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: ArgumentHelp(tr(.optJSON))) var json = false

        func run() throws {
            if let head, !(head.count == 64 && head.allSatisfy(\.isHexDigit)) {
                throw CLIError.input(tr(.logBadHead, ["head": head]))
            }
            if let key, !(key.count == 64 && key.allSatisfy(\.isHexDigit)) {
                throw CLIError.input(tr(.logBadKey))
            }
            if let excerpt { return try verifyExcerpt(excerpt) }
            let log = try LogCommand.existingLog(logOptions)
            let report: LogVerification
            do { report = try log.verify(head: head, trustedKey: key?.lowercased()) } catch { throw CLIError.input("\(error)") }
            if json {
                struct Document: Encodable {
                    var log: String
                    var valid: Bool
                    var entries: Int
                    var head: String?
                    var head_seq: Int64?
                    var public_key: String?
                    var problem: String?
                    var problem_line: Int?
                }
                FileHandleOutput.standardOutput.write(try LogCommand.jsonText(Document(
                    log: log.path, valid: report.isValid, entries: report.entryCount, head: report.last?.hash,
                    head_seq: report.last?.seq, public_key: report.publicKey, problem: report.problem?.description,
                    problem_line: report.problem?.line)))
            }
            if let problem = report.problem { throw CLIError.evidence(tr(.logProblem, ["path": log.path, "problem": "\(problem)"])) }
            if let anchors { try StoreAnchorCheck.run(log, anchors, storeOptions, quiet: json) }
            guard !json else { return }
            var text = tr(.logVerifies, ["path": log.path, "entries": String(report.entryCount)])
            if let last = report.last { text += tr(.logVerifiesHead, ["hash": last.hash, "seq": String(last.seq), "time": last.time]) }
            if let found = report.headEntry { text += "\n" + tr(.logStillHasHash, ["seq": String(found.seq), "hash": found.hash]) }
            if let key = report.publicKey { text += "\n" + tr(.logSignedBy, ["key": key]) }
            FileHandleOutput.standardOutput.write(text + "\n")
        }

        private func verifyExcerpt(_ path: String) throws {
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIError.input(tr(.errorCannotRead, ["path": path, "reason": "?"])) }
            let parsed: LogExcerpt
            do { parsed = try LogExcerpt.parse(Array(data)) } catch { throw CLIError.evidence("\(path): \(error)") }
            let result = parsed.verify(trustedKey: key?.lowercased())
            if let problem = result.problem { throw CLIError.evidence(tr(.logExcerptProblem, ["path": path, "problem": "\(problem)"])) }
            var text = tr(.logExcerptVerifies, ["path": path, "entries": String(result.entries.count), "key": parsed.publicKey])
            if !result.gaps.isEmpty {
                let gaps = result.gaps.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
                text += "\n" + tr(.logExcerptGaps, ["gaps": gaps.joined(separator: ", ")])
            }
            text += "\n" + tr(.logExcerptHead, ["entries": String(parsed.logHeadSeq), "hash": parsed.logHead])
            FileHandleOutput.standardOutput.write(text + "\n")
        }
    }

    // MARK: head

    struct Head: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(
            commandName: "head",
            abstract: tr(.helpLogHeadAbstract)) }

        @OptionGroup var logOptions: AccessLogOptions
        @Flag(help: ArgumentHelp(tr(.optLogHeadJSON))) var json = false

        func run() throws {
            let log = try LogCommand.existingLog(logOptions)
            let entry: LogEntry?
            do { entry = try log.head() } catch { throw CLIError.input("\(error)") }
            guard let entry else { throw CLIError.input(tr(.logNoEntriesYet, ["path": log.path])) }
            if json {
                struct Document: Encodable { var seq: Int64; var time: String; var hash: String }
                FileHandleOutput.standardOutput.write(try LogCommand.jsonText(Document(seq: entry.seq, time: entry.time, hash: entry.hash)))
            } else {
                FileHandleOutput.standardOutput.write(entry.hash + "\n")
            }
        }
    }
}
