/*
 * utf8.h - the one UTF-8 decoder: code points read one at a time, inline (they run per
 * character), character boundaries and counts, the length of a strictly valid
 * sequence; and the characters that end a sentence.  (util.h has the encoder and
 * fz_utf8_decode for NUL-terminated valid strings; text.h the validator and the
 * column widths.)
 */
#ifndef FZ_UTF8_H
#define FZ_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Decodes one code point of s[0, len); -1 on a truncated or invalid sequence (n = 1). */
__attribute__((always_inline)) static inline int fz_utf8_cp(const char *str, size_t len,
                                                            size_t *n) {
    const unsigned char *s = (const unsigned char *)str;
    *n = 1;
    if (len == 0) return -1;
    if (s[0] < 0x80) return s[0];
    if ((s[0] & 0xF0) == 0xE0 && len >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        *n = 3; /* the common case: a CJK character */
        return ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    size_t k = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
    if (k == 0 || k > len) return -1;
    for (size_t i = 1; i < k; i++)
        if ((s[i] & 0xC0) != 0x80) return -1;
    *n = k;
    if (k == 3) return ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    if (k == 2) return ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    return ((s[0] & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

/* The one definition of where a sentence ends: 。！？ and ! ? (GB/T 15834's end marks;
 * the normalized view has ! ? for ！？).  A semicolon does not end a sentence.  The
 * sentence scope, the facts stage (which also stops at ；) and the outline (a title
 * has none of these) use it. */
static inline bool fz_sentence_end(int cp) {
    return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == '!' || cp == '?';
}

/* Whether c is a continuation byte (10xxxxxx): not the start of a character. */
static inline bool fz_utf8_cont(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

/* The bytes of the character a lead byte starts, read from the lead byte alone (1 for a
 * continuation byte or F8..FF). */
static inline size_t fz_utf8_lead_len(unsigned char c) {
    return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF8 ? 4 : 1;
}

/* Length of the strictly valid UTF-8 sequence at s (n bytes left: no overlong form, no
 * surrogate, nothing past U+10FFFF), or 0 when there is none. */
static inline size_t fz_utf8_seq_len(const char *str, size_t n) {
    const unsigned char *s = (const unsigned char *)str;
    unsigned c = n ? s[0] : 0, cp, min;
    size_t len;
    if (!n) return 0;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, min = 0x10000;
    else
        return 0;
    if (len > n) return 0;
    cp = c & (0x7Fu >> len);
    for (size_t i = 1; i < len; i++) {
        if (!fz_utf8_cont(s[i])) return 0;
        cp = cp << 6 | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

/* The characters of s[0, len): its bytes that start one. */
static inline size_t fz_utf8_count(const char *s, size_t len) {
    size_t n = 0;
    for (size_t i = 0; i < len; i++) n += !fz_utf8_cont((unsigned char)s[i]);
    return n;
}

/* The start of the character s[i] is in: back over continuation bytes, not before lo. */
static inline size_t fz_utf8_back(const char *s, size_t lo, size_t i) {
    while (i > lo && fz_utf8_cont((unsigned char)s[i])) i--;
    return i;
}

/* The first character start at or after i in s[0, len) (len when there is none). */
static inline size_t fz_utf8_fwd(const char *s, size_t len, size_t i) {
    while (i < len && fz_utf8_cont((unsigned char)s[i])) i++;
    return i;
}

/* Start of the code point that ends at s[i] (i > 0). */
static inline size_t fz_utf8_prev(const char *s, size_t i) {
    size_t j = i - 1;
    size_t steps = 0;
    while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80 && steps < 3) j--, steps++;
    return j;
}

#endif
