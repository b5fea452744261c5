extension Catalog {
    static let japaneseAcquireVerify: [MessageKey: String] = [
        .optAcquireVerify: "イメージは作りません。戻ってきたカード（SOURCE）のハッシュを取り直し、--record で指定した取得記録と比べます。",
        .optAcquireRecord: "--verify と一緒に使います。カードのイメージを作ったときの取得記録（IMAGE.acquisition.json）。",
        .acquireVerifyNeedsRecord: "--verify には --record IMAGE.acquisition.json（そのカードを取得したときの記録）が必要です",
        .acquireVerifyNotWithOut: "--verify はカードを読むだけです。--record は使えますが、--out、--split、--hash、--retries、--no-zero-fill は使えません",
        .acquireNeedsOut: "acquire には --out IMAGE が必要です（戻ってきたカードを確かめるときは --verify --record RECORD）",
        .acquireRecordOnlyWithVerify: "--record は --verify と一緒にしか使えません",
        .acquireVerifyRecordUnreadable: "取得記録 {record} を読めません: {reason}",
        .acquireVerifyRecordIncomplete: "{record} は途中で終わった取得の記録です。カード全体のハッシュがないため比べられません",
        .acquireVerifyUnreadable: "{source} を最後まで読めないため、取得したときと比べられません: {reason}",
        .acquireVerifySource: "カード:            {source}（現在 {bytes} バイト、取得時 {acquiredBytes} バイト）",
        .acquireVerifyRecord: "取得記録:          {record}（取得日時 {date}）",
        .acquireVerifyThen: "取得時の SHA-256:  {hash}",
        .acquireVerifyNow: "現在の SHA-256:    {hash}",
        .acquireVerifySizeChanged: "カードの大きさが変わっています: 現在 {bytes} バイト、取得時 {acquiredBytes} バイト。",
        .acquireVerifyUnchanged: "変更なし: 取得したとき（{date}）から 1 バイトも変わっていません",
        .acquireVerifyChanged: "{date} 以降に変更されています: カードの SHA-256 が取得時に記録したものと違います",
        .acquireVerifyChangedError: "{source} は取得した {date} 以降に変更されています",
    ]
}
