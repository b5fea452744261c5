import Card
import CardFileSystem
import CardIO
import Messages

/// Reads a card for what it reveals about its camera's security (issue 16, the city's
/// checklist): Wi-Fi credentials, known default passwords, the access point switched on, server
/// functions, autorun scripts, firmware, the clock's zone.
///
/// It only reads: the tree comes from a `CardSource`, which opens the card read-only. Only small
/// files are read (`ParseLimits.maxFileBytes`), each into a `WipedBuffer` zeroed after use, and
/// the work per file is capped, so a hostile card costs bounded time and memory.
public struct CardAuditor {
    public let tree: FileTree
    /// Look at deleted files too (an old configuration with the same password).
    public var includeDeleted: Bool
    /// Files whose content is read at most; the rest are named in the report's problems.
    public var maxFilesRead: Int

    public init(tree: FileTree, includeDeleted: Bool = false, maxFilesRead: Int = 2000) {
        self.tree = tree
        self.includeDeleted = includeDeleted
        self.maxFilesRead = maxFilesRead
    }

    /// Audits the card. Throws only when the card cannot be listed at all; a file that cannot be
    /// read becomes a problem in the report, never a secret in an error.
    public func run() throws -> AuditReport {
        let listing = try tree.listing(includeDeleted: includeDeleted)
        var report = AuditReport(problems: listing.problems)
        var read = 0
        for entry in listing.entries {
            let lower = entry.name.lowercased()
            if entry.isDirectory {
                if FileRoles.isScriptFolder(lower) {
                    let inside = listing.entries.filter { !$0.isDirectory && $0.path.hasPrefix(entry.path + "/") }.count
                    report.findings.append(AuditFinding(path: entry.path, deleted: entry.deleted, kind: .autorunScript, severity: .medium,
                                                        checklist: .stopUnneededServers, advice: .checkAutorunScript,
                                                        facts: [Fact("folder", .bool(true)), Fact("files", .int(inside))]))
                }
                continue
            }
            let role = FileRoles.role(of: entry)
            if role == .firmwareImage {
                report.findings.append(AuditFinding(path: entry.path, deleted: entry.deleted, kind: .firmware, severity: .info,
                                                    checklist: .updateFirmware, advice: .firmwareFileOnCard,
                                                    facts: [Fact("size", .int(Int(clamping: entry.size)))]))
                continue
            }
            guard role != .other else { continue }
            guard entry.size <= UInt64(ParseLimits.maxFileBytes) else { continue }
            guard read < maxFilesRead else {
                report.problems.append(tr(.ocNotReadMoreThanSmall, ["path": "\(entry.path)", "maxFilesRead": "\(maxFilesRead)"]))
                continue
            }
            read += 1
            let buffer: WipedBuffer
            do {
                let content = try tree.content(of: entry)
                buffer = try WipedBuffer(reading: content.source, limit: ParseLimits.maxFileBytes)
            } catch {
                // The error names clusters and offsets, never content.
                report.problems.append(tr(.ocCannotBeRead, ["path": "\(entry.path)", "error": "\(error)"]))
                continue
            }
            report.filesExamined += 1
            report.findings += Self.examine(entry: entry, role: role, buffer: buffer)
            buffer.wipe()
        }
        report.findings = report.findings.map { Self.compareFileTimes($0, listing: listing) }
        report.findings.sort(by: Self.order)
        return report
    }

    /// Issue 16: whether the card's file times agree with the camera's zone. FAT records no zone
    /// (`no_zone_recorded`: the times are the camera's local time); exFAT records one per time
    /// (§7.4.10), which either matches the setting (`agree`) or not (`differ`, with a count).
    static func compareFileTimes(_ finding: AuditFinding, listing: VolumeListing) -> AuditFinding {
        guard finding.kind == .timeZone, case .int(let configured)? = finding.fact("utc_offset_minutes") else { return finding }
        var f = finding
        var recorded = 0, other = 0
        for e in listing.entries where !e.isDirectory {
            guard let offset = e.modified?.utcOffsetMinutes else { continue }
            recorded += 1
            if offset != configured { other += 1 }
        }
        let verdict = recorded == 0 ? "no_zone_recorded" : other == 0 ? "agree" : "differ"
        let at = f.facts.firstIndex { $0.name == "line" } ?? f.facts.count
        f.facts.insert(Fact("file_times", .text(verdict)), at: at)
        if other > 0 {
            f.facts.insert(Fact("files_in_other_zone", .int(other)), at: at + 1)
            if f.severity == .info { f.severity = .low }
        }
        return f
    }

    /// Most urgent first, then by path, then by line.
    static func order(_ a: AuditFinding, _ b: AuditFinding) -> Bool {
        if a.severity != b.severity { return a.severity < b.severity }
        if a.path != b.path { return a.path < b.path }
        let la = a.text("line").flatMap { Int($0) } ?? 0, lb = b.text("line").flatMap { Int($0) } ?? 0
        if la != lb { return la < lb }
        return a.kind.rawValue < b.kind.rawValue
    }

    /// The findings of one small file, by what its name says it is.
    static func examine(entry: CardEntry, role: FileRoles.Role, buffer: WipedBuffer) -> [AuditFinding] {
        let bytes = buffer.bytes
        switch role {
        case .script:
            return [ScriptCheck.finding(path: entry.path, deleted: entry.deleted, size: entry.size, bytes: bytes)]
        case .versionFile:
            return FirmwareCheck.findings(path: entry.path, deleted: entry.deleted, bytes: bytes)
        case .settings:
            // Binary files with a settings-like name (a `.dat` of a player, say) are skipped.
            if bytes.prefix(4096).contains(0) { return [] }
            return settingsFindings(path: entry.path, deleted: entry.deleted, bytes: bytes, json: FileRoles.looksLikeJSON(entry.name, bytes))
        case .firmwareImage, .other:
            return []
        }
    }

    /// The findings of a settings file's bytes (also what the parser tests call).
    static func settingsFindings(path: String, deleted: Bool, bytes: UnsafeRawBufferPointer, json: Bool) -> [AuditFinding] {
        let pairs = json ? JSONPairScanner.pairs(in: bytes) : LineConfigParser.pairs(in: bytes)
        return ConfigAnalysis(path: path, deleted: deleted, buffer: bytes, pairs: pairs).findings()
    }
}

/// What a file's name says it is.
enum FileRoles {
    enum Role: Equatable {
        case settings
        case script
        case versionFile
        case firmwareImage
        case other
    }

    static let settingsExtensions: Set<String> = ["ini", "conf", "cfg", "config", "txt", "json", "yaml", "yml", "properties", "prop", "set", "cnf"]

    static func isScriptFolder(_ lowerName: String) -> Bool { lowerName == "hack" || lowerName == "custom" }

    static func role(of entry: CardEntry) -> Role {
        let name = entry.name.lowercased()
        let ext = name.split(separator: ".", omittingEmptySubsequences: false).count > 1 ? String(name.split(separator: ".").last ?? "") : ""
        let atRoot = !entry.path.contains("/")
        let inScriptFolder = entry.path.lowercased().split(separator: "/").dropLast().contains { isScriptFolder(String($0)) }
        if ext == "sh" && (name.hasPrefix("autorun") || atRoot || inScriptFolder) { return .script }
        if ["version.bin", "version.txt", "version", "version.ini", "version.json", "ver.txt", "fw_version.txt",
            "firmware_version.txt", "fwversion.txt", "version.dat"].contains(name) {
            return .versionFile
        }
        if ["bin", "img", "pkg", "rom", "fw"].contains(ext),
           name.hasPrefix("firmware") || name.hasPrefix("fw") || name.hasPrefix("update") || name.hasPrefix("upgrade")
            || name.contains("_fw") || name.hasPrefix("digicap") || name.hasSuffix("_update.bin") {
            return .firmwareImage
        }
        if settingsExtensions.contains(ext) { return .settings }
        if ext.isEmpty, name.contains("config") || name.contains("wpa_supplicant") || name.contains("wifi") || name.contains("setting") {
            return .settings
        }
        return .other
    }

    /// JSON by its extension, else by how it starts: `{`, or `[` followed by a JSON value (an
    /// INI file starts with `[Section]`, a letter after the bracket).
    static func looksLikeJSON(_ name: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        if name.lowercased().hasSuffix(".json") { return true }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0xEF || b == 0xBB || b == 0xBF }
        let head = bytes.prefix(4096)
        guard let first = head.firstIndex(where: { !isSpace($0) }) else { return false }
        if bytes[first] == 0x7B { return true }
        guard bytes[first] == 0x5B else { return false }
        guard let next = head[(first + 1)...].firstIndex(where: { !isSpace($0) }) else { return false }
        let b = bytes[next]
        return b == 0x7B || b == 0x5B || b == 0x22 || b == 0x5D || b == 0x2D || (b >= 0x30 && b <= 0x39)
    }
}
