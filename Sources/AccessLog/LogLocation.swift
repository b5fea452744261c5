#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Codecs

/// Where the log and the signing key live when no option says (PRODUCT.md: `--log`, else
/// `SDCUSTODY_LOG`, else `$XDG_DATA_HOME/sdcustody/access.jsonl`).
public enum LogLocation {
    /// `$XDG_DATA_HOME` when it is set to an absolute path (XDG Base Directory spec: a relative
    /// value is ignored), else `$HOME/.local/share`.
    public static func dataHome(environment: [String: String]) -> String {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg }
        return home(environment: environment) + "/.local/share"
    }

    /// The log path: an explicit `--log` value, else `SDCUSTODY_LOG`, else the XDG default.
    public static func logPath(option: String?, environment: [String: String]) -> String {
        if let option, !option.isEmpty { return option }
        if let env = environment["SDCUSTODY_LOG"], !env.isEmpty { return env }
        return dataHome(environment: environment) + "/sdcustody/access.jsonl"
    }

    /// The signing key path: `SDCUSTODY_KEY`, else `$XDG_DATA_HOME/sdcustody/signing-key.pem`.
    /// One key per installation, whichever log it signs.
    public static func keyPath(environment: [String: String]) -> String {
        if let env = environment["SDCUSTODY_KEY"], !env.isEmpty { return env }
        return dataHome(environment: environment) + "/sdcustody/signing-key.pem"
    }

    static func home(environment: [String: String]) -> String {
        if let home = environment["HOME"], home.hasPrefix("/") { return home }
        if let pw = getpwuid(geteuid()), let dir = pw.pointee.pw_dir { return String(cString: dir) }
        return "/"
    }

    /// The process environment as a dictionary.
    public static var processEnvironment: [String: String] {
        var out: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let text = String(cString: entry)
            if let eq = text.firstIndex(of: "=") {
                out[String(text[..<eq])] = String(text[text.index(after: eq)...])
            }
            p += 1
        }
        return out
    }
}

/// Times in the log: UTC, millisecond precision, `YYYY-MM-DDTHH:MM:SS.mmmZ`.
public enum LogTime {
    /// Now, formatted.
    public static func now() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return format(milliseconds: Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec / 1_000_000))
    }

    public static func format(milliseconds: Int64) -> String { UTCTime.format(milliseconds: milliseconds) }

    /// Milliseconds since the epoch for `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`, `…:SS` or `…:SS.mmm`
    /// (a space may replace `T`), followed by `Z`, `±HH:MM`, or nothing. Without a zone the time
    /// is this machine's local time (TZ), as a person typing `--since` means it. Nil if malformed.
    public static func parse(_ text: String) -> Int64? {
        let chars = Array(text.utf8)
        var i = 0
        func number(_ digits: Int) -> Int32? {
            guard i + digits <= chars.count else { return nil }
            var v: Int32 = 0
            for k in 0..<digits {
                let c = chars[i + k]
                guard c >= 0x30, c <= 0x39 else { return nil }
                v = v * 10 + Int32(c - 0x30)
            }
            i += digits
            return v
        }
        func take(_ c: Character) -> Bool {
            guard i < chars.count, chars[i] == c.asciiValue else { return false }
            i += 1
            return true
        }
        guard let year = number(4), take("-"), let month = number(2), take("-"), let day = number(2) else { return nil }
        var hour: Int32 = 0, minute: Int32 = 0, second: Int32 = 0, millis: Int32 = 0
        if take("T") || take(" ") {
            guard let h = number(2), take(":"), let m = number(2) else { return nil }
            hour = h; minute = m
            if take(":") {
                guard let s = number(2) else { return nil }
                second = s
                if take(".") {
                    guard let ms = number(3) else { return nil }
                    millis = ms
                }
            }
        }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var t = tm()
        t.tm_year = year - 1900
        t.tm_mon = month - 1
        t.tm_mday = day
        t.tm_hour = hour
        t.tm_min = minute
        t.tm_sec = second
        let seconds: Int64
        if i == chars.count {
            t.tm_isdst = -1
            let local = mktime(&t)
            guard local != -1 || (year == 1969) else { return nil }
            seconds = Int64(local)
        } else if take("Z") {
            guard i == chars.count else { return nil }
            seconds = Int64(timegm(&t))
        } else {
            let sign: Int64
            if take("+") { sign = 1 } else if take("-") { sign = -1 } else { return nil }
            guard let oh = number(2), take(":"), let om = number(2), i == chars.count, oh < 24, om < 60 else { return nil }
            seconds = Int64(timegm(&t)) - sign * (Int64(oh) * 3600 + Int64(om) * 60)
        }
        return seconds * 1000 + Int64(millis)
    }
}
