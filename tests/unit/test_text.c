/* test_text.c - decoding, lines, the normalized view and its map, columns. */
#include <check.h>

#include "check_main.h"
#include <stdlib.h>
#include <string.h>

#include <stdint.h>
#include <utf8proc.h>

#include "text.h"
#include "util.h"

#define FFFD "\xEF\xBF\xBD"

static fz_text S_dec(const void *bytes, size_t len) {
    fz_text t = {0};
    fz_text_decode(&t, bytes, len);
    return t;
}

static fz_text S_dec_str(const char *s) {
    return S_dec(s, strlen(s));
}

static void S_assert_src(const fz_text *t, const char *want) {
    ck_assert_uint_eq(t->src_len, strlen(want));
    ck_assert_mem_eq(t->src, want, t->src_len);
    ck_assert_int_eq(t->src[t->src_len], '\0');
}

static void S_assert_norm(const fz_text *t, const char *want) {
    ck_assert_uint_eq(t->norm_len, strlen(want));
    ck_assert_mem_eq(t->norm, want, t->norm_len);
}

static void S_assert_seg(const fz_text *t, size_t i, size_t n, size_t s, size_t nlen, size_t slen) {
    ck_assert_uint_lt(i, t->nsegs);
    ck_assert_uint_eq(t->segs[i].n, n);
    ck_assert_uint_eq(t->segs[i].s, s);
    ck_assert_uint_eq(t->segs[i].nlen, nlen);
    ck_assert_uint_eq(t->segs[i].slen, slen);
}

static void S_assert_line(const fz_text *t, size_t i, size_t start, size_t end) {
    ck_assert_uint_lt(i, t->nlines);
    ck_assert_uint_eq(t->line_start[i], start);
    ck_assert_uint_eq(fz_text_line_end(t, i), end);
}

/* ---- decoding ---- */

START_TEST(test_empty) {
    fz_text t = S_dec("", 0);
    ck_assert_str_eq(t.encoding, "UTF-8");
    ck_assert_ptr_nonnull(t.src);
    ck_assert_uint_eq(t.src_len, 0);
    ck_assert_uint_eq(t.nlines, 0);
    ck_assert_uint_eq(t.norm_len, 0);
    ck_assert_uint_eq(t.nsegs, 0);
    ck_assert_uint_eq(t.nbad, 0);
    ck_assert_uint_eq(fz_text_to_src(&t, 0), 0);
    ck_assert_uint_eq(fz_text_to_norm(&t, 0), 0);
    ck_assert_uint_eq(fz_text_line_of(&t, 0), 0);
    ck_assert_uint_eq(fz_text_column(&t, 0, FZ_COL_DISPLAY), 1);
    ck_assert_uint_eq(fz_text_column(&t, 0, FZ_COL_UTF16), 1);
    fz_text_free(&t);
    ck_assert_ptr_null(t.src);

    t = S_dec(NULL, 0);
    ck_assert_uint_eq(t.src_len, 0);
    fz_text_free(&t);
}
END_TEST

START_TEST(test_utf8_plain) {
    const char *in = u8"ab\u4e2d\U00020000";
    fz_text t = S_dec_str(in);
    ck_assert_str_eq(t.encoding, "UTF-8");
    S_assert_src(&t, in);
    ck_assert_uint_eq(t.nbad, 0);
    fz_text_free(&t);
}
END_TEST

START_TEST(test_utf8_bom) {
    fz_text t = S_dec_str("\xEF\xBB\xBF"
                          u8"a\u4e2d");
    ck_assert_str_eq(t.encoding, "UTF-8 (BOM)");
    S_assert_src(&t, u8"a\u4e2d");
    ck_assert_uint_eq(t.nbad, 0);
    fz_text_free(&t);

    /* A BOM fixes the encoding: a bad byte is replaced, not a reason to try GB18030. */
    t = S_dec_str("\xEF\xBB\xBF"
                  "a\xFF");
    ck_assert_str_eq(t.encoding, "UTF-8 (BOM)");
    S_assert_src(&t, "a" FFFD);
    ck_assert_uint_eq(t.nbad, 1);
    ck_assert_uint_eq(t.bad[0].off, 1);
    ck_assert_uint_eq(t.bad[0].byte, 0xFF);
    fz_text_free(&t);
}
END_TEST

START_TEST(test_utf16le) {
    /* BOM, 'a', U+4E2D, U+20000 as a surrogate pair, CR LF, 'b' */
    static const unsigned char in[] = {0xFF, 0xFE, 'a',  0,    0x2D, 0x4E, 0x40, 0xD8,
                                       0x00, 0xDC, 0x0D, 0x00, 0x0A, 0x00, 'b',  0};
    fz_text t = S_dec(in, sizeof in);
    ck_assert_str_eq(t.encoding, "UTF-16LE");
    S_assert_src(&t, u8"a\u4e2d\U00020000\r\nb");
    ck_assert_uint_eq(t.nbad, 0);
    ck_assert_uint_eq(t.nlines, 2);
    fz_text_free(&t);
}
END_TEST

START_TEST(test_utf16be) {
    static const unsigned char in[] = {0xFE, 0xFF, 0, 'a', 0x4E, 0x2D, 0xD8, 0x40, 0xDC, 0x00};
    fz_text t = S_dec(in, sizeof in);
    ck_assert_str_eq(t.encoding, "UTF-16BE");
    S_assert_src(&t, u8"a\u4e2d\U00020000");
    ck_assert_uint_eq(t.nbad, 0);
    fz_text_free(&t);
}
END_TEST

START_TEST(test_utf16_invalid) {
    /* 'a', a high surrogate followed by 'b' (not a low one), 'b', U+0000, 'c', one odd byte */
    static const unsigned char in[] = {0xFF, 0xFE, 'a', 0, 0x3D, 0xD8, 'b', 0, 0, 0, 'c', 0, 0x41};
    fz_text t = S_dec(in, sizeof in);
    ck_assert_str_eq(t.encoding, "UTF-16LE");
    S_assert_src(&t, "a" FFFD "b" FFFD "c" FFFD);
    ck_assert_uint_eq(t.nbad, 3);
    ck_assert_uint_eq(t.bad[0].off, 1);
    ck_assert_uint_eq(t.bad[0].byte, 0xD83D); /* the UTF-16 unit, not its first byte */
    ck_assert_uint_eq(t.bad[1].off, 5);
    ck_assert_uint_eq(t.bad[1].byte, 0x00);
    ck_assert_uint_eq(t.bad[2].off, 9);
    ck_assert_uint_eq(t.bad[2].byte, 0x41);
    fz_text_free(&t);

    /* A lone low surrogate, and a high surrogate cut off at the end. */
    static const unsigned char in2[] = {0xFE, 0xFF, 0xDC, 0x01, 0, 'x', 0xD8, 0x00};
    t = S_dec(in2, sizeof in2);
    ck_assert_str_eq(t.encoding, "UTF-16BE");
    S_assert_src(&t, FFFD "x" FFFD);
    ck_assert_uint_eq(t.nbad, 2);
    ck_assert_uint_eq(t.bad[0].off, 0);
    ck_assert_uint_eq(t.bad[0].byte, 0xDC01);
    ck_assert_uint_eq(t.bad[1].off, 4);
    ck_assert_uint_eq(t.bad[1].byte, 0xD800);
    fz_text_free(&t);

    /* Only a BOM. */
    t = S_dec("\xFF\xFE", 2);
    ck_assert_str_eq(t.encoding, "UTF-16LE");
    ck_assert_uint_eq(t.src_len, 0);
    ck_assert_uint_eq(t.nlines, 0);
    fz_text_free(&t);
}
END_TEST

START_TEST(test_gb18030) {
    /* U+4E2D U+6587, U+FF08, U+20000 (four bytes), U+20AC, LF, 'x' */
    static const unsigned char in[] = {0xD6, 0xD0, 0xCE, 0xC4, 0xA3, 0xA8, 0x95,
                                       0x32, 0x82, 0x36, 0xA2, 0xE3, '\n', 'x'};
    fz_text t = S_dec(in, sizeof in);
    ck_assert_str_eq(t.encoding, "GB18030");
    S_assert_src(&t, u8"\u4e2d\u6587\uff08\U00020000\u20ac\nx");
    ck_assert_uint_eq(t.nbad, 0);
    ck_assert_uint_eq(t.nlines, 2);
    S_assert_norm(&t, u8"\u4e2d\u6587(\U00020000\u20ac\nx");
    fz_text_free(&t);

    /* A NUL in otherwise valid GB18030 is still replaced. */
    static const unsigned char in2[] = {0xD6, 0xD0, 0x00, 0xCE, 0xC4, 0xA3};
    t = S_dec(in2, sizeof in2);
    /* ...but a lead byte cut off at the end is not GB18030, so UTF-8 with replacements. */
    ck_assert_str_eq(t.encoding, "UTF-8");
    ck_assert_uint_eq(t.nbad, 4); /* D6, D0, NUL, CE; then C4 A3 is U+0123 */
    fz_text_free(&t);

    static const unsigned char in3[] = {0xD6, 0xD0, 0x00, 0xCE, 0xC4};
    t = S_dec(in3, sizeof in3);
    ck_assert_str_eq(t.encoding, "GB18030");
    S_assert_src(&t, u8"\u4e2d" FFFD u8"\u6587");
    ck_assert_uint_eq(t.nbad, 1);
    ck_assert_uint_eq(t.bad[0].off, 3);
    ck_assert_uint_eq(t.bad[0].byte, 0);
    fz_text_free(&t);
}
END_TEST

/* A long UTF-8 text with one stray GB18030 pair: the whole input is valid GB18030 (every
 * line has an even number of UTF-8 bytes), but UTF-8 with two replacements is right. */
START_TEST(test_mostly_utf8_not_gb18030) {
    fz_buf b = {0};
    for (int i = 0; i < 50; i++) fz_buf_puts(&b, u8"\u6cd5\u6cbb\u653f\u5e9c\u5efa\u8bbe\n");
    size_t stray = b.len + 6;
    fz_buf_puts(&b, u8"\u6cd5\u6cbb\xA1\xA1\u653f\u5e9c\n");
    for (int i = 0; i < 50; i++) fz_buf_puts(&b, u8"\u6cd5\u6cbb\u653f\u5e9c\u5efa\u8bbe\n");
    fz_text t = S_dec(b.ptr, b.len);
    ck_assert_str_eq(t.encoding, "UTF-8");
    ck_assert_uint_eq(t.nbad, 2);
    ck_assert_uint_eq(t.bad[0].off, stray);
    ck_assert_uint_eq(t.bad[0].byte, 0xA1);
    ck_assert_mem_eq(t.src + stray - 6, u8"\u6cd5\u6cbb" FFFD FFFD u8"\u653f", 15);
    ck_assert_uint_eq(t.nlines, 101);
    fz_text_free(&t);

    /* The same bytes as a short text: too few UTF-8 sequences to outvote, so GB18030. */
    t = S_dec_str(u8"\u6cd5\u6cbb\xA1\xA1\u653f\u5e9c\n");
    ck_assert_str_eq(t.encoding, "GB18030");
    fz_text_free(&t);

    /* Real GB18030 text holds accidental UTF-8 pairs (C4 A3 here) but stays GB18030. */
    fz_buf_free(&b);
    for (int i = 0; i < 200; i++) fz_buf_puts(&b, "\xD6\xD0\xCE\xC4\xC4\xA3\xB7\xA8\xD6\xCE\n");
    t = S_dec(b.ptr, b.len);
    ck_assert_str_eq(t.encoding, "GB18030");
    ck_assert_uint_eq(t.nbad, 0);
    fz_text_free(&t);
    fz_buf_free(&b);
}
END_TEST

START_TEST(test_invalid_utf8_midline) {
    /* 0xFF is not GB18030 either, so this stays UTF-8 with replacements. */
    fz_text t = S_dec_str("ab\xFF"
                          "cd\n"
                          "e\x80"
                          "f");
    ck_assert_str_eq(t.encoding, "UTF-8");
    S_assert_src(&t, "ab" FFFD "cd\ne" FFFD "f");
    ck_assert_uint_eq(t.nbad, 2);
    ck_assert_uint_eq(t.bad[0].off, 2);
    ck_assert_uint_eq(t.bad[0].byte, 0xFF);
    ck_assert_uint_eq(t.bad[1].off, 9);
    ck_assert_uint_eq(t.bad[1].byte, 0x80);
    ck_assert_uint_eq(t.nlines, 2);
    S_assert_line(&t, 0, 0, 7);
    S_assert_line(&t, 1, 8, 13);
    /* U+FFFD is NFKC-stable: the view is the text. */
    S_assert_norm(&t, t.src);
    ck_assert_uint_eq(t.nsegs, 1);
    fz_text_free(&t);
}
END_TEST

START_TEST(test_invalid_utf8_forms) {
    /* Overlong '/', a surrogate, above U+10FFFF, a truncated U+4E2D, a stray 0xFF:
     * each ill-formed byte becomes its own U+FFFD. */
    static const unsigned char in[] = {'a',  0xC0, 0xAF, 'b',  0xED, 0xA0, 0x80, 'c',  0xF4,
                                       0x90, 0x80, 0x80, 'd',  0xE4, 0xB8, 'y',  0xE0, 0x80,
                                       0x80, 0xF5, 0x80, 0x80, 0x80, 0xFF, 0xC2};
    fz_text t = S_dec(in, sizeof in);
    ck_assert_str_eq(t.encoding, "UTF-8");
    S_assert_src(&t, "a" FFFD FFFD "b" FFFD FFFD FFFD "c" FFFD FFFD FFFD FFFD "d" FFFD FFFD
                     "y" FFFD FFFD FFFD FFFD FFFD FFFD FFFD FFFD FFFD);
    static const unsigned char want[] = {0xC0, 0xAF, 0xED, 0xA0, 0x80, 0xF4, 0x90,
                                         0x80, 0x80, 0xE4, 0xB8, 0xE0, 0x80, 0x80,
                                         0xF5, 0x80, 0x80, 0x80, 0xFF, 0xC2};
    ck_assert_uint_eq(t.nbad, sizeof want);
    for (size_t i = 0; i < sizeof want; i++) {
        ck_assert_uint_eq(t.bad[i].byte, want[i]);
        ck_assert_mem_eq(t.src + t.bad[i].off, FFFD, 3);
    }
    ck_assert_uint_eq(t.bad[0].off, 1);
    ck_assert_uint_eq(t.bad[2].off, 8);
    fz_text_free(&t);

    /* Each alone, so the whole-input validity check sees only it (and GB18030 fails on
     * the cut-off last byte). */
    t = S_dec_str("a\xED\xA0\x80");
    ck_assert_str_eq(t.encoding, "UTF-8");
    S_assert_src(&t, "a" FFFD FFFD FFFD);
    fz_text_free(&t);
    t = S_dec_str("\xE0\x80\xAF");
    ck_assert_str_eq(t.encoding, "UTF-8");
    S_assert_src(&t, FFFD FFFD FFFD);
    fz_text_free(&t);
    /* F0 8F BF BF alone is valid GB18030; the 0xFF rules that out. */
    t = S_dec_str("\xF0\x8F\xBF\xBF\xFF");
    ck_assert_str_eq(t.encoding, "UTF-8");
    ck_assert_uint_eq(t.nbad, 5);
    fz_text_free(&t);
}
END_TEST

START_TEST(test_nul_bytes) {
    fz_text t = S_dec("a\0b\0", 4);
    ck_assert_str_eq(t.encoding, "UTF-8");
    S_assert_src(&t, "a" FFFD "b" FFFD);
    ck_assert_uint_eq(t.nbad, 2);
    ck_assert_uint_eq(t.bad[0].off, 1);
    ck_assert_uint_eq(t.bad[0].byte, 0);
    ck_assert_uint_eq(t.bad[1].off, 5);
    ck_assert_uint_eq(t.bad[1].byte, 0);
    fz_text_free(&t);
}
END_TEST

static unsigned S_rand(unsigned *state) {
    *state = *state * 1103515245u + 12345u;
    return (*state >> 16) & 0x7FFF;
}

/* Random bytes never crash and always give a consistent text. */
START_TEST(test_random_bytes_invariants) {
    static const unsigned char alphabet[] = {0x00, 0x0A, 0x0D, 'a',  0x80, 0xA0, 0xBF,
                                             0xC2, 0xCC, 0xE3, 0xE4, 0xED, 0xEF, 0xF0,
                                             0xF4, 0xF5, 0xFE, 0xFF, 0x81, 0x30, 0xBC};
    unsigned seed = 12345;
    unsigned char buf[64];
    for (int iter = 0; iter < 3000; iter++) {
        size_t len = S_rand(&seed) % sizeof buf;
        for (size_t i = 0; i < len; i++) buf[i] = alphabet[S_rand(&seed) % sizeof alphabet];
        if (iter % 3 == 0 && len >= 2) buf[0] = 0xFF, buf[1] = 0xFE;
        fz_text t = S_dec(buf, len);
        /* src is well-formed UTF-8 with no NUL */
        for (size_t i = 0; i < t.src_len;) {
            unsigned char b = (unsigned char)t.src[i];
            ck_assert_uint_ne(b, 0);
            size_t l = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
            ck_assert_uint_le(i + l, t.src_len);
            int cp = fz_utf8_decode(t.src + i, &l);
            char re[4];
            ck_assert_uint_eq(fz_utf8_encode(cp, re), l);
            ck_assert_mem_eq(re, t.src + i, l);
            ck_assert(cp < 0xD800 || cp > 0xDFFF);
            i += l;
        }
        for (size_t i = 0; i < t.nbad; i++) ck_assert_mem_eq(t.src + t.bad[i].off, FFFD, 3);
        /* segs tile both texts */
        size_t n = 0, s = 0;
        for (size_t i = 0; i < t.nsegs; i++) {
            ck_assert_uint_eq(t.segs[i].n, n);
            ck_assert_uint_eq(t.segs[i].s, s);
            n += t.segs[i].nlen;
            s += t.segs[i].slen;
        }
        ck_assert_uint_eq(n, t.norm_len);
        ck_assert_uint_eq(s, t.src_len);
        /* line ends survive normalization one for one */
        size_t src_nl = 0, norm_nl = 0;
        for (size_t i = 0; i < t.src_len; i++) src_nl += t.src[i] == '\n' || t.src[i] == '\r';
        for (size_t i = 0; i < t.norm_len; i++) norm_nl += t.norm[i] == '\n' || t.norm[i] == '\r';
        ck_assert_uint_eq(src_nl, norm_nl);
        for (size_t i = 0; i < t.nlines; i++) {
            ck_assert_uint_le(t.line_start[i], fz_text_line_end(&t, i));
            ck_assert_uint_eq(fz_text_line_of(&t, t.line_start[i]), i);
            ck_assert_uint_eq(fz_text_line_of(&t, fz_text_line_end(&t, i)), i);
        }
        for (size_t off = 0; off <= t.src_len; off++) {
            ck_assert_uint_le(fz_text_to_norm(&t, off), t.norm_len);
            fz_text_column(&t, off, FZ_COL_DISPLAY);
        }
        fz_text_free(&t);
    }
}
END_TEST

/* A GB18030 text with a pasted UTF-8 line: GB18030 stays, the bytes it rejects are
 * replaced.  Too few GB18030 characters around them, and it is UTF-8 with replacements. */
START_TEST(test_mostly_gb18030_with_replacements) {
    fz_buf b = {0};
    for (int i = 0; i < 20; i++) fz_buf_puts(&b, "\xD6\xD0\xCE\xC4\xB7\xA8\xD6\xCE\n");
    /* U+4E2D U+6587 U+3002 in UTF-8: E4 B8 AD | E6 96 87 | E3 80 82 */
    size_t pasted = b.len;
    fz_buf_puts(&b, u8"\u4e2d\u6587\u3002\n");
    for (int i = 0; i < 20; i++) fz_buf_puts(&b, "\xD6\xD0\xCE\xC4\xB7\xA8\xD6\xCE\n");
    fz_text t = S_dec(b.ptr, b.len);
    ck_assert_str_eq(t.encoding, "GB18030");
    ck_assert_uint_ge(t.nbad, 1);
    ck_assert_uint_le(t.nbad, 3);
    ck_assert_uint_eq(t.nlines, 41);
    ck_assert_mem_eq(t.src, u8"\u4e2d\u6587\u6cd5\u6cbb\n", 13);
    ck_assert_uint_eq(fz_text_line_of(&t, t.bad[0].off), 20);
    ck_assert_mem_eq(t.src + t.line_start[21], u8"\u4e2d\u6587\u6cd5\u6cbb\n", 13);
    (void)pasted;
    fz_text_free(&t);
    fz_buf_free(&b);

    /* D6 D0 | CE C4 | A3 cut off: one bad byte for two characters is not rare enough. */
    t = S_dec("\xD6\xD0\xCE\xC4\xA3", 5);
    ck_assert_str_eq(t.encoding, "UTF-8");
    fz_text_free(&t);
}
END_TEST

/* Binary: over 1 in 10 characters replaced, NUL or a control other than layout. */
START_TEST(test_binary) {
    fz_text t = S_dec_str("\xD6\xD0\xCE\xC4\n\tab\f\r\n");
    ck_assert(!t.binary);
    fz_text_free(&t);
    t = S_dec("", 0);
    ck_assert(!t.binary);
    fz_text_free(&t);
    /* one NUL in 19 characters is a stray byte, one in 5 is not text */
    t = S_dec("abcdefghi\0abcdefghi", 19);
    ck_assert(!t.binary);
    ck_assert_uint_eq(t.nbad, 1);
    fz_text_free(&t);
    t = S_dec("abcd\0", 5);
    ck_assert(t.binary);
    fz_text_free(&t);
    t = S_dec_str("ab\x1b[31mcd\x01\x02");
    ck_assert(t.binary);
    fz_text_free(&t);
    /* ELF-like header and random high bytes */
    static const unsigned char elf[] = {0x7F, 'E', 'L',  'F',  2, 1, 1, 0,    0, 0, 0,
                                        0,    0,   0,    0,    0, 3, 0, 0x3E, 0, 1, 0,
                                        0,    0,   0x50, 0x61, 0, 0, 0, 0,    0, 0};
    t = S_dec(elf, sizeof elf);
    ck_assert(t.binary);
    fz_text_free(&t);
    unsigned seed = 7;
    unsigned char noise[4096];
    for (size_t i = 0; i < sizeof noise; i++) noise[i] = (unsigned char)(S_rand(&seed) >> 3);
    t = S_dec(noise, sizeof noise);
    ck_assert(t.binary);
    fz_text_free(&t);
}
END_TEST

/* ---- lines ---- */

START_TEST(test_line_ends) {
    fz_text t = S_dec_str("a\r\nb\rc\nd");
    ck_assert_uint_eq(t.nlines, 4);
    S_assert_line(&t, 0, 0, 1);
    S_assert_line(&t, 1, 3, 4);
    S_assert_line(&t, 2, 5, 6);
    S_assert_line(&t, 3, 7, 8);
    ck_assert_uint_eq(fz_text_line_of(&t, 0), 0);
    ck_assert_uint_eq(fz_text_line_of(&t, 1), 0); /* at the line end */
    ck_assert_uint_eq(fz_text_line_of(&t, 2), 0); /* between CR and LF */
    ck_assert_uint_eq(fz_text_line_of(&t, 3), 1);
    ck_assert_uint_eq(fz_text_line_of(&t, 4), 1);
    ck_assert_uint_eq(fz_text_line_of(&t, 5), 2);
    ck_assert_uint_eq(fz_text_line_of(&t, 7), 3);
    ck_assert_uint_eq(fz_text_line_of(&t, 8), 3);
    fz_text_free(&t);

    t = S_dec_str("a\n");
    ck_assert_uint_eq(t.nlines, 1);
    S_assert_line(&t, 0, 0, 1);
    fz_text_free(&t);

    t = S_dec_str("\n\n");
    ck_assert_uint_eq(t.nlines, 2);
    S_assert_line(&t, 0, 0, 0);
    S_assert_line(&t, 1, 1, 1);
    fz_text_free(&t);

    t = S_dec_str("\r\r\n");
    ck_assert_uint_eq(t.nlines, 2);
    S_assert_line(&t, 0, 0, 0);
    S_assert_line(&t, 1, 1, 1);
    fz_text_free(&t);

    t = S_dec_str("\n\r");
    ck_assert_uint_eq(t.nlines, 2);
    fz_text_free(&t);

    t = S_dec_str(u8"\u4e2d");
    ck_assert_uint_eq(t.nlines, 1);
    S_assert_line(&t, 0, 0, 3);
    fz_text_free(&t);
}
END_TEST

START_TEST(test_line_of_many) {
    fz_buf b = {0};
    for (int i = 0; i < 1000; i++) fz_buf_puts(&b, i % 2 ? "xy\r\n" : "xy\n");
    fz_text t = S_dec(b.ptr, b.len);
    ck_assert_uint_eq(t.nlines, 1000);
    size_t off = 0;
    for (size_t i = 0; i < 1000; i++) {
        ck_assert_uint_eq(t.line_start[i], off);
        ck_assert_uint_eq(fz_text_line_of(&t, off), i);
        ck_assert_uint_eq(fz_text_line_of(&t, off + 2), i);
        ck_assert_uint_eq(fz_text_column(&t, off + 2, FZ_COL_CHAR), 3);
        off += i % 2 ? 4 : 3;
    }
    ck_assert_uint_eq(fz_text_line_of(&t, off), 999);
    fz_text_free(&t);
    fz_buf_free(&b);
}
END_TEST

/* ---- the normalized view ---- */

START_TEST(test_norm_paren_number) {
    fz_text t = S_dec_str(u8"\uff08\u4e00\uff09");
    S_assert_norm(&t, u8"(\u4e00)");
    ck_assert_uint_eq(t.nsegs, 3);
    S_assert_seg(&t, 0, 0, 0, 1, 3);
    S_assert_seg(&t, 1, 1, 3, 3, 3);
    S_assert_seg(&t, 2, 4, 6, 1, 3);
    fz_text_free(&t);
}
END_TEST

START_TEST(test_norm_fullwidth_digits) {
    fz_text t = S_dec_str(u8"\uff11\uff10\uff10\uff05");
    S_assert_norm(&t, "100%");
    /* each replaced character is its own run */
    ck_assert_uint_eq(t.nsegs, 4);
    for (size_t i = 0; i < 4; i++) S_assert_seg(&t, i, i, 3 * i, 1, 3);
    ck_assert_uint_eq(fz_text_to_src(&t, 2), 6);
    ck_assert_uint_eq(fz_text_to_norm(&t, 9), 3);
    fz_text_free(&t);
}
END_TEST

START_TEST(test_norm_spaces_punct) {
    fz_text t = S_dec_str(u8"a\u3000b\u00a0c\uff0cd\uff1a");
    S_assert_norm(&t, "a b c,d:");
    ck_assert_uint_eq(t.nsegs, 8);
    S_assert_seg(&t, 0, 0, 0, 1, 1);
    S_assert_seg(&t, 1, 1, 1, 1, 3);
    S_assert_seg(&t, 2, 2, 4, 1, 1);
    S_assert_seg(&t, 3, 3, 5, 1, 2);
    S_assert_seg(&t, 4, 4, 7, 1, 1);
    S_assert_seg(&t, 5, 5, 8, 1, 3);
    S_assert_seg(&t, 6, 6, 11, 1, 1);
    S_assert_seg(&t, 7, 7, 12, 1, 3);
    fz_text_free(&t);
}
END_TEST

/* An image more than FZ_NORM_GROWTH times its cluster is kept as written: U+3347 (3 bytes,
 * 15 in NFKC) and U+FDFA (33) stay, U+337F (株式会社, exactly 4 times) expands. */
START_TEST(test_norm_growth_bound) {
    fz_text t = S_dec_str(u8"a\u3347b\ufdfa");
    S_assert_norm(&t, u8"a\u3347b\ufdfa");
    ck_assert_uint_eq(t.nsegs, 1);
    fz_text_free(&t);
    t = S_dec_str(u8"a\u337fb");
    S_assert_norm(&t, u8"a\u682a\u5f0f\u4f1a\u793eb");
    ck_assert_uint_eq(t.nsegs, 3);
    S_assert_seg(&t, 1, 1, 1, 12, 3);
    fz_text_free(&t);
}
END_TEST

START_TEST(test_norm_keeps_ellipsis_and_merges) {
    /* U+2026 is kept; U+3002, U+201C, U+00B7 and Han are NFKC-stable: one identity run. */
    const char *in = u8"a\u2026\u2026b\u4e2d\u3002\u201c\u00b7\U00020000\r\nz";
    fz_text t = S_dec_str(in);
    S_assert_norm(&t, in);
    ck_assert_uint_eq(t.nsegs, 1);
    S_assert_seg(&t, 0, 0, 0, strlen(in), strlen(in));
    fz_text_free(&t);
}
END_TEST

START_TEST(test_norm_line_ends_kept) {
    fz_text t = S_dec_str(u8"\uff08\r\n\uff09\r\uff11\n");
    S_assert_norm(&t, "(\r\n)\r1\n");
    ck_assert_uint_eq(t.nlines, 3);
    fz_text_free(&t);

    /* A mark after a line end starts its own cluster (U+0340 is NFC U+0300). */
    t = S_dec_str(u8"a\n\u0340");
    S_assert_norm(&t, u8"a\n\u0300");
    ck_assert_uint_eq(t.nsegs, 2);
    S_assert_seg(&t, 0, 0, 0, 2, 2);
    S_assert_seg(&t, 1, 2, 2, 2, 2);
    ck_assert_uint_eq(fz_text_to_src(&t, 2), 2);
    ck_assert_uint_eq(fz_text_to_src(&t, 4), 4);
    fz_text_free(&t);
}
END_TEST

START_TEST(test_norm_combining) {
    /* e + U+0301 composes to U+00E9: the cluster is one run, and the base is not
     * copied by the ASCII fast path on its own. */
    fz_text t = S_dec_str(u8"abe\u0301c");
    S_assert_norm(&t, u8"ab\u00e9c");
    ck_assert_uint_eq(t.nsegs, 3);
    S_assert_seg(&t, 0, 0, 0, 2, 2);
    S_assert_seg(&t, 1, 2, 2, 2, 3);
    S_assert_seg(&t, 2, 4, 5, 1, 1);
    ck_assert_uint_eq(fz_text_to_src(&t, 2), 2);
    ck_assert_uint_eq(fz_text_to_src(&t, 4), 5);
    ck_assert_uint_eq(fz_text_to_norm(&t, 3), 2); /* inside the cluster: its start */
    ck_assert_uint_eq(fz_text_to_norm(&t, 5), 4);
    fz_text_free(&t);

    /* Han + mark: nothing composes, so it stays in the identity run. */
    t = S_dec_str(u8"\u4e2d\u0301x");
    S_assert_norm(&t, t.src);
    ck_assert_uint_eq(t.nsegs, 1);
    fz_text_free(&t);

    /* Fullwidth A + mark: A then A-acute. */
    t = S_dec_str(u8"\uff21\u0301");
    S_assert_norm(&t, u8"\u00c1");
    ck_assert_uint_eq(t.nsegs, 1);
    S_assert_seg(&t, 0, 0, 0, 2, 5);
    fz_text_free(&t);
}
END_TEST

START_TEST(test_norm_many_marks) {
    /* A very long run of marks neither hangs nor breaks the tiling. */
    fz_buf b = {0};
    fz_buf_puts(&b, "a");
    for (int i = 0; i < 20000; i++) fz_buf_puts(&b, i % 2 ? u8"\u0301" : u8"\u0323");
    fz_text t = S_dec(b.ptr, b.len);
    size_t n = 0, s = 0;
    for (size_t i = 0; i < t.nsegs; i++) {
        ck_assert_uint_eq(t.segs[i].n, n);
        ck_assert_uint_eq(t.segs[i].s, s);
        n += t.segs[i].nlen;
        s += t.segs[i].slen;
    }
    ck_assert_uint_eq(n, t.norm_len);
    ck_assert_uint_eq(s, t.src_len);
    fz_text_free(&t);
    fz_buf_free(&b);
}
END_TEST

START_TEST(test_norm_multichar_output) {
    /* U+FB01 becomes "fi": the offset between f and i maps to the cluster's start. */
    fz_text t = S_dec_str(u8"x\ufb01y");
    S_assert_norm(&t, "xfiy");
    ck_assert_uint_eq(fz_text_to_src(&t, 1), 1);
    ck_assert_uint_eq(fz_text_to_src(&t, 2), 1);
    ck_assert_uint_eq(fz_text_to_src(&t, 3), 4);
    ck_assert_uint_eq(fz_text_to_src(&t, 4), 5);
    ck_assert_uint_eq(fz_text_to_norm(&t, 4), 3);
    fz_text_free(&t);
}
END_TEST

START_TEST(test_map_round_trip) {
    const char *in = u8"A\uff08\u4e00\uff09\uff11\uff10\uff10\uff05\u3000\u00a0\u2026\u201c"
                     u8"\uff0c\uff1a\r\nB\U00020000\u3002\uff21\uff42";
    fz_text t = S_dec_str(in);
    S_assert_norm(&t, u8"A(\u4e00)100%  \u2026\u201c,:\r\nB\U00020000\u3002Ab");
    ck_assert_uint_eq(fz_text_to_src(&t, t.norm_len), t.src_len);
    ck_assert_uint_eq(fz_text_to_norm(&t, t.src_len), t.norm_len);
    ck_assert_uint_eq(fz_text_to_src(&t, t.norm_len + 7), t.src_len);
    ck_assert_uint_eq(fz_text_to_norm(&t, t.src_len + 7), t.norm_len);
    /* Every cluster here is one character on both sides, so both maps invert. */
    size_t chars = 0;
    for (size_t n = 0; n <= t.norm_len; n++) {
        if (n < t.norm_len && ((unsigned char)t.norm[n] & 0xC0) == 0x80) continue;
        ck_assert_uint_eq(fz_text_to_norm(&t, fz_text_to_src(&t, n)), n);
        chars++;
    }
    for (size_t s = 0; s <= t.src_len; s++) {
        if (s < t.src_len && ((unsigned char)t.src[s] & 0xC0) == 0x80) continue;
        ck_assert_uint_eq(fz_text_to_src(&t, fz_text_to_norm(&t, s)), s);
    }
    /* Each fullwidth/space character spans exactly one norm character. */
    size_t norm_chars = 0;
    for (size_t i = 0, l; i < t.norm_len; i += l) fz_utf8_decode(t.norm + i, &l), norm_chars++;
    ck_assert_uint_eq(chars, norm_chars + 1);
    for (size_t i = 0, l; i < t.src_len; i += l) {
        int cp = fz_utf8_decode(t.src + i, &l);
        size_t a = fz_text_to_norm(&t, i), b = fz_text_to_norm(&t, i + l);
        if ((cp >= 0xFF01 && cp <= 0xFF5E) || cp == 0x3000 || cp == 0xA0) {
            ck_assert_uint_eq(b - a, 1);
            ck_assert_uint_eq(fz_text_to_src(&t, a), i);
            ck_assert_uint_eq(fz_text_to_src(&t, b), i + l);
        } else {
            ck_assert_uint_eq(b - a, l);
            ck_assert_mem_eq(t.norm + a, t.src + i, l);
        }
    }
    fz_text_free(&t);
}
END_TEST

START_TEST(test_large_input) {
    /* about 1.3 MB: Han, ASCII and a fullwidth comma per chunk */
    const char *chunk = u8"\u4e2d\u6587abc\uff0c\n";
    size_t clen = strlen(chunk), count = 100000;
    ck_assert_uint_eq(clen, 13);
    char *buf = fz_xmalloc(clen * count);
    for (size_t i = 0; i < count; i++) memcpy(buf + i * clen, chunk, clen);
    fz_text t = S_dec(buf, clen * count);
    ck_assert_str_eq(t.encoding, "UTF-8");
    ck_assert_uint_eq(t.norm_len, 11 * count);
    ck_assert_uint_eq(t.nlines, count);
    ck_assert_uint_eq(t.nsegs, 2 * count + 1);
    for (size_t k = 0; k < count; k += 997) {
        ck_assert_uint_eq(fz_text_to_norm(&t, 13 * k), 11 * k);
        ck_assert_uint_eq(fz_text_to_src(&t, 11 * k), 13 * k);
        ck_assert_uint_eq(fz_text_to_src(&t, 11 * k + 9), 13 * k + 9);
        ck_assert_uint_eq(fz_text_to_src(&t, 11 * k + 10), 13 * k + 12);
        ck_assert_uint_eq(fz_text_line_of(&t, 13 * k + 5), k);
    }
    fz_text_free(&t);
    free(buf);
}
END_TEST

/* ---- columns ---- */

static const char *const S_cols_text = u8"ab\u4e2d\u6587c\n"
                                       u8"\td\u4e2d\te\u0301f\n"
                                       u8"\U00020000g\u201ch\u00b7";

static void S_assert_cols(const fz_text *t, size_t off, size_t disp, size_t chr, size_t byte,
                          size_t u16) {
    ck_assert_uint_eq(fz_text_column(t, off, FZ_COL_DISPLAY), disp);
    ck_assert_uint_eq(fz_text_column(t, off, FZ_COL_CHAR), chr);
    ck_assert_uint_eq(fz_text_column(t, off, FZ_COL_BYTE), byte);
    ck_assert_uint_eq(fz_text_column(t, off, FZ_COL_UTF16), u16);
}

START_TEST(test_columns_cjk_ascii) {
    fz_text t = S_dec_str(S_cols_text);
    ck_assert_uint_eq(t.src_len, 32);
    S_assert_cols(&t, 0, 1, 1, 1, 1);
    S_assert_cols(&t, 1, 2, 2, 2, 2);
    S_assert_cols(&t, 2, 3, 3, 3, 3);
    S_assert_cols(&t, 5, 5, 4, 6, 4);
    S_assert_cols(&t, 8, 7, 5, 9, 5);
    S_assert_cols(&t, 9, 8, 6, 10, 6); /* at the line end: after the last character */
    fz_text_free(&t);
}
END_TEST

START_TEST(test_columns_tabs_marks) {
    fz_text t = S_dec_str(S_cols_text);
    ck_assert_uint_eq(fz_text_line_of(&t, 10), 1);
    S_assert_cols(&t, 10, 1, 1, 1, 1);
    S_assert_cols(&t, 11, 9, 2, 2, 2);   /* after a tab at 0 */
    S_assert_cols(&t, 12, 10, 3, 3, 3);  /* after 'd' */
    S_assert_cols(&t, 15, 12, 4, 6, 4);  /* after a Han character */
    S_assert_cols(&t, 16, 17, 5, 7, 5);  /* a tab from 11 cells to 16 */
    S_assert_cols(&t, 17, 18, 6, 8, 6);  /* the combining mark */
    S_assert_cols(&t, 19, 18, 7, 10, 7); /* ...takes no cell */
    S_assert_cols(&t, 20, 19, 8, 11, 8); /* line end */
    fz_text_free(&t);
}
END_TEST

START_TEST(test_columns_astral_ambiguous) {
    fz_text t = S_dec_str(S_cols_text);
    ck_assert_uint_eq(fz_text_line_of(&t, 21), 2);
    S_assert_cols(&t, 21, 1, 1, 1, 1);
    S_assert_cols(&t, 25, 3, 2, 5, 3); /* U+20000: 2 cells, 1 char, 4 bytes, 2 units */
    S_assert_cols(&t, 26, 4, 3, 6, 4);
    S_assert_cols(&t, 29, 5, 4, 9, 5); /* U+201C is ambiguous: 1 cell */
    S_assert_cols(&t, 30, 6, 5, 10, 6);
    S_assert_cols(&t, 32, 7, 6, 12, 7); /* U+00B7: 1 cell */
    fz_text_free(&t);
}
END_TEST

START_TEST(test_columns_misc) {
    /* tabs at exact stops, a control character, fullwidth A, an emoji, CR LF */
    fz_text t = S_dec_str(u8"\t\tx\n12345678\tx\n\x01x\uff21\U0001F600y\r\nz");
    S_assert_cols(&t, 2, 17, 3, 3, 3);
    S_assert_cols(&t, 13, 17, 10, 10, 10);
    S_assert_cols(&t, 16, 2, 2, 2, 2);
    S_assert_cols(&t, 17, 3, 3, 3, 3);
    S_assert_cols(&t, 20, 5, 4, 6, 4);
    S_assert_cols(&t, 24, 7, 5, 10, 6);
    S_assert_cols(&t, 25, 8, 6, 11, 7); /* the line end, at CR */
    S_assert_cols(&t, 26, 8, 6, 11, 7); /* between CR and LF: the line end's column */
    S_assert_cols(&t, 27, 1, 1, 1, 1);
    S_assert_cols(&t, 28, 2, 2, 2, 2);
    fz_text_free(&t);
}
END_TEST

START_TEST(test_display_width) {
    ck_assert_uint_eq(fz_display_width("", 0), 0);
    ck_assert_uint_eq(fz_display_width("ab", 2), 2);
    ck_assert_uint_eq(fz_display_width(u8"\u4e2d", 3), 2);
    ck_assert_uint_eq(fz_display_width(u8"\uff05", 3), 2);
    ck_assert_uint_eq(fz_display_width("\t", 1), 8);
    ck_assert_uint_eq(fz_display_width("a\t", 2), 8);
    ck_assert_uint_eq(fz_display_width(u8"a\u4e2d\tb", 6), 9);
    ck_assert_uint_eq(fz_display_width(u8"\u2026\u201c\u2014", 9), 3);
    ck_assert_uint_eq(fz_display_width(u8"e\u0301", 3), 1);
    ck_assert_uint_eq(fz_display_width(u8"\U0001F600", 4), 2);
    ck_assert_uint_eq(fz_display_width("\x01", 1), 1);
    /* ill-formed or cut-off bytes count one cell each, and len is respected */
    ck_assert_uint_eq(fz_display_width("\xFF", 1), 1);
    ck_assert_uint_eq(fz_display_width(u8"\u4e2d", 2), 2);
    ck_assert_uint_eq(fz_display_width(u8"ab\u4e2d", 2), 2);
}
END_TEST

/* ---- the fast paths against a reference ----
 * The reference is the plain per-character code: NFKC per cluster through utf8proc, the
 * run map searched by bisection, widths through utf8proc_charwidth.  The decoder's fast
 * paths (blocks of ASCII and Han, cached single-character normalizations, the run map's
 * index, width blocks) must give exactly the same bytes, runs, offsets and widths. */

#define REF_NFKC      (UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_STABLE)
#define REF_MAX_MARKS 30
/* Asserts only on a difference: each ck_assert reports its location to Check (a write). */
#define S_EQ(a, b)                                                                                 \
    do {                                                                                           \
        if ((a) != (b)) ck_assert_uint_eq(a, b);                                                   \
    } while (0)

typedef FZ_VEC(fz_seg) S_seg_vec;

static bool S_ref_is_mark(const char *p) {
    size_t l;
    return utf8proc_get_property(fz_utf8_decode(p, &l))->combining_class != 0;
}

static void S_ref_identity(fz_buf *norm, S_seg_vec *segs, const char *src, size_t s, size_t e) {
    if (s == e) return;
    fz_vec_push(segs, ((fz_seg){norm->len, s, e - s, e - s, true}));
    fz_buf_put(norm, src + s, e - s);
}

/* NFKC of every cluster (a character and up to 30 marks; CR, LF and U+2026 take none),
 * but U+2026 is kept. */
static void S_ref_normalize(const char *src, size_t n, fz_buf *norm, S_seg_vec *segs) {
    size_t i = 0, run = 0;
    while (i < n) {
        size_t l, j;
        int cp = fz_utf8_decode(src + i, &l);
        j = i + l;
        if (cp == 0x2026) {
            i = j;
            continue;
        }
        if (cp != '\r' && cp != '\n')
            for (int marks = 0; j < n && marks < REF_MAX_MARKS && S_ref_is_mark(src + j); marks++) {
                fz_utf8_decode(src + j, &l);
                j += l;
            }
        utf8proc_int32_t *buf = NULL;
        utf8proc_ssize_t len = (utf8proc_ssize_t)(j - i);
        utf8proc_ssize_t k =
            utf8proc_decompose((const utf8proc_uint8_t *)src + i, len, NULL, 0, REF_NFKC);
        utf8proc_ssize_t m = -1;
        if (k >= 0) {
            buf = fz_xmalloc(((size_t)k + 1) * sizeof *buf);
            k = utf8proc_decompose((const utf8proc_uint8_t *)src + i, len, buf, k, REF_NFKC);
            m = utf8proc_reencode(buf, k, REF_NFKC);
        }
        if (m >= 0 && m <= FZ_NORM_GROWTH * len &&
            (m != len || memcmp(buf, src + i, (size_t)len) != 0)) {
            S_ref_identity(norm, segs, src, run, i);
            fz_vec_push(segs, ((fz_seg){norm->len, i, (size_t)m, (size_t)len, false}));
            fz_buf_put(norm, buf, (size_t)m);
            run = j;
        }
        free(buf);
        i = j;
    }
    S_ref_identity(norm, segs, src, run, n);
}

/* Replaced bytes and C0 controls other than \t \n \v \f \r, against characters. */
static bool S_ref_binary(const fz_text *t) {
    size_t chars = 0, odd = t->nbad;
    for (size_t i = 0; i < t->src_len; i++) {
        unsigned char b = (unsigned char)t->src[i];
        chars += (b & 0xC0) != 0x80;
        odd += b < 0x20 && (b < '\t' || b > '\r');
    }
    return odd * 10 > chars;
}

static size_t S_ref_seg_find(const fz_seg *segs, size_t nsegs, size_t off, bool by_src) {
    size_t k = 0;
    while (k + 1 < nsegs && (by_src ? segs[k + 1].s : segs[k + 1].n) <= off) k++;
    return k;
}

static size_t S_ref_map(const fz_text *t, const fz_seg *segs, size_t nsegs, size_t off,
                        bool to_norm) {
    if (off >= (to_norm ? t->src_len : t->norm_len) || nsegs == 0)
        return to_norm ? t->norm_len : t->src_len;
    const fz_seg *g = &segs[S_ref_seg_find(segs, nsegs, off, to_norm)];
    bool same = g->nlen == g->slen && (g->slen > 4 * (REF_MAX_MARKS + 1) ||
                                       memcmp(t->norm + g->n, t->src + g->s, g->slen) == 0);
    if (!same) return to_norm ? g->n : g->s;
    return to_norm ? g->n + (off - g->s) : g->s + (off - g->n);
}

/* A column as counted character by character (each character starting before off). */
static size_t S_ref_column(const fz_text *t, size_t off, fz_colunit unit) {
    if (t->nlines == 0) return 1;
    size_t line = 0;
    while (line + 1 < t->nlines && t->line_start[line + 1] <= off) line++;
    size_t start = t->line_start[line], end = fz_text_line_end(t, line);
    if (off > end) off = end;
    if (off < start) off = start;
    if (unit == FZ_COL_BYTE) return off - start + 1;
    size_t col = 0;
    for (size_t i = start; i < off;) {
        size_t l;
        int cp = fz_utf8_decode(t->src + i, &l);
        if (unit == FZ_COL_CHAR)
            col++;
        else if (unit == FZ_COL_UTF16)
            col += cp >= 0x10000 ? 2 : 1;
        else if (cp == '\t')
            col += 8 - col % 8;
        else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
            col += 1;
        else
            col += (size_t)(utf8proc_charwidth(cp) > 0 ? utf8proc_charwidth(cp) : 0);
        i += l;
    }
    return col + 1;
}

/* The line map as it was made before the normalizer made it: a walk for CR and LF. */
static void S_check_lines(const fz_text *t) {
    size_t nlines = 0, start = 0;
    for (size_t i = 0; i < t->src_len; i++) {
        char c = t->src[i];
        if (c != '\r' && c != '\n') continue;
        ck_assert_uint_lt(nlines, t->nlines);
        S_EQ(t->line_start[nlines], start);
        S_EQ(fz_text_line_end(t, nlines), i);
        nlines++;
        if (c == '\r' && i + 1 < t->src_len && t->src[i + 1] == '\n') i++;
        start = i + 1;
    }
    if (start < t->src_len) {
        ck_assert_uint_lt(nlines, t->nlines);
        S_EQ(t->line_start[nlines], start);
        S_EQ(fz_text_line_end(t, nlines), t->src_len);
        nlines++;
    }
    S_EQ(t->nlines, nlines);
}

/* Decodes bytes and checks the view, runs, maps, lines and binary flag against the
 * reference. */
static void S_check_against_reference(const void *bytes, size_t len) {
    /* an exact copy, so that a read past the end shows under ASan */
    char *exact = fz_xmalloc(len ? len : 1);
    if (len) memcpy(exact, bytes, len);
    fz_text t = S_dec(exact, len);
    free(exact);
    fz_buf norm = {0};
    S_seg_vec segs = {0};
    S_ref_normalize(t.src, t.src_len, &norm, &segs);
    ck_assert_uint_eq(t.norm_len, norm.len);
    if (norm.len) ck_assert_mem_eq(t.norm, norm.ptr, norm.len);
    ck_assert_int_eq(t.norm[t.norm_len], '\0');
    ck_assert_uint_eq(t.nsegs, segs.n);
    for (size_t i = 0; i < segs.n; i++) {
        S_EQ(t.segs[i].n, segs.v[i].n);
        S_EQ(t.segs[i].s, segs.v[i].s);
        S_EQ(t.segs[i].nlen, segs.v[i].nlen);
        S_EQ(t.segs[i].slen, segs.v[i].slen);
        S_EQ(t.segs[i].identity, segs.v[i].identity);
    }
    ck_assert_int_eq(t.binary, S_ref_binary(&t));
    S_check_lines(&t);
    for (size_t off = 0; off <= t.src_len + 2; off++)
        S_EQ(fz_text_to_norm(&t, off), S_ref_map(&t, segs.v, segs.n, off, true));
    for (size_t off = 0; off <= t.norm_len + 2; off++)
        S_EQ(fz_text_to_src(&t, off), S_ref_map(&t, segs.v, segs.n, off, false));
    for (size_t off = 0; off <= t.src_len + 1; off += 1 + off % 3 + t.src_len / 64)
        for (int unit = FZ_COL_DISPLAY; unit <= FZ_COL_UTF16; unit++)
            S_EQ(fz_text_column(&t, off, (fz_colunit)unit),
                 S_ref_column(&t, off, (fz_colunit)unit));
    fz_buf_free(&norm);
    fz_vec_free(&segs);
    fz_text_free(&t);
}

/* Characters around the ones under test: fast-path and slow-path starters, marks (U+0301,
 * U+0323, U+3099), line ends, U+2026, Hangul jamo, astral characters. */
static const int S_context[] = {'a',    'Z',    ' ',    '\n',   '\r',    '\t',    0x01,   0x7F,
                                0x4E2D, 0x4E00, 0x3400, 0x4000, 0x9FFF,  0x4DC0,  0x3001, 0x3002,
                                0xFF0C, 0xFF08, 0x3000, 0x2026, 0x0301,  0x0323,  0x3099, 0x00A0,
                                0xFB01, 0xAC00, 0x1100, 0x1161, 0x20000, 0x1F600, 'e',    0x2F00,
                                0x00E9, 0x212B, 0x0041, 0x0308, 0xFF76,  0xFF9E,  0x3029, 0x302A,
                                0x300A, 0x2018, 0x201C, 0x201F, 0x2017,  0x2020,  0x2011};
#define S_NCONTEXT (sizeof S_context / sizeof *S_context)

static void S_put_cp(fz_buf *b, int cp) {
    char u[4];
    fz_buf_put(b, u, fz_utf8_encode(cp, u));
}

/* A character that the fast paths take in blocks, or one just outside their ranges. */
static int S_block_char(unsigned *seed) {
    static const int edges[] = {0x3000, 0x3001, 0x3002, 0x300A, 0x3029, 0x302A, 0x2017, 0x2018,
                                0x201C, 0x201F, 0x2020, 0x4DFF, 0x4E00, 0x9FFF, 0xA000};
    unsigned r = S_rand(seed) % 16;
    if (r < 7) return 0x4E00 + (int)(S_rand(seed) % 0x5200);
    if (r < 12) return 0x20 + (int)(S_rand(seed) % 0x60);
    if (r < 14) return 0x3001 + (int)(S_rand(seed) % 0x29);
    if (r < 15) return 0x2018 + (int)(S_rand(seed) % 8);
    return edges[S_rand(seed) % (sizeof edges / sizeof *edges)];
}

/* Every BMP code point (but NUL and surrogates) once, between random context characters. */
START_TEST(test_norm_every_bmp_code_point) {
    unsigned seed = 2024;
    fz_buf b = {0};
    for (int cp = 1; cp <= 0xFFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        for (unsigned k = S_rand(&seed) % 3; k > 0; k--)
            S_put_cp(&b, S_context[S_rand(&seed) % S_NCONTEXT]);
        S_put_cp(&b, cp);
        if (S_rand(&seed) % 4 == 0) S_put_cp(&b, S_context[S_rand(&seed) % S_NCONTEXT]);
        if (b.len > 1500 || cp == 0xFFFF) {
            S_check_against_reference(b.ptr, b.len);
            b.len = 0;
        }
    }
    fz_buf_free(&b);
}
END_TEST

/* Every BMP code point at every position of a block: inside runs of block characters. */
START_TEST(test_norm_every_bmp_code_point_in_blocks) {
    unsigned seed = 4242;
    fz_buf b = {0};
    for (int cp = 1; cp <= 0xFFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        for (unsigned k = S_rand(&seed) % 12; k > 0; k--) S_put_cp(&b, S_block_char(&seed));
        S_put_cp(&b, cp);
        if (b.len > 1500 || cp == 0xFFFF) {
            for (unsigned k = 0; k < 12; k++) S_put_cp(&b, S_block_char(&seed));
            S_check_against_reference(b.ptr, b.len);
            b.len = 0;
        }
    }
    fz_buf_free(&b);
}
END_TEST

/* Random texts: runs of ASCII and Han of every length (block boundaries), context
 * characters, long runs of marks, random BMP characters, a BOM, ill-formed bytes, NUL. */
START_TEST(test_norm_random_against_reference) {
    unsigned seed = 77;
    fz_buf b = {0};
    for (int iter = 0; iter < 1500; iter++) {
        b.len = 0;
        if (iter % 50 == 0) fz_buf_put(&b, "\xEF\xBB\xBF", 3);
        size_t pieces = S_rand(&seed) % 120;
        for (size_t p = 0; p < pieces; p++) {
            unsigned r = S_rand(&seed) % 100;
            if (r < 30) {
                for (unsigned k = S_rand(&seed) % 40; k > 0; k--)
                    fz_buf_putc(&b, (char)(0x20 + S_rand(&seed) % 0x60));
            } else if (r < 50) {
                for (unsigned k = S_rand(&seed) % 20; k > 0; k--)
                    S_put_cp(&b, 0x4000 + (int)(S_rand(&seed) % 0x6000));
            } else if (r < 60) {
                for (unsigned k = S_rand(&seed) % 20; k > 0; k--) S_put_cp(&b, S_block_char(&seed));
            } else if (r < 85) {
                S_put_cp(&b, S_context[S_rand(&seed) % S_NCONTEXT]);
            } else if (r < 90) {
                for (unsigned k = S_rand(&seed) % 45; k > 0; k--)
                    S_put_cp(&b, S_rand(&seed) % 2 ? 0x0301 : 0x0323);
            } else if (r < 97) {
                int cp = 1 + (int)(S_rand(&seed) * 3u % 0xFFFF);
                S_put_cp(&b, cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp);
            } else if (iter % 3 == 0) {
                static const char odd[] = {'\0', '\x80', '\xE4', '\xE5', '\xBF', '\xFF', '\xC2'};
                fz_buf_putc(&b, odd[S_rand(&seed) % sizeof odd]);
            }
        }
        S_check_against_reference(b.ptr ? b.ptr : "", b.len);
    }
    fz_buf_free(&b);
}
END_TEST

/* The display width as computed character by character. */
static size_t S_ref_width_upto(const char *s, size_t len, size_t max) {
    size_t col = 0;
    for (size_t i = 0; i < len && col <= max;) {
        size_t l = 0;
        unsigned char b = (unsigned char)s[i];
        /* the well-formed length, or 0 */
        if (b < 0x80) {
            l = 1;
        } else if (b >= 0xC2 && b < 0xF5) {
            size_t want = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
            unsigned char lo = b == 0xE0 ? 0xA0 : b == 0xF0 ? 0x90 : 0x80;
            unsigned char hi = b == 0xED ? 0x9F : b == 0xF4 ? 0x8F : 0xBF;
            if (len - i >= want && (unsigned char)s[i + 1] >= lo && (unsigned char)s[i + 1] <= hi) {
                l = want;
                for (size_t k = 2; k < want; k++)
                    if (((unsigned char)s[i + k] & 0xC0) != 0x80) l = 0;
            }
        }
        int cp = 0xFFFD;
        if (l)
            cp = fz_utf8_decode(s + i, &l);
        else
            l = 1;
        i += l;
        if (cp == '\t')
            col += 8 - col % 8;
        else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
            col += 1;
        else
            col += (size_t)(utf8proc_charwidth(cp) > 0 ? utf8proc_charwidth(cp) : 0);
    }
    return col;
}

static void S_check_width(const char *text, size_t len) {
    char *s = fz_xmalloc(len ? len : 1); /* exact, for ASan */
    if (len) memcpy(s, text, len);
    size_t full = S_ref_width_upto(s, len, SIZE_MAX);
    S_EQ(fz_display_width(s, len), full);
    for (size_t max = 0; max <= full + 2; max += 1 + max / 16)
        S_EQ(fz_display_width_upto(s, len, max), S_ref_width_upto(s, len, max));
    free(s);
}

/* Widths of every BMP code point in context, and of random bytes around Han and ASCII. */
START_TEST(test_width_against_reference) {
    unsigned seed = 99;
    fz_buf b = {0};
    for (int cp = 1; cp <= 0xFFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        for (unsigned k = S_rand(&seed) % 4; k > 0; k--)
            S_put_cp(&b, S_rand(&seed) % 2 ? 0x4E00 + (int)(S_rand(&seed) % 0x5200)
                                           : 0x20 + (int)(S_rand(&seed) % 0x5F));
        S_put_cp(&b, cp);
        if (b.len > 300) {
            S_check_width(b.ptr, b.len);
            b.len = 0;
        }
    }
    /* every BMP code point alone, twice (the second time its width is cached) */
    for (int round = 0; round < 2; round++)
        for (int cp = 1; cp <= 0xFFFF; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF) continue;
            char u[4];
            size_t l = fz_utf8_encode(cp, u);
            S_EQ(fz_display_width(u, l), S_ref_width_upto(u, l, SIZE_MAX));
        }
    /* every BMP code point at every position of a block: inside long runs of block characters */
    for (int cp = 1; cp <= 0xFFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        for (unsigned k = S_rand(&seed) % 12; k > 0; k--) S_put_cp(&b, S_block_char(&seed));
        S_put_cp(&b, cp);
        if (b.len > 400) {
            for (unsigned k = 0; k < 12; k++) S_put_cp(&b, S_block_char(&seed));
            char *exact = fz_xmalloc(b.len);
            memcpy(exact, b.ptr, b.len);
            size_t full = S_ref_width_upto(exact, b.len, SIZE_MAX);
            S_EQ(fz_display_width(exact, b.len), full);
            for (size_t max = full > 40 ? full - 40 : 0; max <= full + 1;
                 max += 1 + S_rand(&seed) % 8)
                S_EQ(fz_display_width_upto(exact, b.len, max), S_ref_width_upto(exact, b.len, max));
            free(exact);
            b.len = 0;
        }
    }
    static const unsigned char bytes[] = {'a',  ' ',  '\t', 0x01, 0x7F, 0xE4, 0xE5, 0xE9,
                                          0xEA, 0xE3, 0xB7, 0xB8, 0xBF, 0x80, 0xC0, 0xCC};
    for (int iter = 0; iter < 3000; iter++) {
        b.len = 0;
        for (size_t n = S_rand(&seed) % 30; n > 0; n--) {
            unsigned r = S_rand(&seed) % 10;
            if (r < 4)
                S_put_cp(&b, 0x4DB0 + (int)(S_rand(&seed) % 0x100));
            else if (r < 6)
                S_put_cp(&b, 0x5000 + (int)(S_rand(&seed) % 0x4000));
            else if (r < 7)
                fz_buf_putc(&b, (char)bytes[S_rand(&seed) % sizeof bytes]);
            else if (r < 9)
                for (unsigned k = S_rand(&seed) % 12; k > 0; k--) S_put_cp(&b, S_block_char(&seed));
            else
                fz_buf_puts(&b, "abcdefgh");
        }
        for (size_t cut = 0; cut <= b.len; cut += 1 + cut / 8)
            S_check_width(b.ptr ? b.ptr : "", cut);
    }
    fz_buf_free(&b);
}
END_TEST

static void S_no_avx2(void) {
    fz_text_allow_avx2(false);
}

static void S_avx2(void) {
    fz_text_allow_avx2(true);
}

static Suite *S_suite(void) {
    Suite *s = suite_create("text");
    TCase *dec = tcase_create("decode");
    tcase_add_test(dec, test_empty);
    tcase_add_test(dec, test_utf8_plain);
    tcase_add_test(dec, test_utf8_bom);
    tcase_add_test(dec, test_utf16le);
    tcase_add_test(dec, test_utf16be);
    tcase_add_test(dec, test_utf16_invalid);
    tcase_add_test(dec, test_gb18030);
    tcase_add_test(dec, test_mostly_utf8_not_gb18030);
    tcase_add_test(dec, test_mostly_gb18030_with_replacements);
    tcase_add_test(dec, test_binary);
    tcase_add_test(dec, test_invalid_utf8_midline);
    tcase_add_test(dec, test_invalid_utf8_forms);
    tcase_add_test(dec, test_nul_bytes);
    tcase_add_test(dec, test_random_bytes_invariants);
    suite_add_tcase(s, dec);

    TCase *lines = tcase_create("lines");
    tcase_add_test(lines, test_line_ends);
    tcase_add_test(lines, test_line_of_many);
    suite_add_tcase(s, lines);

    TCase *norm = tcase_create("norm");
    tcase_set_timeout(norm, 30);
    tcase_add_test(norm, test_norm_paren_number);
    tcase_add_test(norm, test_norm_fullwidth_digits);
    tcase_add_test(norm, test_norm_spaces_punct);
    tcase_add_test(norm, test_norm_keeps_ellipsis_and_merges);
    tcase_add_test(norm, test_norm_growth_bound);
    tcase_add_test(norm, test_norm_line_ends_kept);
    tcase_add_test(norm, test_norm_combining);
    tcase_add_test(norm, test_norm_many_marks);
    tcase_add_test(norm, test_norm_multichar_output);
    tcase_add_test(norm, test_map_round_trip);
    tcase_add_test(norm, test_large_input);
    tcase_add_test(norm, test_norm_every_bmp_code_point);
    tcase_add_test(norm, test_norm_every_bmp_code_point_in_blocks);
    tcase_add_test(norm, test_norm_random_against_reference);
    suite_add_tcase(s, norm);

    /* the same without the AVX2 blocks (the process-wide switch is set in the parent,
     * before the forks) */
    TCase *sse2 = tcase_create("norm-sse2");
    tcase_set_timeout(sse2, 30);
    tcase_add_unchecked_fixture(sse2, S_no_avx2, S_avx2);
    tcase_add_test(sse2, test_line_ends);
    tcase_add_test(sse2, test_norm_every_bmp_code_point);
    tcase_add_test(sse2, test_norm_every_bmp_code_point_in_blocks);
    tcase_add_test(sse2, test_norm_random_against_reference);
    suite_add_tcase(s, sse2);

    TCase *cols = tcase_create("columns");
    tcase_add_test(cols, test_columns_cjk_ascii);
    tcase_add_test(cols, test_columns_tabs_marks);
    tcase_add_test(cols, test_columns_astral_ambiguous);
    tcase_add_test(cols, test_columns_misc);
    tcase_add_test(cols, test_display_width);
    tcase_add_test(cols, test_width_against_reference);
    suite_add_tcase(s, cols);
    return s;
}

int main(void) {
    return fz_check_run(S_suite());
}
