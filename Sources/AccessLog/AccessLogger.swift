/// The one call a command makes to record what it did. It never throws and never traps: a log
/// that cannot be written comes back as the error, for the command to report.
///
/// The rule for commands (implemented in the CLI's `AccessLogging`): call `record` once, just
/// before exiting, whatever the outcome. If it fails, print the error on stderr; a command that
/// produced or changed evidence (`acquire`, `export`, `seal`, `unseal`, `encrypt`, `decrypt`)
/// then exits 2 even if its own work succeeded, since unlogged evidence handling is not a
/// success; a command that only read (`info`, `ls`, `cat`, `verify`) keeps its own exit status.
public struct AccessLogger: Sendable {
    public let log: AccessLog

    public init(log: AccessLog) { self.log = log }

    /// Appends the entry. `.success` carries the entry as written (synced).
    public func record(_ record: AccessRecord) -> Result<LogEntry, AccessLogError> {
        do { return .success(try log.append(record)) } catch let error as AccessLogError {
            return .failure(error)
        } catch {
            return .failure(.internalError("\(error)"))
        }
    }

    /// `record` with its parts spelled out.
    public func record(action: String, operatorName: String, host: String, toolVersion: String, commandLine: [String],
                       source: SourceRecord? = nil, outputs: [OutputRecord] = [], caseID: String? = nil,
                       exhibit: String? = nil, outcome: Outcome, details: [String: String] = [:]) -> Result<LogEntry, AccessLogError> {
        record(AccessRecord(action: action, operatorName: operatorName, host: host, toolVersion: toolVersion,
                            commandLine: commandLine, source: source, outputs: outputs, caseID: caseID,
                            exhibit: exhibit, outcome: outcome, details: details))
    }
}
