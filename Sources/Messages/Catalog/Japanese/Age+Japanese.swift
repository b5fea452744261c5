extension Catalog {
    static let japaneseAge: [MessageKey: String] = [
        .ageNoMatch: "鍵またはパスフレーズが合いません（このファイルを開ける鍵ではありません）: {why}",
        .ageHMACFailure: "ヘッダーが壊れているか書き換えられています: ヘッダーの MAC が一致しません",
        .ageHeaderFailure: "ヘッダーが壊れています: {why}",
        .agePayloadFailure: "中身が壊れているか書き換えられています: {why}",
        .ageArmorFailure: "文字形式（ASCII armor）が壊れています: {why}",
        .ageCryptoFailure: "暗号処理に失敗しました: {why}",
    ]
}
