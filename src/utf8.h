/*
 * utf8.h - UTF-8 code points read one at a time, inline: these run per character
 * in the facts stage and the number grammar; and the characters that end a sentence.  (util.h has
 * the out-of-line decoder and encoder; text.h the validator and the column widths.)
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

/* Start of the code point that ends at s[i] (i > 0). */
static inline size_t fz_utf8_prev(const char *s, size_t i) {
    size_t j = i - 1;
    size_t steps = 0;
    while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80 && steps < 3) j--, steps++;
    return j;
}

#endif
