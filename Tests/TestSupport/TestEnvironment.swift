import Foundation

/// Where tests find the package, the shared public test data and the external tools they compare
/// against. Tests that need something absent are disabled with a reason that says what is missing.
public enum TestEnvironment {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    /// `../shared/testdata` beside the checkout, or nil where it is absent (as on a user's machine).
    public static let sharedTestData: URL? = {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
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
