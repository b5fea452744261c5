extension Catalog {
    static let japaneseChains: [MessageKey: String] = [
        .chainTooLarge: "{size} バイトという大きさは、ボリュームのデータ領域 {area} バイトより大きくなっています",
        .chainTooLargeIts: "{size} バイトという大きさは、ボリュームのデータ領域 {area} バイトより大きくなっています",
        .chainNoFirstCluster: "{size} バイトのファイルなのに、保存場所の最初のクラスターがありません",
        .chainGoesOn: "保存場所のつながりがファイルの大きさ（{size} バイト）より先まで続いています。余分なクラスターは使いません",
        .chainEndsEarly: "保存場所のつながりが {clusters} クラスターで切れています。{size} バイトには {needed} クラスター必要です",
        .chainBroken: "保存場所のつながりが切れています",
        .chainPastImage: "中身が {end} バイト目まであり、途中で切れたイメージ（{size} バイト）の外に出ています",
        .chainLoopsBack: "保存場所のつながりがクラスター {cluster} に戻って輪になっています",
        .chainFree: "保存場所のつながりが切れています: クラスター {cluster} が FAT で空きになっています",
        .chainBad: "保存場所のつながりが、不良の印が付いたクラスター {cluster} に入っています",
        .chainOutside: "保存場所のつながりがクラスター {from} からボリュームの外の {to} を指しています（あるのは 2〜{max}）",
        .chainBadStart: "最初のクラスター {cluster} がボリュームの外です（あるのは 2〜{max}）",
        .chainExFATBadStart: "最初のクラスター {cluster} がデータ領域の外です（あるのは 2〜{max}）",
        .chainExFATUnreadable: "クラスター {cluster} の FAT の記録が読めません: {reason}",
        .chainExFATEndsEarly: "保存場所のつながりが {clusters} クラスターで切れています。大きさからは {needed} クラスター必要です",
        .chainExFATBadNext: "保存場所のつながりがクラスター {cluster} に来ていて、その次に不良の印が付いています",
        .chainExFATOutside: "クラスター {from} の FAT の記録がデータ領域の外のクラスター {to} を指しています（あるのは 2〜{max}）",
        .chainRunsShort: "保存場所には {delivered} バイトしかありません（{expected} バイトのはず）",
    ]
}
