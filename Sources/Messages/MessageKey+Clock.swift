/// `clock`, and `export` naming the clock check it used.
extension MessageKey {
    public static let helpClockAbstract = MessageKey("help.clock.abstract")
    public static let clockOffset = MessageKey("clock.offset")
    public static let clockFast = MessageKey("clock.fast")
    public static let clockSlow = MessageKey("clock.slow")
    public static let clockRight = MessageKey("clock.right")
    public static let clockRecorded = MessageKey("clock.recorded")
    public static let clockUnreasonable = MessageKey("clock.unreasonable")
    public static let clockDurationHMS = MessageKey("clock.duration.hms")
    public static let clockDurationMS = MessageKey("clock.duration.ms")
    public static let clockDurationS = MessageKey("clock.duration.s")
    public static let exportClockCheckUsed = MessageKey("export.clock_check_used")
}
