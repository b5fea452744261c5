extension Catalog {
    static let japaneseCarving: [MessageKey: String] = [
        .optLsCarve: "どのファイルにも使われていない領域（未割り当てクラスタ）からも映像（MP4/MOV、JPEG、MPEG プログラムストリーム、Dahua DHAV）を探して一覧にします。",
        .optExportCarve: "未割り当て領域で見つかった映像も data/carved/ に書き出します。",
        .carveLsDiscussion: """
        --carve を付けると、どのファイルにも使われていない領域（ループ録画のカメラで消された映像や \
        上書きされた映像の残りがある所）を先頭から読み、MP4/MOV（ftyp と正しい箱の並び）、JPEG \
        （SOI から EOI まで）、MPEG プログラムストリーム（続いたパックヘッダ）、DHAV フレームを探します。\
        見つかったものごとに、イメージ内の位置（バイト範囲）、種類、そのデータ自身に書かれた録画時刻 \
        （MP4 の mvhd、JPEG の EXIF、DHAV フレームの日時）を表示します。プログラムストリームには日時が \
        入っていません。--json では `carved` 配列になります。
        """,
        .carveExportDiscussion: """
        --carve を付けると、未割り当て領域で見つかった映像（`ls --carve` 参照）を data/carved/ に \
        書き出します。名前はイメージ内の位置・種類・時刻です（0000012345678-mp4-2026-11-20_213025.mp4）。\
        来歴ファイルの `carved` 配列に、それぞれのバイト範囲とクラスタが記録され、bag-info.txt にも 1 件ごとに SDCustody-Carved の行が書かれます。
        """,
        .carveHeading: "未割り当て領域で見つかった映像: {count} 件（空きクラスタ {clusters} 個、{bytes} バイトを調べました）:",
        .carveNothing: "未割り当て領域には何も見つかりませんでした（空きクラスタ {clusters} 個、{bytes} バイトを調べました）。",
        .carveHeaderOffset: "イメージ内の位置",
        .carveHeaderLength: "バイト数",
        .carveHeaderType: "種類",
        .carveHeaderStart: "録画時刻",
        .carveHeaderSource: "時刻の出どころ",
        .carveNoTime: "データに時刻なし",
        .carveCutShort: "［途中まで］",
        .carveCutShortNote: "［途中まで］: 映像の続きの部分が別のファイルに使われて（上書きされて）います。残っているのは最初の部分だけです。",
        .carveProblem: "未割り当て領域の検索: {problem}",
        .carveNeedsRawVolume: "--carve にはカードそのもの（デバイスかイメージ）が必要です。マウントされたフォルダでは未割り当て領域が見えません",
        .carveExported: "未割り当て領域から取り出した映像: {count} 件（{bytes} バイト）を data/carved/ に入れました",
    ]
}
