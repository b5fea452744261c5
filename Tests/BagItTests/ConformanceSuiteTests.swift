import Foundation
import Testing
import TestSupport
@testable import BagIt

/// The Library of Congress BagIt conformance suite: every bag under `*/valid` must validate and
/// every bag under `*/invalid` (and the POSIX-relevant `linux-only`, `windows-only`) must not.
@Suite struct ConformanceSuiteTests {
    static let suite: URL? = TestEnvironment.sharedTestData?.appendingPathComponent("bagit-conformance")

    static func bags(_ folders: [String]) -> [String] {
        guard let suite else { return [] }
        var out: [String] = []
        for version in ["v1.0", "v0.97"] {
            for folder in folders {
                let dir = suite.appendingPathComponent(version).appendingPathComponent(folder)
                let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
                for name in names.sorted() {
                    var isDir: ObjCBool = false
                    if FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path, isDirectory: &isDir), isDir.boolValue {
                        out.append("\(version)/\(folder)/\(name)")
                    }
                }
            }
        }
        return out
    }

    static func path(_ bag: String) -> String {
        (suite?.appendingPathComponent(bag).path) ?? bag
    }

    @Test(.requiresSharedTestData("bagit-conformance"),
          arguments: bags(["valid"]))
    func validBagValidates(bag: String) {
        let report = BagValidator().validate(Self.path(bag))
        #expect(report.verdict == .valid, "\(bag) should be valid: \(report.problems.map(\.description))")
    }

    @Test(.requiresSharedTestData("bagit-conformance"),
          arguments: bags(["invalid", "linux-only", "windows-only"]))
    func invalidBagIsRejected(bag: String) {
        let report = BagValidator().validate(Self.path(bag))
        #expect(report.verdict != .valid, "\(bag) should be rejected")
        #expect(!report.problems.isEmpty)
    }

    /// Warning bags: those that are complete on Linux must validate with a warning; the others
    /// (a name listed in two cases, a .DS_Store lost from the checkout) are incomplete here.
    @Test(.requiresSharedTestData("bagit-conformance"),
          arguments: [
            ("made-with-md5sum-tools", true), ("relative-path", true),
            ("same-filename-listed-twice-with-different-normalization", true),
            ("same-filename-listed-twice-with-the-same-hash", true),
            ("duplicate-file-with-different-case", false), ("special-system-files", false),
          ])
    func warningBag(name: String, valid: Bool) {
        let report = BagValidator().validate(Self.path("v0.97/warning/\(name)"))
        #expect((report.verdict == .valid) == valid, "\(name): \(report.problems.map(\.description))")
        #expect(!report.warnings.isEmpty, "\(name) should warn")
    }

    /// The parameterized tests above would pass with no bags at all: the suite must hold some.
    @Test(.requiresSharedTestData("bagit-conformance"))
    func suiteIsThere() {
        #expect(Self.bags(["valid"]).count >= 10, "\(Self.bags(["valid"]))")
        #expect(Self.bags(["invalid"]).count >= 10, "\(Self.bags(["invalid"]))")
    }

    @Test(.requiresSharedTestData("bagit-conformance"))
    func namedProblems() {
        let corrupt = BagValidator().validate(Self.path("v0.97/invalid/corrupt-data-file"))
        #expect(corrupt.problems.contains { if case .changed = $0 { return true } else { return false } })
        let extra = BagValidator().validate(Self.path("v0.97/invalid/extra-file-in-bag"))
        #expect(extra.problems.contains(.extra(path: "data/bar")))
        let noBagit = BagValidator().validate(Self.path("v0.97/invalid/missing-bagit.txt"))
        #expect(noBagit.verdict == .notABag)
        let notAll = BagValidator().validate(Self.path("v1.0/invalid/notAllManifestsListAllFiles"))
        #expect(notAll.problems.contains(.extra(path: "data/missingFromManifest.txt")))
    }
}
