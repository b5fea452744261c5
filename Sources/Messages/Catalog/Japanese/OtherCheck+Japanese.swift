extension Catalog {
    static let japaneseOtherCheck: [MessageKey: String] = [
        .ocCannotReachTheObjectStore: "{endpoint} の保管庫（オブジェクトストア）につながりません: {reason}",
        .ocTheStoreAnsweredHTTP: "{operation} {target}: 保管庫の答えは HTTP {status} でした",
        .ocTheStoreSAnswerIs: "{operation}: 保管庫の答えが分かりません: {reason}",
        .ocAlreadyExists: "{out} はもうあります",
        .ocCannotStart: "{chromium} を起動できません: {error}",
        .ocChromiumDidNotFinishWithin: "Chromium が {timeoutSeconds} 秒以内に終わりませんでした",
        .ocCannotPublish: "{out} を作れませんでした: {localizedDescription}",
        .ocNotReadMoreThanSmall: "{path}: 読んでいません（カードに小さな設定ファイルが {maxFilesRead} 個を超えてあります）",
        .ocCannotBeRead: "{path}: 読めません: {error}",
        .ocTheOtherEndClosedThe: "相手側がパイプを閉じました",
        .ocTimedOut: "時間切れです",
        .ocMalformedMessage: "形の正しくないメッセージ: {why}",
        .ocPayloadTooLong: "中身が長すぎます",
    ]
}
