/*
 * text.h - the `text` stage: bytes in, a decoded report out.
 *
 * src   : the report as valid UTF-8 (BOM removed, undecodable bytes replaced by
 *         U+FFFD and remembered in `bad`), line ends kept as they were.
 * norm  : the normalized view that rules match on: per character cluster NFKC
 *         (so （一）→(一), １００％→100%, U+3000/NBSP→space), except that
 *         U+2026 (…) is kept.  Line ends are kept, so lines correspond.
 * segs  : the exact map between the two, as runs (see fz_text_to_src).
 * Positions are byte offsets into src unless a name says norm.
 */
#ifndef FZ_TEXT_H
#define FZ_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "types.h"

/* A run of the norm<->src map: norm[n, n+nlen) comes from src[s, s+slen).
 * Identity runs (nlen == slen, bytes equal) are merged; a replaced cluster is one run.
 * Offsets are 32-bit: a text is at most FZ_TEXT_MAX_BYTES and its norm at most
 * FZ_NORM_GROWTH times that. */
typedef struct fz_seg {
    uint32_t n, s;
    uint32_t nlen;
    uint32_t slen : 31;
    uint32_t identity : 1;
} fz_seg;

/* Bytes of a text decoded (the readers stop at FZ_MAX_FILE_BYTES, 512 MiB, before). */
#define FZ_TEXT_MAX_BYTES ((size_t)1 << 30)
/* A cluster whose NFKC image is more than this many times its bytes is kept as it is:
 * U+FDFA (3 bytes, 33 in NFKC), U+FDFB and 15 squared katakana words (U+3307 ...),
 * none of them in a Chinese report's words; ㍿ (株式会社) is exactly 4 and expands. */
#define FZ_NORM_GROWTH 4

#define FZ_SEG_BLOCK_BITS 6

typedef struct fz_bad_byte {
    size_t off;          /* src offset of the U+FFFD that replaced it */
    unsigned short byte; /* the first undecodable byte; in UTF-16 the code unit (a lone
                            surrogate, say) */
} fz_bad_byte;

typedef struct fz_text {
    char *src;
    size_t src_len;
    const char *encoding; /* "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "UTF-16BE", "GB18030" */
    uint32_t *line_start; /* nlines entries: offset of each line's first byte */

    size_t nlines; /* a final line without EOL counts; an empty file has 0 lines */
    char *norm;
    size_t norm_len;
    fz_seg *segs; /* nsegs runs, then a sentinel (n = s = SIZE_MAX) */
    size_t nsegs;
    /* per block of FZ_SEG_BLOCK bytes of src (norm): the seg holding the block's first byte */
    uint32_t *seg_at_src, *seg_at_norm;
    fz_bad_byte *bad;
    size_t nbad;
    bool binary; /* over 1 in 10 characters undecodable, NUL or control: not a text (when
                    the raw bytes show it, only their first 64 KiB are decoded) */
    /* Column checkpoints, built on the first column asked deep in a long line: per unit,
     * per FZ_COLMARK bytes of src, the 0-based column (within its line) of the first
     * character boundary at or after k * FZ_COLMARK, so a column is counted from the
     * nearest checkpoint, not from the line start (fz_text_column). */
    size_t *colmark[FZ_COL_UTF16 + 1];
    size_t column_steps; /* bytes fz_text_column walked, for tests */
} fz_text;

#define FZ_COLMARK_BITS 10

/* Decodes bytes into t (which the caller zero-initialises); never fails on report
 * content.  Encoding: UTF-8 (with or without BOM), UTF-16 with BOM, otherwise GB18030
 * when the bytes are not valid UTF-8 but are valid GB18030, otherwise UTF-8 with
 * the invalid bytes replaced.  NUL bytes become U+FFFD and are recorded in bad. */
void fz_text_decode(fz_text *t, const unsigned char *bytes, size_t len);
void fz_text_free(fz_text *t);
/* For tests: whether fz_text_decode may use its AVX2 code where the CPU has AVX2 (it does
 * by default); returns the previous setting.  Not thread-safe. */
bool fz_text_allow_avx2(bool allow);

/* Maps a norm offset to src.  An offset inside a replaced cluster maps to the
 * cluster's start; an offset at a run's end maps to the end of its source. */
size_t fz_text_to_src(const fz_text *t, size_t norm_off);
/* Maps a src offset (on a character boundary) to norm; the inverse of the above. */
size_t fz_text_to_norm(const fz_text *t, size_t src_off);

/* Offset just past line i's content (before its \r, \n or \r\n): from the next line's
 * start, so the line map keeps 4 bytes a line. */
static inline size_t fz_text_line_end(const fz_text *t, size_t i) {
    size_t start = t->line_start[i], e = i + 1 < t->nlines ? t->line_start[i + 1] : t->src_len;
    if (e > start && t->src[e - 1] == '\n') e--; /* \n, or the \n of \r\n */
    if (e > start && t->src[e - 1] == '\r') e--; /* \r, or the \r of \r\n */
    return e;
}

/* 0-based index of the line holding src_off (an offset at a line end belongs to it). */
size_t fz_text_line_of(const fz_text *t, size_t src_off);
/* 1-based column of src_off within its line in the given unit:
 * DISPLAY: East Asian wide/fullwidth = 2, ambiguous = 1 (as GCC and Vim), combining
 *          marks = 0, tab advances to the next multiple of 8 (GCC's -ftabstop=8);
 * CHAR: code points; BYTE: UTF-8 bytes; UTF16: UTF-16 code units (LSP). */
size_t fz_text_column(const fz_text *t, size_t src_off, fz_colunit unit);
/* Display width of the UTF-8 string s[0, len), as above with tabs counted from col 0. */
size_t fz_display_width(const char *s, size_t len);
/* The same, but stops counting once past max (then returns some value > max):
 * for "is this line short?" tests on long paragraphs. */
size_t fz_display_width_upto(const char *s, size_t len, size_t max);
/* Whether s[0, len) is well-formed UTF-8 (no overlong forms, surrogates or code points
 * above U+10FFFF; NUL allowed). */
bool fz_utf8_valid(const char *s, size_t len);

#endif
