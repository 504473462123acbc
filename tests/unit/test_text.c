/* test_text.c - decoding, lines, the normalized view and its map, columns. */
#include <check.h>

#include "check_main.h"
#include <stdlib.h>
#include <string.h>

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
    ck_assert_uint_eq(t->line_end[i], end);
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
    ck_assert_uint_eq(t.bad[0].byte, 0x3D);
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
    ck_assert_uint_eq(t.bad[0].byte, 0xDC);
    ck_assert_uint_eq(t.bad[1].off, 4);
    ck_assert_uint_eq(t.bad[1].byte, 0xD8);
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
            ck_assert_uint_le(t.line_start[i], t.line_end[i]);
            ck_assert_uint_eq(fz_text_line_of(&t, t.line_start[i]), i);
            ck_assert_uint_eq(fz_text_line_of(&t, t.line_end[i]), i);
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
    tcase_add_test(norm, test_norm_line_ends_kept);
    tcase_add_test(norm, test_norm_combining);
    tcase_add_test(norm, test_norm_many_marks);
    tcase_add_test(norm, test_norm_multichar_output);
    tcase_add_test(norm, test_map_round_trip);
    tcase_add_test(norm, test_large_input);
    suite_add_tcase(s, norm);

    TCase *cols = tcase_create("columns");
    tcase_add_test(cols, test_columns_cjk_ascii);
    tcase_add_test(cols, test_columns_tabs_marks);
    tcase_add_test(cols, test_columns_astral_ambiguous);
    tcase_add_test(cols, test_columns_misc);
    tcase_add_test(cols, test_display_width);
    suite_add_tcase(s, cols);
    return s;
}

int main(void) {
    return fz_check_run(S_suite());
}
