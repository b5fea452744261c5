extension Catalog {
    static let japaneseUsage: [MessageKey: String] = [
        .usageClockOffset: "--clock-offset には ±HH:MM:SS（カメラの時計 − 正しい時刻）を指定します。例: +00:02:13",
        .usageDateAlone: "--date は時刻だけの --from/--to に日付を補うものです。--from か --to も指定してください",
        .usageRetries: "--retries は 0 から 100 までです",
        .usageSplit: "--split には 2G、650M、1048576 のような大きさを指定します",
        .usageHashAlgorithm: "--hash: {name} という方式は知りません（sha256、sha512、md5、sha1 が使えます）",
        .usageAlsoAlgorithm: "--also: {name} という方式は知りません（sha512、md5、sha1 が使えます）",
        .usageMaxWorkFactor: "--max-work-factor は 1 から 40 までです",
        .usageWorkFactor: "--work-factor は 10 から 22 までです",
        .usageClockEmpty: "--camera と --reference は空にできません",
        .usageCaseEmpty: "--case と --exhibit は空にできません",
        .usageMissingArgument: "{what} を指定してください",
        .usageUnexpectedArgument: "{what} は使えない引数です",
        .usageUnknownOption: "{what} というオプションはありません",
        .usageMissingValue: "{what} に値がありません",
        .usageDidYouMean: "{message}（{suggestion} のことですか?）",
        .usageLangHelp: "メッセージの言語: ja か en（指定しなければ SDCUSTODY_LANG、それもなければロケール）。",
        .infoSourceLine: "{path}（{kind}）",
        .infoSourceLineSized: "{path}（{kind}、{size}）",
        .usageSeeHelp: "詳しくは '{command} --help' を見てください。",
    ]
}
