import AccessLog
import Messages
import Card
#if canImport(Glibc)
import Glibc
#endif

/// What a command fills in while it runs, for its log entry.
public struct AccessDraft {
    public var source: SourceRecord?
    public var outputs: [OutputRecord] = []
    public var caseID: String?
    public var exhibit: String?
    public var details: [String: String] = [:]
    /// Values that must not reach the log even inside other arguments.
    public var secretValues: [String] = []

    public init() {}

    /// Case and exhibit from a bag's External-Identifier: our bags write
    /// `case <ID>, exhibit <ID>`; any other value is kept whole as the case.
    public mutating func identify(externalIdentifier value: String?) {
        guard let value, !value.isEmpty else { return }
        if value.hasPrefix("case "), let comma = value.range(of: ", exhibit ") {
            caseID = String(value[value.index(value.startIndex, offsetBy: 5)..<comma.lowerBound])
            exhibit = String(value[comma.upperBound...])
        } else {
            caseID = value
        }
    }
}

/// How commands record themselves in the access log. One entry per run, written just before the
/// command exits, whatever the outcome.
///
/// Use:
///
///     try AccessLogging.run(action: "export", logOption: logOptions.log, operatorOption: operatorName,
///                           producesEvidence: true) { draft in
///         draft.source = SourceRecord(path: source, size: size)
///         …work…
///         draft.outputs.append(OutputRecord(path: out))
///     }
///
/// The rule when the log cannot be written: the command says so on stderr (`sdcustody: error:
/// access log not written: …`). A command that produced or changed evidence (`acquire`,
/// `export`, `seal`, `unseal`, `encrypt`, `decrypt`: `producesEvidence: true`) then fails with
/// exit status 2 even though its own work succeeded; its outputs stay where they are, and the
/// message says the handling went unrecorded. A command that only read (`info`, `ls`, `cat`,
/// `verify`) keeps its own status. When the command itself failed, its own error is what is
/// thrown; a log failure is then only reported.
public enum AccessLogging {
    public static var environment: [String: String] { LogLocation.processEnvironment }

    /// The log named by `--log`, `SDCUSTODY_LOG` or the XDG default, signed with the key at
    /// `SDCUSTODY_KEY` or `$XDG_DATA_HOME/sdcustody/signing-key.pem`.
    public static func accessLog(option: String?) -> AccessLog {
        AccessLog(logOption: option, environment: environment)
    }

    /// `--operator`, else `SDCUSTODY_OPERATOR`, else the login name.
    public static func operatorName(option: String?) -> String {
        if let option, !option.isEmpty { return option }
        if let env = environment["SDCUSTODY_OPERATOR"], !env.isEmpty { return env }
        return loginName()
    }

    /// getlogin(3) needs a controlling terminal; without one (cron, CI) the effective user's name.
    public static func loginName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        if getlogin_r(&buffer, buffer.count) == 0, buffer[0] != 0 {
            return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        if let user = environment["USER"], !user.isEmpty { return user }
        return "uid \(geteuid())"
    }

    public static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// argv with secrets removed (`CommandLineRedaction`), the program named `sdcustody`.
    public static func commandLine(secretOptions: Set<String> = [], secretValues: [String] = []) -> [String] {
        var argv = CommandLine.arguments
        if !argv.isEmpty { argv[0] = "sdcustody" }
        return CommandLineRedaction.redact(argv, secretOptions: secretOptions, secretValues: secretValues)
    }

    /// Appends one entry. Returns the error text when the log could not be written, nil when it
    /// was. With `report`, a failure is also printed on stderr.
    @discardableResult
    public static func record(action: String, logOption: String?, operatorOption: String?, draft: AccessDraft,
                       outcome: Outcome, secretOptions: Set<String> = [], report: Bool = true,
                       log: AccessLog? = nil, reportProblem: (String) -> Void = { _ in }) -> String? {
        let record = AccessRecord(
            action: action, operatorName: operatorName(option: operatorOption), host: hostName(),
            toolVersion: CustodyTool.version,
            commandLine: commandLine(secretOptions: secretOptions, secretValues: draft.secretValues),
            source: draft.source, outputs: draft.outputs, caseID: draft.caseID, exhibit: draft.exhibit,
            outcome: outcome, details: draft.details)
        switch AccessLogger(log: log ?? accessLog(option: logOption)).record(record) {
        case .success: return nil
        case .failure(let error):
            if report { reportProblem(tr(.ccAccessLogNotWritten, ["error": "\(error)"])) }
            return error.description
        }
    }

    /// Runs a command's work and records it (see the type's documentation for the rule).
    /// `log` replaces the log `logOption` and the environment name (tests).
    public static func run<T>(action: String, logOption: String?, operatorOption: String?, producesEvidence: Bool,
                       secretOptions: Set<String> = [], log: AccessLog? = nil,
                       reportProblem: (String) -> Void = { _ in },
                       _ body: (inout AccessDraft) throws -> T) throws -> T {
        var draft = AccessDraft()
        let value: T
        do {
            value = try body(&draft)
        } catch {
            record(action: action, logOption: logOption, operatorOption: operatorOption, draft: draft,
                   outcome: .failed(failureReason(error)), secretOptions: secretOptions, log: log,
                   reportProblem: reportProblem)
            throw error
        }
        // An evidence command's failure is reported once, by the error thrown below.
        if let failure = record(action: action, logOption: logOption, operatorOption: operatorOption, draft: draft,
                                outcome: .ok, secretOptions: secretOptions, report: !producesEvidence, log: log,
                                reportProblem: reportProblem),
           producesEvidence {
            throw CustodyError.input(tr(.logNotRecorded, ["action": action, "reason": failure]))
        }
        return value
    }

    /// One line for the log's `reason`.
    public static func failureReason(_ error: Error) -> String {
        let text: String
        if let e = error as? CustodyError { text = e.message } else if let e = error as? StatusReporting {
            text = tr(.ccExitStatus, ["exitStatus": "\(e.exitStatus)"])
        } else { text = String(describing: error) }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

/// An error that is only an exit status (the argument parser's `ExitCode`): the log records the
/// status rather than the type's debug text.
public protocol StatusReporting: Error {
    var exitStatus: Int32 { get }
}

extension AccessLogging {
    /// What identifies the card in the log: size, the acquisition record's hash and identity,
    /// the device's model and serial, and the volume's serial and label.
    public static func sourceRecord(_ card: CardSource, slot: CardSource.VolumeSlot? = nil) -> SourceRecord {
        var identity: [String: String] = [:]
        if let d = card.device {
            identity["device_model"] = d.model
            identity["device_serial"] = d.serial
            identity["sd_cid"] = d.cid
        }
        if let r = card.acquisitionRecord {
            identity["acquisition_record_sha256"] = r.hashes["sha256"]
            if let cid = r.source.cid { identity["sd_cid"] = cid.raw }
            if let serial = r.source.serial { identity["device_serial"] = serial }
        }
        if let v = slot?.volume?.description {
            identity["filesystem"] = v.kind.rawValue
            identity["volume_serial"] = CardDescriptions.serial(v.serialNumber)
            if let label = v.label { identity["volume_label"] = label }
            if let index = slot?.index { identity["partition"] = String(index) }
        }
        return SourceRecord(path: card.path, size: card.bytes.map { Int64(clamping: $0.size) },
                            sha256: card.acquisitionRecord?.hashes["sha256"],
                            cardIdentity: identity.isEmpty ? nil : identity)
    }
}
