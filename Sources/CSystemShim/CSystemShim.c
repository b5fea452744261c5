#define _GNU_SOURCE
#include "CSystemShim.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#if defined(__linux__)
#include <malloc.h>
#endif

int sdc_sync_file_range(int fd, int64_t offset, int64_t count, unsigned int flags) {
#if defined(__linux__)
    return sync_file_range(fd, (off64_t)offset, (off64_t)count, flags);
#else
    (void)fd; (void)offset; (void)count; (void)flags;
    errno = ENOSYS;
    return -1;
#endif
}

int sdc_rename_noreplace(int from_dir, const char *from, int to_dir, const char *to) {
#if defined(__linux__) && defined(RENAME_NOREPLACE)
    return renameat2(from_dir, from, to_dir, to, RENAME_NOREPLACE);
#else
    (void)from_dir; (void)from; (void)to_dir; (void)to;
    errno = ENOSYS;
    return -1;
#endif
}

int sdc_fadvise(int fd, int64_t offset, int64_t length, int advice) {
#if defined(__linux__)
    return posix_fadvise(fd, (off_t)offset, (off_t)length, advice);
#else
    (void)fd; (void)offset; (void)length; (void)advice;
    return 0;
#endif
}

int sdc_mallopt(int parameter, int value) {
#if defined(__linux__) && defined(__GLIBC__)
    return mallopt(parameter, value);
#else
    (void)parameter; (void)value;
    return 0;
#endif
}
