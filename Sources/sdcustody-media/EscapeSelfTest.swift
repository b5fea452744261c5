#if canImport(Glibc)
import Glibc
#endif
import CSystemShim

/// `sdcustody-media --selftest-escape WHAT PATH`: after sandboxing exactly as for a job, try one
/// thing a decoder taken over by a hostile clip would try, and say whether it was stopped. The
/// seccomp filter kills the helper with SIGSYS before the call runs, so a stopped attempt ends
/// the process by that signal and PATH is untouched; an attempt that returns is reported on
/// stderr with exit status 1. Give it a scratch file: it is refused (exit 3) unless the filter
/// is in force, so it never acts unsandboxed.
///
/// WHAT is one of `escapes` (each should be killed), `refused` (each should fail, exit 0: a
/// read-only open with EPERM, which the C library may try lazily; an ioctl with ENOTTY) or `allowed` (each should
/// succeed, exit 0: what FFmpeg and the C library may still do).
enum EscapeSelfTest {
    static let escapes = ["open-write", "create", "truncate", "unlink", "rename", "chmod", "utimes",
                          "mkdir", "exec", "spawn", "socket", "signal-parent", "limit-parent"]
    static let refused = ["open-read", "ioctl"]
    static let allowed = ["thread", "signal-self"]

    static func usage() -> Never {
        say("sdcustody-media: --selftest-escape WHAT PATH, WHAT one of: " + (escapes + refused + allowed).joined(separator: ", "))
        exit(2)
    }

    static func run(_ what: String, path: String) -> Never {
        guard escapes.contains(what) || refused.contains(what) || allowed.contains(what) else { usage() }
        guard Sandbox.isConfined else {
            say("sdcustody-media: selftest refused: the seccomp filter is not in force")
            exit(3)
        }
        errno = 0
        let result: Int32
        switch what {
        case "open-read": result = open(path, O_RDONLY)
        case "open-write": result = open(path, O_WRONLY | O_TRUNC)
        case "create": result = open(path + ".created", O_WRONLY | O_CREAT | O_EXCL, 0o644)
        case "truncate": result = truncate(path, 0)
        case "unlink": result = unlink(path)
        case "rename": result = rename(path, path + ".renamed")
        case "chmod": result = chmod(path, 0o777)
        case "utimes": result = utimensat(AT_FDCWD, path, nil, 0)
        case "mkdir": result = mkdir(path + ".dir", 0o755)
        case "exec":
            var argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
            result = execv("/bin/true", &argv)
        case "spawn":
            // posix_spawn: clone3 (answered ENOSYS), then clone without CLONE_THREAD (killed).
            var pid: pid_t = 0
            var argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
            result = posix_spawn(&pid, "/bin/true", nil, nil, &argv, nil)
        case "socket": result = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        case "signal-parent": result = kill(getppid(), 0) // signal 0: only asks whether it exists
        case "signal-self": result = kill(getpid(), 0)
        case "limit-parent": result = sdc_query_file_limit_of(getppid()) // asks only
        case "ioctl": result = sdc_bytes_waiting(0)
        default: // "thread": FFmpeg may start threads; they must still work under the filter.
            var thread = pthread_t()
            result = pthread_create(&thread, nil, { _ in nil }, nil)
            if result == 0 { pthread_join(thread, nil) }
        }
        let failed = result == -1 || (what == "spawn" || what == "thread") && result != 0
        let code = what == "spawn" || what == "thread" ? result : errno
        let why = failed ? String(cString: strerror(code)) : "succeeded"
        if refused.contains(what) {
            let stopped = failed && code == (what == "ioctl" ? ENOTTY : EPERM)
            say("sdcustody-media: selftest \(what): " + (stopped ? "refused by the sandbox (\(why))" : "was not stopped by the sandbox (\(why))"))
            exit(stopped ? 0 : 1)
        }
        if allowed.contains(what) {
            say("sdcustody-media: selftest \(what): \(why)")
            exit(failed ? 1 : 0)
        }
        say("sdcustody-media: selftest \(what) was not stopped by the sandbox (\(why))")
        exit(1)
    }

    private static func say(_ line: String) {
        // stderr may be a file, which RLIMIT_FSIZE=0 forbids growing: lose the line, not the
        // exit status, to SIGXFSZ.
        signal(SIGXFSZ, SIG_IGN)
        let text = line + "\n"
        _ = text.withCString { write(2, $0, strlen($0)) }
    }
}
