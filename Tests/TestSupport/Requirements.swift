import Foundation
import Testing

/// What a test needs and this machine lacks. Thrown (so recorded as a failing issue) only under
/// `CI=true`; elsewhere the test is skipped with `skipReason`. The rule is described on
/// `TestEnvironment`.
public struct MissingRequirement: Error, CustomStringConvertible, Sendable {
    /// What is missing, e.g. "fls, icat" or "the shared test data (age-testkit)".
    public let missing: String
    /// How CI gets it.
    public let remedy: String

    public init(_ missing: String, remedy: String = "tools/setup installs the test tools") {
        self.missing = missing
        self.remedy = remedy
    }

    static func tools(_ names: [String]) -> MissingRequirement { MissingRequirement(names.joined(separator: ", ")) }

    static func shared(_ subpath: String?) -> MissingRequirement {
        MissingRequirement(TestEnvironment.sharedDescription(subpath),
                           remedy: "put shared/testdata beside the checkout or above it, or set SDCUSTODY_SHARED")
    }

    public var description: String {
        "CI=true and \(missing) is missing, so this test fails instead of skipping (\(remedy); unset CI to skip)"
    }

    public var skipReason: String { "needs \(missing)" }
}

extension TestEnvironment {
    /// True when the environment says `CI=true`: a missing requirement then fails instead of skipping.
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Tools some tests use that tools/setup does not install: their absence skips even under CI.
    /// Add the package to tools/setup and remove the name here to make their absence fail CI.
    public static let notInstalledBySetup: Set<String> = ["openssl"]

    /// The tools among `tools` that are not on PATH (nor in the usual sbin folders).
    public static func missing(_ tools: [String]) -> [String] { tools.filter { which($0) == nil } }

    /// The missing requirement among `tools`, or nil when all are there. Under CI a tool in
    /// `notInstalledBySetup` counts as missing only for the skip, never as a failure.
    static func check(tools: [String]) -> (missing: [String], fails: Bool) {
        let absent = missing(tools)
        return (absent, isCI && absent.contains { !notInstalledBySetup.contains($0) })
    }

    static func sharedTestData(_ subpath: String?) -> URL? {
        guard let root = sharedTestData else { return nil }
        guard let subpath, !subpath.isEmpty else { return root }
        let url = root.appendingPathComponent(subpath)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    static func sharedDescription(_ subpath: String?) -> String {
        "the shared test data (../shared/testdata\(subpath.map { "/" + $0 } ?? ""))"
    }

    /// Inside a test body: returns when every tool is there; otherwise fails the test under CI
    /// (throws `MissingRequirement`) or skips the rest of it (cancels the test, with the reason).
    public static func require(tools: String..., sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (absent, fails) = check(tools: tools)
        if absent.isEmpty { return }
        let missing = MissingRequirement.tools(absent)
        if fails { throw missing }
        try Test.cancel(Comment(rawValue: missing.skipReason), sourceLocation: sourceLocation)
    }

    /// Inside a test body: the shared test data folder (or `subpath` in it); when absent, fails the
    /// test under CI or skips the rest of it.
    public static func requireSharedTestData(_ subpath: String? = nil,
                                             sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
        if let url = sharedTestData(subpath) { return url }
        let missing = MissingRequirement.shared(subpath)
        if isCI { throw missing }
        try Test.cancel(Comment(rawValue: missing.skipReason), sourceLocation: sourceLocation)
    }

    /// For an optional extra comparison inside a test that has already checked something: true
    /// when every tool is there. When one is missing it records an issue under CI (the test fails,
    /// the rest of it still runs) or prints why the comparison was left out, and returns false.
    public static func available(_ tools: String..., sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        available(tools, sourceLocation: sourceLocation)
    }

    public static func available(_ tools: [String], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let (absent, fails) = check(tools: tools)
        if absent.isEmpty { return true }
        let missing = MissingRequirement.tools(absent)
        if fails {
            Issue.record(Comment(rawValue: missing.description), sourceLocation: sourceLocation)
        } else {
            print("skipped a comparison at \(sourceLocation): \(missing.skipReason)")
        }
        return false
    }

    /// The shared test data folder (or `subpath` in it) for an optional extra check: when absent,
    /// records an issue under CI or prints why the check was left out, and returns nil.
    public static func availableSharedTestData(_ subpath: String? = nil,
                                               sourceLocation: SourceLocation = #_sourceLocation) -> URL? {
        if let url = sharedTestData(subpath) { return url }
        let missing = MissingRequirement.shared(subpath)
        if isCI {
            Issue.record(Comment(rawValue: missing.description), sourceLocation: sourceLocation)
        } else {
            print("skipped a check at \(sourceLocation): \(missing.skipReason)")
        }
        return nil
    }
}

extension Trait where Self == ConditionTrait {
    /// The test (or every test of the suite) needs these programs: skipped without them, failed
    /// under `CI=true` (unless a tool is one tools/setup does not install, see
    /// `TestEnvironment.notInstalledBySetup`).
    public static func requires(_ tools: String..., sourceLocation: SourceLocation = #_sourceLocation) -> Self {
        requires(tools: tools, sourceLocation: sourceLocation)
    }

    public static func requires(tools: [String], sourceLocation: SourceLocation = #_sourceLocation) -> Self {
        let reason = "needs \(tools.joined(separator: ", "))"
        return .enabled(Comment(rawValue: reason), sourceLocation: sourceLocation) {
            let (absent, fails) = TestEnvironment.check(tools: tools)
            if absent.isEmpty { return true }
            if fails { throw MissingRequirement.tools(absent) }
            return false
        }
    }

    /// The test needs the shared test data (`subpath` names a folder or file in it, which must
    /// exist too): skipped without it, failed under `CI=true`.
    public static func requiresSharedTestData(_ subpath: String? = nil,
                                              sourceLocation: SourceLocation = #_sourceLocation) -> Self {
        let missing = MissingRequirement.shared(subpath)
        return .enabled(Comment(rawValue: missing.skipReason), sourceLocation: sourceLocation) {
            if TestEnvironment.sharedTestData(subpath) != nil { return true }
            if TestEnvironment.isCI { throw missing }
            return false
        }
    }

    /// The test needs something else CI provides (e.g. "the built sdcustody binary", which
    /// tools/test builds): skipped when `available` is false, failed under `CI=true`.
    public static func requires(_ what: String, available: @autoclosure @escaping @Sendable () -> Bool,
                                sourceLocation: SourceLocation = #_sourceLocation) -> Self {
        .enabled(Comment(rawValue: "needs \(what)"), sourceLocation: sourceLocation) {
            if available() { return true }
            if TestEnvironment.isCI { throw MissingRequirement(what, remedy: "tools/test provides it") }
            return false
        }
    }
}
