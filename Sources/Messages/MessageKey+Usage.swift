/// Usage errors of the command line (bad option values), one line each.
extension MessageKey {
    public static let usageClockOffset = MessageKey("usage.clock_offset")
    public static let usageDateAlone = MessageKey("usage.date_alone")
    public static let usageRetries = MessageKey("usage.retries")
    public static let usageSplit = MessageKey("usage.split")
    public static let usageHashAlgorithm = MessageKey("usage.hash_algorithm")
    public static let usageAlsoAlgorithm = MessageKey("usage.also_algorithm")
    public static let usageMaxWorkFactor = MessageKey("usage.max_work_factor")
    public static let usageWorkFactor = MessageKey("usage.work_factor")
    public static let usageClockEmpty = MessageKey("usage.clock_empty")
    public static let usageCaseEmpty = MessageKey("usage.case_empty")
    public static let usageMissingArgument = MessageKey("usage.missing_argument")
    public static let usageUnexpectedArgument = MessageKey("usage.unexpected_argument")
    public static let usageUnknownOption = MessageKey("usage.unknown_option")
    public static let usageMissingValue = MessageKey("usage.missing_value")
    public static let usageDidYouMean = MessageKey("usage.did_you_mean")
    public static let usageSeeHelp = MessageKey("usage.see_help")
}
