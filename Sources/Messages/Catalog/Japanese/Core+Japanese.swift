extension Catalog {
    /// Japanese, for association officers and camera contractors: plain words, the terms the
    /// ward rules use, and where a technical name must stay (SHA-256, BagIt) what it is for.
    static let japaneseCore: [MessageKey: String] = [
        .terminalError: "sdcustody: エラー: {message}",
        .terminalWarning: "sdcustody: 警告: {message}",
        .terminalNote: "sdcustody: {message}",

        .verifyValidOne: "正常: ファイル {files} 件、{bytes} バイト。ハッシュ値（改ざんを見つけるための指紋、{algorithms}）がすべて一致しました",
        .verifyValidOther: "正常: ファイル {files} 件、{bytes} バイト。ハッシュ値（改ざんを見つけるための指紋、{algorithms}）がすべて一致しました",
        .verifyInvalidOne: "異常: 問題が {problems} 件あります",
        .verifyInvalidOther: "異常: 問題が {problems} 件あります",
        .verifyNotABag: "証拠パッケージ（BagIt 形式）ではないか、読み取れません: {reason}",
        .verifyVerdict: "{bag}: {summary}",
        .verifyWarningLine: "注意: {warning}",
        .verifyFailedErrorOne: "{bag} は正常な証拠パッケージではありません: 問題 {problems} 件",
        .verifyFailedErrorOther: "{bag} は正常な証拠パッケージではありません: 問題 {problems} 件",
        .verifyNotABagError: "{bag} は証拠パッケージではないか、読み取れません: {reason}",

        .exportBag: "証拠パッケージ: {bag}",
        .exportFiles: "ファイル:       {files} 件（{bytes} バイト、Payload-Oxum {oxum}）",
        .exportSourceSHA256: "元データの SHA-256: {sha256}",
        .exportChecked: "確認:           複製したすべてのファイルを読み直し、ハッシュ値の一致を確かめました",
        .exportNext: "次の手順:       sdcustody verify {bag}",
    ]
}
