import Foundation

/// A source whose reads fail by byte offset, as a card with bad sectors fails: an `LD_PRELOAD`
/// library, compiled by the test with gcc, that makes `read`, `pread` and `pread64` of one file
/// (found by device and inode, whatever name or descriptor it is opened under) fail with EIO
/// whenever the bytes asked for overlap one of the given ranges.
///
/// Why not strace's `inject=pread64:error=EIO:when=N`: `when=` counts system calls, so the same
/// count hits different bytes in two programs that read in different sizes and orders
/// (sdcustody's 4 MiB blocks, ddrescue's 64 KiB clusters, each tool's own trimming order). Failing
/// by offset gives every program the same bad sectors, so their mapfiles can be compared.
///
/// A range may fail only its first N overlapping reads and then read normally: a sector that
/// recovers on retry.
public struct BadReadShim {
    /// A failing byte range; `failures` nil fails every read, N only the first N that touch it.
    public struct Range: Sendable {
        public var lower: UInt64
        public var upper: UInt64
        public var failures: Int?
        public init(_ lower: UInt64, _ upper: UInt64, failures: Int? = nil) {
            self.lower = lower
            self.upper = upper
            self.failures = failures
        }
    }

    /// The compiled library.
    public let library: String

    /// Compiles the shim into `directory` (needs gcc).
    public init(in directory: TemporaryDirectory) throws {
        let source = directory.path("badread.c")
        library = directory.path("badread.so")
        try Self.source.write(toFile: source, atomically: true, encoding: .utf8)
        let r = try runProcess(["gcc", "-shared", "-fPIC", "-O2", "-Wall", "-o", library, source, "-ldl"])
        guard r.status == 0 else { throw ShimError(message: "gcc failed: \(r.stderrText)") }
    }

    struct ShimError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// The environment that makes a program's reads of `file` fail over `ranges`.
    public func environment(file: String, ranges: [Range]) -> [String: String] {
        let spec = ranges.map { "\($0.lower):\($0.upper):\($0.failures ?? -1)" }.joined(separator: ",")
        return ["LD_PRELOAD": library, "BADREAD_FILE": file, "BADREAD_RANGES": spec]
    }

    /// The C source. Counters are per process and guarded by a mutex (sdcustody reads on one
    /// thread, but the hashing threads must not race a counter either way).
    static let source = #"""
    #define _GNU_SOURCE
    #include <dlfcn.h>
    #include <errno.h>
    #include <pthread.h>
    #include <stdint.h>
    #include <stdlib.h>
    #include <string.h>
    #include <sys/stat.h>
    #include <sys/types.h>
    #include <unistd.h>

    struct range { uint64_t lo, hi; long remaining; };
    static struct range ranges[64];
    static int nranges = -1;
    static dev_t target_dev;
    static ino_t target_ino;
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

    static void setup(void) {
        if (nranges >= 0) return;
        nranges = 0;
        const char *file = getenv("BADREAD_FILE"), *spec = getenv("BADREAD_RANGES");
        struct stat st;
        if (!file || !spec || stat(file, &st) != 0) return;
        target_dev = st.st_dev;
        target_ino = st.st_ino;
        const char *p = spec;
        while (*p && nranges < 64) {
            char *end;
            unsigned long long lo = strtoull(p, &end, 10);
            if (*end != ':') break;
            unsigned long long hi = strtoull(end + 1, &end, 10);
            if (*end != ':') break;
            long count = strtol(end + 1, &end, 10);
            ranges[nranges].lo = lo;
            ranges[nranges].hi = hi;
            ranges[nranges].remaining = count;
            nranges++;
            if (*end != ',') break;
            p = end + 1;
        }
    }

    /* True when a read of n bytes at off from fd must fail (and counts it). */
    static int fails(int fd, uint64_t off, size_t n) {
        if (n == 0) return 0;
        pthread_mutex_lock(&lock);
        setup();
        int hit = 0;
        struct stat st;
        if (nranges > 0 && fstat(fd, &st) == 0 && st.st_dev == target_dev && st.st_ino == target_ino) {
            for (int i = 0; i < nranges; i++) {
                if (off < ranges[i].hi && off + n > ranges[i].lo && ranges[i].remaining != 0) {
                    if (ranges[i].remaining > 0) ranges[i].remaining--;
                    hit = 1;
                }
            }
        }
        pthread_mutex_unlock(&lock);
        return hit;
    }

    ssize_t pread64(int fd, void *buf, size_t n, off_t off) {
        static ssize_t (*real)(int, void *, size_t, off_t);
        if (!real) real = dlsym(RTLD_NEXT, "pread64");
        if (off >= 0 && fails(fd, (uint64_t)off, n)) { errno = EIO; return -1; }
        return real(fd, buf, n, off);
    }

    ssize_t pread(int fd, void *buf, size_t n, off_t off) {
        static ssize_t (*real)(int, void *, size_t, off_t);
        if (!real) real = dlsym(RTLD_NEXT, "pread");
        if (off >= 0 && fails(fd, (uint64_t)off, n)) { errno = EIO; return -1; }
        return real(fd, buf, n, off);
    }

    ssize_t read(int fd, void *buf, size_t n) {
        static ssize_t (*real)(int, void *, size_t);
        if (!real) real = dlsym(RTLD_NEXT, "read");
        off_t off = lseek(fd, 0, SEEK_CUR);
        if (off >= 0 && fails(fd, (uint64_t)off, n)) { errno = EIO; return -1; }
        return real(fd, buf, n);
    }
    """#
}
