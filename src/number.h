/*
 * number.h - the number grammar of Chinese official prose: Arabic digits (ASCII or
 * full-width, thousands separators, decimals), Chinese numerals (一 … 九千九百九十九,
 * 两, 〇/零), the multipliers 万/亿 and the approximations 余/多.  Mechanism, used by
 * the outline (heading numbers) and the facts stage (figures).
 */
#ifndef FZ_NUMBER_H
#define FZ_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* At most this many digits after the decimal point are read (and printed). */
#define FZ_NUMBER_MAX_DECIMALS 6

typedef struct fz_number {
    double value;      /* with 万/亿 applied */
    int decimals;      /* digits after the decimal point as written */
    bool approx;       /* 余/多 after the digits (三十余, 2000多), or a rate of more than 15
                          integer digits (more than a double holds exactly) */
    bool chinese;      /* written in Chinese numerals */
    size_t digits_end; /* offset just past the digits, before 万/亿/余/多 */
    double mantissa;   /* the value of the digits alone (388.48 of 388.48万) */
    int mantissa_decimals;
    double multiplier; /* 1, or 1e4 for 万, 1e8 for 亿 ... */
} fz_number;

/* Parses the number at the start of s[0, len): Arabic digits (ASCII or
 * full-width) with an optional decimal part and thousands separators, or a
 * Chinese numeral (一 … 九千九百九十九, 两, 〇/零, with 万/亿), followed by an
 * optional 万/亿 multiplier and an optional 余/多.  Returns the bytes consumed,
 * 0 when s does not start with a number, or with a run of more than 15 integer
 * digits that is not a rate (an identifier: followed by no %), or over 300. */
size_t fz_number_parse(const char *s, size_t len, fz_number *out);

/* Writes v with the given number of decimals, without a trailing ".0" for
 * integers written as such ("50", "69.89", "388.48"). */
void fz_number_format(fz_buf *b, double v, int decimals);

/* Whether stated (with its decimals) is num/den*100 rounded or truncated. */
bool fz_rate_agrees(double stated, int decimals, double num, double den);

/* 10^e for 0 <= e <= 30. */
double fz_pow10(int e);

/* ---- the characters of numbers ---- */

#define FZ_CP_WAN 0x4E07 /* 万 */
#define FZ_CP_YI  0x4EBF /* 亿 */
#define FZ_CP_YU  0x4F59 /* 余 */
#define FZ_CP_DUO 0x591A /* 多 */
#define FZ_CP_SHI 0x5341 /* 十: a numeral may start with it */

__attribute__((always_inline)) static inline int fz_digit(int cp) {
    if (cp >= '0' && cp <= '9') return cp - '0';
    if (cp >= 0xFF10 && cp <= 0xFF19) return cp - 0xFF10; /* full-width */
    return -1;
}

__attribute__((always_inline)) static inline int fz_cn_digit(int cp) {
    /* most characters are no numeral: their low 6 bits tell (bits of 零〇一二两三…九) */
    if (!((0x0040281028101289ULL >> (cp & 63)) & 1)) return -1;
    switch (cp) {
    case 0x96F6: /* 零 */
    case 0x3007: /* 〇 */
        return 0;
    case 0x4E00:
        return 1; /* 一 */
    case 0x4E8C:  /* 二 */
    case 0x4E24:  /* 两 */
        return 2;
    case 0x4E09:
        return 3; /* 三 */
    case 0x56DB:
        return 4; /* 四 */
    case 0x4E94:
        return 5; /* 五 */
    case 0x516D:
        return 6; /* 六 */
    case 0x4E03:
        return 7; /* 七 */
    case 0x516B:
        return 8; /* 八 */
    case 0x4E5D:
        return 9; /* 九 */
    default:
        return -1;
    }
}

/* 十 百 千 inside a section; 万 亿 between sections. */
__attribute__((always_inline)) static inline int fz_cn_unit(int cp) {
    switch (cp) {
    case 0x5341:
        return 10; /* 十 */
    case 0x767E:
        return 100; /* 百 */
    case 0x5343:
        return 1000; /* 千 */
    case 0x4E07:
        return 10000; /* 万 */
    case 0x4EBF:
        return -1; /* 亿: flagged separately */
    default:
        return 0;
    }
}

static inline bool fz_is_cn_numeral(int cp) {
    return fz_cn_digit(cp) >= 0 || fz_cn_unit(cp) != 0;
}

#endif
