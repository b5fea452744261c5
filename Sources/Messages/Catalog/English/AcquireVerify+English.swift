extension Catalog {
    static let englishAcquireVerify: [MessageKey: String] = [
        .optAcquireVerify: "Do not image: re-hash SOURCE (a card that left custody and came back) and compare it with the acquisition record given with --record.",
        .optAcquireRecord: "With --verify: the acquisition record (IMAGE.acquisition.json) written when the card was imaged.",
        .acquireVerifyNeedsRecord: "--verify needs --record IMAGE.acquisition.json, the record of the card's acquisition",
        .acquireVerifyNotWithOut: "--verify only reads the card; it takes --record, not --out, --split, --hash, --retries or --no-zero-fill",
        .acquireNeedsOut: "acquire needs --out IMAGE (or --verify --record RECORD to check a returned card)",
        .acquireRecordOnlyWithVerify: "--record is only for --verify",
        .acquireVerifyRecordUnreadable: "cannot read the acquisition record {record}: {reason}",
        .acquireVerifyRecordIncomplete: "{record} is the record of an acquisition that did not finish: it holds no hash of the whole card to compare with",
        .acquireVerifyUnreadable: "cannot read {source} to the end, so it cannot be compared with its acquisition: {reason}",
        .acquireVerifySource: "Source:        {source} ({bytes} bytes now, {acquiredBytes} when acquired)",
        .acquireVerifyRecord: "Record:        {record} (acquired {date})",
        .acquireVerifyThen: "SHA-256 then:  {hash}",
        .acquireVerifyNow: "SHA-256 now:   {hash}",
        .acquireVerifySizeChanged: "The card's size changed: {bytes} bytes now, {acquiredBytes} when acquired.",
        .acquireVerifyUnchanged: "unchanged: every byte is as it was when the card was acquired ({date})",
        .acquireVerifyChanged: "changed since {date}: the card's SHA-256 is not the one recorded when it was acquired",
        .acquireVerifyChangedError: "{source} changed since it was acquired at {date}",
    ]
}
