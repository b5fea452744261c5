extension Catalog {
    /// Japanese for `audit`: what an association officer reads, in the words of the city's
    /// checklist (不必要にインターネットに接続しない、初期パスワードを変更する、不要なサーバー機能を
    /// 停止する、ファームウェアを更新する) and its advice to pull the card rather than use 無線LAN.
    static let japaneseAudit: [MessageKey: String] = [
        .auditHeadingOne: "{source} の安全点検: 指摘 {count} 件",
        .auditHeadingOther: "{source} の安全点検: 指摘 {count} 件",
        .auditNone: "指摘はありません: この点検で分かる Wi-Fi 設定、パスワード、起動時スクリプト、ファームウェアのファイルはカードにありません。",
        .auditGroup: "{severity}（{count} 件）",
        .auditSeverityHigh: "危険度 高",
        .auditSeverityMedium: "危険度 中",
        .auditSeverityLow: "危険度 低",
        .auditSeverityInfo: "参考情報",
        .auditItem: "  - {path}{deleted}: {summary}",
        .auditItemDeleted: "（削除されたファイル）",
        .auditChecklistLine: "    チェック項目: {item}",
        .auditAdviceLine: "    対応: {advice}",
        .auditNoSecretsNote: "パスワードそのものは表示しません。表示するのは、ある場所、種類、文字数、よく知られた初期パスワードかどうかだけです。",
        .auditIncomplete: "点検は完全ではありません: {count} 件のファイルまたはフォルダーを読み取れませんでした（上の警告を参照）。",
        .auditUnreadable: "読み取れません: {problem}",

        .auditRoleAccessPoint: "カメラ自身の無線LAN（アクセスポイント）",
        .auditRoleJoinedNetwork: "カメラが接続するネットワーク",
        .auditRoleUnknown: "無線LAN",
        .auditSecretClearText: "そのまま読める形（平文）",
        .auditSecretHashed: "変換された形（ハッシュ値）",
        .auditSecretEmpty: "空（パスワードなし）",
        .auditOn: "有効",
        .auditOff: "無効",

        .auditSummaryWifi: "{role} {ssid} の Wi-Fi パスワード（設定 {key}、{line} 行目）: {secret}、{length} 文字",
        .auditSummaryDefaultNetwork: "{ssid} のパスワード（設定 {key}、{line} 行目）は、よく知られたメーカーの初期パスワードか空です",
        .auditSummaryDefaultPlain: "設定 {key}（{line} 行目）のパスワードは、よく知られたメーカーの初期パスワードです",
        .auditSummaryStored: "カードにパスワードが保存されています（設定 {key}、{line} 行目）: {secret}、{length} 文字",
        .auditSummaryWireless: "カメラの無線LAN（アクセスポイント）が有効になっています（設定 {key}、{line} 行目）",
        .auditSummaryServer: "サーバー機能 {server} が有効になっています（設定 {key}、{line} 行目）",
        .auditSummaryCloud: "メーカーのクラウドサービス（インターネット経由での映像の閲覧）が有効になっています（設定 {key}、{line} 行目）",
        .auditSummaryScript: "カメラがカードから実行するスクリプト（{size} バイト）",
        .auditSummaryScriptServers: "カメラがカードから実行するスクリプト（{size} バイト）。{servers} を起動します",
        .auditSummaryScriptFolder: "改造ファームウェア用のフォルダー。カメラがここのプログラムを実行します（ファイル {files} 件）",
        .auditSummaryFirmwareModel: "カメラ {model}、ファームウェア {version}",
        .auditSummaryFirmwareVersion: "ファームウェアのバージョン {version}",
        .auditSummaryFirmwareUnknown: "ファームウェアのバージョンのファイル（バージョンは読み取れませんでした）",
        .auditSummaryFirmwareFile: "カードにファームウェアのファイルがあります（{size} バイト）",
        .auditSummaryZone: "カメラの時計はタイムゾーン {zone} に設定されています（設定 {key}、{line} 行目）",
        .auditSummaryZoneOffset: "カメラの時計はタイムゾーン {zone}（UTC{offset}）に設定されています（設定 {key}、{line} 行目）",
        .auditSummaryZoneSummer: "。夏時間: {state}",
        .auditSummaryZoneFilesAgree: "。カードのファイルの時刻も同じタイムゾーンです",
        .auditSummaryZoneFilesNoZone: "。カードのファイルの時刻にはタイムゾーンの記録がないため、このタイムゾーンの時刻です",
        .auditSummaryZoneFilesDiffer: "。カードのファイルのうち {count} 件の時刻は別のタイムゾーンです",

        .auditChecklistNoNeedlessInternet: "カメラを不必要にインターネットに接続しない。",
        .auditChecklistChangeDefaultPassword: "パスワードを初期設定のままにせず、変更する。",
        .auditChecklistStopUnneededServers: "不要なサーバー機能は停止する。",
        .auditChecklistUpdateFirmware: "メーカーのサイトを確認し、ファームウェアを更新する。",
        .auditChecklistPullCardNotWireless: "映像は無線LANでダウンロードせず、SDカードを抜き取って取り出す。",
        .auditChecklistReadClockRight: "映像の時刻を正しく読むため、カメラの時計がどの時刻で動いているかを確かめる。",

        .auditAdviceChangeDefaultPassword: "これはメーカーがどのカメラにも同じに設定しているパスワードか、パスワードなしの状態です。近くにいる人なら誰でも推測できます。すぐにカメラの設定で、自分で決めた長いパスワードに変更してください。",
        .auditAdvicePasswordReadableOnCard: "このカードを手にした人は誰でもこのパスワードを読み取り、カメラに接続できます。カメラの設定でパスワードを変更し、抜き取ったカードは鍵のかかる場所に保管してください。",
        .auditAdviceHashedPasswordOnCard: "カードにはこのパスワードが変換された形（ハッシュ値）で保存されていますが、短いパスワードなら元に戻されるおそれがあります。長いパスワードにして、抜き取ったカードは鍵のかかる場所に保管してください。",
        .auditAdviceEmptyPassword: "このネットワークにはパスワードがありません。近くにいる人なら誰でも接続できます。カメラの設定で長いパスワードを付けるか、無線LANを止めてください。",
        .auditAdviceJoinedNetwork: "カメラはこのネットワークに接続し、そこからインターネットにつながっているおそれがあります。カメラを不必要にインターネットに接続しないでください。設定されている理由を設置業者に確認し、必要なければ削除してください。カードを手にした人に、このネットワークのパスワードを知られるおそれもあります。",
        .auditAdviceStoredPassword: "カードを手にした人なら誰でも読める形で、パスワードがカードに保存されています。カメラのログイン用であればカメラの設定で変更し、抜き取ったカードは鍵のかかる場所に保管してください。",
        .auditAdvicePullCardInstead: "カメラが自分の無線LANを出しているため、近くから映像をダウンロードでき、知らない人も接続を試みることができます。都は、無線LANでのダウンロードではなく SD カードを抜き取って映像を取り出すよう勧めています。カメラの無線LANを止めてください。",
        .auditAdviceStopServer: "サーバー機能が有効だと、外からカメラに接続できます。必要でなければ停止してください。",
        .auditAdviceCloudService: "カメラはインターネットを通じてメーカーのクラウドサービスに接続しています。カメラを不必要にインターネットに接続しないでください。その方法で映像を見ていないなら、クラウドサービスを止めてください。",
        .auditAdviceCheckAutorunScript: "カメラは起動するたびにこれを実行し、カメラを自由に操作できます（多くは改造ファームウェアで、telnet などの侵入口を開くことがあります）。意図したものか設置業者に確認し、そうでなければ削除して、メーカーのファームウェアに戻してください。",
        .auditAdviceCheckFirmwareUpdate: "メーカーのサイトでこの機種の新しいファームウェアがないか確認し、カメラを更新してください。",
        .auditAdviceFirmwareFileOnCard: "カメラは起動時にこのファームウェアを書き込むことがあります。メーカーの正規のもので最新かどうか、メーカーのサイトで確認してください。",
        .auditAdviceReadTimesInZone: "カメラは日本時間で動いています。カードのファイルの時刻は日本時間として読んでください。書き出しの前に、カメラの時計を正しい時計と比べ、`sdcustody clock` で記録してください。",
        .auditAdviceZoneIsNotJapan: "カメラの時計が日本時間に設定されていません。カードのファイルの時刻は日本時間ではなく、そのタイムゾーンの時刻です。映像を見る人に伝え、時計を正しく設定してもらってください。",

        .auditHelpDiscussion: """
        カードの設定ファイル（INI、key=value、wpa_supplicant.conf、JSON、YAML。それぞれ 64 KiB 未満）、\
        起動時スクリプト、ファームウェアのファイルを読み、そこから分かることを示します: Wi-Fi のパスワード\
        （平文、ハッシュ値、空）、よく知られた初期パスワード、カメラ自身の無線LANが有効かどうか、サーバー機能、\
        カメラがカードから実行するスクリプト、ファームウェアのバージョン、時計のタイムゾーン。指摘ごとに、\
        都のチェックリストのどの項目に当たるかと、何をすればよいかを示します。

        パスワードそのものは、画面にも記録にもエラーにも出しません。出すのは、ある場所、種類、文字数、\
        よく知られた初期パスワードかどうかだけです。カードは読むだけで、書き込みません。指摘があってもなくても\
        終了ステータスは 0（これは助言で、証拠の検査ではありません）、カードを読み取れないときは 2 です。
        """,
        .auditHelpJSON: "標準出力に JSON を 1 つ出力します: {\"findings\": [...]}（コードは英語のまま）。",
        .auditHelpDeleted: "削除されたファイルも調べます（同じパスワードの古い設定ファイルなど）。",
        .auditHelpAbstract: "カードから分かるカメラの安全上の問題を、都のチェックリストに沿って示します。パスワードは表示しません。",
    ]
}
