/*
 * blockscan.h - UTF-8 text 32 bytes at a time (AVX2): where a character of a set may
 * start, for the one-pass scans of the literal index (litindex.c) and the facts stage
 * (facts_index.c).  ASCII members exactly; 3-byte members by their second and third
 * bytes (8 buckets of byte pairs, looked up by nibbles with pshufb), a superset that
 * the caller tests exactly.
 */
#ifndef FZ_BLOCKSCAN_H
#define FZ_BLOCKSCAN_H

#include <stdbool.h>
#include <stdint.h>

typedef struct fz_block_pairs {
    uint8_t lo1[16], hi1[16], lo2[16], hi2[16], lo3[16], hi3[16];
} fz_block_pairs;

/* key: words 0 and 1 the set's ASCII characters, key[2 + (second byte & 0x3F)] the
 * third bytes (& 0x3F) of its 3-byte characters with that second byte. */
void fz_block_pairs_build(const uint64_t key[66], fz_block_pairs *out);
/* Whether the CPU runs the block scan (AVX2 and BMI). */
bool fz_block_scan_ok(void);

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define FZ_HAVE_BLOCKS 1

typedef struct fz_block_tabs {
    __m256i lo1, hi1, lo2, hi2, lo3, hi3;
} fz_block_tabs;

__attribute__((target("avx2,bmi"), always_inline)) static inline void
fz_block_tabs_load(const fz_block_pairs *pt, fz_block_tabs *tb) {
#define S_TABLE(f)                                                                                 \
    _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)pt->f))
    tb->lo1 = S_TABLE(lo1), tb->hi1 = S_TABLE(hi1), tb->lo2 = S_TABLE(lo2);
    tb->hi2 = S_TABLE(hi2), tb->lo3 = S_TABLE(lo3), tb->hi3 = S_TABLE(hi3);
#undef S_TABLE
}

/* The 32 bytes at t (33 readable): false when one of them is neither ASCII nor of a
 * 3-byte character; else *starts (bit j: a member may start at t[j]) and *adv, the
 * bytes of the whole characters among them (30, 31 or 32). */
__attribute__((target("avx2,bmi"), always_inline)) static inline bool
fz_block_step(const fz_block_tabs *tb, const unsigned char *t, uint64_t *starts, unsigned *adv) {
    const __m256i nib = _mm256_set1_epi8(0x0F), zero = _mm256_setzero_si256();
    const __m256i f0 = _mm256_set1_epi8(-16), e0 = _mm256_set1_epi8(-32),
                  c0 = _mm256_set1_epi8(-64), x80 = _mm256_set1_epi8(-128);
    __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)t);
    uint64_t high = (uint32_t)_mm256_movemask_epi8(v);
    uint64_t lead = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_and_si256(v, f0), e0));
    uint64_t cont = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_and_si256(v, c0), x80));
    /* the whole characters: up to a lead byte at 30 or 31 */
    unsigned e = lead >> 30 & 1 ? 30 : lead >> 31 & 1 ? 31 : 32;
    uint64_t in = (1ULL << e) - 1, tail = (lead << 1 | lead << 2) & 0xFFFFFFFFu;
    if ((high & in) != ((lead | tail) & in) || (cont & in) != (tail & in) || (lead & tail))
        return false; /* some byte is neither ASCII nor of a 3-byte character */
    __m256i w = _mm256_loadu_si256((const __m256i *)(const void *)(t + 1));
    __m256i vlo = _mm256_and_si256(v, nib), vhi = _mm256_and_si256(_mm256_srli_epi16(v, 4), nib);
    __m256i wlo = _mm256_and_si256(w, nib), whi = _mm256_and_si256(_mm256_srli_epi16(w, 4), nib);
    __m256i ascii =
        _mm256_and_si256(_mm256_shuffle_epi8(tb->lo1, vlo), _mm256_shuffle_epi8(tb->hi1, vhi));
    __m256i pair = _mm256_and_si256(
        _mm256_and_si256(_mm256_shuffle_epi8(tb->lo2, vlo), _mm256_shuffle_epi8(tb->hi2, vhi)),
        _mm256_and_si256(_mm256_shuffle_epi8(tb->lo3, wlo), _mm256_shuffle_epi8(tb->hi3, whi)));
    /* bit j: an ASCII member at j, or a candidate whose second byte is at j + 1 */
    uint64_t a = ~(uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(ascii, zero)) & ~high;
    uint64_t b =
        ~(uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(pair, zero)) & (lead << 1);
    *starts = (a | b >> 1) & in;
    *adv = e;
    return true;
}
#endif

#endif
