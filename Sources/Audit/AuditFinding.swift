/// One thing a card reveals about its camera's security, in machine codes only: the words a
/// person reads come from the message catalogue, by `kind` and `advice`. A finding never holds a
/// secret: of a password it keeps only where it is, its key name, its kind, its length and
/// whether it is a well-known default (issue 16: "only its kind, its length, whether it is a
/// known default, and where it is").
public struct AuditFinding: Sendable, Equatable {
    /// The file's card path (`/`-separated from the volume root, as `ls` prints it).
    public var path: String
    /// The file is deleted (seen only with `--deleted`).
    public var deleted: Bool
    public var kind: FindingKind
    public var severity: Severity
    /// The checklist item the finding concerns.
    public var checklist: ChecklistItem
    /// What to do about it, as a stable code.
    public var advice: AdviceCode
    /// What was found, in order, none of it secret (SSID, key name, secret kind and length, …).
    public var facts: [Fact]

    public init(path: String, deleted: Bool = false, kind: FindingKind, severity: Severity,
                checklist: ChecklistItem, advice: AdviceCode, facts: [Fact] = []) {
        self.path = path; self.deleted = deleted; self.kind = kind; self.severity = severity
        self.checklist = checklist; self.advice = advice; self.facts = facts
    }

    /// The value of the fact called `name`, if any.
    public func fact(_ name: String) -> FactValue? { facts.first { $0.name == name }?.value }

    /// The text of the fact called `name` (numbers and booleans spelled out), if any.
    public func text(_ name: String) -> String? {
        switch fact(name) {
        case .text(let s)?: return s
        case .int(let n)?: return String(n)
        case .bool(let b)?: return b ? "true" : "false"
        case nil: return nil
        }
    }
}

/// One named, non-secret fact of a finding (`ssid`, `key`, `secret`, `length`, …).
public struct Fact: Sendable, Equatable {
    public var name: String
    public var value: FactValue
    public init(_ name: String, _ value: FactValue) { self.name = name; self.value = value }
}

public enum FactValue: Sendable, Equatable {
    case text(String)
    case int(Int)
    case bool(Bool)
}

/// What a finding is about. The raw values are the `kind` codes of `audit --json`: stable,
/// English, never translated.
public enum FindingKind: String, Sendable, CaseIterable {
    /// A network name with a password or key for it.
    case wifiCredentials = "wifi_credentials"
    /// A password equal to one a maker ships on every camera, or none at all.
    case defaultPassword = "default_password"
    /// A password or key with no network name beside it (the camera's login, a cloud account).
    case storedPassword = "stored_password"
    /// The camera's own access point is switched on: footage can be downloaded over wireless LAN.
    case wirelessDownload = "wireless_download"
    /// A server function (telnet, FTP, RTSP, …) switched on in a configuration file.
    case serverFunction = "server_function"
    /// The maker's cloud service (remote viewing over the internet) switched on.
    case cloudService = "cloud_service"
    /// A script the camera runs from the card.
    case autorunScript = "autorun_script"
    /// The camera's model and firmware version, or a firmware file waiting on the card.
    case firmware = "firmware"
    /// The camera's configured time zone and summer time.
    case timeZone = "time_zone"
}

/// How urgent a finding is; the text output groups by it, most urgent first.
public enum Severity: String, Sendable, CaseIterable, Comparable {
    case high
    case medium
    case low
    case info

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

    var rank: Int {
        switch self {
        case .high: return 0
        case .medium: return 1
        case .low: return 2
        case .info: return 3
        }
    }
}

/// The items of the city's checklist for security cameras (after IPA's checklist for network
/// camera systems), plus the city's own advice to pull the card rather than download over
/// wireless LAN, and reading the camera's clock right. The raw values are the `checklist` codes.
public enum ChecklistItem: String, Sendable, CaseIterable {
    /// Don't connect cameras to the internet needlessly.
    case noNeedlessInternet = "no_needless_internet"
    /// Change the password from its default.
    case changeDefaultPassword = "change_default_password"
    /// Stop server functions that aren't needed.
    case stopUnneededServers = "stop_unneeded_servers"
    /// Check the maker's site and update the firmware.
    case updateFirmware = "update_firmware"
    /// Pull the card instead of downloading footage over wireless LAN.
    case pullCardNotWireless = "pull_card_not_wireless"
    /// Know which zone the camera's clock keeps, to read the footage's times right.
    case readClockRight = "read_clock_right"
}

/// What the officer should do, as a stable code (`advice_code` in JSON); the catalogue has the
/// words in each language.
public enum AdviceCode: String, Sendable, CaseIterable {
    case changeDefaultPassword = "change_default_password"
    case passwordReadableOnCard = "password_readable_on_card"
    case hashedPasswordOnCard = "hashed_password_on_card"
    case emptyPassword = "empty_password"
    case joinedNetwork = "joined_network"
    case storedPassword = "stored_password"
    case pullCardInstead = "pull_card_instead"
    case stopServer = "stop_server"
    case cloudService = "cloud_service"
    case checkAutorunScript = "check_autorun_script"
    case checkFirmwareUpdate = "check_firmware_update"
    case firmwareFileOnCard = "firmware_file_on_card"
    case readTimesInZone = "read_times_in_zone"
    case zoneIsNotJapan = "zone_is_not_japan"
}

/// Everything an audit found, and what it could not read (a partial result says what is missing).
public struct AuditReport: Sendable {
    /// Most urgent first, then by path.
    public var findings: [AuditFinding]
    /// Files whose content was looked into.
    public var filesExamined: Int
    /// What could not be read or was left out (names and reasons, never content).
    public var problems: [String]

    public init(findings: [AuditFinding] = [], filesExamined: Int = 0, problems: [String] = []) {
        self.findings = findings; self.filesExamined = filesExamined; self.problems = problems
    }

    /// True when every file the audit wanted to read was read.
    public var complete: Bool { problems.isEmpty }
}
