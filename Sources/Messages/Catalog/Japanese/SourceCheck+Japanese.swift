extension Catalog {
    static let japaneseSourceCheck: [MessageKey: String] = [
        .scTheFirstSectorIsAll: "最初のセクターがすべて 0 です",
        .scDeletedFilesCannotBeSeen: "マウントしたフォルダーからは削除されたファイルが見えません。カードの装置かそのイメージを読んでください",
        .scNestedDeeperThanFoldersNot: "{relative}: {maxDepth} 段より深い所にあります。表示しません",
        .scCannotReadFolder: "{relative}: フォルダーを読めません: {reason}",
        .scMoreThanEntriesTheRest: "項目が {maxEntries} 件を超えています。残りは表示しません",
        .scSymbolicLinkNotFollowed: "シンボリックリンクです。たどりません",
        .scFolderSeenTwiceALoop: "{rel}: 同じフォルダーが二回出てきました（輪になっています）。もう一度は表示しません",
        .scNotARegularFileLinks: "ふつうのファイルではありません（リンクはたどりません）",
        .scNotAFileOrBlock: "ファイルでもブロック装置でもありません",
        .scCannotFindItsSize: "大きさが分かりません: {reason}",
        .scNotAnImageFileBlock: "イメージファイル、ブロック装置、フォルダーのどれでもありません",
        .scIsAFolderNotAn: "フォルダーです。イメージや装置ではありません",
        .scExpectedAFirstPartEnding: "最初の部分は .001 で終わるはずです",
        .scPartsTooLarge: "分割された部分が大きすぎます",
        .scFileData: "ファイルの中身",
        .scNameCannotBeUsedAs: "名前「{raw}」はファイル名に使えません。{safe} と表示します",
        .scEmptyNameShownAs00: "名前が空です。%00 と表示します",
        .scNameHoldsCharactersThatCannot: "名前にパスに使えない文字があります（{v}）。記号に置き換えて表示します",
        .scNameHoldsUnpairedUTF16: "名前に対になっていない UTF-16 サロゲートがあります。U+FFFD として表示します",
    ]
}
