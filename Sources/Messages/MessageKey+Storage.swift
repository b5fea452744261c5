/// `seal`, `unseal`, `keygen`, the passphrase prompt, and `acquire`'s summary.
extension MessageKey {
    public static let sealSealed = MessageKey("seal.sealed")
    public static let sealSHA256 = MessageKey("seal.sha256")
    public static let sealSidecar = MessageKey("seal.sidecar")
    public static let sealBagOne = MessageKey("seal.bag.one")
    public static let sealBagOther = MessageKey("seal.bag.other")
    public static let sealBagOxum = MessageKey("seal.bag_oxum")
    public static let sealIdentifier = MessageKey("seal.identifier")
    public static let sealRecipient = MessageKey("seal.recipient")
    public static let sealNotABag = MessageKey("seal.not_a_bag")
    public static let sealInvalidBag = MessageKey("seal.invalid_bag")
    public static let sealMoreProblems = MessageKey("seal.more_problems")

    public static let unsealUnsealed = MessageKey("unseal.unsealed")
    public static let unsealExtractedOne = MessageKey("unseal.extracted.one")
    public static let unsealExtractedOther = MessageKey("unseal.extracted.other")
    public static let unsealBag = MessageKey("unseal.bag")
    public static let unsealNotABag = MessageKey("unseal.not_a_bag")
    public static let unsealInvalidBag = MessageKey("unseal.invalid_bag")

    public static let keygenPublicKey = MessageKey("keygen.public_key")

    public static let passphrasePrompt = MessageKey("passphrase.prompt")
    public static let passphraseAgain = MessageKey("passphrase.again")
    public static let passphraseNoTerminal = MessageKey("passphrase.no_terminal")
    public static let passphraseNoTTY = MessageKey("passphrase.no_tty")
    public static let passphraseEmpty = MessageKey("passphrase.empty")
    public static let passphraseMismatch = MessageKey("passphrase.mismatch")

    public static let acquireImage = MessageKey("acquire.image")
    public static let acquireRecord = MessageKey("acquire.record")
    public static let acquireBytes = MessageKey("acquire.bytes")
    public static let acquireHash = MessageKey("acquire.hash")
    public static let acquireUnreadable = MessageKey("acquire.unreadable")
    public static let acquireVerdict = MessageKey("acquire.verdict")
    public static let acquireIncomplete = MessageKey("acquire.incomplete")

    // Command-line checks and wrappers.
    public static let logBadSince = MessageKey("log.bad_since")
    public static let logBadHead = MessageKey("log.bad_head")
    public static let logBadKey = MessageKey("log.bad_key")
    public static let catIsAFolder = MessageKey("cat.is_a_folder")
    public static let exportFailed = MessageKey("export.failed")
    public static let verifySidecarMismatchOne = MessageKey("verify.sidecar_mismatch.one")
    public static let verifySidecarMismatchOther = MessageKey("verify.sidecar_mismatch.other")
    public static let passphraseTerminalSettings = MessageKey("passphrase.terminal_settings")
    public static let passphraseNoEcho = MessageKey("passphrase.no_echo")
    // The acquisition record's verdict, for people.
    public static let acquisitionVerdictIncomplete = MessageKey("acquisition.verdict.incomplete")
    public static let acquisitionVerdictVerified = MessageKey("acquisition.verdict.verified")
    public static let acquisitionVerdictRetried = MessageKey("acquisition.verdict.retried")
    public static let acquisitionVerdictUnreadable = MessageKey("acquisition.verdict.unreadable")
}
