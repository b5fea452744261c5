import Foundation
import TestSupport

/// Runs a program on a pseudo-terminal and answers every passphrase prompt it prints, so tests can
/// drive `age -p` / `age -d` and our own prompt, which read from /dev/tty. Uses python3's `pty`.
enum PtyDriver {
    static let python: String? = TestEnvironment.python3

    static var available: Bool { python != nil }

    private static let script = """
    import os, pty, sys
    pw = os.environ["PTY_PASSPHRASE"].encode()
    argv = sys.argv[1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(argv[0], argv)
    seen = b""
    sent = 0
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        seen += data
        while sent < seen.lower().count(b"passphrase"):
            os.write(fd, pw + b"\\n")
            sent += 1
    _, status = os.waitpid(pid, 0)
    sys.stdout.buffer.write(seen)
    sys.exit(os.waitstatus_to_exitcode(status))
    """

    /// Runs `argv` on a pty, typing `passphrase` at each prompt. The passphrase travels in the
    /// environment of the driver only, never in argv.
    static func run(_ argv: [String], passphrase: String) throws -> ProcessResult {
        guard let python else { throw DriverError() }
        return try runProcess([python, "-c", script] + argv, environment: ["PTY_PASSPHRASE": passphrase])
    }

    struct DriverError: Error {}
}
