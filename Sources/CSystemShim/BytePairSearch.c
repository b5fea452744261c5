// The carver's mid-cluster candidate search (Sources/Carving/Carver.swift): the first position
// where either of two byte pairs starts. Random bytes pass a two-byte test once in 32,768
// positions, so the search is a pure scan at memory speed; the widest vector unit the CPU has
// does it (AVX2, chosen at run time by CPUID), with SSE2 (every x86-64) or bytes otherwise.
#include "CSystemShim.h"

#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

/// AVX2 is usable when the CPU has it and the OS saves the YMM registers (OSXSAVE, XCR0 bits 1-2).
static int has_avx2(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & (1u << 27)) || !(c & (1u << 28))) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 6u) != 6u) return 0;
    if (__get_cpuid_max(0, NULL) < 7) return 0;
    __cpuid_count(7, 0, a, b, c, d);
    return (b & (1u << 5)) != 0;
}

__attribute__((target("avx2")))
static size_t find_avx2(const uint8_t *p, size_t count, size_t j,
                        uint8_t a0, uint8_t b0, uint8_t a1, uint8_t b1) {
    const __m256i A0 = _mm256_set1_epi8((char)a0), B0 = _mm256_set1_epi8((char)b0);
    const __m256i A1 = _mm256_set1_epi8((char)a1), B1 = _mm256_set1_epi8((char)b1);
    // 64 positions a turn; position k needs bytes k and k+1, so 65 bytes must be there.
    while (count - j >= 65) {
        __m256i x0 = _mm256_loadu_si256((const __m256i *)(p + j));
        __m256i y0 = _mm256_loadu_si256((const __m256i *)(p + j + 1));
        __m256i x1 = _mm256_loadu_si256((const __m256i *)(p + j + 32));
        __m256i y1 = _mm256_loadu_si256((const __m256i *)(p + j + 33));
        __m256i m0 = _mm256_or_si256(_mm256_and_si256(_mm256_cmpeq_epi8(x0, A0), _mm256_cmpeq_epi8(y0, B0)),
                                     _mm256_and_si256(_mm256_cmpeq_epi8(x0, A1), _mm256_cmpeq_epi8(y0, B1)));
        __m256i m1 = _mm256_or_si256(_mm256_and_si256(_mm256_cmpeq_epi8(x1, A0), _mm256_cmpeq_epi8(y1, B0)),
                                     _mm256_and_si256(_mm256_cmpeq_epi8(x1, A1), _mm256_cmpeq_epi8(y1, B1)));
        __m256i any = _mm256_or_si256(m0, m1);
        if (!_mm256_testz_si256(any, any)) {
            uint64_t mask = (uint64_t)(uint32_t)_mm256_movemask_epi8(m0)
                          | (uint64_t)(uint32_t)_mm256_movemask_epi8(m1) << 32;
            return j + (size_t)__builtin_ctzll(mask);
        }
        j += 64;
    }
    return j;
}

static size_t find_sse2(const uint8_t *p, size_t count, size_t j,
                        uint8_t a0, uint8_t b0, uint8_t a1, uint8_t b1) {
    const __m128i A0 = _mm_set1_epi8((char)a0), B0 = _mm_set1_epi8((char)b0);
    const __m128i A1 = _mm_set1_epi8((char)a1), B1 = _mm_set1_epi8((char)b1);
    while (count - j >= 33) {
        __m128i x0 = _mm_loadu_si128((const __m128i *)(p + j));
        __m128i y0 = _mm_loadu_si128((const __m128i *)(p + j + 1));
        __m128i x1 = _mm_loadu_si128((const __m128i *)(p + j + 16));
        __m128i y1 = _mm_loadu_si128((const __m128i *)(p + j + 17));
        __m128i m0 = _mm_or_si128(_mm_and_si128(_mm_cmpeq_epi8(x0, A0), _mm_cmpeq_epi8(y0, B0)),
                                  _mm_and_si128(_mm_cmpeq_epi8(x0, A1), _mm_cmpeq_epi8(y0, B1)));
        __m128i m1 = _mm_or_si128(_mm_and_si128(_mm_cmpeq_epi8(x1, A0), _mm_cmpeq_epi8(y1, B0)),
                                  _mm_and_si128(_mm_cmpeq_epi8(x1, A1), _mm_cmpeq_epi8(y1, B1)));
        unsigned mask = (unsigned)_mm_movemask_epi8(m0) | (unsigned)_mm_movemask_epi8(m1) << 16;
        if (mask) return j + (size_t)__builtin_ctz(mask);
        j += 32;
    }
    return j;
}

static int avx2_state = -1;   // -1 not yet asked; a race only asks CPUID twice
#endif

int sdc_byte_pair_best_unit(void) {
#if defined(__x86_64__)
    int avx2 = __atomic_load_n(&avx2_state, __ATOMIC_RELAXED);
    if (avx2 < 0) {
        avx2 = has_avx2();
        __atomic_store_n(&avx2_state, avx2, __ATOMIC_RELAXED);
    }
    return avx2 ? 2 : 1;
#else
    return 0;
#endif
}

size_t sdc_find_byte_pair_using(int unit, const uint8_t *bytes, size_t count, size_t from,
                                uint8_t a0, uint8_t b0, uint8_t a1, uint8_t b1) {
    if (bytes == NULL || count < 2 || from >= count - 1) return count;
    size_t j = from;
#if defined(__x86_64__)
    if (unit >= 2 && sdc_byte_pair_best_unit() >= 2) {
        j = find_avx2(bytes, count, j, a0, b0, a1, b1);
    } else if (unit >= 1) {
        j = find_sse2(bytes, count, j, a0, b0, a1, b1);
    }
#else
    (void)unit;
#endif
    // The vector loops stop at the first match or fewer than one vector from the end.
    for (; j + 1 < count; j++) {
        uint8_t x = bytes[j], y = bytes[j + 1];
        if ((x == a0 && y == b0) || (x == a1 && y == b1)) return j;
    }
    return count;
}

size_t sdc_find_byte_pair(const uint8_t *bytes, size_t count, size_t from,
                          uint8_t a0, uint8_t b0, uint8_t a1, uint8_t b1) {
    return sdc_find_byte_pair_using(2, bytes, count, from, a0, b0, a1, b1);
}
