extension Catalog {
    static let japaneseNotes: [MessageKey: String] = [
        .noteDeletedLongName: "消されたファイル: 長い名前は消された名前の記録から取り戻しました",
        .noteDeletedFirstChar: "消されたファイル: 名前の最初の 1 文字は上書きされているので _ で表しています",
        .noteLongNameIgnored: "長い名前は使えません（{reason}）。短い名前で表しています",
        .notePastEndMark: "フォルダーの終わりの印のあとで見つかりました（{slot} 番目の欄が 0x00 で「この先はない」と言っていますが、{next} 番目に正しい記録があるので、fls や fsck.fat と同じく先まで読みました）",
        .noteLongNameChecksum: "長い名前のチェックサム {long} が短い名前の {short} と合いません（短い名前だけが書き換えられたのかもしれません）。The Sleuth Kit と同じく長い名前で表しています。短い名前は {name}",
        .noteInsideDeletedFolder: "消されたフォルダーの中にあります",
        .noteContentsNotListed: "中身は一覧にできません: {reason}",
        .noteExFATSetChecksum: "記録のチェックサムが合いません（記録 {stored}、計算 {computed}）。項目が壊れているかもしれません",
        .noteExFATValidData: "壊れた記録: ValidDataLength {valid} が DataLength {length} より大きくなっています",
        .noteFoundInsideDeletedFolder: "消されたフォルダーの中で見つかりました",
        .lsNotesHeading: "{count} 件の項目についての注意:",
        .lsNotesHeadingOne: "1 件の項目についての注意:",
        .lsNotesMore: "  …ほか {count} 件（ls --json ですべて見られます）",
        .lsNoteLine: "  {path}: {note}",
    ]
}
