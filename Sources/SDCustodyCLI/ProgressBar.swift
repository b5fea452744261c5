#if canImport(Glibc)
import Custody
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress display on stderr: bytes, rate, time left. Silent when stderr is not a
/// terminal, so logs and pipes stay clean.
final class ProgressBar {
    private let enabled: Bool
    private let start: Double
    private var lastDraw: Double = 0
    private var drawn = false
    let label: String

    init(label: String, enabled: Bool = Terminal.stderrIsTerminal) {
        self.label = label
        self.enabled = enabled
        start = ProgressBar.now()
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Redraws at most ten times a second (and always at 100%).
    func update(done: UInt64, total: UInt64, extra: String = "") {
        guard enabled else { return }
        let t = ProgressBar.now()
        if t - lastDraw < 0.1 && done < total { return }
        lastDraw = t
        let elapsed = max(t - start, 0.001)
        let rate = Double(done) / elapsed
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        var left = "--:--"
        if rate > 0 && total >= done {
            let secs = Int(Double(total - done) / rate)
            left = "\(secs / 60):" + (secs % 60 < 10 ? "0" : "") + "\(secs % 60)"
        }
        let pct = Int(fraction * 100)
        var line = "\r\(label) [\(bar)] \(pct)% \(Sizes.human(done))/\(Sizes.human(total)) \(Sizes.human(UInt64(rate)))/s left \(left)"
        if !extra.isEmpty { line += " " + extra }
        line += "\u{1B}[K"
        FileHandleOutput.standardError.write(line)
        drawn = true
    }

    /// Ends the line so later messages start clean.
    func finish() {
        guard enabled, drawn else { return }
        FileHandleOutput.standardError.write("\n")
        drawn = false
    }
}

/// SIGINT/SIGTERM as a flag that long loops poll, so they can leave clearly named partial output.
enum Interruption {
    // `nonisolated(unsafe)` is safe as in C: a `sig_atomic_t` written only by the signal handler
    // (to 1) and only read by the loops that poll it.
    nonisolated(unsafe) static var flag: sig_atomic_t = 0

    static func install() {
        signal(SIGINT) { _ in Interruption.flag = 1 }
        signal(SIGTERM) { _ in Interruption.flag = 1 }
        // A parent may have started us with these blocked (spawned from a thread that blocks
        // them); then the handler would never run and Ctrl-C would be lost.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    static var requested: Bool { flag != 0 }
}
