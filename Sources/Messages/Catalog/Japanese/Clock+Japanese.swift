extension Catalog {
    static let japaneseClock: [MessageKey: String] = [
        .helpClockAbstract: "カメラの時計を正しい時計と見比べた結果を記録します。以後そのカメラの映像を書き出すときに、このずれが使われます。",
        .clockOffset: "時計のずれ: {offset}（カメラの時刻 − 正しい時刻。--clock-offset {offset} として使えます）",
        .clockFast: "カメラの時計は {duration}進んでいます。",
        .clockSlow: "カメラの時計は {duration}遅れています。",
        .clockRight: "カメラの時計は秒まで合っています。",
        .clockRecorded: "アクセス記録に残しました: --clock-offset を指定しないとき、カメラ {camera} の書き出しにこのずれを使います。",
        .clockUnreasonable: "カメラの時刻と正しい時刻が 1 年以上離れています。日付を確かめてください",
        .clockDurationHMS: "{h} 時間 {m} 分 {s} 秒",
        .clockDurationMS: "{m} 分 {s} 秒",
        .clockDurationS: "{s} 秒",
        .exportClockCheckUsed: "カメラ {camera} の時計の確認（{time} に記録）を使います: --clock-offset {offset}",
    ]
}
