import Custody
import Messages
#if canImport(Glibc)
import Glibc
#endif

/// Asks for a passphrase on the controlling terminal (/dev/tty) with echo off. Never prompts when
/// stdin is not a terminal: scripts must pass --passphrase-file instead of hanging on a prompt.
enum PassphrasePrompt {
    static let maxLength = 4096

    static func ask(confirm: Bool) throws -> SecureBytes {
        guard isatty(0) == 1 else {
            throw CLIError.input(tr(.passphraseNoTerminal))
        }
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else { throw CLIError.input(tr(.passphraseNoTTY)) }
        defer { close(tty) }
        let first = try readHidden(tty, prompt: tr(.passphrasePrompt))
        guard first.count > 0 else { throw CLIError.input(tr(.passphraseEmpty)) }
        if confirm {
            let second = try readHidden(tty, prompt: tr(.passphraseAgain))
            let same = first.withUnsafeBytes { a in second.withUnsafeBytes { SecureBytes.constantTimeEquals(a, $0) } }
            guard same else { throw CLIError.input(tr(.passphraseMismatch)) }
        }
        return first
    }

    private static func say(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// One line from the terminal with ECHO off; the terminal settings are restored afterwards,
    /// also when the user interrupts the prompt (Ctrl-C, SIGTERM, SIGHUP).
    private static func readHidden(_ fd: Int32, prompt: String) throws -> SecureBytes {
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { throw CLIError.input(tr(.passphraseTerminalSettings)) }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        quiet.c_lflag |= tcflag_t(ICANON)
        promptTerminal = fd
        promptSettings = saved
        let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
        for s in signals { signal(s, restoreTerminalAndDie) }
        guard tcsetattr(fd, TCSAFLUSH, &quiet) == 0 else { throw CLIError.input(tr(.passphraseNoEcho)) }
        defer {
            _ = tcsetattr(fd, TCSAFLUSH, &saved)
            for s in signals { signal(s, SIG_DFL) }
            promptTerminal = -1
            say(fd, "\n")
        }
        say(fd, prompt)
        var buffer = [UInt8](repeating: 0, count: maxLength)
        defer { SecureBytes.wipe(&buffer) }
        var count = 0
        while count < buffer.count {
            var byte: UInt8 = 0
            let n = (try? withUnsafeMutableBytes(of: &byte) { try FileIO.read(fd, into: $0) }) ?? 0
            if n <= 0 || byte == 0x0A { break }
            buffer[count] = byte
            count += 1
        }
        if count > 0 && buffer[count - 1] == 0x0D { count -= 1 }
        return buffer.withUnsafeBytes { SecureBytes(copying: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }
}


/// Terminal state for the signal handler (set before it is installed, so no lazy initialisation
/// happens inside the handler). `nonisolated(unsafe)` is safe: written only by the prompting
/// thread while no handler is installed, and read only by the handler, which it cannot race.
nonisolated(unsafe) private var promptTerminal: Int32 = -1
nonisolated(unsafe) private var promptSettings = termios()

/// Restores echo, then lets the signal do what it would have done.
private func restoreTerminalAndDie(_ sig: Int32) {
    if promptTerminal >= 0 { _ = tcsetattr(promptTerminal, TCSAFLUSH, &promptSettings) }
    signal(sig, SIG_DFL)
    raise(sig)
}
