import Foundation
import Testing
import TestSupport

/// What people meet when something is wrong: a changed access log, a broken bag, a damaged
/// sealed file, a cut-off card image. Under a Japanese locale the reasons the lower modules give
/// (log checks, BagIt checks, age, FAT) are Japanese too, not only the line around them; the exit
/// statuses are those of the English run.
@Suite(.requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
struct DamagedInputLanguageTests {
    /// English words of our own catalogue in `text` (names, paths and standard terms aside).
    static func englishWords(_ text: String) -> Set<String> {
        OfficersPathLanguageTests.words(text).intersection(OfficersPathLanguageTests.englishOnlyWords)
    }

    func both(_ cli: CLI, _ args: [String]) throws -> (ja: ProcessResult, en: ProcessResult) {
        (try cli.run(args, environment: ["LANG": "ja_JP.UTF-8"]), try cli.run(args, environment: ["LANG": "C.UTF-8"]))
    }

    @Test func damagedInputIsExplainedInJapanese() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let dir = cli.home.path("w")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let gz = TestEnvironment.samples.appendingPathComponent("fat32-mbr.img.gz").path
        #expect(try runProcess(["sh", "-c", "gzip -dc \"$0\" > \"$1\"", gz, dir + "/card.img"]).status == 0)
        try "pass-phrase-x\n".write(toFile: dir + "/pp", atomically: true, encoding: .utf8)
        #expect(try cli.run(["export", dir + "/card.img", "--out", dir + "/bag", "--case", "K", "--exhibit", "E"]).status == 0)
        #expect(try cli.run(["seal", dir + "/bag", "--out", dir + "/bag.age", "--passphrase-file", dir + "/pp", "--work-factor", "10"]).status == 0)

        // A bag whose bagit.txt lost a line.
        try "BagIt-Version: 1.0\n".write(toFile: dir + "/bag/bagit.txt", atomically: true, encoding: .utf8)
        let bagRun = try both(cli, ["verify", dir + "/bag"])

        // A sealed file cut short: the last chunk is missing.
        let sealed = try Data(contentsOf: URL(fileURLWithPath: dir + "/bag.age"))
        try sealed.prefix(sealed.count - 100).write(to: URL(fileURLWithPath: dir + "/cut.age"))
        let cutRun = try both(cli, ["decrypt", dir + "/cut.age", "--out", dir + "/cut.tar", "--passphrase-file", dir + "/pp"])

        // A card image cut off after its first 8 MiB: the FAT module's warnings.
        let image = try Data(contentsOf: URL(fileURLWithPath: dir + "/card.img"))
        try image.prefix(8 << 20).write(to: URL(fileURLWithPath: dir + "/cut.img"))
        let cardRun = try both(cli, ["info", dir + "/cut.img"])

        // Last, since no command runs on a changed log: a changed access log: entry 2 claims another sequence number.
        var log = try String(contentsOfFile: cli.log, encoding: .utf8)
        log = log.replacingOccurrences(of: "\"seq\":2,", with: "\"seq\":3,")
        try log.write(toFile: cli.log, atomically: true, encoding: .utf8)
        let logRun = try both(cli, ["log", "verify"])

        for (name, run) in [("log verify", logRun), ("verify", bagRun), ("decrypt", cutRun), ("info", cardRun)] {
            #expect(run.ja.status == run.en.status, "\(name): \(run.ja.stderrText)")
            let ja = run.ja.stdoutText + run.ja.stderrText, en = run.en.stdoutText + run.en.stderrText
            #expect(Self.englishWords(ja).subtracting(["decrypt"]).isEmpty, "\(name): \(Self.englishWords(ja).sorted()) in \(ja)")
            #expect(!Self.englishWords(en).isEmpty, "\(name): the English run should speak English: \(en)")
        }
        #expect(logRun.ja.status == 1 && bagRun.ja.status == 1)
        #expect(logRun.ja.stderrText.contains("書き換えられています"), "\(logRun.ja.stderrText)")
        #expect((bagRun.ja.stdoutText + bagRun.ja.stderrText).contains("2 行でなければなりません"), "\(bagRun.ja.stdoutText)")
        #expect(cardRun.ja.stdoutText.contains("途中で切れています") || cardRun.ja.stderrText.contains("途中で切れています"),
                "\(cardRun.ja.stdoutText)\(cardRun.ja.stderrText)")
    }
}
