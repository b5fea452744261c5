import Foundation

/// Where tests find the package, the shared public test data and the external tools they compare
/// against.
///
/// The rule for something a test needs but this machine lacks (see Requirements.swift):
/// - On a user's machine (`CI` unset, or anything but `true`) the test is skipped, and the skip
///   says what is missing (`swift test` prints `skipped: "needs fls, icat"`).
/// - Under `CI=true` the test is NOT skipped: it fails with an issue naming what is missing,
///   because CI runs tools/setup, which installs every comparison tool (sleuthkit, mtools,
///   dosfstools, exfatprogs, exfat-fuse, fuse3, fdisk, age, ffmpeg, exiftool, strace, dc3dd, jq,
///   python3, e2fsprogs, ntfs-3g, util-linux, bagit.py), and places the shared test data beside
///   the checkout. A skip there would let a test pass without checking anything.
/// - Conditions that tools/setup cannot provide (running as root, a working /dev/fuse, a FUSE
///   mount succeeding, an opt-in variable) stay plain `.enabled(if:)` traits or in-body skips
///   and skip under CI too. Put them BEFORE the `.requires…` traits: traits are evaluated in
///   order and the first false one skips.
/// - Tools tests use that tools/setup does not install are listed in `notInstalledBySetup`;
///   they skip under CI as well, until tools/setup installs them.
///
/// Declare needs with the traits `.requires("fls", "icat")`, `.requiresSharedTestData("age-testkit")`
/// and `.requires("the built sdcustody binary", available: …)`; inside a test body use
/// `try TestEnvironment.require(tools:)` / `try TestEnvironment.requireSharedTestData(_:)` (skip
/// or fail the rest of the test) or `TestEnvironment.available(_:)` for an optional extra
/// comparison. Do not call `which`/`have` in a condition directly.
public enum TestEnvironment {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    /// The shared public test data, or nil where it is absent (as on a user's machine). Looked for
    /// at `$SDCUSTODY_SHARED/testdata` when that variable is set (and only there), otherwise at
    /// `shared/testdata` in the package root's parent folder and each folder above it, so both a
    /// plain clone (`<dir>/sdcustody` beside `<dir>/shared`) and a worktree nested one level
    /// deeper (`/work/wt/tests` with `/work/shared`) find it.
    public static let sharedTestData: URL? = {
        let fm = FileManager.default
        if let root = ProcessInfo.processInfo.environment["SDCUSTODY_SHARED"], !root.isEmpty {
            let url = URL(fileURLWithPath: root).appendingPathComponent("testdata")
            return fm.fileExists(atPath: url.path) ? url.standardizedFileURL : nil
        }
        var dir = packageRoot.standardizedFileURL.deletingLastPathComponent()
        while true {
            let url = dir.appendingPathComponent("shared/testdata")
            if fm.fileExists(atPath: url.path) { return url }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
        }
    }()

    public static var haveSharedTestData: Bool { sharedTestData != nil }

    /// The bundled samples folder.
    public static var samples: URL { packageRoot.appendingPathComponent("samples") }

    /// Full path of an executable on PATH, or nil.
    public static func which(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        // Without the map, `+` infers [[Character]] and every candidate path is garbage.
        for dir in path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/local/bin", "/usr/bin", "/bin"] {
            let candidate = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public static func have(_ tools: String...) -> Bool { tools.allSatisfy { which($0) != nil } }

    /// The system's python3 (Debian's /usr/bin/python3, whose standard library the helper
    /// scripts rely on) in preference to whatever python3 comes first on PATH (a pyenv shim, say).
    public static var python3: String? {
        let system = "/usr/bin/python3"
        return FileManager.default.isExecutableFile(atPath: system) ? system : which("python3")
    }

    /// A data folder for programs the tests run without naming a log (one per test process,
    /// removed when it exits: `ProcessScratch`).
    public static let scratchDataHome: String = {
        (try? ProcessScratch.folder("test-data").path)
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("sdcustody-test-data-\(getpid())").path
    }()

    /// The built `sdcustody` binary next to the test bundle, for end-to-end tests.
    public static var sdcustodyBinary: URL? { builtExecutable("sdcustody") }

    /// The test-only `log-append-test` tool (Tests/Tools/LogAppendTest), built beside sdcustody.
    public static var logAppendTestBinary: URL? { builtExecutable("log-append-test") }

    /// An executable of this package, built next to the test bundle.
    public static func builtExecutable(_ name: String) -> URL? {
        // The test bundle lives in .build/<triple>/debug/; the executable sits beside it.
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let fallback = packageRoot.appendingPathComponent(".build/debug/" + name)
        return FileManager.default.isExecutableFile(atPath: fallback.path) ? fallback : nil
    }
}

/// The outcome of running a program.
public struct ProcessResult {
    public var status: Int32
    public var stdout: Data
    public var stderr: Data
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs `argv` to completion, with `environment` added to ours, and collects its output.
@discardableResult
public func runProcess(_ argv: [String], environment: [String: String] = [:], stdin: Data? = nil,
                       currentDirectory: URL? = nil) throws -> ProcessResult {
    let p = Process()
    let exe = argv[0].contains("/") ? argv[0] : (TestEnvironment.which(argv[0]) ?? argv[0])
    p.executableURL = URL(fileURLWithPath: exe)
    p.arguments = Array(argv.dropFirst())
    var env = ProcessInfo.processInfo.environment
    // The tests' programs speak English unless a test asks otherwise: a developer's Japanese
    // locale must not change what the English assertions see.
    for name in ["SDCUSTODY_LANG", "LC_ALL", "LC_MESSAGES"] { env.removeValue(forKey: name) }
    env["LANG"] = "C.UTF-8"
    // Nor may a test's run of sdcustody append to the developer's own access log: unless the test
    // names a log or a data folder, the programs get a data folder of the test run's own.
    if environment["SDCUSTODY_LOG"] == nil && environment["XDG_DATA_HOME"] == nil {
        env["SDCUSTODY_LOG"] = nil
        env["SDCUSTODY_KEY"] = nil
        env["XDG_DATA_HOME"] = TestEnvironment.scratchDataHome
    }
    for (k, v) in environment { env[k] = v }
    p.environment = env
    if let cwd = currentDirectory { p.currentDirectoryURL = cwd }
    let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
    p.standardOutput = outPipe
    p.standardError = errPipe
    p.standardInput = inPipe
    try p.run()
    // Read both pipes concurrently so a chatty child cannot block on a full pipe.
    final class Box: @unchecked Sendable { var data = Data() }
    let out = Box(), err = Box()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async { out.data = outPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    group.enter()
    DispatchQueue.global().async { err.data = errPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    if let stdin { inPipe.fileHandleForWriting.write(stdin) }
    try? inPipe.fileHandleForWriting.close()
    p.waitUntilExit()
    group.wait()
    return ProcessResult(status: p.terminationStatus, stdout: out.data, stderr: err.data)
}

/// A fresh folder under the system's temporary folder, removed by `remove()`.
public struct TemporaryDirectory {
    public let url: URL
    public init(_ label: String = "sdcustody-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    public func remove() { try? FileManager.default.removeItem(at: url) }
}
