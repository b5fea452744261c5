import Codecs

/// A script the camera runs from the card (modified firmware runs `autorun*.sh` as root). Its
/// content is not shown (it can hold passwords); it is only searched for the server programs it
/// starts, from a fixed list.
enum ScriptCheck {
    /// Programs that open a way into the camera, by the name reported.
    static let servers: [(needle: StaticString, name: String)] = [
        ("telnetd", "telnet"), ("utelnetd", "telnet"), ("dropbear", "ssh"), ("sshd", "ssh"),
        ("ftpd", "ftp"), ("httpd", "http"), ("rtsp", "rtsp"), ("nc -l", "netcat"), ("netcat", "netcat"),
    ]

    static func finding(path: String, deleted: Bool, size: UInt64, bytes: UnsafeRawBufferPointer) -> AuditFinding {
        var started: [String] = []
        for s in servers where !started.contains(s.name) && ByteSearch.contains(bytes, s.needle, ignoringASCIICase: true) { started.append(s.name) }
        var facts = [Fact("size", .int(Int(clamping: size)))]
        if !started.isEmpty { facts.append(Fact("starts_servers", .text(started.joined(separator: ",")))) }
        return AuditFinding(path: path, deleted: deleted, kind: .autorunScript, severity: started.isEmpty ? .medium : .high,
                            checklist: .stopUnneededServers, advice: .checkAutorunScript, facts: facts)
    }
}

/// The model and firmware version a camera writes on its card (`version.bin` and the like), read
/// as `key=value` lines where they are, else as the first line of printable text.
enum FirmwareCheck {
    static func findings(path: String, deleted: Bool, bytes: UnsafeRawBufferPointer) -> [AuditFinding] {
        let text = UnsafeRawBufferPointer(rebasing: bytes.prefix(4096))
        var facts: [Fact] = []
        var pairs: [ConfigPair] = []
        if !text.contains(0) {
            let name = String(path.split(separator: "/").last ?? "")
            pairs = FileRoles.looksLikeJSON(name, text) ? JSONPairScanner.pairs(in: text) : LineConfigParser.pairs(in: text)
            if let m = pairs.first(where: { SettingRules.isModelKey($0.key) && !$0.value.isEmpty }) {
                facts.append(Fact("model", .text(Bytes.displayText(text, m.value, limit: 48))))
            }
            if let v = pairs.first(where: { SettingRules.isVersionKey($0.key) && !$0.value.isEmpty }) {
                facts.append(Fact("version", .text(Bytes.displayText(text, v.value, limit: 48))))
            }
        }
        // Only a file of no settings at all is shown as its first printable text: where there
        // are settings, a line could hold another one's value (a password).
        if facts.isEmpty, pairs.isEmpty, let line = firstPrintableRun(bytes), !containsSettingSyntax(bytes, line) {
            facts.append(Fact("version", .text(Bytes.displayText(bytes, line, limit: 64))))
        }
        return [AuditFinding(path: path, deleted: deleted, kind: .firmware, severity: .info, checklist: .updateFirmware,
                             advice: .checkFirmwareUpdate, facts: facts)]
    }

    /// `=`, `:`, `"` or `{`: text that looks like a setting rather than a bare version.
    static func containsSettingSyntax(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        range.contains { [0x3D, 0x3A, 0x22, 0x7B].contains(bytes[$0]) }
    }

    /// The first run of at least 3 printable ASCII bytes in the first 4 KiB (a binary header
    /// with a version string in it).
    static func firstPrintableRun(_ bytes: UnsafeRawBufferPointer) -> Range<Int>? {
        let end = min(bytes.count, 4096)
        var i = 0
        while i < end {
            guard bytes[i] >= 0x20 && bytes[i] < 0x7F else { i += 1; continue }
            var j = i
            while j < end, bytes[j] >= 0x20 && bytes[j] < 0x7F { j += 1 }
            let run = Bytes.trimmed(bytes, i..<j)
            if run.count >= 3 { return run }
            i = j
        }
        return nil
    }
}
