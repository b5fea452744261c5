import BagIt
import Foundation
import Testing
import TestSupport

/// `sdcustody verify DIR [--json]` end to end through the built binary: exit 0 valid,
/// 1 invalid (naming each problem file), 2 not a bag.
@Suite struct VerifyCommandTests {
    static func makeBag(_ path: String) throws {
        let writer = try BagWriter(destination: path, softwareAgent: "sdcustody-test")
        try writer.addFile(relativePath: "card/DCIM/A.MP4", contents: Array(repeating: 7, count: 5000))
        try writer.addFile(relativePath: "card/DCIM/B.MP4", contents: Array(repeating: 8, count: 100))
        try writer.finish()
        _ = try runProcess(["chmod", "-R", "u+w", path])
    }

    @Test(.requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
    func exitCodesAndJSON() throws {
        let binary = try #require(TestEnvironment.sdcustodyBinary).path
        let tmp = try TemporaryDirectory("verify-cli")
        defer { tmp.remove() }
        let bag = tmp.path("bag")
        try Self.makeBag(bag)

        let ok = try runProcess([binary, "verify", bag])
        #expect(ok.status == 0, "\(ok.stderrText)")
        #expect(ok.stdoutText.contains("valid: 2 payload files"))

        let okJSON = try runProcess([binary, "verify", bag, "--json"])
        #expect(okJSON.status == 0)
        let okObject = try #require(try JSONSerialization.jsonObject(with: okJSON.stdout) as? [String: Any])
        #expect(okObject["verdict"] as? String == "valid")
        #expect((okObject["problems"] as? [Any])?.isEmpty == true)

        // Change one, delete one, add one.
        try Data(repeating: 9, count: 5000).write(to: URL(fileURLWithPath: bag + "/data/card/DCIM/A.MP4"))
        try FileManager.default.removeItem(atPath: bag + "/data/card/DCIM/B.MP4")
        try Data("x".utf8).write(to: URL(fileURLWithPath: bag + "/data/card/DCIM/C.MP4"))

        let bad = try runProcess([binary, "verify", bag])
        #expect(bad.status == 1, "\(bad.stderrText)")
        #expect(bad.stdoutText.contains("changed: \"data/card/DCIM/A.MP4\""))
        #expect(bad.stdoutText.contains("missing: \"data/card/DCIM/B.MP4\""))
        #expect(bad.stdoutText.contains("extra: \"data/card/DCIM/C.MP4\""))
        #expect(bad.stdoutText.split(separator: "\n").last?.contains("invalid") == true)
        #expect(bad.stderrText.split(separator: "\n").count == 1)

        let badJSON = try runProcess([binary, "verify", "--json", bag])
        #expect(badJSON.status == 1)
        let badObject = try #require(try JSONSerialization.jsonObject(with: badJSON.stdout) as? [String: Any])
        #expect(badObject["verdict"] as? String == "invalid")
        let problems = try #require(badObject["problems"] as? [[String: Any]])
        let kinds = Set(problems.compactMap { p -> String? in
            guard let kind = p["kind"] as? String, let path = p["path"] as? String else { return nil }
            return "\(kind) \(path)"
        })
        #expect(kinds.contains("changed data/card/DCIM/A.MP4"))
        #expect(kinds.contains("missing data/card/DCIM/B.MP4"))
        #expect(kinds.contains("extra data/card/DCIM/C.MP4"))
        #expect(problems.contains { $0["algorithm"] as? String == "sha256" })

        let notBag = try runProcess([binary, "verify", tmp.path("nowhere")])
        #expect(notBag.status == 2)
        #expect(!notBag.stderrText.isEmpty)
        let notBagJSON = try runProcess([binary, "verify", "--json", tmp.url.path])
        #expect(notBagJSON.status == 2)
        let notBagObject = try #require(try JSONSerialization.jsonObject(with: notBagJSON.stdout) as? [String: Any])
        #expect(notBagObject["verdict"] as? String == "not-a-bag")

        let usage = try runProcess([binary, "verify"])
        #expect(usage.status == 2)
    }
}
