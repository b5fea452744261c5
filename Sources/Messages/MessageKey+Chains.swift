/// Why a file's cluster chain cannot be followed (FAT and exFAT): the reasons people meet on
/// damaged cards.
extension MessageKey {
    public static let chainTooLarge = MessageKey("chain.too_large")
    public static let chainTooLargeIts = MessageKey("chain.too_large_its")
    public static let chainNoFirstCluster = MessageKey("chain.no_first_cluster")
    public static let chainGoesOn = MessageKey("chain.goes_on")
    public static let chainEndsEarly = MessageKey("chain.ends_early")
    public static let chainBroken = MessageKey("chain.broken")
    public static let chainPastImage = MessageKey("chain.past_image")
    public static let chainLoopsBack = MessageKey("chain.loops_back")
    public static let chainFree = MessageKey("chain.free")
    public static let chainBad = MessageKey("chain.bad")
    public static let chainOutside = MessageKey("chain.outside")
    public static let chainBadStart = MessageKey("chain.bad_start")
    public static let chainExFATBadStart = MessageKey("chain.exfat_bad_start")
    public static let chainExFATUnreadable = MessageKey("chain.exfat_unreadable")
    public static let chainExFATEndsEarly = MessageKey("chain.exfat_ends_early")
    public static let chainExFATBadNext = MessageKey("chain.exfat_bad_next")
    public static let chainExFATOutside = MessageKey("chain.exfat_outside")
    public static let chainRunsShort = MessageKey("chain.runs_short")
}
