extension Catalog {
    static let japaneseDiscussions: [MessageKey: String] = [
        .helpRootDiscussion: """
        SOURCE はカードの複製イメージ（card.img、分割した複製なら card.001）、カード（/dev/sdb、/dev/mmcblk0）、またはカードをマウントしたフォルダです。カードはいつも読み取り専用で開きます。

        終了コード: 0 成功、1 証拠の検証で問題が見つかった、2 使い方の誤りか読めない入力。

        どのコマンドも --lang ja|en を受け付けます（指定しなければ SDCUSTODY_LANG、LC_ALL、LC_MESSAGES、LANG の順。ja のロケールなら日本語）。
        """,
        .helpSealDiscussion: """
        証拠パッケージは暗号化しながらすべて検証します。まず一覧ファイルなどを確かめ、映像ファイルは暗号化のために読むその同じ読み取りで 1 バイトずつハッシュ値を照合します（異常があれば何も残さず終了コード 1）。フォルダを POSIX pax tar にしながら age v1 で暗号化して FILE.age に書きます（平文の一時ファイルは作りません。0600、一時的な名前で書いて同期してから置き、上書きはしません）。横の FILE.age.json（照合用ファイル）には、暗号文の SHA-256 と大きさ、パッケージの名前、Payload-Oxum、External-Identifier、受取人の公開鍵、日時が入り、`sdcustody verify FILE.age` で鍵なしで照合できます。開くには `sdcustody unseal`、または `age -d … | tar -x`。

        受取人: --recipient age1…、--recipients-file FILE、--identity FILE（その受取人）、または --passphrase-file FILE のパスフレーズ。どれもなければ、端末でパスフレーズを 2 回尋ねます。
        """,
        .helpUnsealDiscussion: """
        読みながら復号し、平文の一時ファイルを作らずに DIR の横の隠しフォルダに取り出します。絶対パス、`..`、リンク、デバイス、同じ名前の重複など DIR の外に出るおそれのあるものは拒否します。そのあと証拠パッケージ全体を検証し、正常なときだけ DIR に名前を変えます（DIR はまだ存在しないこと。何も上書きしません）。

        終了コード: 0 DIR に正常なパッケージがある。1 取り出した後の検証で異常（問題を一覧し、取り出したものは削除。暗号化ファイルはそのまま）。2 違う鍵、壊れた・危険な暗号化ファイル、使い方の誤り（何も残しません）。

        鍵: --identity FILE（複数可）または --passphrase-file FILE。どちらもなければ端末でパスフレーズを尋ねます。
        """,
        .helpKeygenDiscussion: """
        --out を付けると鍵を FILE に書き（0600、既存のファイルは上書きしません）、受取人（公開鍵）を標準出力に表示します。--out がなければ、age-keygen と同じく鍵を標準出力に、受取人を標準エラー出力に表示します。
        """,
        .helpEncryptDiscussion: """
        受取人: --recipient age1…、--recipients-file FILE、--identity FILE（その受取人）、または --passphrase-file FILE のパスフレーズ。どれもなければ端末でパスフレーズを 2 回尋ねます。OUT は 0600 で書き、既存のファイルは上書きしません。
        """,
        .helpDecryptDiscussion: """
        鍵: --identity FILE（複数可）または --passphrase-file FILE。どちらもなければ端末でパスフレーズを尋ねます。OUT はファイル全体の真正性を確かめてから現れます（0600、上書きはしません）。違う鍵、壊れたヘッダーや壊れた部分があれば終了コード 2。
        """,
        .helpLogDiscussion: """
        証拠を読み書きするコマンドは、実行のたびに 1 件記録します: だれが、いつ、どの端末で、コマンドライン（秘密は除く）、読んだものとそのハッシュ値、作ったもの、事件番号、証拠番号、結果。各項目は前の項目の SHA-256 と、この端末の鍵による Ed25519 署名を持つので、後からの書き換えは必ず分かります。
        """,
        .helpCatDiscussion: """
        --deleted を付けると、削除されたファイルを最初のクラスタから、使われていないあいだ連続して取り出します（カードにはもう続きの場所が記録されていないため、できる範囲での復元です）。
        """,
        .helpVerifyDiscussion: """
        問題（変わった、欠けた、余分 …）を 1 つずつと、1 行の結果を表示します。sdcustody が作ったパッケージでは、記録ファイル（provenance）とハッシュ値の一覧の一致、アクセス記録の抜粋のハッシュ値と署名も確かめます。暗号化したファイル（FILE.age と照合用ファイル FILE.age.json）を渡すと、鍵なしで暗号文の大きさと SHA-256 を照合します。終了コード: 0 正常、1 異常、2 パッケージ（または暗号化ファイル）ではないか読めない。
        """,
    ]
}
