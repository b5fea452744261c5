import Custody
import ArgumentParser
import Messages
#if canImport(Glibc)
import Glibc
#endif

/// The `sdcustody` root command. Each subcommand lives in Commands/, one file each.
public struct SDCustody: ParsableCommand {
    public static let version = CustodyTool.version

    public static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "sdcustody",
        abstract: tr(.helpSdcustodyAbstract),
        discussion: tr(.helpRootDiscussion),
        version: version,
        subcommands: SDCustody.commands
    ) }

    /// Every subcommand, in the order `--help` lists them.
    static let commands: [ParsableCommand.Type] = [
        InfoCommand.self, LsCommand.self, CatCommand.self, AcquireCommand.self, ExportCommand.self, VerifyCommand.self,
        KeygenCommand.self, EncryptCommand.self, DecryptCommand.self, SealCommand.self, UnsealCommand.self,
        LogCommand.self, ClockCommand.self, AuditCommand.self,
        HandoverCommand.self,
        FramesCommand.self,
        StoreCommand.self,
    ]

    public init() {}

    /// Runs the command line and exits with PRODUCT.md's status codes: argument errors become 2
    /// (ArgumentParser's own default is 64), our errors carry their own status.
    public static func run(arguments: [String]? = nil) -> Never {
        // A reader that goes away (`cat … | head`) must end the write with EPIPE, not kill us
        // before the access log is written.
        signal(SIGPIPE, SIG_IGN)
        // Buffers of 256 KiB and more get their own mapping, returned to the system when freed.
        // Without a fixed threshold glibc raises it after the first free of a 1 MiB read buffer
        // and serves later ones from the heap, which then keeps growing: a bag validation held
        // about 11 MiB more than it needs (memory must stay flat).
        Allocator.setMmapThreshold(256 * 1024)
        // `--lang ja|en` works with every command: it is taken out before the command line is
        // parsed, so every message of the run is in the chosen language.
        let (language, rest) = LanguageOption.extract(arguments ?? Array(CommandLine.arguments.dropFirst()))
        Localizer.choose(Language.resolve(option: language, environment: AccessLogging.environment))
        var parsed: ParsableCommand.Type?
        do {
            var command = try parseAsRoot(rest)
            parsed = type(of: command)
            try command.run()
            Glibc.exit(0)
        } catch let error as CLIError {
            Terminal.error(error.message)
            Glibc.exit(error.status)
        } catch let error as ExitCode {
            Glibc.exit(error.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help and --version.
                print(withLanguageOption(fullMessage(for: error)))
                Glibc.exit(0)
            }
            if code.rawValue == 64 || code == .validationFailure {
                // A usage error found while running (a field a command checks itself, such as
                // handover's): the parser no longer knows the command, so its usage is ours to add.
                if let parsed, error is ValidationError {
                    usageError(usageMessage(for: parsed, error: error), message: message(for: error))
                    Glibc.exit(2)
                }
                usageError(fullMessage(for: error), message: message(for: error))
                Glibc.exit(2)
            }
            // Errors from the library layers: one line, status 2 (bad input).
            Terminal.error(String(describing: error))
            Glibc.exit(2)
        }
    }
}

extension SDCustody {
    /// A usage error as the argument parser words it ("Error: …", "Usage: …", "See '… --help'"),
    /// with our own error line and help hint in the reader's language. The usage line is syntax
    /// and stays as the parser prints it.
    static func usageError(_ full: String, message: String) {
        var lines: [String] = []
        var wroteError = false
        for line in full.split(separator: "\n", omittingEmptySubsequences: false) {
            if !wroteError, line.hasPrefix("Error: ") {
                wroteError = true
                Terminal.error(parserMessage(message.isEmpty ? String(line.dropFirst(7)) : message))
                continue
            }
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.hasPrefix("See '"), let end = trimmed.range(of: " --help'") {
                let command = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 5)..<end.lowerBound]
                lines.append("  " + tr(.usageSeeHelp, ["command": String(command)]))
                continue
            }
            // The parser's "Usage:" and "Help:" labels in the reader's language (the syntax stays).
            if line.hasPrefix("Usage: ") {
                lines.append(tr(.usageUsageLabel) + line.dropFirst(7))
                continue
            }
            if line.hasPrefix("Help:  ") {
                lines.append(tr(.usageHelpLabel) + line.dropFirst(7))
                continue
            }
            lines.append(String(line))
        }
        if !wroteError { Terminal.error(parserMessage(message)) }
        while lines.last?.isEmpty == true { lines.removeLast() }
        if !lines.isEmpty { FileHandleOutput.standardError.write(lines.joined(separator: "\n") + "\n") }
    }

    /// "Error: …", the command's usage and its help hint, as the parser words a parse error.
    static func usageMessage(for command: ParsableCommand.Type, error: Error) -> String {
        let usage = usageString(for: command)
        // The command's path is the usage's words before its first argument or option.
        let path = usage.split(separator: " ").prefix { w in !(w.hasPrefix("<") || w.hasPrefix("[") || w.hasPrefix("-")) }
            .joined(separator: " ")
        return "Error: \(message(for: error))\nUsage: \(usage)\n  See '\(path) --help' for more information."
    }

    /// The argument parser's own commonest messages, in the reader's language; any other stays
    /// as the parser words it.
    static func parserMessage(_ text: String) -> String {
        let known: [(String, MessageKey)] = [
            ("Missing expected argument ", .usageMissingArgument), ("Unexpected argument ", .usageUnexpectedArgument),
            ("Unknown option ", .usageUnknownOption), ("Missing value for ", .usageMissingValue),
        ]
        for (prefix, key) in known where text.hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count)
            if let hint = rest.range(of: ". Did you mean "), rest.hasSuffix("?") {
                let what = String(rest[..<hint.lowerBound])
                let suggestion = String(rest[hint.upperBound...].dropLast())
                return tr(.usageDidYouMean, ["message": tr(key, ["what": what]), "suggestion": suggestion])
            }
            return tr(key, ["what": String(rest)])
        }
        return text
    }

    /// `--lang` is taken out of the command line before parsing (so that every message of the
    /// run is in one language), which hides it from the parser's help: put its line back before
    /// `--version` / `-h, --help`, aligned with the other options' help.
    static func withLanguageOption(_ help: String) -> String {
        var lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The parser words its own --help and --version flags; say them in the run's language.
        for (i, line) in lines.enumerated() {
            if line.hasPrefix("  -h, --help") || line.hasPrefix("  --version") {
                lines[i] = line.replacingOccurrences(of: "Show help information.", with: tr(.usageHelpFlagHelp))
                    .replacingOccurrences(of: "Show the version.", with: tr(.usageVersionFlagHelp))
            } else if let open = line.range(of: " (default: "), let close = line[open.upperBound...].firstIndex(of: ")") {
                // The parser's own "(default: …)" after an option's help.
                let value = String(line[open.upperBound..<close])
                lines[i] = String(line[..<open.lowerBound]) + tr(.usageDefaultValue, ["value": value]) + line[line.index(after: close)...]
            } else if line.hasPrefix("  See '"), line.hasSuffix(" help <subcommand>' for detailed help."),
                      let command = line.dropFirst(7).split(separator: " ").first {
                lines[i] = "  " + tr(.usageSeeSubcommandHelp, ["command": String(command)])
            }
        }
        guard let at = lines.firstIndex(where: { $0.hasPrefix("  --version") || $0.hasPrefix("  -h, --help") }),
              !lines.contains(where: { $0.hasPrefix("  --lang") }) else { return help }
        let column = lines[at].dropFirst(2).firstIndex(of: " ").map { i -> Int in
            let rest = lines[at][i...]
            return lines[at].distance(from: lines[at].startIndex, to: i) + rest.prefix(while: { $0 == " " }).count
        } ?? 26
        let name = "  --lang <ja|en>"
        let pad = max(column - name.count, 2)
        lines.insert(name + String(repeating: " ", count: pad) + tr(.usageLangHelp), at: at)
        return lines.joined(separator: "\n")
    }
}
