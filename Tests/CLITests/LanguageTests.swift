import Foundation
import Testing
import TestSupport

/// The language of human output: the locale, `SDCUSTODY_LANG`, `--lang`; exit statuses and
/// `--json` stay the same in every language.
@Suite(.requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
struct LanguageTests {
    @Test func verifySpeaksTheLocalesLanguageAndExitsTheSame() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let bag = cli.home.path("bag")
        try VerifyCommandTests.makeBag(bag)

        let ja = try cli.run(["verify", bag], environment: ["LANG": "ja_JP.UTF-8"])
        #expect(ja.status == 0, "\(ja.stderrText)")
        #expect(ja.stdoutText.contains("正常: ファイル 2 件"), "\(ja.stdoutText)")
        #expect(!ja.stdoutText.contains("valid"))

        let en = try cli.run(["verify", bag], environment: ["LANG": "C.UTF-8"])
        #expect(en.status == 0)
        #expect(en.stdoutText.contains("valid: 2 payload files"))

        // --lang wins over the locale, anywhere on the command line.
        let forced = try cli.run(["verify", "--lang", "en", bag], environment: ["LANG": "ja_JP.UTF-8"])
        #expect(forced.stdoutText.contains("valid: 2 payload files"))
        let forcedJa = try cli.run(["--lang=ja", "verify", bag], environment: ["LANG": "C.UTF-8"])
        #expect(forcedJa.stdoutText.contains("正常"))

        // JSON is for machines: the same keys and codes in every language.
        let jsonJa = try cli.run(["verify", bag, "--json"], environment: ["LANG": "ja_JP.UTF-8"])
        let object = try #require(try JSONSerialization.jsonObject(with: jsonJa.stdout) as? [String: Any])
        #expect(object["verdict"] as? String == "valid")

        // A changed file: exit 1 in both languages, the error line in the chosen one.
        try Data("x".utf8).write(to: URL(fileURLWithPath: bag + "/data/card/DCIM/B.MP4"))
        let badJa = try cli.run(["verify", bag], environment: ["LANG": "ja_JP.UTF-8"])
        let badEn = try cli.run(["verify", bag])
        #expect(badJa.status == 1 && badEn.status == 1)
        #expect(badJa.stderrText.hasPrefix("sdcustody: エラー: "), "\(badJa.stderrText)")
        #expect(badEn.stderrText.hasPrefix("sdcustody: error: "))

        // Not a bag: exit 2 in both.
        #expect(try cli.run(["verify", cli.home.path("nothing")], environment: ["LANG": "ja_JP.UTF-8"]).status == 2)
        #expect(try cli.run(["verify", cli.home.path("nothing")]).status == 2)
        // A --lang value that is neither ja nor en is bad usage.
        #expect(try cli.run(["verify", bag, "--lang", "fr"]).status == 2)
    }
}

extension LanguageTests {
    /// Every command's error path, in both languages: the same exit status, one line on stderr
    /// with the language's prefix.
    @Test(arguments: [
        ["info", "/nonexistent/card.img"],
        ["ls", "/nonexistent/card.img"],
        ["cat", "/nonexistent/card.img", "A.MP4"],
        ["acquire", "/nonexistent/card.img", "--out", "IMAGE"],
        ["export", "/nonexistent/card.img", "--out", "BAG", "--case", "K", "--exhibit", "E"],
        ["verify", "/nonexistent/bag"],
        ["encrypt", "/nonexistent/file", "--out", "OUT", "--recipient", "age1notarecipient"],
        ["decrypt", "/nonexistent/file.age", "--out", "OUT", "--passphrase-file", "/nonexistent/pass"],
        ["seal", "/nonexistent/bag", "--out", "OUT.age", "--recipient", "age1notarecipient"],
        ["unseal", "/nonexistent/file.age", "--out", "DIR", "--passphrase-file", "/nonexistent/pass"],
        ["log", "show", "--log", "/nonexistent/access.jsonl"],
        ["log", "verify", "--log", "/nonexistent/access.jsonl"],
        ["log", "head", "--log", "/nonexistent/access.jsonl"],
        ["clock", "--camera", "C", "--camera-time", "2000-01-01 00:00", "--reference-time", "2026-11-21 10:00", "--reference", "GPS"],
        ["keygen", "--out", "/nonexistent/folder/key.txt"],
    ])
    func errorPathsInBothLanguages(arguments: [String]) throws {
        let cli = try CLI()
        defer { cli.remove() }
        let args = arguments.map { ["IMAGE", "BAG", "OUT", "OUT.age", "DIR"].contains($0) ? cli.home.path($0) : $0 }
        let en = try cli.run(args, environment: ["LANG": "C.UTF-8"])
        let ja = try cli.run(args, environment: ["LANG": "ja_JP.UTF-8"])
        #expect(en.status == 2, "\(args): \(en.stderrText)")
        #expect(ja.status == en.status)
        let enLines = en.stderrText.split(separator: "\n")
        let jaLines = ja.stderrText.split(separator: "\n")
        #expect(enLines.last?.hasPrefix("sdcustody: error: ") == true, "\(en.stderrText)")
        #expect(jaLines.last?.hasPrefix("sdcustody: エラー: ") == true, "\(ja.stderrText)")
    }
}
