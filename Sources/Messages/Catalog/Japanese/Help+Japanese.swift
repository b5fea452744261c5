extension Catalog {
    static let japaneseHelp: [MessageKey: String] = [
        .helpSdcustodyAbstract: "防犯カメラの映像を SD カードから安全に取り出します（ハッシュ値、検証、暗号化、アクセス記録つき）。",
        .helpAcquireAbstract: "カードを1ビットも変えずにまるごと複製（イメージ化）し、読みながらハッシュ値を計算して、最後に照合します。",
        .helpCatAbstract: "1つのファイルの中身をそのまま標準出力に書き出します（再生ソフトや sha256sum に渡せます）。",
        .helpDecryptAbstract: "age v1 形式で暗号化されたファイルを復号します。",
        .helpEncryptAbstract: "ファイルを age v1 形式で暗号化します（標準の age コマンドでも開けます）。",
        .helpExportAbstract: "選んだ映像をカードから証拠パッケージ（BagIt 形式、ハッシュ値の一覧付き）に複製します。",
        .helpInfoAbstract: "カードのパーティション、ファイルシステム、ラベル、シリアル番号、容量を表示します。",
        .helpKeygenAbstract: "暗号化用の鍵（age の X25519 鍵）を作り、受取人の公開鍵（age1…）を表示します。",
        .helpLogAbstract: "改ざんが分かるアクセス記録（取扱いの記録）を表示・検証します。",
        .helpLogShowAbstract: "アクセス記録の各項目を表で表示します（検証はしません。検証は `log verify` で）。",
        .helpLogVerifyAbstract: "記録のつながりとすべての署名を検証します。書き換え・削除・挿入・並べ替えがあれば、最初の項目を示して終了コード 1 で終わります。",
        .helpLogHeadAbstract: "最新の項目のハッシュ値を表示します。控えておけば、後で `log verify --head HASH` で確かめられます。",
        .helpLsAbstract: "カード上のすべてのファイルを、大きさ・日時・録画の開始と終了とともに一覧表示します。",
        .helpSealAbstract: "保管用に証拠パッケージを暗号化します（pax tar + age。鍵なしで照合できる説明ファイル付き）。",
        .helpUnsealAbstract: "暗号化した証拠パッケージを開きます（復号し、安全に展開し、中身を検証します）。",
        .helpVerifyAbstract: "証拠パッケージを検証します（すべてのハッシュ値、欠けや余分なファイルがないこと）。",
    ]
}
