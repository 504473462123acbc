/* number.c - the number grammar: parsing Arabic and Chinese numerals, printing figures. */
#include "number.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "utf8.h"

/* A number longer than this is an identifier, not a count. */
#define S_EXACT_DIGITS   15  /* a double holds every integer of this many digits exactly */
#define S_MAX_INT_DIGITS 300 /* more is no number (a double ends near 1e308) */
#define S_MAX_DEC_DIGITS FZ_NUMBER_MAX_DECIMALS
#define S_MAX_CN_CHARS   24

double fz_pow10(int e) {
    double r = 1;
    for (int i = 0; i < e && i < 30; i++) r *= 10;
    return r;
}

/* Arabic digits with thousands separators and decimals.  Returns bytes used, 0 if none.
 * *inexact: more integer digits than a double holds exactly (the value is approximate;
 * fz_number_parse keeps it only before a %: 1234567890123456% is still over 100%).  Decimals past
 * the sixth are not kept, but when one of them is not 0 the value moves one step up, so that
 * 100.0000001% stays over 100%. */
static size_t S_parse_arabic(const char *s, size_t len, double *v, int *dec, bool *inexact) {
    size_t i = 0, n;
    int d, ndig = 0;
    double x = 0;
    while (i < len) {
        if ((unsigned)((unsigned char)s[i] - '0') <= 9u) /* as fz_utf8_cp reads an ASCII digit */
            d = s[i] - '0', n = 1;
        else if ((unsigned char)s[i] < 0x80 || (d = fz_digit(fz_utf8_cp(s + i, len - i, &n))) < 0)
            break;
        if (++ndig > S_MAX_INT_DIGITS) return 0;
        x = x * 10 + d;
        i += n;
    }
    if (ndig == 0) return 0;
    *inexact = ndig > S_EXACT_DIGITS;
    /* 1,234,567: a first group of at most three digits, then groups of exactly three */
    for (int groups = 0; ndig <= 3 || groups > 0; groups++) {
        if (i + 4 > len || s[i] != ',') break;
        if (!(fz_digit(s[i + 1]) >= 0 && fz_digit(s[i + 2]) >= 0 && fz_digit(s[i + 3]) >= 0)) break;
        if (i + 4 < len && fz_digit(s[i + 4]) >= 0) break;
        if (ndig + 3 > S_MAX_INT_DIGITS) return 0;
        for (int k = 1; k <= 3; k++) x = x * 10 + (s[i + k] - '0');
        ndig += 3;
        *inexact |= ndig > S_EXACT_DIGITS;
        i += 4;
    }
    *dec = 0;
    int cp = fz_utf8_cp(s + i, len - i, &n);
    if (cp == '.' || cp == 0xFF0E) {
        size_t n2;
        if (i + n < len && fz_digit(fz_utf8_cp(s + i + n, len - i - n, &n2)) >= 0) {
            i += n;
            double scale = 1;
            bool more = false; /* a digit past the kept ones that is not 0 */
            while (i < len && (d = fz_digit(fz_utf8_cp(s + i, len - i, &n))) >= 0) {
                if (*dec < S_MAX_DEC_DIGITS) {
                    scale /= 10;
                    x += d * scale;
                    (*dec)++;
                } else {
                    more |= d > 0;
                }
                i += n;
            }
            if (more) x = nextafter(x, INFINITY);
        }
    }
    *v = x;
    return i;
}

/* A Chinese numeral: 十二, 两千三百, 一百零五, 三万, 二〇二四 (digit by digit). */
static size_t S_parse_chinese(const char *s, size_t len, double *v, size_t *digits_end,
                              double *mantissa) {
    size_t i = 0, n, chars = 0;
    double total = 0, wan = 0, section = 0, digit = 0;
    bool have_digit = false, last_digit = false, positional = false;
    size_t before_mult = 0; /* offset of a trailing 万/亿 */
    double before_val = 0;
    int cp = fz_utf8_cp(s, len, &n);
    if (fz_cn_digit(cp) < 0 && cp != 0x5341) return 0; /* starts with a digit or 十 */
    while (i < len && chars < S_MAX_CN_CHARS) {
        cp = fz_utf8_cp(s + i, len - i, &n);
        int d = fz_cn_digit(cp), u = fz_cn_unit(cp);
        if (d < 0 && u == 0) break;
        if (d >= 0) {
            /* two digits in a row without a unit: read digit by digit (二〇二四) */
            digit = (last_digit && !positional) ? digit * 10 + d : d;
            have_digit = true;
            last_digit = true;
        } else if (u > 0 && u < 10000) {
            section += (have_digit ? digit : 1) * u;
            digit = 0, have_digit = false, last_digit = false, positional = true;
        } else {
            before_mult = i;
            before_val = total + wan + section + digit;
            if (u == 10000) {
                wan = (wan + section + digit) * 1e4;
            } else {
                total = (total + wan + section + digit) * 1e8;
                wan = 0;
            }
            section = 0, digit = 0, have_digit = false, last_digit = false, positional = true;
        }
        i += n;
        chars++;
    }
    *v = total + wan + section + digit;
    if (before_mult && before_mult + 3 == i) {
        *digits_end = before_mult; /* 两万元: the unit may be 万元 */
        *mantissa = before_val;
    } else {
        *digits_end = i;
        *mantissa = *v;
    }
    return i;
}

size_t fz_number_parse(const char *s, size_t len, fz_number *out) {
    memset(out, 0, sizeof *out);
    size_t n;
    int cp = fz_utf8_cp(s, len, &n);
    size_t i;
    out->multiplier = 1;
    if (fz_digit(cp) >= 0) {
        double v;
        int dec;
        bool inexact = false;
        i = S_parse_arabic(s, len, &v, &dec, &inexact);
        if (!i) return 0;
        /* a long digit run is an identifier (a code, an ID number), not a count; before
         * a % it is a rate, however absurd, and must not escape the over-100% check */
        if (inexact) {
            int next = i < len ? fz_utf8_cp(s + i, len - i, &n) : 0;
            if (next != '%' && next != 0xFF05) return 0;
        }
        out->approx = inexact;
        out->value = out->mantissa = v;
        out->decimals = out->mantissa_decimals = dec;
        out->digits_end = i;
        /* 万 / 亿 / 万亿 multiply */
        for (int k = 0; k < 2 && i < len; k++) {
            cp = fz_utf8_cp(s + i, len - i, &n);
            if (cp != FZ_CP_WAN && cp != FZ_CP_YI) break;
            int e = cp == FZ_CP_WAN ? 4 : 8;
            out->value *= fz_pow10(e);
            out->multiplier *= fz_pow10(e);
            out->decimals = out->decimals > e ? out->decimals - e : 0;
            i += n;
        }
    } else {
        size_t de;
        double mant;
        i = S_parse_chinese(s, len, &out->value, &de, &mant);
        if (!i) return 0;
        out->chinese = true;
        out->digits_end = de;
        out->mantissa = mant;
        if (de < i && mant > 0) out->multiplier = out->value / mant;
    }
    if (i < len) {
        cp = fz_utf8_cp(s + i, len - i, &n);
        if (cp == FZ_CP_YU || cp == FZ_CP_DUO) {
            out->approx = true;
            i += n;
        }
    }
    return i;
}

void fz_number_format(fz_buf *b, double v, int decimals) {
    if (decimals < 0) decimals = 0;
    if (decimals > S_MAX_DEC_DIGITS) decimals = S_MAX_DEC_DIGITS;
    if (!isfinite(v)) {
        fz_buf_puts(b, "?");
        return;
    }
    /* printf rounds the exact value at the last digit.  Below 2^40 the scaled value is
     * off by at most 2^-13, so unless its fraction is within 1e-3 of one half, rounding
     * it to a whole number gives the same digits (most figures: 52, 69.89). */
    double r = fabs(v) * fz_pow10(decimals);
    double whole = floor(r), frac = r - whole;
    if (r < 0x1p40 && fabs(frac - 0.5) > 1e-3) {
        uint64_t n = (uint64_t)whole + (frac > 0.5);
        char tmp[40], *e = tmp + sizeof tmp, *p = e;
        for (int k = 0; k <= decimals || n; k++) {
            if (k == decimals && decimals) *--p = '.';
            *--p = (char)('0' + n % 10);
            n /= 10;
        }
        if (signbit(v)) *--p = '-';
        fz_buf_put(b, p, (size_t)(e - p));
        return;
    }
    fz_buf_printf(b, "%.*f", decimals, v);
}

bool fz_rate_agrees(double stated, int decimals, double num, double den) {
    if (den <= 0) return true;
    if (decimals > S_MAX_DEC_DIGITS) decimals = S_MAX_DEC_DIGITS;
    double scale = fz_pow10(decimals);
    double c = num / den * 100 * scale, s = stated * scale;
    /* 1e-6 absorbs the binary representation of the written decimals */
    return fabs(floor(c + 0.5 + 1e-6) - s) < 1e-3 || fabs(floor(c + 1e-6) - s) < 1e-3;
}
