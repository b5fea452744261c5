import Custody
import Messages
#if canImport(Glibc)
import Glibc
#endif

/// Writes to stdout/stderr without Foundation buffering surprises.
public struct FileHandleOutput: Sendable {
    let fd: Int32
    public static let standardOutput = FileHandleOutput(fd: 1)
    public static let standardError = FileHandleOutput(fd: 2)

    public func write(_ text: String) {
        var bytes = Array(text.utf8)
        write(bytes: &bytes)
    }

    public func write(bytes: inout [UInt8]) {
        bytes.withUnsafeBytes { writeAll($0) }
    }

    /// Writes every byte (EINTR and short writes handled by `FileIO.writeAll`). Returns false
    /// when the reader went away (EPIPE), so `cat … | head` ends quietly.
    @discardableResult
    public func writeAll(_ buffer: UnsafeRawBufferPointer) -> Bool {
        do {
            try FileIO.writeAll(fd, buffer)
            return true
        } catch {
            return false
        }
    }
}

/// Terminal conventions: colour only on a terminal and without NO_COLOR, messages on stderr.
public enum Terminal {
    public static var stderrIsTerminal: Bool { isatty(2) == 1 }
    public static var stdinIsTerminal: Bool { isatty(0) == 1 }
    public static var stdoutIsTerminal: Bool { isatty(1) == 1 }

    /// Colour is used only when stderr is a terminal and NO_COLOR is unset or empty (no-color.org).
    public static var useColor: Bool {
        if let v = getenv("NO_COLOR"), v.pointee != 0 { return false }
        return stderrIsTerminal
    }

    public static func error(_ message: String) {
        FileHandleOutput.standardError.write(colored(tr(.terminalError, ["message": message]), code: 31, upTo: message) + "\n")
    }

    public static func warning(_ message: String) {
        FileHandleOutput.standardError.write(colored(tr(.terminalWarning, ["message": message]), code: 33, upTo: message) + "\n")
    }

    public static func note(_ message: String) {
        FileHandleOutput.standardError.write(tr(.terminalNote, ["message": message]) + "\n")
    }

    /// `line` with the part before `message` (the "sdcustody: error:" prefix, in whatever
    /// language) in colour, where colour is used.
    static func colored(_ line: String, code: Int, upTo message: String) -> String {
        guard useColor, let range = line.range(of: message, options: .backwards) else { return line }
        var prefix = String(line[..<range.lowerBound])
        var gap = ""
        while prefix.hasSuffix(" ") { prefix.removeLast(); gap += " " }
        return "\u{1B}[\(code)m" + prefix + "\u{1B}[0m" + gap + String(line[range.lowerBound...])
    }
}
