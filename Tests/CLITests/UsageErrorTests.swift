import Foundation
import Testing
import TestSupport

/// A usage error a command finds itself while running (handover's missing field) shows that
/// command's usage and help hint, as a parse error does, not the root's.
@Suite(.requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
struct UsageErrorTests {
    @Test func aFieldACommandChecksNamesThatCommand() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let bag = cli.home.path("bag")
        try VerifyCommandTests.makeBag(bag)
        let r = try cli.run(["handover", bag, "--out", cli.home.path("r.html")])
        #expect(r.status == 2)
        #expect(r.stderrText.contains("--agency"), "\(r.stderrText)")
        #expect(r.stderrText.contains("Usage: sdcustody handover "), "\(r.stderrText)")
        #expect(r.stderrText.contains("sdcustody handover --help"), "\(r.stderrText)")
        #expect(!r.stderrText.contains("<subcommand>"), "\(r.stderrText)")
        let ja = try cli.run(["handover", bag, "--out", cli.home.path("r.html")], environment: ["LANG": "ja_JP.UTF-8"])
        #expect(ja.status == 2 && ja.stderrText.contains("使い方: sdcustody handover "), "\(ja.stderrText)")
    }
}
