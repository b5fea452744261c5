import ArgumentParser
import Custody
import Messages

/// The `--log` option every evidence command takes (PRODUCT.md: `--log`, else `SDCUSTODY_LOG`,
/// else `$XDG_DATA_HOME/sdcustody/access.jsonl`).
struct AccessLogOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(tr(.optLog), valueName: "file"))
    var log: String?

    init() {}
}

extension AccessLogOptions {
    /// Runs a command's work inside its access-log entry (`AccessLogging.run`), reporting a log
    /// failure on stderr.
    func run<T>(_ action: String, operator operatorOption: String?, producesEvidence: Bool,
                secretOptions: Set<String> = [], _ body: (inout AccessDraft) throws -> T) throws -> T {
        try AccessLogging.run(action: action, logOption: log, operatorOption: operatorOption,
                              producesEvidence: producesEvidence, secretOptions: secretOptions,
                              reportProblem: { Terminal.error($0) }, body)
    }
}
