/// Every message a person reads, by key. Each key has a template in every language's catalogue
/// (`Catalog/English.swift`, `Catalog/Japanese.swift`) with the same `{name}` placeholders; the
/// catalogue test fails when one is missing or they disagree.
///
/// Keys are grouped by where they are shown: `terminal.*` (the line prefixes), then one group per
/// command. Counts that English inflects have a `.one` and an `.other` key.
public enum MessageKey: String, CaseIterable, Sendable {
    // Line prefixes on stderr.
    case terminalError = "terminal.error"
    case terminalWarning = "terminal.warning"
    case terminalNote = "terminal.note"

    // verify DIR
    case verifyValidOne = "verify.valid.one"
    case verifyValidOther = "verify.valid.other"
    case verifyInvalidOne = "verify.invalid.one"
    case verifyInvalidOther = "verify.invalid.other"
    case verifyNotABag = "verify.not_a_bag"
    case verifyWarningLine = "verify.warning_line"
    case verifyFailedErrorOne = "verify.failed_error.one"
    case verifyFailedErrorOther = "verify.failed_error.other"
    case verifyNotABagError = "verify.not_a_bag_error"

    // export
    case exportBag = "export.bag"
    case exportFiles = "export.files"
    case exportSourceSHA256 = "export.source_sha256"
    case exportChecked = "export.checked"
    case exportNext = "export.next"
}
