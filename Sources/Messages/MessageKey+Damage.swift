/// Damaged files (issue 12): how `ls` marks and explains them, what `export` says of them, and
/// what `acquire` says of reads that failed before they succeeded.
extension MessageKey {
    /// After a damaged file's path in the `ls` table.
    public static let lsDamageMark = MessageKey("ls.damage.mark")
    /// Above the explanations below the `ls` table.
    public static let lsDamageHeading = MessageKey("ls.damage.heading")
    public static let lsDamageUnclosed = MessageKey("ls.damage.unclosed")
    public static let lsDamageChainShort = MessageKey("ls.damage.chain_short")
    public static let lsDamageChainLoop = MessageKey("ls.damage.chain_loop")
    public static let lsDamageChainOutside = MessageKey("ls.damage.chain_outside")
    public static let lsDamageUnfinalised = MessageKey("ls.damage.unfinalised")
    /// A plain export refused: `{count}` files, `{files}` each with its reason.
    public static let exportDamagedRefusedOne = MessageKey("export.damaged_refused.one")
    public static let exportDamagedRefusedOther = MessageKey("export.damaged_refused.other")
    /// One file of `{files}`.
    public static let exportDamagedFile = MessageKey("export.damaged_file")
    /// An export with --partial that copied files only in part.
    public static let exportPartialFile = MessageKey("export.partial_file")
    /// A plain export left an unclosed recording's chain on the card.
    public static let exportUnclosedNotRecovered = MessageKey("export.unclosed_not_recovered")
    /// `acquire`'s verdict when reads failed and then succeeded on retry.
    public static let acquireRecoveredByRetry = MessageKey("acquire.recovered_by_retry")
}
