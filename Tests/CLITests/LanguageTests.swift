import Foundation
@testable import Messages
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

/// The officer's path under a Japanese locale: info, ls of a window, export, verify, seal,
/// unseal, log verify, handover and the provisions register. Their human output holds none of the English words of the tool's own
/// messages (names, paths, hashes, commands and standard names aside, which the English and the
/// Japanese catalogue share); under C.UTF-8 the same run speaks English; the statuses are the same.
@Suite(.requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
struct OfficersPathLanguageTests {
    static func words(_ text: String) -> Set<String> {
        var out = Set<String>(), word = ""
        for ch in text.unicodeScalars {
            if ("a"..."z").contains(ch) || ("A"..."Z").contains(ch) { word.unicodeScalars.append(ch) } else {
                if word.count >= 4 { out.insert(word) }
                word = ""
            }
        }
        if word.count >= 4 { out.insert(word) }
        return out
    }

    /// The words our English messages use and our Japanese ones do not.
    static var englishOnlyWords: Set<String> {
        var english = Set<String>(), japanese = Set<String>()
        for text in Catalog.english.values { english.formUnion(words(text)) }
        for text in Catalog.japanese.values { japanese.formUnion(words(text)) }
        return english.subtracting(japanese)
    }

    func run(_ cli: CLI, _ lang: String, in dir: String) throws -> (text: String, statuses: [Int32]) {
        let env = ["LANG": lang, "SDCUSTODY_OPERATOR": "佐藤"]
        let image = dir + "/card.img"
        try "pass-phrase-x\n".write(toFile: dir + "/pp", atomically: true, encoding: .utf8)
        let steps: [[String]] = [
            ["info", image],
            ["ls", image, "--from", "2026-11-20 21:30", "--to", "2026-11-20 21:40"],
            ["export", image, "--out", dir + "/bag", "--case", "K-1", "--exhibit", "E-1", "--from", "2026-11-20 21:30", "--to", "2026-11-20 21:40"],
            ["verify", dir + "/bag"],
            ["seal", dir + "/bag", "--out", dir + "/bag.age", "--passphrase-file", dir + "/pp", "--work-factor", "10"],
            ["unseal", dir + "/bag.age", "--out", dir + "/o", "--passphrase-file", dir + "/pp"],
            ["verify", dir + "/bag.age"],
            ["log", "verify"],
            ["handover", dir + "/bag", "--out", dir + "/kiroku.html", "--original", "kept"] + HandoverCommandTests.fields,
            ["log", "register", "provisions"],
        ]
        var text = "", statuses: [Int32] = []
        for step in steps {
            let r = try cli.run(step, environment: env)
            text += r.stdoutText + r.stderrText
            statuses.append(r.status)
        }
        return (text, statuses)
    }

    @Test func japaneseOutputHasNoEnglishWordsOfOurOwn() throws {
        let gz = TestEnvironment.samples.appendingPathComponent("fat32-mbr.img.gz").path
        var results: [String: (text: String, statuses: [Int32])] = [:]
        for lang in ["ja_JP.UTF-8", "C.UTF-8"] {
            let cli = try CLI()
            defer { cli.remove() }
            let dir = cli.home.path("w")
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            #expect(try runProcess(["sh", "-c", "gzip -dc \"$0\" > \"$1\"", gz, dir + "/card.img"]).status == 0)
            results[lang] = try run(cli, lang, in: dir)
        }
        let ja = try #require(results["ja_JP.UTF-8"]), en = try #require(results["C.UTF-8"])
        #expect(ja.statuses == en.statuses)
        #expect(ja.statuses.allSatisfy { $0 == 0 }, "\(ja.statuses): \(ja.text)")
        // The case and exhibit are the bag's own data (External-Identifier `case K-1, exhibit E-1`).
        let data: Set<String> = ["case", "exhibit"]
        let leaked = Self.words(ja.text).intersection(Self.englishOnlyWords).subtracting(data)
        #expect(leaked.isEmpty, "English words in the Japanese output: \(leaked.sorted())")
        // The check is not vacuous: the English run uses those words.
        #expect(Self.words(en.text).intersection(Self.englishOnlyWords).count > 20)
    }
}

/// The errors of the lower layers (a source too small to be a card, a tampered bag, a bad time,
/// an option the parser does not know, an output that exists) in Japanese: every line the user
/// reads is in the catalogue's Japanese, none of the English catalogue's own words leaks, and the
/// exit statuses are the English run's.
@Suite(.requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
struct LowerLayerErrorLanguageTests {
    @Test func lowerLayerErrorsSpeakJapanese() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let tiny = cli.home.path("tiny.img")
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: tiny))
        let bag = cli.home.path("bag")
        try VerifyCommandTests.makeBag(bag)
        try Data("x".utf8).write(to: URL(fileURLWithPath: bag + "/data/card/DCIM/B.MP4"))
        try Data("extra".utf8).write(to: URL(fileURLWithPath: bag + "/data/z9.txt"))
        let existing = cli.home.path("key.txt")
        try Data("taken".utf8).write(to: URL(fileURLWithPath: existing))
        let cases: [[String]] = [
            ["ls", tiny], ["info", tiny], ["verify", bag],
            ["ls", tiny, "--from", "2026-13-01"], ["ls", tiny, "--bogus"], ["ls"],
            ["keygen", "--out", existing], ["acquire", tiny, "--out", cli.home.path("x.img"), "--hash", "crc"],
        ]
        let englishOnly = OfficersPathLanguageTests.englishOnlyWords
        for args in cases {
            let ja = try cli.run(args, environment: ["LANG": "ja_JP.UTF-8"])
            let en = try cli.run(args, environment: ["LANG": "C.UTF-8"])
            #expect(ja.status == en.status && ja.status != 0, "\(args): \(ja.status) \(en.status)")
            // The usage line is the parser's syntax, which stays as it prints it.
            let readable = ja.stdoutText + ja.stderrText.split(separator: "\n").filter { !$0.hasPrefix("Usage: ") && !$0.hasPrefix("使い方: ") }.joined(separator: "\n")
            let leaked = OfficersPathLanguageTests.words(readable).intersection(englishOnly)
            #expect(leaked.isEmpty, "\(args): English words \(leaked.sorted()) in: \(readable)")
            #expect(ja.stderrText.contains("sdcustody: エラー: "), "\(args): \(ja.stderrText)")
            #expect(en.stderrText.contains("sdcustody: error: "), "\(args): \(en.stderrText)")
        }
    }
}

/// `--lang` is taken out before parsing, so the parser cannot list it: every command's help lists
/// it all the same, in the help's language.
@Suite(.requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
struct LanguageOptionHelpTests {
    @Test(arguments: ["info", "ls", "cat", "acquire", "export", "verify", "keygen", "encrypt", "decrypt", "seal",
                      "unseal", "clock", "audit"])
    func helpListsLang(command: String) throws {
        let cli = try CLI()
        defer { cli.remove() }
        let en = try cli.run([command, "--help"], environment: ["LANG": "C.UTF-8"])
        let ja = try cli.run([command, "--help"], environment: ["LANG": "ja_JP.UTF-8"])
        #expect(en.status == 0 && ja.status == 0)
        #expect(en.stdoutText.contains("--lang <ja|en>") && en.stdoutText.contains("Language of the messages"), "\(en.stdoutText)")
        #expect(ja.stdoutText.contains("--lang <ja|en>") && ja.stdoutText.contains("メッセージの言語"), "\(ja.stdoutText)")
    }
}
