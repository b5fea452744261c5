extension Catalog {
    static let englishUsage: [MessageKey: String] = [
        .usageClockOffset: "--clock-offset takes ±HH:MM:SS (camera clock minus true time), e.g. +00:02:13",
        .usageDateAlone: "--date completes a bare --from/--to time; give --from or --to too",
        .usageRetries: "--retries must be between 0 and 100",
        .usageSplit: "--split takes a size such as 2G, 650M or 1048576",
        .usageHashAlgorithm: "--hash: unknown algorithm {name} (sha256, sha512, md5, sha1)",
        .usageAlsoAlgorithm: "--also: unknown algorithm {name} (sha512, md5, sha1)",
        .usageMaxWorkFactor: "--max-work-factor must be between 1 and 40",
        .usageWorkFactor: "--work-factor must be between 10 and 22",
        .usageClockEmpty: "--camera and --reference must not be empty",
        .usageCaseEmpty: "--case and --exhibit must not be empty",
        .usageMissingArgument: "Missing expected argument {what}",
        .usageUnexpectedArgument: "Unexpected argument {what}",
        .usageUnknownOption: "Unknown option {what}",
        .usageMissingValue: "Missing value for {what}",
        .usageDidYouMean: "{message}. Did you mean {suggestion}?",
        .usageLangHelp: "Language of the messages: ja or en (default: SDCUSTODY_LANG, then the locale).",
        .infoSourceLine: "{path} ({kind})",
        .infoSourceLineSized: "{path} ({kind}, {size})",
        .usageSeeHelp: "See '{command} --help' for more information.",
    ]
}
