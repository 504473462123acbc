/* marker.c - writing a heading or enumeration marker with another number, in the
 * marker's own numerals: 七是 -> 六是, （三） -> （四）, ３. -> ４., ⑦ -> ⑥.  The
 * numbering messages name what the series should have, as the series writes it. */
#include <stdio.h>
#include <string.h>

#include "outline.h"

typedef enum { S_NONE, S_ASCII, S_FULLWIDTH, S_CHINESE, S_CIRCLED } S_style;

static const char *const S_CN[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

/* The style of the numeral character at s and its byte length, or S_NONE. */
static S_style S_char(const char *s, size_t len, size_t *n) {
    const unsigned char *u = (const unsigned char *)s;
    if (len >= 1 && u[0] >= '0' && u[0] <= '9') return *n = 1, S_ASCII;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99)
        return *n = 3, S_FULLWIDTH;
    /* ① U+2460 … ⑳ U+2473: E2 91 A0 … E2 91 B3 */
    if (len >= 3 && u[0] == 0xE2 && u[1] == 0x91 && u[2] >= 0xA0 && u[2] <= 0xB3)
        return *n = 3, S_CIRCLED;
    if (len >= 3) {
        for (size_t k = 0; k < sizeof S_CN / sizeof *S_CN; k++)
            if (!memcmp(s, S_CN[k], 3)) return *n = 3, S_CHINESE;
        if (!memcmp(s, "十", 3) || !memcmp(s, "零", 3) || !memcmp(s, "两", 3) ||
            !memcmp(s, "百", 3))
            return *n = 3, S_CHINESE;
    }
    return S_NONE;
}

static void S_chinese(fz_buf *b, int n) {
    if (n >= 100) {
        fz_buf_printf(b, "%d", n);
        return;
    }
    if (n >= 10) {
        if (n >= 20) fz_buf_puts(b, S_CN[n / 10]);
        fz_buf_puts(b, "十");
        if (n % 10) fz_buf_puts(b, S_CN[n % 10]);
        return;
    }
    fz_buf_puts(b, S_CN[n]);
}

char *fz_marker_renumber(const char *marker, int n) {
    fz_buf b = {0};
    size_t len = strlen(marker), i = 0, cl = 0;
    S_style st = S_NONE;
    while (i < len && (st = S_char(marker + i, len - i, &cl)) == S_NONE) i++;
    if (st == S_NONE || n < 0) {
        fz_buf_printf(&b, "%d", n);
        return fz_buf_detach(&b);
    }
    size_t j = i;
    for (S_style s2; j < len && (s2 = S_char(marker + j, len - j, &cl)) == st;) j += cl;
    fz_buf_put(&b, marker, i);
    char digits[16];
    snprintf(digits, sizeof digits, "%d", n);
    switch (st) {
    case S_ASCII:
        fz_buf_puts(&b, digits);
        break;
    case S_FULLWIDTH:
        for (const char *d = digits; *d; d++) {
            char fw[4] = {(char)0xEF, (char)0xBC, (char)(0x90 + (*d - '0')), 0};
            fz_buf_puts(&b, fw);
        }
        break;
    case S_CIRCLED:
        if (n >= 1 && n <= 20) {
            char c[4] = {(char)0xE2, (char)0x91, (char)(0xA0 + n - 1), 0};
            fz_buf_puts(&b, c);
        } else {
            fz_buf_puts(&b, digits);
        }
        break;
    default:
        S_chinese(&b, n);
        break;
    }
    fz_buf_put(&b, marker + j, len - j);
    return fz_buf_detach(&b);
}
