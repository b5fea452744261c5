/// Entry points for the libFuzzer target `Fuzz/FuzzAuditSettings` and the corpus replay test:
/// every reader of a small file's bytes, as the auditor calls them, on the same input.
package enum AuditFuzzing {
    package static func exerciseSettings(_ data: [UInt8]) {
        let buffer = WipedBuffer(Array(data.prefix(ParseLimits.maxFileBytes)))
        let bytes = buffer.bytes
        for json in [false, true] {
            _ = CardAuditor.settingsFindings(path: "settings", deleted: false, bytes: bytes, json: json)
        }
        _ = FirmwareCheck.findings(path: "version.bin", deleted: false, bytes: bytes)
        _ = ScriptCheck.finding(path: "autorun.sh", deleted: false, size: UInt64(bytes.count), bytes: bytes)
        _ = ZoneOffset.minutes(bytes, 0..<min(bytes.count, 40))
    }
}
