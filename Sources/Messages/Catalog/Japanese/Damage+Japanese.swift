extension Catalog {
    static let japaneseDamage: [MessageKey: String] = [
        .lsDamageMark: "［破損: {codes}］",
        .lsDamageHeading: "破損のあるファイル: {count} 件。印の意味:",
        .lsDamageUnclosed: "  unclosed       録画中に電源が切れるなどして、カメラがファイルを閉じていません（記録された量がファイルの大きさより多い）",
        .lsDamageChainShort: "  chain_short    カード上のつながり（クラスタチェーン）がファイルの大きさより先に切れています。ファイルの終わりが欠けています",
        .lsDamageChainLoop: "  chain_loop     カード上のつながりが輪になっています。輪になる前の部分だけが読めます",
        .lsDamageChainOutside: "  chain_outside  カード上のつながりが、データ領域の外か、不良と記録された場所を指しています",
        .lsDamageUnfinalised: "  unfinalised    録画中に電源が切れるなどして、動画の目次（インデックス）が書かれていません。再生できないプレーヤーがあります",
        .exportDamagedRefusedOne: "選んだファイルのうち {count} 件が破損していて、全部は写せません: {files}。証拠パッケージは作っていません。読める分をすべて書き出すには --partial を付けてください（このファイルは読める所まで）",
        .exportDamagedRefusedOther: "選んだファイルのうち {count} 件が破損していて、全部は写せません: {files}。証拠パッケージは作っていません。読める分をすべて書き出すには --partial を付けてください（これらのファイルは読める所まで）",
        .exportDamagedFile: "{path}（{reason}）",
        .exportPartialFile: "{path}: {recorded} バイトのうち {recovered} バイトだけ読めました（{reason}）。証拠パッケージには読めた分だけが入り、来歴ファイルにそのことが書かれています",
        .exportUnclosedNotRecovered: "{path}: カメラがこの録画を閉じていません。記録された量がファイルの大きさより多くあります。書き出したのはファイルの大きさの分だけです。録画全体を data/recovered/ に取り出すには --partial を付けてください",
        .acquireRecoveredByRetry: "すべてのセクタを読みました。ただし {count} 回の読み取りが一度失敗し、やり直しで成功しました。カードが傷み始めている可能性があります。もう一度イメージを取るか、カードを交換してください",
    ]
}
