/*
 * text_scan.h - what the parts of the text stage (text.c, text_decode.c, text_width.c)
 * share: UTF-8 sequences checked byte by byte and 16 bytes at a time, and the decoder.
 */
#ifndef FZ_TEXT_SCAN_H
#define FZ_TEXT_SCAN_H

#include <stdbool.h>
#include <stdint.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text.h"
#include "util.h"

typedef FZ_VEC(fz_bad_byte) fz_bad_vec;

/* Length of the well-formed UTF-8 sequence at p (avail bytes left), 0 if ill-formed.
 * Rejects overlong forms, surrogates and code points above U+10FFFF. */
static inline size_t fz_utf8_seq_len(const unsigned char *p, size_t avail) {
    unsigned char b = p[0];
    if (b < 0x80) return 1;
    if (b < 0xC2) return 0;
    if (b < 0xE0) return avail >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (b < 0xF0) {
        if (avail < 3) return 0;
        unsigned char lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;
        return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
    }
    if (b < 0xF5) {
        if (avail < 4) return 0;
        unsigned char lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;
        return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80 ? 4 : 0;
    }
    return 0;
}

/* The code point of the well-formed 3-byte sequence at p (avail bytes left), or -1:
 * the 3-byte case of fz_utf8_seq_len, decoded. */
static inline int fz_utf8_cp3(const unsigned char *p, size_t avail) {
    if (avail < 3 || (p[0] & 0xF0) != 0xE0 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
        return -1;
    int cp = ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    return cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) ? -1 : cp;
}

#ifdef __SSE2__
/* Bit k of *ascii, *lead, *cont for byte p[k] of 16: 0x20..0x7F, E4..E9, 80..BF. */
static inline void fz_scan_classify16v(__m128i v, unsigned *ascii, unsigned *lead, unsigned *cont) {
    *ascii = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x1F)));
    *cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8((char)0xC0)));
    __m128i d = _mm_sub_epi8(v, _mm_set1_epi8((char)0xE4));
    *lead = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(5)), d));
}

static inline void fz_scan_classify16(const unsigned char *p, unsigned *ascii, unsigned *lead,
                                      unsigned *cont) {
    fz_scan_classify16v(_mm_loadu_si128((const __m128i *)(const void *)p), ascii, lead, cont);
}
#endif

/* A block of 16 or 32 (bits) bytes starting on a character boundary, as bit masks of
 * single-byte characters, leads of 3-byte characters (the caller's choice of them) and
 * continuation bytes.  Returns how many of its first bytes are whole such characters,
 * well-formed; *clean tells whether the block holds nothing else (its end may still cut a
 * character, which is then not counted: the next block starts with it). */
static inline unsigned fz_scan_block_prefix(uint32_t ascii, uint32_t lead, uint32_t cont,
                                            unsigned bits, bool *clean) {
    uint32_t all = bits == 32 ? 0xFFFFFFFFu : (1u << bits) - 1;
    uint32_t expect = (lead << 1) | (lead << 2);
    uint32_t bad = (~(ascii | lead | cont) | (cont ^ expect)) & all;
    unsigned cut = bad ? (unsigned)__builtin_ctz(bad) : bits;
    *clean = !bad;
    if (cut >= 1 && (lead >> (cut - 1)) & 1) return cut - 1;
    if (cut >= 2 && (lead >> (cut - 2)) & 1) return cut - 2;
    return cut;
}

/* From i, the end of the run of printable ASCII and U+4000..U+9FFF (E4..E9 leads) in
 * s[0, n): what needs neither checking nor normalizing. */
static inline size_t fz_scan_plain_run(const unsigned char *s, size_t i, size_t n) {
#ifdef __SSE2__
    while (n - i >= 16) {
        unsigned ascii, lead, cont;
        bool clean;
        fz_scan_classify16(s + i, &ascii, &lead, &cont);
        i += fz_scan_block_prefix(ascii, lead, cont, 16, &clean);
        if (!clean) return i;
    }
#endif
    while (i < n) {
        unsigned char b = s[i];
        if (b >= 0x20 && b < 0x80) {
            i++;
        } else if (b >= 0xE4 && b <= 0xE9 && n - i >= 3 && (s[i + 1] & 0xC0) == 0x80 &&
                   (s[i + 2] & 0xC0) == 0x80) {
            i += 3;
        } else {
            break;
        }
    }
    return i;
}

/* The bytes p[0, len) as well-formed UTF-8 without NUL in t->src (t->src_len, t->encoding):
 * UTF-16 by its BOM, UTF-8 (BOM removed), GB18030 when the bytes are not UTF-8 but are
 * GB18030, else UTF-8 with each undecodable byte replaced by U+FFFD and pushed to bad. */
void fz_text_transcode(fz_text *t, fz_bad_vec *bad, const unsigned char *p, size_t len);

#endif
