extension Catalog {
    /// English for `audit`: the city's checklist in plain words.
    static let englishAudit: [MessageKey: String] = [
        .auditHeadingOne: "Security check of {source}: {count} finding",
        .auditHeadingOther: "Security check of {source}: {count} findings",
        .auditNone: "Nothing found: the card holds no Wi-Fi settings, passwords, start-up scripts or firmware files this check knows of.",
        .auditGroup: "{severity} ({count})",
        .auditSeverityHigh: "High risk",
        .auditSeverityMedium: "Medium risk",
        .auditSeverityLow: "Low risk",
        .auditSeverityInfo: "For your information",
        .auditItem: "  - {path}{deleted}: {summary}",
        .auditItemDeleted: " (deleted file)",
        .auditChecklistLine: "    Checklist: {item}",
        .auditAdviceLine: "    What to do: {advice}",
        .auditNoSecretsNote: "Passwords are never shown: only where they are, their kind, their length and whether they are a well-known default.",
        .auditIncomplete: "The check is incomplete: {count} files or folders could not be read (see the warnings above).",
        .auditUnreadable: "not read: {problem}",

        .auditRoleAccessPoint: "the camera's own access point",
        .auditRoleJoinedNetwork: "a network the camera joins",
        .auditRoleUnknown: "a wireless network",
        .auditSecretClearText: "readable as it is (clear text)",
        .auditSecretHashed: "hashed",
        .auditSecretEmpty: "empty (no password)",
        .auditOn: "on",
        .auditOff: "off",

        .auditSummaryWifi: "Wi-Fi password for {role} {ssid} (setting {key}, line {line}): {secret}, {length} characters",
        .auditSummaryDefaultNetwork: "The password for {ssid} (setting {key}, line {line}) is a well-known maker default or empty",
        .auditSummaryDefaultPlain: "The password in setting {key} (line {line}) is a well-known maker default",
        .auditSummaryStored: "A password is stored on the card (setting {key}, line {line}): {secret}, {length} characters",
        .auditSummaryWireless: "The camera's wireless LAN access point is switched on (setting {key}, line {line})",
        .auditSummaryServer: "Server function {server} is switched on (setting {key}, line {line})",
        .auditSummaryCloud: "The maker's cloud service (viewing over the internet) is switched on (setting {key}, line {line})",
        .auditSummaryScript: "A script the camera runs from the card ({size} bytes)",
        .auditSummaryScriptServers: "A script the camera runs from the card ({size} bytes); it starts {servers}",
        .auditSummaryScriptFolder: "A folder for modified firmware that the camera runs programs from ({files} files)",
        .auditSummaryFirmwareModel: "Camera {model}, firmware {version}",
        .auditSummaryFirmwareVersion: "Firmware version {version}",
        .auditSummaryFirmwareUnknown: "Firmware version file (no version could be read)",
        .auditSummaryFirmwareFile: "Firmware file on the card ({size} bytes)",
        .auditSummaryZone: "The camera's clock is set to time zone {zone} (setting {key}, line {line})",
        .auditSummaryZoneOffset: "The camera's clock is set to time zone {zone}, UTC{offset} (setting {key}, line {line})",
        .auditSummaryZoneSummer: "; summer time {state}",
        .auditSummaryZoneFilesAgree: "; the card's file times are in the same zone",
        .auditSummaryZoneFilesNoZone: "; the card's file times record no zone, so they are in this zone's time",
        .auditSummaryZoneFilesDiffer: "; {count} file times on the card are in another zone",

        .auditChecklistNoNeedlessInternet: "Don't connect cameras to the internet unless it is needed.",
        .auditChecklistChangeDefaultPassword: "Change the password from the maker's default.",
        .auditChecklistStopUnneededServers: "Stop server functions that are not needed.",
        .auditChecklistUpdateFirmware: "Check the maker's website and update the firmware.",
        .auditChecklistPullCardNotWireless: "Take footage by pulling the card, not by downloading over wireless LAN.",
        .auditChecklistReadClockRight: "Know which time the camera's clock keeps, to read the footage's times right.",

        .auditAdviceChangeDefaultPassword: "This is a password makers ship on every camera, or no password at all: anyone nearby can guess it. Change it on the camera now to a long password of your own.",
        .auditAdvicePasswordReadableOnCard: "Anyone who holds this card can read this password and connect to the camera. Change it on the camera, and keep pulled cards locked away.",
        .auditAdviceHashedPasswordOnCard: "The card keeps this password scrambled (hashed), but a short password can still be worked out from it. Use a long password, and keep pulled cards locked away.",
        .auditAdviceEmptyPassword: "This network has no password: anyone nearby can connect to it. Set a long password on the camera, or switch the wireless LAN off.",
        .auditAdviceJoinedNetwork: "The camera connects to this network, and through it perhaps to the internet. Don't connect cameras to the internet unless it is needed: ask the contractor why it is set, and remove it if it is not needed. Anyone who holds the card may learn this network's password.",
        .auditAdviceStoredPassword: "A password is kept on the card where anyone who holds the card can read it. Change it on the camera if it is the camera's login, and keep pulled cards locked away.",
        .auditAdvicePullCardInstead: "The camera offers its own wireless LAN, so footage can be downloaded from nearby, and strangers can try to connect. The city advises taking footage by pulling the card instead: switch the camera's wireless LAN off.",
        .auditAdviceStopServer: "A server function lets others connect to the camera. Switch it off unless it is needed.",
        .auditAdviceCloudService: "The camera connects to the maker's cloud service over the internet. Don't connect cameras to the internet unless it is needed: if no one views the footage that way, switch the cloud service off.",
        .auditAdviceCheckAutorunScript: "The camera runs this when it starts, with full control of the camera (often modified firmware, which can open ways in such as telnet). Ask the contractor whether it is intended; if not, remove it and put the maker's firmware back.",
        .auditAdviceCheckFirmwareUpdate: "Check the maker's website for a newer firmware for this model, and update the camera.",
        .auditAdviceFirmwareFileOnCard: "The camera may install this firmware when it starts. Check on the maker's website that it is the maker's own and the newest.",
        .auditAdviceReadTimesInZone: "The camera keeps Japan time. Read the card's file times as Japan time, and record a check of the camera's clock against a correct clock (`sdcustody clock`) before an export.",
        .auditAdviceZoneIsNotJapan: "The camera's clock is not set to Japan time: the card's file times are that zone's time, not Japan's. Note this for whoever reads the footage, and have the clock set right.",

        .auditHelpDiscussion: """
        Reads the card's settings files (INI, key=value, wpa_supplicant.conf, JSON, YAML, each under 64 KiB), \
        start-up scripts and firmware files, and reports what they reveal: Wi-Fi passwords (clear text, hashed or \
        empty), well-known default passwords, the camera's own wireless LAN switched on, server functions, \
        scripts the camera runs from the card, the firmware version and the clock's time zone. Each finding names \
        the item of the city's checklist it concerns and what to do.

        A password is never shown, logged or put in an error: only where it is, its kind, its length and whether \
        it is a well-known default. The card is only read. Exit status 0 whether or not there are findings \
        (this is advice, not an evidence check); 2 when the card cannot be read.
        """,
        .auditHelpJSON: "Print one JSON document on stdout: {\"findings\": [...]} with machine codes.",
        .auditHelpDeleted: "Look at deleted files too (an old settings file with the same password).",
        .auditHelpAbstract: "Show what a card reveals about its camera's security, per the city's checklist; never shows a password.",
    ]
}
