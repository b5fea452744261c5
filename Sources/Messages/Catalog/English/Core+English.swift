extension Catalog {
    /// English: the tool's original wording; tests pin much of it.
    static let englishCore: [MessageKey: String] = [
        .terminalError: "sdcustody: error: {message}",
        .terminalWarning: "sdcustody: warning: {message}",
        .terminalNote: "sdcustody: {message}",

        .verifyValidOne: "valid: {files} payload file, {bytes} bytes, {algorithms} checked",
        .verifyValidOther: "valid: {files} payload files, {bytes} bytes, {algorithms} checked",
        .verifyInvalidOne: "invalid: {problems} problem",
        .verifyInvalidOther: "invalid: {problems} problems",
        .verifyNotABag: "not a bag or unreadable: {reason}",
        .verifyVerdict: "{bag}: {summary}",
        .verifyWarningLine: "warning: {warning}",
        .verifyFailedErrorOne: "{bag} is not a valid bag: {problems} problem",
        .verifyFailedErrorOther: "{bag} is not a valid bag: {problems} problems",
        .verifyNotABagError: "{bag} is not a bag or cannot be read: {reason}",

        .exportBag: "Bag:          {bag}",
        .exportFiles: "Files:        {files} ({bytes} bytes; Payload-Oxum {oxum})",
        .exportSourceSHA256: "Source SHA-256: {sha256}",
        .exportChecked: "Checked:      every file re-read from the bag and matched its hash",
        .exportNext: "Next:         sdcustody verify {bag}",
    ]
}
