import Custody
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
        let prefix = useColor ? "\u{1B}[31msdcustody: error:\u{1B}[0m " : "sdcustody: error: "
        FileHandleOutput.standardError.write(prefix + message + "\n")
    }

    public static func warning(_ message: String) {
        let prefix = useColor ? "\u{1B}[33msdcustody: warning:\u{1B}[0m " : "sdcustody: warning: "
        FileHandleOutput.standardError.write(prefix + message + "\n")
    }

    public static func note(_ message: String) {
        FileHandleOutput.standardError.write("sdcustody: " + message + "\n")
    }
}
