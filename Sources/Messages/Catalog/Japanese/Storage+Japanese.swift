extension Catalog {
    static let japaneseStorage: [MessageKey: String] = [
        .sealSealed: "暗号化しました: {archive}（{bytes} バイト）",
        .sealSHA256: "SHA-256:        {sha256}",
        .sealSidecar: "照合用ファイル: {sidecar}",
        .sealBagOne: "証拠パッケージ: {bag}、ファイル {files} 件、{bytes} バイト",
        .sealBagOther: "証拠パッケージ: {bag}、ファイル {files} 件、{bytes} バイト",
        .sealBagOxum: "（Payload-Oxum {oxum}）",
        .sealIdentifier: "識別子:         {identifier}",
        .sealRecipient: "受取人:         {recipient}",
        .sealNotABag: "{bag} は証拠パッケージではないか、読み取れません（{summary}）。暗号化していません",
        .sealInvalidBag: "{bag} は正常な証拠パッケージではありません（{summary}）。暗号化していません",
        .sealMoreProblems: "  …ほか {count} 件",

        .unsealUnsealed: "開きました:     {bag}",
        .unsealExtractedOne: "取り出し:       ファイル {files} 件、{bytes} バイト",
        .unsealExtractedOther: "取り出し:       ファイル {files} 件、{bytes} バイト",
        .unsealBag: "証拠パッケージ: {summary}",
        .unsealNotABag: "unseal: {archive} は復号できましたが、中身が証拠パッケージではありません（{summary}）。取り出したものは削除しました",
        .unsealInvalidBag: "unseal: {archive} の証拠パッケージは取り出した後の検証で異常が見つかりました（{summary}）。取り出したものは削除しました",

        .keygenPublicKey: "公開鍵（受取人）: {recipient}",

        .passphrasePrompt: "パスフレーズ: ",
        .passphraseAgain: "もう一度パスフレーズ: ",
        .passphraseNoTerminal: "鍵の指定がなく、入力が端末ではありません: --recipient、--identity または --passphrase-file を指定してください",
        .passphraseNoTTY: "パスフレーズを尋ねるための端末（/dev/tty）を開けません",
        .passphraseEmpty: "パスフレーズが空です",
        .passphraseMismatch: "2回入力したパスフレーズが一致しません",

        .acquireImage: "複製（イメージ）: {images}",
        .acquireRecord: "記録ファイル:     {record}",
        .acquireBytes: "読み取り:         {size} バイト中 {read} バイト",
        .acquireHash: "{label}{hash}",
        .acquireUnreadable: "読めない部分:     セクタ {first}–{last}（バイト {firstByte}–{lastByte}）。ゼロで埋めました",
        .acquireVerdict: "結果:             {verdict}",
        .acquireIncomplete: "複製が完了していません: {reason}。途中までのファイルを {files} として残しました",
    ]
}
