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
        do {
            var command = try parseAsRoot(rest)
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
                print(fullMessage(for: error))
                Glibc.exit(0)
            }
            let message = fullMessage(for: error)
            if code.rawValue == 64 || code == .validationFailure {
                FileHandleOutput.standardError.write(message + "\n")
                Glibc.exit(2)
            }
            // Errors from the library layers: one line, status 2 (bad input).
            Terminal.error(String(describing: error))
            Glibc.exit(2)
        }
    }
}
