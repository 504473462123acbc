/* text.c - the text stage: the normalized view with its offset map, made in one pass with
 * the line map (decoding: text_decode.c; columns and widths: text_width.c). */
#include "text.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__SSE2__) && defined(__x86_64__) && defined(__GNUC__)
/* 32-byte blocks where the CPU has AVX2 (checked at run time; the build assumes SSE2) */
#define S_AVX2 1
#include <immintrin.h>
#endif

#include "text_scan.h"
#include "util.h"

#define S_SEG_BLOCK_MASK (((size_t)1 << FZ_SEG_BLOCK_BITS) - 1)

#define S_NFKC (UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_STABLE)
/* UAX #15 stream-safe limit: caps a cluster so utf8proc's quadratic reordering stays cheap. */
#define S_MAX_MARKS 30

/* ---- the normalized view ---- */

/* What NFKC makes of a BMP code point standing alone, and whether it is a combining mark;
 * each entry is filled on first use.  Threads may race to fill one: they store the same. */
enum {
    S_CP_KNOWN = 1,
    S_CP_MARK = 2,
    S_CP_SAME = 0 << 2, /* NFKC leaves it as it is */
    S_CP_ONE = 1 << 2,  /* NFKC makes it the one code point info >> 8 */
    S_CP_MANY = 2 << 2, /* anything else: ask utf8proc each time */
    S_CP_KIND = 3 << 2
};
static _Atomic uint32_t S_bmp_info[0x10000];

static uint32_t S_cp_info_fill(int cp) {
    uint32_t info = S_CP_KNOWN | (utf8proc_get_property(cp)->combining_class ? S_CP_MARK : 0);
    if (cp >= 0x10000) return info | S_CP_MANY;
    char u[4];
    utf8proc_int32_t buf[64];
    utf8proc_ssize_t len = (utf8proc_ssize_t)fz_utf8_encode(cp, u);
    utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)u, len, buf, 64, S_NFKC);
    utf8proc_ssize_t m = n >= 0 && n <= 64 ? utf8proc_reencode(buf, n, S_NFKC) : -1;
    if (n > 64) {
        info |= S_CP_MANY;
    } else if (m < 0 || (m == len && memcmp(buf, u, (size_t)len) == 0)) {
        info |= S_CP_SAME;
    } else {
        size_t l;
        int image = fz_utf8_decode((const char *)buf, &l);
        info |= (utf8proc_ssize_t)l == m ? S_CP_ONE | (uint32_t)image << 8 : S_CP_MANY;
    }
    atomic_store_explicit(&S_bmp_info[cp], info, memory_order_relaxed);
    return info;
}

static inline uint32_t S_cp_info(int cp) {
    uint32_t info = cp < 0x10000 ? atomic_load_explicit(&S_bmp_info[cp], memory_order_relaxed) : 0;
    return info ? info : S_cp_info_fill(cp);
}

/* Marks the bytes at s[j] (j < n) as ill-formed in S_mark_len's answer. */
#define S_ILL SIZE_MAX

/* Length of the combining mark at s[j] (j < n), 0 if none starts there, S_ILL if the
 * bytes there are ill-formed; the byte tests skip the lookup for ASCII, everything below
 * U+0300 and U+4000..U+9FFF (and leave other bytes that start no mark to the caller). */
static inline size_t S_mark_len(const unsigned char *s, size_t j, size_t n) {
    unsigned char b = s[j];
    if (b < 0xCC || (b >= 0xE4 && b <= 0xE9)) return 0;
    int cp = fz_utf8_cp3(s + j, n - j);
    size_t l = 3;
    if (cp < 0) {
        if (!(l = fz_utf8_seq_len(s + j, n - j))) return S_ILL;
        cp = fz_utf8_decode((const char *)s + j, &l);
    }
    return S_cp_info(cp) & S_CP_MARK ? l : 0;
}

/* The normalized view under construction, and the copy of the source that becomes src.
 * Identity text is not copied run by run: the plain-run scan stores each block it loads
 * into both buffers, and S_fill copies what the blocks did not cover. */
typedef struct S_norm {
    const unsigned char *s; /* the source, n bytes */
    size_t n;
    char *copy; /* n + 1 bytes: becomes src */
    char *p;    /* norm: committed bytes [0, len), then the pending identity run */
    size_t len, cap;
    size_t run;  /* the pending identity run is s[run, i), to be stored at p + len */
    size_t ncov; /* p + len holds s[run, ncov) (ncov >= run) */
    size_t scov; /* copy holds s[0, scov) (scov >= ncov) */
    FZ_VEC(fz_seg) segs;
    FZ_VEC(uint32_t) line_starts; /* the line map (text.h), made on the way */
    size_t line_start;
    bool avx2; /* S_plain_store_avx2 may run */
} S_norm;

/* Room for the pending run to grow to the end of the source, a 16-byte store past it
 * and the NUL, after `extra` more committed bytes. */
static void S_norm_reserve(S_norm *nb, size_t extra) {
    size_t need = nb->len + extra + (nb->n - nb->run) + 17;
    if (nb->cap >= need) return;
    size_t cap = nb->cap + nb->cap / 2;
    nb->cap = cap > need ? cap : need;
    nb->p = fz_xrealloc(nb->p, nb->cap);
}

/* Starts over on the source s[0, n), with a fresh copy buffer. */
static S_norm *S_norm_start(S_norm *nb, const unsigned char *s, size_t n) {
    nb->s = s;
    nb->n = n;
    nb->copy = fz_xmalloc(n + 1);
    nb->len = nb->run = nb->ncov = nb->scov = 0;
    nb->segs.n = nb->line_starts.n = nb->line_start = 0;
    S_norm_reserve(nb, 0);
    return nb;
}

/* Makes copy hold s[0, x) and norm the pending run up to x. */
static inline void S_fill(S_norm *nb, size_t x) {
    if (nb->ncov >= x) return;
    if (nb->scov < x) {
        memcpy(nb->copy + nb->scov, nb->s + nb->scov, x - nb->scov);
        nb->scov = x;
    }
    memcpy(nb->p + nb->len + (nb->ncov - nb->run), nb->s + nb->ncov, x - nb->ncov);
    nb->ncov = x;
}

/* Commits the pending identity run s[run, e) as a seg. */
static void S_norm_identity(S_norm *nb, size_t e) {
    S_fill(nb, e);
    if (nb->run == e) return;
    size_t l = e - nb->run;
    fz_vec_push(&nb->segs,
                ((fz_seg){(uint32_t)nb->len, (uint32_t)nb->run, (uint32_t)l, (uint32_t)l, true}));
    nb->len += l;
    nb->run = e;
}

/* Commits the pending run up to i, then m bytes for s[i, j) as one replaced run: returns
 * where the caller writes them (the caller copies: one copy for a character of at most 4
 * bytes, another for a cluster, so GCC at -O3 sees no 4-byte buffer meet a longer copy). */
static char *S_norm_replace(S_norm *nb, size_t i, size_t j, size_t m) {
    S_norm_identity(nb, i);
    if (nb->scov < j) {
        memcpy(nb->copy + nb->scov, nb->s + nb->scov, j - nb->scov);
        nb->scov = j;
    }
    nb->run = nb->ncov = j;
    S_norm_reserve(nb, m);
    fz_vec_push(&nb->segs,
                ((fz_seg){(uint32_t)nb->len, (uint32_t)i, (uint32_t)m, (uint32_t)(j - i), false}));
    char *at = nb->p + nb->len;
    nb->len += m;
    return at;
}

/* S_norm_replace for a character s[i, j) (not ASCII) that NFKC makes the ASCII c, when
 * two segs fit (most are fullwidth forms): the output is shorter than the input, so norm
 * has room. */
static inline void S_norm_ascii(S_norm *nb, size_t i, size_t j, char c) {
    S_fill(nb, i);
    if (nb->scov < j) {
        memcpy(nb->copy + nb->scov, nb->s + nb->scov, j - nb->scov);
        nb->scov = j;
    }
    fz_seg *g = nb->segs.v + nb->segs.n;
    size_t len = nb->len, run = nb->run;
    if (run < i) {
        *g++ =
            (fz_seg){(uint32_t)len, (uint32_t)run, (uint32_t)(i - run), (uint32_t)(i - run), true};
        len += i - run;
    }
    *g++ = (fz_seg){(uint32_t)len, (uint32_t)i, 1, (uint32_t)(j - i), false};
    nb->p[len++] = c;
    nb->segs.n = (size_t)(g - nb->segs.v);
    nb->len = len;
    nb->run = nb->ncov = j;
}

/* NFKC of the cluster s[i, j), replacing it if it differs from the source. */
static void S_norm_cluster(S_norm *nb, size_t i, size_t j) {
    utf8proc_int32_t stack[64], *buf = stack;
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)nb->s + i;
    utf8proc_ssize_t len = (utf8proc_ssize_t)(j - i);
    utf8proc_ssize_t n = utf8proc_decompose(u, len, buf, 64, S_NFKC);
    if (n > 64) {
        buf = fz_xmalloc((size_t)n * sizeof *buf);
        n = utf8proc_decompose(u, len, buf, n, S_NFKC);
    }
    utf8proc_ssize_t m = n >= 0 ? utf8proc_reencode(buf, n, S_NFKC) : -1;
    /* an image far longer than the cluster is kept as written (text.h FZ_NORM_GROWTH) */
    if (m >= 0 && m <= FZ_NORM_GROWTH * len && (m != len || memcmp(buf, u, (size_t)len) != 0))
        memcpy(S_norm_replace(nb, i, j, (size_t)m), buf, (size_t)m);
    if (buf != stack) free(buf);
}

/* The character s[i, i + l) as a cluster of its own, described by info (S_cp_info). */
static void S_norm_alone(S_norm *nb, size_t i, size_t l, uint32_t info) {
    if ((info & S_CP_KIND) == S_CP_SAME) return;
    if ((info & S_CP_KIND) == S_CP_MANY) {
        S_norm_cluster(nb, i, i + l);
        return;
    }
    if ((info >> 8) < 0x80 && nb->segs.cap - nb->segs.n >= 2) {
        S_norm_ascii(nb, i, i + l, (char)(info >> 8));
        return;
    }
    char out[4];
    size_t m = fz_utf8_encode((int)(info >> 8), out);
    char *at = S_norm_replace(nb, i, i + l, m);
    for (size_t k = 0; k < m; k++) at[k] = out[k]; /* a character: no call */
}

#ifdef __SSE2__

/* Bit k for byte p[k] of 16 (k < 14) that starts U+3001..U+3029 (、。〈〉《》「」【】...) or
 * U+2018..U+201D (‘’“”): not combining marks, kept as they are by NFKC, nor do they take
 * part in a composition with what precedes them. */
static inline unsigned S_punct16(__m128i v) {
    __m128i second80 = _mm_cmpeq_epi8(_mm_srli_si128(v, 1), _mm_set1_epi8((char)0x80));
    __m128i third = _mm_srli_si128(v, 2);
    __m128i d3 = _mm_sub_epi8(third, _mm_set1_epi8((char)0x81));
    __m128i cjk = _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE3)),
                                _mm_cmpeq_epi8(_mm_min_epu8(d3, _mm_set1_epi8(0x28)), d3));
    __m128i d2 = _mm_sub_epi8(third, _mm_set1_epi8((char)0x98));
    __m128i quote = _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE2)),
                                  _mm_cmpeq_epi8(_mm_min_epu8(d2, _mm_set1_epi8(5)), d2));
    return (unsigned)_mm_movemask_epi8(_mm_and_si128(second80, _mm_or_si128(cjk, quote))) & 0x3FFF;
}

#endif

/* fz_scan_plain_run over nb's source (also taking the punctuation of S_punct16 as plain),
 * storing each 16-byte block it loads into copy and into the pending run of norm (a
 * block's bytes past the run's end are overwritten or never used).  The blocks follow at a
 * fixed stride: a character cut by a block's end is checked by the next one. */
static inline size_t S_plain_store(S_norm *nb, size_t i) {
    const unsigned char *s = nb->s;
    size_t n = nb->n;
#ifdef __SSE2__
    if (n - i >= 16) {
        S_fill(nb, i); /* the stores below extend what is held without a gap */
        char *copy = nb->copy, *p = nb->p;
        size_t shift = nb->len - nb->run; /* s[x] goes to p[shift + x] (mod 2^N) */
        /* continuations due in bytes 0..1 of the block; leads in bytes 14..15 of the last */
        uint32_t carry = 0, prev_leads = 0;
        do {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            _mm_storeu_si128((__m128i *)(void *)(copy + i), v);
            _mm_storeu_si128((__m128i *)(void *)(p + (shift + i)), v);
            unsigned ascii, lead, cont;
            fz_scan_classify16v(v, &ascii, &lead, &cont);
            uint32_t expect = (lead << 1) | (lead << 2) | carry;
            uint32_t bad = (~(ascii | lead | cont) | (cont ^ expect)) & 0xFFFF;
            /* stopped by punctuation that NFKC keeps: take it as plain too (the test is
             * only worth it here, as most blocks hold none) */
            if (bad && (s[i + (unsigned)__builtin_ctz(bad)] | 1) == 0xE3) {
                lead |= S_punct16(v);
                expect = (lead << 1) | (lead << 2) | carry;
                bad = (~(ascii | lead | cont) | (cont ^ expect)) & 0xFFFF;
            }
            if (bad) {
                /* stop at the start of the character holding the first bad byte */
                unsigned cut = (unsigned)__builtin_ctz(bad);
                uint32_t leads = (lead << 2) | prev_leads; /* bit x + 2: a lead at byte x */
                nb->ncov = nb->scov = i + 16;
                if ((expect >> cut) & 1) return i + cut - ((leads >> (cut + 1)) & 1 ? 1 : 2);
                return i + cut;
            }
            carry = expect >> 16;
            prev_leads = lead >> 14;
            i += 16;
        } while (n - i >= 16);
        nb->ncov = nb->scov = i;
        /* back to the start of a character cut by the last block's end */
        i -= carry == 3 ? 1 : carry == 1 ? 2 : 0;
    }
#endif
    return fz_scan_plain_run(s, i, n);
}

#ifdef S_AVX2
/* S_plain_store in 32-byte blocks (same result), for CPUs that have AVX2. */
__attribute__((target("avx2"))) static size_t S_plain_store_avx2(S_norm *nb, size_t i) {
    const unsigned char *s = nb->s;
    size_t n = nb->n;
    if (n - i >= 32) {
        S_fill(nb, i);
        char *copy = nb->copy, *p = nb->p;
        size_t shift = nb->len - nb->run;
        uint64_t carry = 0, prev_leads = 0;
        do {
            __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
            _mm256_storeu_si256((__m256i *)(void *)(copy + i), v);
            _mm256_storeu_si256((__m256i *)(void *)(p + (shift + i)), v);
            uint32_t ascii =
                (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(v, _mm256_set1_epi8(0x1F)));
            uint32_t cont =
                (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(_mm256_set1_epi8((char)0xC0), v));
            __m256i d = _mm256_sub_epi8(v, _mm256_set1_epi8((char)0xE4));
            uint32_t lead = (uint32_t)_mm256_movemask_epi8(
                _mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(5)), d));
            uint64_t expect = ((uint64_t)lead << 1) | ((uint64_t)lead << 2) | carry;
            uint32_t bad = ~(ascii | lead | cont) | (cont ^ (uint32_t)expect);
            if (bad && (s[i + (unsigned)__builtin_ctz(bad)] | 1) == 0xE3 && n - i >= 34) {
                /* the punctuation of S_punct16, its second and third bytes loaded shifted */
                __m256i second = _mm256_loadu_si256((const __m256i *)(const void *)(s + i + 1));
                __m256i third = _mm256_loadu_si256((const __m256i *)(const void *)(s + i + 2));
                __m256i second80 = _mm256_cmpeq_epi8(second, _mm256_set1_epi8((char)0x80));
                __m256i d3 = _mm256_sub_epi8(third, _mm256_set1_epi8((char)0x81));
                __m256i cjk = _mm256_and_si256(
                    _mm256_cmpeq_epi8(v, _mm256_set1_epi8((char)0xE3)),
                    _mm256_cmpeq_epi8(_mm256_min_epu8(d3, _mm256_set1_epi8(0x28)), d3));
                __m256i d2 = _mm256_sub_epi8(third, _mm256_set1_epi8((char)0x98));
                __m256i quote = _mm256_and_si256(
                    _mm256_cmpeq_epi8(v, _mm256_set1_epi8((char)0xE2)),
                    _mm256_cmpeq_epi8(_mm256_min_epu8(d2, _mm256_set1_epi8(5)), d2));
                lead |= (uint32_t)_mm256_movemask_epi8(
                    _mm256_and_si256(second80, _mm256_or_si256(cjk, quote)));
                expect = ((uint64_t)lead << 1) | ((uint64_t)lead << 2) | carry;
                bad = ~(ascii | lead | cont) | (cont ^ (uint32_t)expect);
            }
            if (bad) {
                unsigned cut = (unsigned)__builtin_ctz(bad);
                uint64_t leads = ((uint64_t)lead << 2) | prev_leads;
                nb->ncov = nb->scov = i + 32;
                if ((expect >> cut) & 1) return i + cut - ((leads >> (cut + 1)) & 1 ? 1 : 2);
                return i + cut;
            }
            carry = expect >> 32;
            prev_leads = lead >> 30;
            i += 32;
        } while (n - i >= 32);
        nb->ncov = nb->scov = i;
        i -= carry == 3 ? 1 : carry == 1 ? 2 : 0;
    }
    return S_plain_store(nb, i);
}
#endif

static bool S_use_avx2 = true;

bool fz_text_allow_avx2(bool allow) {
    bool was = S_use_avx2;
    S_use_avx2 = allow;
    return was;
}

/* Appends the normalized view of nb's source (see text.h) to nb and copies the source: NFKC
 * per cluster, a cluster being a character and up to S_MAX_MARKS combining marks after it;
 * CR, LF and U+2026 take none, and U+2026 is kept.  Checks UTF-8 on the way: false, nb
 * partly filled, on an ill-formed sequence or a NUL.  *odd counts the C0 controls other
 * than \t \n \v \f \r. */
static inline __attribute__((always_inline)) bool S_normalize_with(S_norm *nb, size_t *odd,
                                                                   bool avx2) {
    const unsigned char *s = nb->s;
    const char *src = (const char *)s;
    size_t i = 0, n = nb->n;
    while (i < n) {
        size_t plain = i;
#ifdef S_AVX2
        i = avx2 ? S_plain_store_avx2(nb, i) : S_plain_store(nb, i);
#else
        (void)avx2;
        i = S_plain_store(nb, i);
#endif
        if (i == n) break;
        size_t start = i, j, l;
        unsigned char b = s[i];
        if (b < 0x80) {
            /* a C0 control: plain runs hold the rest of ASCII */
            if (!b) return false;
            *odd += !((0x3E00u >> b) & 1);
            j = i + 1;
            if (b == '\r' || b == '\n') {
                /* a line ends at CR, LF or CR LF */
                if (b == '\r' || i == 0 || s[i - 1] != '\r') {
                    fz_vec_push(&nb->line_starts, (uint32_t)nb->line_start);
                }
                nb->line_start = i = j;
                continue;
            }
            if (j == n || !(l = S_mark_len(s, j, n))) {
                i = j;
                continue;
            }
            if (l == S_ILL) return false;
        } else {
            int cp = fz_utf8_cp3(s + i, n - i);
            if (cp >= 0)
                l = 3;
            else if ((l = fz_utf8_seq_len(s + i, n - i)))
                cp = fz_utf8_decode(src + i, &l);
            else
                return false;
            uint32_t info = S_cp_info(cp);
            j = i + l;
            if ((info & S_CP_MARK) && i > plain) {
                /* a mark after a plain character: the cluster starts at that character */
                start = s[i - 1] < 0x80 ? i - 1 : i - 3;
                j = i;
            } else if (cp == 0x2026) {
                /* kept (NFKC would make it three dots), and takes no marks */
                i = j;
                continue;
            } else {
                size_t mark = j < n ? S_mark_len(s, j, n) : 0;
                if (mark == S_ILL) return false;
                if (!mark) {
                    S_norm_alone(nb, i, l, info);
                    i = j;
                    continue;
                }
            }
        }
        for (int marks = 0; j < n && marks < S_MAX_MARKS; marks++) {
            size_t mark = S_mark_len(s, j, n);
            if (mark == S_ILL) return false;
            if (!mark) break;
            j += mark;
        }
        S_norm_cluster(nb, start, j);
        i = j;
    }
    S_norm_identity(nb, n);
    if (nb->line_start < n) {
        fz_vec_push(&nb->line_starts, (uint32_t)nb->line_start);
    }
    return true;
}

#ifdef S_AVX2
/* The normalizer compiled for AVX2, so that its 32-byte block scan is inlined. */
__attribute__((target("avx2"))) static bool S_normalize_avx2(S_norm *nb, size_t *odd) {
    return S_normalize_with(nb, odd, true);
}
#endif

static bool S_normalize(S_norm *nb, size_t *odd) {
#ifdef S_AVX2
    if (nb->avx2) return S_normalize_avx2(nb, odd);
#endif
    return S_normalize_with(nb, odd, false);
}

/* For each block of 1 << FZ_SEG_BLOCK_BITS bytes of src and of norm, the last seg starting
 * at or before the block: a lookup then walks a few segs.  Both in one pass over the segs. */
static void S_seg_index(fz_text *t) {
    const fz_seg *segs = t->segs;
    size_t nsegs = t->nsegs, bs = 0, bn = 0, k = 1, last = nsegs ? nsegs - 1 : 0;
    size_t nbs = (t->src_len >> FZ_SEG_BLOCK_BITS) + 1,
           nbn = (t->norm_len >> FZ_SEG_BLOCK_BITS) + 1;
    uint32_t *at_src = fz_xmalloc(nbs * sizeof *at_src),
             *at_norm = fz_xmalloc(nbn * sizeof *at_norm);
    /* seg k - 1 holds the blocks that start before seg k does (segs start below len) */
    for (; k < nsegs; k++) {
        size_t ends = (segs[k].s + S_SEG_BLOCK_MASK) >> FZ_SEG_BLOCK_BITS;
        size_t endn = (segs[k].n + S_SEG_BLOCK_MASK) >> FZ_SEG_BLOCK_BITS;
        while (bs < ends) at_src[bs++] = (uint32_t)(k - 1);
        while (bn < endn) at_norm[bn++] = (uint32_t)(k - 1);
    }
    while (bs < nbs) at_src[bs++] = (uint32_t)last;
    while (bn < nbn) at_norm[bn++] = (uint32_t)last;
    t->seg_at_src = at_src;
    t->seg_at_norm = at_norm;
}

/* Replaced bytes and C0 controls other than the usual layout ones, against characters. */
static bool S_binary(const fz_text *t) {
    const unsigned char *p = (const unsigned char *)t->src;
    size_t n = t->src_len, chars = 0, odd = t->nbad;
    const uint64_t hi = 0x8080808080808080u, ones = 0x0101010101010101u;
    for (size_t i = 0; i < n;) {
        /* Eight bytes at once (count those that are no continuation, 10xxxxxx) unless
         * the word may hold a C0 control: most words of a line hold none. */
        uint64_t x;
        if (n - i >= 8 && (memcpy(&x, p + i, 8), !((x - 0x20 * ones) & ~x & hi))) {
            chars += 8 - (size_t)((((x & ~(x << 1) & hi) >> 7) * ones) >> 56);
            i += 8;
            continue;
        }
        for (size_t end = n - i >= 8 ? i + 8 : n; i < end; i++) {
            unsigned char b = p[i];
            chars += (b & 0xC0) != 0x80;
            /* without branches: a C0 control other than \t \n \v \f \r (bits 9-13) */
            odd += (b < 0x20) & !((0x3E00u >> (b & 0x1F)) & 1);
        }
    }
    return odd * 10 > chars;
}

/* NUL and C0 controls (other than \t \n \v \f \r) among raw bytes.  In UTF-8 and
 * GB18030 each stays one odd character of the decoded text, and there are no more
 * characters than bytes: more than one in ten bytes makes a binary file for sure. */
static bool S_raw_binary(const unsigned char *p, size_t n) {
    const uint64_t hi = 0x8080808080808080u, ones = 0x0101010101010101u;
    size_t odd = 0;
    for (size_t i = 0; i < n;) {
        uint64_t x;
        if (n - i >= 8 && (memcpy(&x, p + i, 8), !((x - 0x20 * ones) & ~x & hi))) {
            i += 8;
            continue;
        }
        for (size_t end = n - i >= 8 ? i + 8 : n; i < end; i++)
            odd += (p[i] < 0x20) & !((0x3E00u >> (p[i] & 0x1F)) & 1);
    }
    return odd * 10 > n;
}

/* A file found binary before decoding is decoded this far only: enough for the
 * finding's position and excerpt, not a multiple of the file. */
#define S_BINARY_PREFIX ((size_t)64 << 10)

void fz_text_decode(fz_text *t, const unsigned char *bytes, size_t len) {
    memset(t, 0, sizeof *t);
    const unsigned char *p = bytes && len ? bytes : (const unsigned char *)"";
    if (!bytes) len = 0;
    bool utf16_bom = len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF));
    bool binary = !utf16_bom && len > S_BINARY_PREFIX && S_raw_binary(p, len);
    if (binary) len = S_BINARY_PREFIX;
    if (len > FZ_TEXT_MAX_BYTES) len = FZ_TEXT_MAX_BYTES;
    S_norm nb = {0};
#ifdef S_AVX2
    nb.avx2 = S_use_avx2 && __builtin_cpu_supports("avx2");
#endif
    nb.cap = len + len / 8 + 64;
    nb.p = fz_xmalloc(nb.cap);
    /* two segs per replaced character; reports have about one in 40 bytes (a realloc
     * copies them all) */
    nb.segs.cap = len / 16 + 16;
    nb.segs.v = fz_xmalloc(nb.segs.cap * sizeof *nb.segs.v);
    /* lines of reports run to a few hundred bytes */
    nb.line_starts.cap = len / 64 + 16;
    nb.line_starts.v = fz_xmalloc(nb.line_starts.cap * sizeof *nb.line_starts.v);
    size_t odd = 0;
    /* Most reports are well-formed UTF-8 without NUL: checked while normalizing, and
     * copied on the way.  Anything else is decoded first, then normalized. */
    size_t bom = len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0;
    bool utf16 = len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF));
    if (!utf16 && S_normalize(S_norm_start(&nb, p + bom, len - bom), &odd)) {
        t->encoding = bom ? "UTF-8 (BOM)" : "UTF-8";
        t->src_len = nb.n;
        t->src = nb.copy;
        t->binary = odd && S_binary(t);
    } else {
        fz_bad_vec bad = {0};
        free(nb.copy);
        fz_text_transcode(t, &bad, p, len);
        t->bad = bad.v;
        t->nbad = bad.n;
        t->binary = S_binary(t);
        /* src is well-formed and holds no NUL: this cannot fail; the copy is equal */
        S_normalize(S_norm_start(&nb, (const unsigned char *)t->src, t->src_len), &odd);
        free(t->src);
        t->src = nb.copy;
    }
    t->src[t->src_len] = '\0';
    /* the buffers were sized for a typical report: give back what this one left unused */
    t->line_start = nb.line_starts.v;
    t->nlines = nb.line_starts.n;
    nb.p[nb.len] = '\0';
    t->norm = nb.p;
    t->norm_len = nb.len;
    t->segs = nb.segs.v;
    t->nsegs = nb.segs.n;
    /* a sentinel past the last seg ends the map's walks */
    fz_vec_push(&nb.segs, ((fz_seg){UINT32_MAX, UINT32_MAX, 0, 0, false}));
    t->segs = nb.segs.v;
    S_seg_index(t);
    if (binary) t->binary = true;
}

void fz_text_free(fz_text *t) {
    if (!t) return;
    free(t->src);
    free(t->line_start);
    free(t->norm);
    free(t->segs);
    free(t->seg_at_src);
    free(t->seg_at_norm);
    free(t->bad);
    for (size_t u = 0; u <= FZ_COL_UTF16; u++) free(t->colmark[u]);
    memset(t, 0, sizeof *t);
}

size_t fz_text_to_src(const fz_text *t, size_t norm_off) {
    if (norm_off >= t->norm_len || t->nsegs == 0) return t->src_len;
    size_t k = t->seg_at_norm[norm_off >> FZ_SEG_BLOCK_BITS];
    while (t->segs[k + 1].n <= norm_off) k++;
    const fz_seg *g = &t->segs[k];
    return g->identity ? g->s + (norm_off - g->n) : g->s;
}

size_t fz_text_to_norm(const fz_text *t, size_t src_off) {
    if (src_off >= t->src_len || t->nsegs == 0) return t->norm_len;
    size_t k = t->seg_at_src[src_off >> FZ_SEG_BLOCK_BITS];
    while (t->segs[k + 1].s <= src_off) k++;
    const fz_seg *g = &t->segs[k];
    return g->identity ? g->n + (src_off - g->s) : g->n;
}

size_t fz_text_line_of(const fz_text *t, size_t src_off) {
    size_t lo = 0, hi = t->nlines;
    if (hi == 0) return 0;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->line_start[mid] <= src_off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}
