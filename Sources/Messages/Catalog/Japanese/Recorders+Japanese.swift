extension Catalog {
    static let japaneseRecorders: [MessageKey: String] = [
        .recorderLayoutHikvision: "Hikvision/EZVIZ 方式（古い録画から上書きする録画機）",
        .lsRecordingsHeading: "録画の一覧（{layout}、時刻は {index} の記録から）:",
        .lsRecordingsRow: "{state}  {start} ～ {end}  チャンネル {channel}  {container}  {offset}～{end_offset} バイト目（{length} バイト）",
        .lsRecordingsCorrected: "  正しい時刻 {start}",
        .lsRecordingsEndUnknown: "終了時刻不明",
        .lsRecordingsStateComplete: "録画済み",
        .lsRecordingsStateRecording: "録画中  ",
        .lsRecordingsStateOld: "前の周回",
        .lsRecordingsCountOne: "録画 {count} 件",
        .lsRecordingsCountOther: "録画 {count} 件",
        .lsRecordingsNoneInWindow: "指定した時間帯の録画は、録画機の記録にありません",
        .lsRecordingsProblem: "録画機の記録: {problem}",
        .lsRecordingsMoreProblems: "録画機の記録: ほかに問題が {count} 件あります（ls --json ですべて表示されます）",
        .infoRecorderSummary: "{layout}: 録画ファイル {containers} 個、録画 {recordings} 件（{first} ～ {last}）、録画中 {recording} 件、上書きされた記録 {overwritten} 件",
        .infoRecorderEmpty: "{layout}: 録画ファイル {containers} 個、記録に録画はありません",
        .infoRecorderProblems: "録画機の記録に問題が {count} 件あります（sdcustody ls --json で表示されます）",
    ]
}
