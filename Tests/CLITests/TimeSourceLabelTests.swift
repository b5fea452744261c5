import Foundation
import Testing
import TestSupport

/// `ls`'s "where the time came from" column: codes in English (the README explains them), words
/// in Japanese; `--json` keeps the codes in every language.
@Suite(.requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
struct TimeSourceLabelTests {
    @Test func theColumnSpeaksTheReadersLanguage() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let image = cli.home.path("card.img")
        let gz = TestEnvironment.samples.appendingPathComponent("fat32-mbr.img.gz").path
        #expect(try runProcess(["sh", "-c", "gzip -dc \"$0\" > \"$1\"", gz, image]).status == 0)
        let en = try cli.run(["ls", image], environment: ["LANG": "C.UTF-8"])
        #expect(en.stdoutText.contains("mp4_mvhd") && en.stdoutText.contains("file_name"), "\(en.stdoutText)")
        let ja = try cli.run(["ls", image], environment: ["LANG": "ja_JP.UTF-8"])
        #expect(ja.stdoutText.contains("映像の記録（mvhd）") && ja.stdoutText.contains("ファイル名"), "\(ja.stdoutText)")
        #expect(!ja.stdoutText.contains("mp4_mvhd") && !ja.stdoutText.contains("filesystem_modified"), "\(ja.stdoutText)")
        let json = try cli.run(["ls", image, "--json"], environment: ["LANG": "ja_JP.UTF-8"])
        #expect(json.stdoutText.contains("\"time_source\": \"mp4_mvhd\""), "\(json.stdoutText.prefix(400))")
    }
}
