#if canImport(Glibc)
import Glibc
#endif
import CFFmpeg

/// The limits the helper puts on itself before it reads a byte of the clip (setrlimit(2),
/// prctl(2)): address space, CPU seconds, no files written, no core file, no new privileges.
/// The parent adds the wall-clock limit and kills the helper when it passes.
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
