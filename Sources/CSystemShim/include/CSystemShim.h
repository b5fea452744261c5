#ifndef CSYSTEMSHIM_H
#define CSYSTEMSHIM_H

#include <stddef.h>
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

/// The first j >= from with j + 1 < count where (bytes[j], bytes[j+1]) is (a0, b0) or (a1, b1);
/// count when there is none. Uses AVX2 where the CPU has it (BytePairSearch.c).
size_t sdc_find_byte_pair(const uint8_t *bytes, size_t count, size_t from,
                          uint8_t a0, uint8_t b0, uint8_t a1, uint8_t b1);

/// The same with the vector unit chosen: 0 bytes only, 1 SSE2, 2 AVX2 (where the CPU has it;
/// SSE2 otherwise). For tests that check each unit against the others.
size_t sdc_find_byte_pair_using(int unit, const uint8_t *bytes, size_t count, size_t from,
                                uint8_t a0, uint8_t b0, uint8_t a1, uint8_t b1);

/// The widest unit sdc_find_byte_pair uses on this CPU: 2 AVX2, 1 SSE2, 0 none.
int sdc_byte_pair_best_unit(void);

#include "SeccompFilter.h"

#endif
