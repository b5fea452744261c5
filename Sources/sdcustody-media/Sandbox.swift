#if canImport(Glibc)
import Glibc
#endif
import CFFmpeg
import CSystemShim

/// The limits the helper puts on itself before it reads a byte of the clip (setrlimit(2),
/// prctl(2)): address space, CPU seconds, no files written, no core file, no new privileges,
/// and a seccomp filter (`confine()`). The parent adds the wall-clock limit and kills the
/// helper when it passes.
enum Sandbox {
    /// `keeping`: the clip's read-only descriptor, the one file the helper may hold.
    static func apply(memoryBytes: UInt64, cpuSeconds: UInt64, keeping clip: Int32? = nil) {
        limit(RLIMIT_AS, memoryBytes, memoryBytes)
        // The soft CPU limit sends SIGXCPU (which kills); the hard one a second later SIGKILL.
        limit(RLIMIT_CPU, cpuSeconds, cpuSeconds + 1)
        limit(RLIMIT_FSIZE, 0, 0)
        limit(RLIMIT_CORE, 0, 0)
        sdc_harden_process()
        // Only the socket to the parent (stdin, stdout), stderr and the clip's read-only
        // descriptor stay open: nothing else of the parent's reaches the decoder.
        for fd in 3..<1024 where Int32(fd) != clip { close(Int32(fd)) }
        limit(RLIMIT_NOFILE, 16, 16)
    }

    /// Installs the seccomp-bpf filter (CSystemShim's SeccompFilter.c): from here on a call that
    /// could open a path, change or delete a file, start a program, reach the network or touch
    /// another process kills the helper with SIGSYS before the kernel runs it. Called once
    /// FFmpeg's libraries are loaded and set up, before the job and the first byte of the clip
    /// are read. Returns nil, or why the filter could not be installed (the helper must then
    /// refuse the job: the sandbox fails closed).
    static func confine() -> String? {
        // Nothing FFmpeg or the C library does later may need a path: strace of frames, sheet
        // and remux jobs on MP4, PS, TS, raw H.264 and HEVC shows two lazy opens, both pre-warmed
        // here: iconv's modules for the MPEG-TS service names, and /etc/localtime (the time zone,
        // read on the first local-time conversion). The environment is LC_ALL=C only, so no
        // locale file is read. Any other read-only open fails with EPERM, not a kill.
        sdc_media_prewarm_charsets()
        tzset()
        guard sdc_install_media_seccomp_filter(getpid()) == 0 else { return String(cString: strerror(errno)) }
        return nil
    }

    /// True once `confine()` has taken effect.
    static var isConfined: Bool { sdc_seccomp_filter_active() == 1 }

    private static func limit(_ resource: __rlimit_resource, _ soft: UInt64, _ hard: UInt64) {
        var r = rlimit(rlim_cur: rlim_t(soft), rlim_max: rlim_t(hard))
        var current = rlimit()
        if getrlimit(__rlimit_resource_t(resource.rawValue), &current) == 0, current.rlim_max != rlim_t.max {
            r.rlim_max = min(r.rlim_max, current.rlim_max)
            r.rlim_cur = min(r.rlim_cur, r.rlim_max)
        }
        _ = setrlimit(__rlimit_resource_t(resource.rawValue), &r)
    }
}
