extension Catalog {
    static let japaneseMedia: [MessageKey: String] = [
        .helpFramesAbstract: "映像ファイルや録画の一場面を静止画（JPEG）にして、何が映っているかを確かめます。閲覧としてアクセス記録に残ります。",
        .helpFramesDiscussion: """
            --at、--every、--keyframes を指定しないときは、最初・中ほど・最後のキーフレームを静止画にします。静止画の名前には、\
            映像の中での時刻とカメラが記録した時刻が入ります。どの元データ（カード上のパス、バイト位置、SHA-256）から作ったかは、\
            横に置く説明ファイル（.jpg.json）に書きます。静止画は確認用に作ったもので、証拠そのものではありません。映像の読み取りは、\
            メモリ・CPU・時間に上限をかけた別のプログラム sdcustody-media が行います。壊れた映像や悪意のある映像でも、\
            エラーが 1 行出るだけで sdcustody が止まることはありません。

            例:
              sdcustody frames card.img EVENT/2026_1120_213200_001F.MP4 --out pictures --sheet
            """,
        .optFramesPath: "カード上の映像ファイル（--recording のときは録画を収めたファイル）。",
        .optFramesOut: "静止画と説明ファイルを書くフォルダー（なければ作ります。中のファイルを上書きすることはありません）。",
        .optFramesAt: "映像の最初の場面から数えた秒数（複数指定できます）。",
        .optFramesEvery: "映像の何秒ごとに 1 枚作るか。",
        .optFramesKeyframes: "キーフレームだけを使います。単独ではすべてのキーフレーム、--at/--every と一緒ならその時刻かその直前のキーフレーム。",
        .optFramesRecording: "録画を収めたファイルのこのバイト位置から始まる録画（`ls --json` に出る offset）。",
        .optFramesSheet: "一覧画像も作ります。最初・中ほど・最後の静止画を横に並べた 1 枚の JPEG で、それぞれの下にカメラの時刻を入れます。",
        .framesBadTime: "{option} には 0 以上の秒数を指定してください",
        .framesAtOrEvery: "--at と --every はどちらか一方だけを指定してください",
        .framesMaster: "映像 {path}: SHA-256 {sha256}",
        .framesWrote: "  {file}（映像の {pts} 秒、カメラの時刻 {camera}）",
        .framesSheetWrote: "  一覧画像: {file}",
        .framesClipFailed: "{path}: 静止画を作れませんでした: {reason}",
        .framesNoRecording: "{path} のバイト位置 {offset} から始まる録画はありません（録画の開始位置: {known}）",
        .framesNone: "{path}: この映像からは静止画を作れませんでした",
        .framesExists: "{file} はすでにあります。別の --out フォルダーを指定してください（上書きはしません）",
        .framesRereadFailed: "{file} を読み直したところ、書いた内容と一致しませんでした",
        .framesOutNotFolder: "--out {path} はフォルダーではありません",
        .mediaHelperMissing: "映像を読むための補助プログラム {path} が見つかりません（sdcustody と同じ場所に入れます）",
        .mediaHelperSpawn: "映像を読むための補助プログラムを起動できませんでした: {reason}",
        .mediaHelperFailed: "映像を読み取れませんでした: {reason}",
        .mediaHelperLimit: "映像の読み取りがメモリまたは CPU の上限を超えたため止めました（シグナル {signal}）。映像が壊れているか、悪意のあるものかもしれません",
        .mediaHelperCrashed: "この映像の読み取り中に補助プログラムが異常終了しました（シグナル {signal}）。映像が壊れているか、悪意のあるものかもしれません",
        .mediaHelperSandboxed: "映像の読み取り中に補助プログラムが、安全のため禁止している操作（ファイルを開く・書き換える、別のプログラムを動かす、ネットワークにつなぐ）をしようとしたので、実行される前に止めました（シグナル {signal}）。映像に悪意のある仕掛けがあるかもしれません",
        .mediaHelperExited: "映像を読むための補助プログラムが結果を返さずに終わりました（終了コード {status}）",
        .mediaHelperTimedOut: "映像の読み取りが {seconds} 秒を超えたため止めました。映像が壊れているか、悪意のあるものかもしれません",
        .mediaHelperProtocol: "映像を読むための補助プログラムが決められたやり取りから外れたため止めました（{reason}）",
        .optExportPlayable: "普通の再生ソフトで開けない映像について、再生できる作業用コピー（MP4/MOV。再エンコードせず中身をそのまま詰め替えたもの）も data/playable/ に加えます。",
        .exportPlayableWrote: "作業用コピー {copy}（元: {master}）",
        .exportPlayableFailed: "{path}: 再生用の作業コピーを作れませんでした: {reason}",
    ]
}
