#ifndef CSYSTEMSHIM_SECCOMP_FILTER_H
#define CSYSTEMSHIM_SECCOMP_FILTER_H

/// The media helper's seccomp-bpf filter (Linux seccomp(2), "SECCOMP_SET_MODE_FILTER"; the
/// program format is the classic BPF of Documentation/userspace-api/seccomp_filter.rst).
///
/// Once installed, the calling process (and every thread it has or makes) is killed with SIGSYS
/// when it calls a system call that could change a file, reach a path, start a program, talk to
/// the network or touch another process: open/openat for writing, creating, truncating or
/// appending (a read-only open answers EPERM: no file is opened either way), openat2, creat, unlink, rename, link,
/// symlink, mkdir, rmdir, mknod, truncate, chmod, chown, utimes, xattr changes, execve, fork and
/// non-thread clone, socket/connect/bind, ptrace, process_vm_*, signals, resource limits and
/// scheduling of other processes, System V IPC, io_uring (which could open files behind the
/// filter's back), mount and friends. Every ioctl answers ENOTTY. A system call
/// of another architecture or of the x32 ABI is killed too. clone3 answers ENOSYS (its flags sit
/// in memory a filter cannot read), so the C library falls back to clone, whose flags it can.

/// Sets no-new-privileges and installs the filter. `own_pid`: the only process the filtered
/// process may still signal (itself). Returns 0, or -1 with errno set (the caller must then
/// refuse to decode: the filter fails closed).
int sdc_install_media_seccomp_filter(int own_pid);

/// Loads, and keeps loaded, the character-set conversions libavformat may ask iconv for (the
/// MPEG-TS demuxer's service names), so that none needs a file once the filter is in force.
void sdc_media_prewarm_charsets(void);

/// For `sdcustody-media --selftest-escape`: prlimit(2) asking (not changing) `pid`'s
/// RLIMIT_NOFILE, and ioctl(FIONREAD) on `fd` (bytes waiting, or -1 with errno). Variadic or
/// _GNU_SOURCE-only in C, so Swift cannot call them itself.
int sdc_query_file_limit_of(int pid);
int sdc_bytes_waiting(int fd);

/// 1 when the calling thread runs under a seccomp filter (prctl PR_GET_SECCOMP answers 2).
int sdc_seccomp_filter_active(void);

/// The signal a seccomp kill ends the process with (SIGSYS).
int sdc_seccomp_kill_signal(void);

#endif
