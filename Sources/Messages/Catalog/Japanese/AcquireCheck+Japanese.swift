extension Catalog {
    static let japaneseAcquireCheck: [MessageKey: String] = [
        .qcReadError: "読み取りエラー",
        .qcTheImageReadBackFrom: "ディスクから読み直したイメージが、読み取り元から読んだものと違います",
        .qcReadBackBytesWrote: "読み直せたのは {v} バイト、書いたのは {size} バイトです",
        .qcReadBackBytesWrote2: "読み直せたのは {size} バイト、書いたのは {totalSize} バイトです",
        .qcReadBackBytesWrote3: "読み直せたのは {got} バイト、書いたのは {totalSize} バイトです",
        .qcReadErrorAtByte: "{offset} バイト目で読み取りエラー: {reason}",
        .qcTheSourceEndedAtByte: "読み取り元が {got} バイト目で終わりました",
        .qcInterruptedAfterBytes: "{done} バイトで中断されました",
    ]
}
