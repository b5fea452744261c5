import Foundation
import Messages

/// Prints the report through headless Chromium (`--print-to-pdf`), which honours the report's
/// `@page` rules and margin boxes. The PDF is printed under a temporary name beside the target and
/// linked into place only when Chromium succeeded, so an existing file is never replaced and a
/// failed print leaves nothing that looks finished.
public enum ChromiumPrinter {
    /// `SDCUSTODY_CHROMIUM`, else the first of chromium, chromium-browser, google-chrome on PATH.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let given = environment["SDCUSTODY_CHROMIUM"] {
            return given.isEmpty ? nil : (FileManager.default.isExecutableFile(atPath: given) ? given : nil)
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for dir in path.split(separator: ":") {
                let candidate = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Prints `html` (a file) to `pdf`; throws `Failure` with Chromium's reason.
    public static func printPDF(html: String, to pdf: String, chromium: String, timeoutSeconds: Double = 120) throws {
        try render(html: html, to: pdf, chromium: chromium, mode: "--print-to-pdf=", timeoutSeconds: timeoutSeconds)
    }

    /// A screenshot of the page as a screen shows it (`--screenshot`), `width`×`height` CSS pixels.
    public static func screenshotPNG(html: String, to png: String, chromium: String, width: Int = 900, height: Int = 1270,
                                     timeoutSeconds: Double = 120) throws {
        try render(html: html, to: png, chromium: chromium, mode: "--screenshot=", extra: ["--window-size=\(width),\(height)"],
                   timeoutSeconds: timeoutSeconds)
    }

    static func render(html: String, to out: String, chromium: String, mode: String, extra: [String] = [],
                       timeoutSeconds: Double) throws {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: out) else { throw Failure(description: tr(.ocAlreadyExists, ["out": "\(out)"])) }
        let outURL = URL(fileURLWithPath: out)
        let temporary = outURL.deletingLastPathComponent().appendingPathComponent(".\(outURL.lastPathComponent).\(getpid()).partial")
        let profile = fm.temporaryDirectory.appendingPathComponent("sdcustody-chromium-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer {
            try? fm.removeItem(at: profile)
            try? fm.removeItem(at: temporary)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        // No sandbox: Chromium's sandbox needs namespaces a container or root session lacks; the
        // page is our own static HTML with no script and no network.
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                             "--user-data-dir=\(profile.path)", "--no-pdf-header-footer", "--hide-scrollbars",
                             "--run-all-compositor-stages-before-draw", "--virtual-time-budget=2000"] + extra
            + [mode + temporary.path, URL(fileURLWithPath: html).absoluteString]
        process.standardInput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = environment["HOME"] ?? profile.path
        process.environment = environment
        do { try process.run() } catch { throw Failure(description: tr(.ocCannotStart, ["chromium": "\(chromium)", "error": "\(error)"])) }
        // Read stderr while it runs, so a full pipe cannot stall Chromium.
        let collected = ErrorText()
        let reader = Thread { collected.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw Failure(description: tr(.ocChromiumDidNotFinishWithin, ["timeoutSeconds": "\(Int(timeoutSeconds))"]))
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0, let size = (try? fm.attributesOfItem(atPath: temporary.path))?[.size] as? Int, size > 0 else {
            let text = collected.lastLine()
            throw Failure(description: "Chromium exited with status \(process.terminationStatus)\(text.isEmpty ? "" : ": " + text)")
        }
        do { try fm.linkItem(at: temporary, to: outURL) } catch {
            throw Failure(description: tr(.ocCannotPublish, ["out": "\(out)", "localizedDescription": "\(error.localizedDescription)"]))
        }
    }

    /// Chromium's stderr, read on another thread.
    final class ErrorText: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func set(_ d: Data) { lock.withLock { data = d } }
        func lastLine() -> String {
            let text = lock.withLock { String(decoding: data, as: UTF8.self) }
            return text.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        }
    }
}
