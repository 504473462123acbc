/* text_width.c - columns of a text in four units (from checkpoints in long lines) and
 * display widths. */
#include <stdatomic.h>
#include <stdint.h>
#include <utf8proc.h>

#include "text_scan.h"

/* Display width + 1 of each BMP code point, filled on first use (0: not yet known). */
static _Atomic unsigned char S_bmp_width[0x10000];

/* Display width of one code point; col is the column reached so far (for tabs). */
static size_t S_cp_width(int cp, size_t col) {
    if (cp == '\t') return 8 - col % 8;
    /* Other controls take one cell, as editors show them as a placeholder glyph. */
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return 1;
    unsigned char known =
        cp < 0x10000 ? atomic_load_explicit(&S_bmp_width[cp], memory_order_relaxed) : 0;
    if (known) return known - 1u;
    int w = utf8proc_charwidth(cp);
    size_t width = w > 0 ? (size_t)w : 0;
    if (cp < 0x10000)
        atomic_store_explicit(&S_bmp_width[cp], (unsigned char)(width + 1), memory_order_relaxed);
    return width;
}

static size_t S_width_from(const char *s, size_t len, size_t col, size_t max);

/* The columns src[from, to) adds after column col (both on character boundaries). */
static size_t S_cols_from(const fz_text *t, size_t from, size_t to, size_t col, fz_colunit unit) {
    const unsigned char *p = (const unsigned char *)t->src;
    ((fz_text *)t)->column_steps += to - from;
    if (unit == FZ_COL_BYTE) return col + (to - from);
    if (unit == FZ_COL_DISPLAY) return S_width_from(t->src + from, to - from, col, SIZE_MAX);
    for (size_t i = from; i < to; i++)
        col += ((p[i] & 0xC0) != 0x80) + (unit == FZ_COL_UTF16 && p[i] >= 0xF0);
    return col;
}

/* The first character boundary at or after off, within the line ending at end. */
static size_t S_boundary(const fz_text *t, size_t off, size_t end) {
    while (off < end && ((unsigned char)t->src[off] & 0xC0) == 0x80) off++;
    return off;
}

#define S_COLMARK ((size_t)1 << FZ_COLMARK_BITS)

/* The checkpoints of one unit: only lines of at least 2 * S_COLMARK bytes have any
 * that a column asks for. */
static size_t *S_colmarks(const fz_text *t, fz_colunit unit) {
    size_t n = (t->src_len >> FZ_COLMARK_BITS) + 1;
    size_t *mark = fz_xcalloc(n, sizeof *mark);
    for (size_t line = 0; line < t->nlines; line++) {
        size_t start = t->line_start[line], end = fz_text_line_end(t, line);
        if (end - start < 2 * S_COLMARK) continue;
        size_t pos = start, col = 0;
        for (size_t k = (start >> FZ_COLMARK_BITS) + 1; k << FZ_COLMARK_BITS <= end; k++) {
            size_t next = S_boundary(t, k << FZ_COLMARK_BITS, end);
            col = S_cols_from(t, pos, next, col, unit);
            mark[k] = col;
            pos = next;
        }
    }
    return mark;
}

size_t fz_text_column(const fz_text *t, size_t src_off, fz_colunit unit) {
    if (t->nlines == 0) return 1;
    size_t line = fz_text_line_of(t, src_off);
    size_t start = t->line_start[line], end = fz_text_line_end(t, line);
    if (src_off > end) src_off = end;
    if (src_off < start) src_off = start;
    if (unit == FZ_COL_BYTE) return src_off - start + 1;
    /* The characters that start before src_off count (src is well-formed UTF-8). */
    src_off = S_boundary(t, src_off, end);
    if (src_off - start < 2 * S_COLMARK) return S_cols_from(t, start, src_off, 0, unit) + 1;
    /* deep in a long line: from the checkpoint at or before src_off (after start) */
    if (!t->colmark[unit]) ((fz_text *)t)->colmark[unit] = S_colmarks(t, unit);
    size_t k = src_off >> FZ_COLMARK_BITS, from = S_boundary(t, k << FZ_COLMARK_BITS, end);
    return S_cols_from(t, from, src_off, t->colmark[unit][k], unit) + 1;
}

size_t fz_display_width(const char *s, size_t len) {
    /* one 3-byte character whose width is known: the emitters measure characters one by one */
    int cp = len == 3 ? fz_utf8_cp3((const unsigned char *)s, 3) : -1;
    unsigned char known =
        cp >= 0 ? atomic_load_explicit(&S_bmp_width[cp], memory_order_relaxed) : 0;
    return known ? known - 1u : fz_display_width_upto(s, len, SIZE_MAX);
}

#ifdef __SSE2__
/* Bit k of *ascii, *wide, *cont for byte p[k] of 16: 0x20..0x7F; the lead byte of
 * U+4E00..U+9FFF (E5..E9, or E4 before B8..BF); 80..BF. */
static inline void S_classify16_wide(const unsigned char *p, unsigned *ascii, unsigned *wide,
                                     unsigned *cont) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    *ascii = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x1F)));
    *cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8((char)0xC0)));
    __m128i d = _mm_sub_epi8(v, _mm_set1_epi8((char)0xE5));
    __m128i e5_e9 = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(4)), d);
    __m128i next = _mm_srli_si128(v, 1);
    __m128i next_b8 = _mm_cmpeq_epi8(_mm_max_epu8(next, _mm_set1_epi8((char)0xB8)), next);
    __m128i e4 = _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE4)), next_b8);
    *wide = (unsigned)_mm_movemask_epi8(_mm_or_si128(e5_e9, e4));
}

#define S_BITS2(n) n, n + 1, n + 1, n + 2
#define S_BITS4(n) S_BITS2(n), S_BITS2(n + 1), S_BITS2(n + 1), S_BITS2(n + 2)
#define S_BITS6(n) S_BITS4(n), S_BITS4(n + 1), S_BITS4(n + 1), S_BITS4(n + 2)
static const unsigned char S_bits_set[256] = {S_BITS6(0), S_BITS6(1), S_BITS6(1), S_BITS6(2)};

static inline unsigned S_popcount32(uint32_t x) {
    return (unsigned)S_bits_set[x & 0xFF] + S_bits_set[(x >> 8) & 0xFF] +
           S_bits_set[(x >> 16) & 0xFF] + S_bits_set[x >> 24];
}
#endif

size_t fz_display_width_upto(const char *s, size_t len, size_t max) {
    return S_width_from(s, len, 0, max);
}

/* fz_display_width_upto from column col (tabs advance to multiples of 8 from 0). */
static size_t S_width_from(const char *s, size_t len, size_t col, size_t max) {
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len && col <= max;) {
#ifdef __SSE2__
        /* Blocks of printable ASCII (1 column) and U+4E00..U+9FFF (2 columns): 16 bytes
         * make at most 16 columns, so a block that stays within max changes nothing about
         * where counting stops.  A block ends at the first other byte, done below. */
        if (len - i >= 16 && max - col >= 16) {
            unsigned ascii, wide, cont, bits = 16;
            bool clean;
            S_classify16_wide(p + i, &ascii, &wide, &cont);
            if (len - i >= 32 && max - col >= 32) {
                unsigned ascii2, wide2, cont2;
                S_classify16_wide(p + i + 16, &ascii2, &wide2, &cont2);
                ascii |= ascii2 << 16, wide |= wide2 << 16, cont |= cont2 << 16, bits = 32;
            }
            unsigned k = fz_scan_block_prefix(ascii, wide, cont, bits, &clean);
            /* k bytes: a 1-byte character is 1 column, a 3-byte one 2 */
            col += k - S_popcount32(k == 32 ? wide : wide & ((1u << k) - 1));
            i += k;
            if (clean) continue;
        }
#endif
        /* Hot path: printable ASCII is 1 column, U+4E00..U+9FFF (E4 B8 80..E9 BF BF) 2. */
        if (p[i] >= 0x20 && p[i] < 0x7F) {
            i++, col++;
            continue;
        }
        if (len - i >= 3 && ((p[i] == 0xE4 && p[i + 1] >= 0xB8) || (p[i] > 0xE4 && p[i] <= 0xE9)) &&
            (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
            i += 3, col += 2;
            continue;
        }
        int cp = fz_utf8_cp3(p + i, len - i);
        if (cp >= 0) {
            unsigned char known = atomic_load_explicit(&S_bmp_width[cp], memory_order_relaxed);
            i += 3;
            col += known ? known - 1u : S_cp_width(cp, col);
            continue;
        }
        size_t l = fz_utf8_seq_len(p + i, len - i);
        if (l) {
            cp = fz_utf8_decode(s + i, &l);
        } else {
            cp = 0xFFFD;
            l = 1;
        }
        i += l;
        col += S_cp_width(cp, col);
    }
    return col;
}
