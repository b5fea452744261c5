/// Turns the pairs of one configuration file into findings. Values are looked at only where they
/// lie in the file's buffer: a secret is classified, measured and compared there, and what goes
/// into a finding is its key name, form, length and whether it is a known default.
struct ConfigAnalysis {
    let path: String
    let deleted: Bool
    let buffer: UnsafeRawBufferPointer
    let pairs: [ConfigPair]

    func findings() -> [AuditFinding] {
        var out: [AuditFinding] = []
        var groups: [Int: [ConfigPair]] = [:]
        var order: [Int] = []
        for p in pairs {
            if groups[p.group] == nil { order.append(p.group) }
            groups[p.group, default: []].append(p)
        }
        for g in order { out += credentials(groups[g] ?? []) }
        out += switches()
        if let zone = timeZone() { out.append(zone) }
        return out
    }

    private func finding(_ kind: FindingKind, _ severity: Severity, _ checklist: ChecklistItem, _ advice: AdviceCode,
                         _ facts: [Fact]) -> AuditFinding {
        AuditFinding(path: path, deleted: deleted, kind: kind, severity: severity, checklist: checklist, advice: advice, facts: facts)
    }

    /// Network names and the secrets that go with them, within one group.
    private func credentials(_ group: [ConfigPair]) -> [AuditFinding] {
        let names = group.filter { SettingRules.isNetworkNameKey($0.key) }
        let secrets = group.filter { SettingRules.isSecretKey($0.key) }
        guard !secrets.isEmpty else { return [] }
        // wpa_supplicant's mode=2, or a switch of the access point in the same group (a JSON
        // `"wifi": {"enable": true, "ssid": …}`), makes the group the camera's access point.
        let modeIsAP = group.contains {
            ($0.key == "mode" && Bytes.equalsIgnoringCase(buffer, $0.value, "2"))
                || (SettingRules.isAccessPointSwitch($0.key, section: $0.section) && SettingRules.isOn(buffer, $0.value))
        }
        var out: [AuditFinding] = []
        for secret in secrets {
            let prefix = SettingRules.prefix(secret.key)
            let name = names.first { SettingRules.prefix($0.key) == prefix } ?? (names.count == 1 ? names.first : nil)
            let form = SettingRules.form(buffer, secret.value)
            let length = Bytes.characterCount(buffer, secret.value)
            let isDefault = form != .hashed && SettingRules.isKnownDefault(buffer, secret.value)
            var facts: [Fact] = []
            if let name {
                // A slot the camera leaves blank (`sta3_ssid=` and `sta3_pw=`) is no credential.
                if name.value.isEmpty && secret.value.isEmpty { continue }
                let role = SettingRules.role(prefix: prefix, section: secret.section, groupKeys: modeIsAP ? ["mode": "2"] : [:])
                facts = [Fact("ssid", .text(Bytes.displayText(buffer, name.value))), Fact("role", .text(role.rawValue)),
                         Fact("key", .text(secret.name)), Fact("secret", .text(form.rawValue)), Fact("length", .int(length)),
                         Fact("known_default", .bool(isDefault)), Fact("line", .int(secret.line))]
                let joined = role == .joinedNetwork
                let severity: Severity = form == .hashed ? .medium : .high
                let advice: AdviceCode = joined ? .joinedNetwork
                    : form == .clearText ? .passwordReadableOnCard : form == .hashed ? .hashedPasswordOnCard : .emptyPassword
                out.append(finding(.wifiCredentials, severity, joined ? .noNeedlessInternet : .changeDefaultPassword, advice, facts))
            } else {
                // An empty setting with no network beside it says nothing about a password.
                if secret.value.isEmpty { continue }
                facts = [Fact("key", .text(secret.name)), Fact("secret", .text(form.rawValue)), Fact("length", .int(length)),
                         Fact("known_default", .bool(isDefault)), Fact("line", .int(secret.line))]
                out.append(finding(.storedPassword, form == .hashed ? .low : .medium, .changeDefaultPassword, .storedPassword, facts))
            }
            if isDefault {
                var d = facts.filter { ["ssid", "role", "key", "length", "line"].contains($0.name) }
                d.insert(Fact("secret", .text(form.rawValue)), at: min(d.count, name == nil ? 1 : 3))
                out.append(finding(.defaultPassword, .high, .changeDefaultPassword, .changeDefaultPassword, d))
            }
        }
        return out
    }

    /// The access point and server functions switched on.
    private func switches() -> [AuditFinding] {
        var out: [AuditFinding] = []
        for p in pairs where SettingRules.isOn(buffer, p.value) {
            if SettingRules.isAccessPointSwitch(p.key, section: p.section) {
                out.append(finding(.wirelessDownload, .medium, .pullCardNotWireless, .pullCardInstead,
                                   [Fact("key", .text(p.name)), Fact("line", .int(p.line))]))
            } else if SettingRules.isCloudSwitch(p.key, section: p.section) {
                out.append(finding(.cloudService, .medium, .noNeedlessInternet, .cloudService,
                                   [Fact("key", .text(p.name)), Fact("line", .int(p.line))]))
            } else if let server = SettingRules.serverFunction(p.key) {
                out.append(finding(.serverFunction, .medium, .stopUnneededServers, .stopServer,
                                   [Fact("server", .text(server)), Fact("key", .text(p.name)), Fact("line", .int(p.line))]))
            }
        }
        return out
    }

    /// The camera's zone and summer time, if the file sets them.
    private func timeZone() -> AuditFinding? {
        guard let zone = pairs.first(where: { SettingRules.isZoneKey($0.key) && !$0.value.isEmpty }) else { return nil }
        var facts = [Fact("key", .text(zone.name)), Fact("zone", .text(Bytes.displayText(buffer, zone.value, limit: 40)))]
        let offset = ZoneOffset.minutes(buffer, zone.value)
        if let offset {
            facts.append(Fact("utc_offset", .text(ZoneOffset.text(offset))))
            facts.append(Fact("utc_offset_minutes", .int(offset)))
        }
        if let dst = pairs.first(where: { SettingRules.isSummerTimeKey($0.key) && !$0.value.isEmpty }) {
            facts.append(Fact("summer_time", .bool(SettingRules.isOn(buffer, dst.value))))
        }
        facts.append(Fact("line", .int(zone.line)))
        let japan = offset == 540
        return finding(.timeZone, japan ? .info : .low, .readClockRight, japan ? .readTimesInZone : .zoneIsNotJapan, facts)
    }
}

/// A camera's time-zone setting as minutes east of UTC, where the value is one of the forms
/// cameras write: hours (`9`, `+9`, `-5`), minutes (`540`), `GMT+9`, `UTC+09:00`, `+0900`, a
/// POSIX `TZ` (`JST-9`, whose sign is the other way round) or the name `Asia/Tokyo` / `JST`.
enum ZoneOffset {
    static func minutes(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        guard (1...40).contains(range.count) else { return nil }
        if Bytes.equalsIgnoringCase(buffer, range, "asia/tokyo") || Bytes.equalsIgnoringCase(buffer, range, "jst")
            || Bytes.equalsIgnoringCase(buffer, range, "japan") {
            return 540
        }
        var at = range.lowerBound
        var letters = 0
        while at < range.upperBound, isLetter(buffer[at]) { at += 1; letters += 1 }
        let gmt = letters == 3 && (Bytes.equalsIgnoringCase(buffer, range.lowerBound..<at, "gmt") || Bytes.equalsIgnoringCase(buffer, range.lowerBound..<at, "utc"))
        // POSIX TZ strings name the offset west of UTC (JST-9 is nine hours east).
        let inverted = letters > 0 && !gmt
        var sign = 1
        if at < range.upperBound, buffer[at] == 0x2B || buffer[at] == 0x2D {
            sign = buffer[at] == 0x2D ? -1 : 1
            at += 1
        }
        if inverted { sign = -sign }
        var digits: [Int] = []
        var colon = false
        while at < range.upperBound, digits.count < 5 {
            let b = buffer[at]
            if b >= 0x30 && b <= 0x39 { digits.append(Int(b - 0x30)) } else if b == 0x3A && !colon { colon = true } else { break }
            at += 1
        }
        guard at == range.upperBound || isLetter(buffer[at]), !digits.isEmpty else { return letters > 0 && digits.isEmpty && gmt ? 0 : nil }
        let value = digits.reduce(0) { $0 * 10 + $1 }
        let minutes: Int
        if colon || (digits.count == 4 && letters == 0 && range.count >= 5) {
            // HH:MM or ±HHMM.
            minutes = (value / 100) * 60 + value % 100
        } else if value <= 14 {
            minutes = value * 60
        } else if value <= 840, value % 15 == 0 {
            minutes = value
        } else {
            return nil
        }
        guard minutes <= 14 * 60 else { return nil }
        return sign * minutes
    }

    static func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }

    /// `+09:00`.
    static func text(_ minutes: Int) -> String {
        let m = abs(minutes)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return (minutes < 0 ? "-" : "+") + two(m / 60) + ":" + two(m % 60)
    }
}
