#ifndef CSYSTEMSHIM_H
#define CSYSTEMSHIM_H

#include <stdint.h>

/// Linux system calls and glibc functions that Swift's Glibc module does not export (they sit
/// behind _GNU_SOURCE or in malloc.h). Each returns what the C call returns; errno is left set.

/// sync_file_range(2) flags (linux/fs.h).
#define SDC_SYNC_FILE_RANGE_WAIT_BEFORE 1u
#define SDC_SYNC_FILE_RANGE_WRITE 2u
#define SDC_SYNC_FILE_RANGE_WAIT_AFTER 4u

/// sync_file_range(2); -1 with errno ENOSYS where the platform has none.
int sdc_sync_file_range(int fd, int64_t offset, int64_t count, unsigned int flags);

/// renameat2(2) with RENAME_NOREPLACE: fails with EEXIST when `to` exists. -1 with errno ENOSYS
/// where the C library has no renameat2 (callers fall back to a check and rename(2)).
int sdc_rename_noreplace(int from_dir, const char *from, int to_dir, const char *to);

/// posix_fadvise(2) advice values.
#define SDC_FADV_SEQUENTIAL 2
#define SDC_FADV_DONTNEED 4

/// posix_fadvise(2). Returns 0 or an error number (it does not set errno).
int sdc_fadvise(int fd, int64_t offset, int64_t length, int advice);

/// mallopt(3) parameters (malloc.h).
#define SDC_M_MMAP_THRESHOLD (-3)

/// mallopt(3); 0 where the C library has none.
int sdc_mallopt(int parameter, int value);

#include "SeccompFilter.h"

#endif
