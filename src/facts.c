/* facts.c - numbers, totals with parts, rates with their counts, and their checks. */
#include "facts.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define S_HAVE_AVX2 1
#endif

#include "text.h"

/* Bounds: a number longer than this is an identifier, not a count; a label is a
 * short noun phrase; a bracketed breakdown closes soon after it opens. */
#define S_MAX_INT_DIGITS     15
#define S_MAX_DEC_DIGITS     6
#define S_MAX_CN_CHARS       24
#define S_LABEL_CHARS        40
#define S_BRACKET_BYTES      600
#define S_MAX_DEPTH          8
#define S_MAX_DEN_CANDIDATES 6
#define S_CLAUSE_BYTES       240 /* how far back a cue word is looked for */
#define S_REACH              64  /* how many quantities a structure looks across */
#define S_FIRSTS             32  /* distinct first statements kept per indicator */

/* ---- UTF-8 and character classes ------------------------------------------------ */

/* Decodes one code point of s[0, len); -1 on a truncated or invalid sequence (n = 1).
 * Inline with the value computed here (as fz_utf8_decode does): it runs per character. */
__attribute__((always_inline)) static inline int S_cp(const char *str, size_t len, size_t *n) {
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

/* Start of the code point that ends at s[i] (i > 0). */
static size_t S_prev(const char *s, size_t i) {
    size_t j = i - 1;
    size_t steps = 0;
    while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80 && steps < 3) j--, steps++;
    return j;
}

__attribute__((always_inline)) static inline int S_digit(int cp) {
    if (cp >= '0' && cp <= '9') return cp - '0';
    if (cp >= 0xFF10 && cp <= 0xFF19) return cp - 0xFF10; /* full-width */
    return -1;
}

__attribute__((always_inline)) static inline int S_cn_digit(int cp) {
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
__attribute__((always_inline)) static inline int S_cn_unit(int cp) {
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

#define S_CP_WAN 0x4E07
#define S_CP_YI  0x4EBF
#define S_CP_YU  0x4F59 /* 余 */
#define S_CP_DUO 0x591A /* 多 */
#define S_CP_DI  0x7B2C /* 第: an ordinal, not a count */

static bool S_is_cn_numeral(int cp) {
    return S_cn_digit(cp) >= 0 || S_cn_unit(cp) != 0;
}

/* Punctuation, spaces and symbols end a label; so do digits. */
static bool S_is_stop(int cp) {
    if (cp < 0) return true;
    if (cp < 0x80) return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
    return (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F && cp != 0x3007) ||
           (cp >= 0xFF00 && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
           (cp >= 0xFF5B && cp <= 0xFF65) || (cp >= 0xFE30 && cp <= 0xFE4F) || cp == 0x00B7 ||
           cp == 0x00A0;
}

__attribute__((always_inline)) static inline bool S_is_sentence_end(int cp) {
    return cp == 0x3002 || cp == 0xFF1B || cp == ';' || cp == 0xFF01 || cp == '!' || cp == 0xFF1F ||
           cp == '?' || cp == '\n' || cp == '\r';
}

__attribute__((always_inline)) static inline bool S_is_clause_end(int cp) {
    return cp == ',' || cp == 0xFF0C || cp == 0x3001 || cp == ':' || cp == 0xFF1A;
}

static bool S_is_open(int cp) {
    return cp == '(' || cp == 0xFF08;
}
static bool S_is_close(int cp) {
    return cp == ')' || cp == 0xFF09;
}

/* ---- numbers ------------------------------------------------------------------ */

static double S_pow10(int e) {
    double r = 1;
    for (int i = 0; i < e && i < 30; i++) r *= 10;
    return r;
}

/* Arabic digits with thousands separators and decimals.  Returns bytes used, 0 if none. */
static size_t S_parse_arabic(const char *s, size_t len, double *v, int *dec) {
    size_t i = 0, n;
    int d, ndig = 0;
    double x = 0;
    while (i < len) {
        if ((unsigned)((unsigned char)s[i] - '0') <= 9u) /* as S_cp reads an ASCII digit */
            d = s[i] - '0', n = 1;
        else if ((unsigned char)s[i] < 0x80 || (d = S_digit(S_cp(s + i, len - i, &n))) < 0)
            break;
        if (++ndig > S_MAX_INT_DIGITS) return 0;
        x = x * 10 + d;
        i += n;
    }
    if (ndig == 0) return 0;
    /* 1,234,567: a first group of at most three digits, then groups of exactly three */
    for (int groups = 0; ndig <= 3 || groups > 0; groups++) {
        if (i + 4 > len || s[i] != ',') break;
        if (!(S_digit(s[i + 1]) >= 0 && S_digit(s[i + 2]) >= 0 && S_digit(s[i + 3]) >= 0)) break;
        if (i + 4 < len && S_digit(s[i + 4]) >= 0) break;
        if (ndig + 3 > S_MAX_INT_DIGITS) return 0;
        for (int k = 1; k <= 3; k++) x = x * 10 + (s[i + k] - '0');
        ndig += 3;
        i += 4;
    }
    *dec = 0;
    int cp = S_cp(s + i, len - i, &n);
    if (cp == '.' || cp == 0xFF0E) {
        size_t n2;
        if (i + n < len && S_digit(S_cp(s + i + n, len - i - n, &n2)) >= 0) {
            i += n;
            double scale = 1;
            while (i < len && (d = S_digit(S_cp(s + i, len - i, &n))) >= 0) {
                if (*dec < S_MAX_DEC_DIGITS) {
                    scale /= 10;
                    x += d * scale;
                    (*dec)++;
                }
                i += n;
            }
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
    int cp = S_cp(s, len, &n);
    if (S_cn_digit(cp) < 0 && cp != 0x5341) return 0; /* starts with a digit or 十 */
    while (i < len && chars < S_MAX_CN_CHARS) {
        cp = S_cp(s + i, len - i, &n);
        int d = S_cn_digit(cp), u = S_cn_unit(cp);
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
    int cp = S_cp(s, len, &n);
    size_t i;
    out->multiplier = 1;
    if (S_digit(cp) >= 0) {
        double v;
        int dec;
        i = S_parse_arabic(s, len, &v, &dec);
        if (!i) return 0;
        out->value = out->mantissa = v;
        out->decimals = out->mantissa_decimals = dec;
        out->digits_end = i;
        /* 万 / 亿 / 万亿 multiply */
        for (int k = 0; k < 2 && i < len; k++) {
            cp = S_cp(s + i, len - i, &n);
            if (cp != S_CP_WAN && cp != S_CP_YI) break;
            int e = cp == S_CP_WAN ? 4 : 8;
            out->value *= S_pow10(e);
            out->multiplier *= S_pow10(e);
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
        cp = S_cp(s + i, len - i, &n);
        if (cp == S_CP_YU || cp == S_CP_DUO) {
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
    double r = fabs(v) * S_pow10(decimals);
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
    double scale = S_pow10(decimals);
    double c = num / den * 100 * scale, s = stated * scale;
    /* 1e-6 absorbs the binary representation of the written decimals */
    return fabs(floor(c + 0.5 + 1e-6) - s) < 1e-3 || fabs(floor(c + 1e-6) - s) < 1e-3;
}

/* ---- the profile -------------------------------------------------------------- */

void fz_facts_profile_init(fz_facts_profile *p) {
    memset(p, 0, sizeof *p);
}

/* Literals one of which every match of a profile pattern contains: the union of its
 * alternatives' prefilters (prefilter.h), with room for a whole list of cue words.
 * Extraction looks them up once per report and skips PCRE2 in a window without one. */
#define S_MAX_LITS 64

struct fz_facts_lits {
    const fz_regex *re;
    bool prefix;   /* every match starts with one of them */
    bool anchored; /* every match starts where the search starts (the \G of approx-after) */
    int n;
    char *s[S_MAX_LITS];
    size_t len[S_MAX_LITS];
};

static void S_lits_free(struct fz_facts_lits *l) {
    for (int k = 0; k < l->n; k++) free(l->s[k]);
    free(l);
}

/* Forgets the literals of re, which is about to be freed. */
static void S_lits_drop(fz_facts_profile *p, const fz_regex *re) {
    for (size_t i = 0; re && i < p->lits.n; i++)
        if (p->lits.v[i]->re == re) {
            S_lits_free(p->lits.v[i]);
            p->lits.v[i] = p->lits.v[--p->lits.n];
            return;
        }
}

/* Records the literals of re, compiled from the alternatives values[0, n); none
 * when one alternative has none (it could match anywhere). */
static void S_lits_add(fz_facts_profile *p, const fz_regex *re, const char *const *values, size_t n,
                       bool anchored) {
    struct fz_facts_lits *l = fz_xcalloc(1, sizeof *l);
    l->re = re;
    l->prefix = true;
    l->anchored = anchored;
    for (size_t i = 0; i < n; i++) {
        fz_lits one;
        fz_lits_extract(values[i], &one);
        bool ok = one.n > 0 && l->n + one.n <= S_MAX_LITS;
        for (int k = 0; ok && k < one.n; k++) {
            l->s[l->n] = fz_xstrndup(one.s[k], one.len[k]);
            l->len[l->n++] = one.len[k];
        }
        /* \G matches where the search starts: no skipping ahead to a literal */
        if (!one.prefix || strstr(values[i], "\\G")) l->prefix = false;
        fz_lits_free(&one);
        if (!ok) {
            S_lits_free(l);
            return;
        }
    }
    fz_vec_push(&p->lits, l);
}

static void S_regex_set(fz_regex **slot, fz_regex *re) {
    fz_regex_free(*slot);
    *slot = re;
}

void fz_facts_profile_free(fz_facts_profile *p) {
    for (size_t i = 0; i < p->units.n; i++) free(p->units.v[i]);
    fz_vec_free(&p->units);
    fz_regex **res[] = {&p->label_cut, &p->label_trim, &p->approx_before, &p->approx_after,
                        &p->total_cue, &p->part_cue,   &p->part_stop,     &p->rate_label,
                        &p->rate_word, &p->growth};
    for (size_t i = 0; i < sizeof res / sizeof *res; i++) S_regex_set(res[i], NULL);
    for (size_t i = 0; i < p->lits.n; i++) S_lits_free(p->lits.v[i]);
    fz_vec_free(&p->lits);
    for (size_t i = 0; i < p->ignore.n; i++) fz_regex_free(p->ignore.v[i]);
    fz_vec_free(&p->ignore);
    for (size_t i = 0; i < p->indicators.n; i++) {
        free(p->indicators.v[i].name);
        fz_regex_free(p->indicators.v[i].label);
    }
    fz_vec_free(&p->indicators);
    for (size_t i = 0; i < p->rules.n; i++) {
        fz_facts_rule *r = &p->rules.v[i];
        free(r->id);
        free(r->message);
        free(r->authority);
        fz_regex_free(r->rate);
        fz_regex_free(r->numerator);
        fz_regex_free(r->denominator);
    }
    fz_vec_free(&p->rules);
    memset(p, 0, sizeof *p);
}

static fz_regex *S_compile_jit(const char *pattern, bool jit, fz_buf *err) {
    fz_buf why = {0};
    size_t off = 0;
    fz_regex *re =
        jit ? fz_regex_new(pattern, &why, &off) : fz_regex_new_nojit(pattern, &why, &off);
    if (!re)
        fz_buf_printf(err, "无效的正则表达式（第 %zu 个字符）：%s", off + 1,
                      why.ptr ? why.ptr : "");
    fz_buf_free(&why);
    return re;
}

static fz_regex *S_compile(const char *pattern, fz_buf *err) {
    return S_compile_jit(pattern, true, err);
}

static int S_unit_cmp(const void *a, const void *b) {
    size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);
    return la < lb ? 1 : la > lb ? -1 : strcmp(*(char *const *)a, *(char *const *)b);
}

int fz_facts_profile_set(fz_facts_profile *p, const char *key, const char *const *values, size_t n,
                         fz_buf *err, size_t *bad) {
    *bad = n;
    if (strcmp(key, "units") == 0) {
        for (size_t i = 0; i < n; i++) {
            if (!values[i][0] || strlen(values[i]) > 32) {
                fz_buf_puts(err, "单位应为不超过 32 字节的词");
                *bad = i;
                return -1;
            }
        }
        for (size_t i = 0; i < p->units.n; i++) free(p->units.v[i]);
        p->units.n = 0;
        for (size_t i = 0; i < n; i++) fz_vec_push(&p->units, fz_xstrdup(values[i]));
        qsort(p->units.v, p->units.n, sizeof *p->units.v, S_unit_cmp);
        return 0;
    }
    if (strcmp(key, "ignore") == 0) {
        FZ_VEC(fz_regex *) res = {0};
        for (size_t i = 0; i < n; i++) {
            fz_regex *re = S_compile(values[i], err);
            if (!re) {
                for (size_t k = 0; k < res.n; k++) fz_regex_free(res.v[k]);
                fz_vec_free(&res);
                *bad = i;
                return -1;
            }
            fz_vec_push(&res, re);
        }
        for (size_t k = 0; k < p->ignore.n; k++) {
            S_lits_drop(p, p->ignore.v[k]);
            fz_regex_free(p->ignore.v[k]);
        }
        for (size_t k = 0; k < res.n; k++) S_lits_add(p, res.v[k], &values[k], 1, false);
        fz_vec_free(&p->ignore);
        p->ignore.v = res.v, p->ignore.n = res.n, p->ignore.cap = res.cap;
        return 0;
    }
    static const struct {
        const char *key;
        size_t off;
        const char *before, *after; /* how the alternatives are anchored */
    } keys[] = {
        {"label-cut", offsetof(fz_facts_profile, label_cut), "", ""},
        {"label-trim", offsetof(fz_facts_profile, label_trim), "(?:", ")\\z"},
        {"approx-before", offsetof(fz_facts_profile, approx_before), "(?:", ")\\z"},
        {"approx-after", offsetof(fz_facts_profile, approx_after), "\\G(?:", ")"},
        {"total-cues", offsetof(fz_facts_profile, total_cue), "", ""},
        {"part-cues", offsetof(fz_facts_profile, part_cue), "", ""},
        {"part-stop", offsetof(fz_facts_profile, part_stop), "", ""},
        {"rate-label", offsetof(fz_facts_profile, rate_label), "", ""},
        {"rate-word", offsetof(fz_facts_profile, rate_word), "", ""},
        {"growth", offsetof(fz_facts_profile, growth), "", ""},
    };
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
        if (strcmp(key, keys[k].key) != 0) continue;
        fz_regex **slot = (fz_regex **)((char *)p + keys[k].off);
        if (n == 0) {
            S_lits_drop(p, *slot);
            S_regex_set(slot, NULL);
            return 0;
        }
        fz_buf all = {0};
        fz_buf_puts(&all, keys[k].before);
        for (size_t i = 0; i < n; i++) {
            /* each alternative alone first, so an error names its value */
            fz_regex *one = S_compile_jit(values[i], false, err);
            if (!one) {
                *bad = i;
                fz_buf_free(&all);
                return -1;
            }
            fz_regex_free(one);
            fz_buf_printf(&all, "%s(?:%s)", i ? "|" : "", values[i]);
        }
        fz_buf_puts(&all, keys[k].after);
        fz_regex *re = S_compile(all.ptr, err);
        fz_buf_free(&all);
        if (!re) return -1;
        S_lits_drop(p, *slot);
        S_regex_set(slot, re);
        S_lits_add(p, re, values, n, strncmp(keys[k].before, "\\G", 2) == 0);
        return 0;
    }
    fz_buf_printf(err, "“facts”中未知的键“%s”", key);
    return -1;
}

int fz_facts_profile_add_indicator(fz_facts_profile *p, const char *name, const char *label,
                                   fz_buf *err) {
    if (!name || !*name) {
        fz_buf_puts(err, "指标缺少“name”");
        return -1;
    }
    if (!label || !*label) {
        fz_buf_puts(err, "指标缺少“label”");
        return -1;
    }
    fz_regex *re = S_compile(label, err);
    if (!re) return -1;
    fz_facts_indicator ind = {fz_xstrdup(name), re};
    fz_vec_push(&p->indicators, ind);
    S_lits_add(p, re, &label, 1, false);
    return 0;
}

static const char *const S_check_names[FZ_FACTS_NCHECKS] = {"exceed", "short",    "mismatch",
                                                            "full",   "over-100", "conflict"};
static const char *const S_check_types[FZ_FACTS_NCHECKS] = {"sum",   "sum",  "ratio",
                                                            "ratio", "fact", "fact"};

int fz_facts_profile_add_rule(fz_facts_profile *p, const fz_facts_rule_spec *spec, fz_buf *err) {
    if (!spec->id || !*spec->id) {
        fz_buf_puts(err, "规则缺少“id”");
        return -1;
    }
    const char *type = spec->type ? spec->type : "";
    int check = -1;
    if (spec->check) {
        for (int c = 0; c < FZ_FACTS_NCHECKS; c++)
            if (strcmp(spec->check, S_check_names[c]) == 0 && strcmp(type, S_check_types[c]) == 0)
                check = c;
    } else if (strcmp(type, "sum") == 0) {
        check = FZ_FACTS_SUM_EXCEED;
    } else if (strcmp(type, "ratio") == 0) {
        check = FZ_FACTS_RATE_MISMATCH;
    }
    if (check < 0) {
        fz_buf_printf(err,
                      "规则 %s 的 check“%s”不适用于 %s 规则（sum：exceed、short；ratio："
                      "mismatch、full；fact：over-100、conflict）",
                      spec->id, spec->check ? spec->check : "", type);
        return -1;
    }
    fz_level level = check == FZ_FACTS_SUM_EXCEED || check == FZ_FACTS_RATE_OVER ? FZ_LEVEL_ERROR
                                                                                 : FZ_LEVEL_WARNING;
    if (spec->level) {
        if (strcmp(spec->level, "error") == 0)
            level = FZ_LEVEL_ERROR;
        else if (strcmp(spec->level, "warning") == 0)
            level = FZ_LEVEL_WARNING;
        else if (strcmp(spec->level, "info") == 0)
            level = FZ_LEVEL_INFO;
        else {
            fz_buf_printf(err, "规则 %s 的 level 应为 error、warning 或 info", spec->id);
            return -1;
        }
    }
    if (!spec->message || !*spec->message) {
        fz_buf_printf(err, "规则 %s 缺少“message”", spec->id);
        return -1;
    }
    bool named = spec->rate || spec->numerator || spec->denominator;
    if (named &&
        !(check == FZ_FACTS_RATE_MISMATCH && spec->rate && spec->numerator && spec->denominator)) {
        fz_buf_printf(err,
                      "规则 %s：rate、numerator、denominator 须同时给出，且只用于 check 为 "
                      "mismatch 的 ratio 规则",
                      spec->id);
        return -1;
    }
    fz_facts_rule r = {.check = (fz_facts_kind)check, .level = level};
    const char *pats[3] = {spec->rate, spec->numerator, spec->denominator};
    fz_regex **slots[3] = {&r.rate, &r.numerator, &r.denominator};
    for (int i = 0; i < 3; i++) {
        if (!pats[i]) continue;
        fz_buf why = {0};
        *slots[i] = S_compile(pats[i], &why);
        if (!*slots[i]) {
            static const char *const names[] = {"rate", "numerator", "denominator"};
            fz_buf_printf(err, "规则 %s 的 %s：%s", spec->id, names[i], why.ptr);
            fz_buf_free(&why);
            for (int k = 0; k < i; k++) fz_regex_free(*slots[k]);
            return -1;
        }
    }
    r.id = fz_xstrdup(spec->id);
    r.message = fz_xstrdup(spec->message);
    r.authority = spec->authority ? fz_xstrdup(spec->authority) : NULL;
    fz_vec_push(&p->rules, r);
    return 0;
}

bool fz_facts_profile_ready(const fz_facts_profile *p) {
    return p->units.n > 0;
}

#define S_APPEND(dst, src)                                                                         \
    do {                                                                                           \
        for (size_t k_ = 0; k_ < (src)->n; k_++) fz_vec_push(dst, (src)->v[k_]);                   \
        fz_vec_free(src);                                                                          \
    } while (0)

void fz_facts_profile_merge(fz_facts_profile *dst, fz_facts_profile *src) {
    if (src->units.n) {
        S_APPEND(&dst->units, &src->units);
        qsort(dst->units.v, dst->units.n, sizeof *dst->units.v, S_unit_cmp);
    }
    S_APPEND(&dst->ignore, &src->ignore);
    S_APPEND(&dst->indicators, &src->indicators);
    S_APPEND(&dst->rules, &src->rules);
    S_APPEND(&dst->lits, &src->lits);
    fz_regex **d[] = {&dst->label_cut, &dst->label_trim, &dst->approx_before, &dst->approx_after,
                      &dst->total_cue, &dst->part_cue,   &dst->part_stop,     &dst->rate_label,
                      &dst->rate_word, &dst->growth};
    fz_regex **s[] = {&src->label_cut, &src->label_trim, &src->approx_before, &src->approx_after,
                      &src->total_cue, &src->part_cue,   &src->part_stop,     &src->rate_label,
                      &src->rate_word, &src->growth};
    for (size_t i = 0; i < sizeof d / sizeof *d; i++)
        if (*s[i]) {
            S_lits_drop(dst, *d[i]);
            S_regex_set(d[i], *s[i]);
            *s[i] = NULL;
        }
    fz_facts_profile_free(src);
}

/* ---- extraction ------------------------------------------------------------------ */

typedef struct S_range {
    size_t s, e;
} S_range;

typedef struct S_cue {
    size_t s, e;
    int sentence, para, depth;
    size_t qidx; /* quantities before it */
} S_cue;

/* Where the literals of one profile pattern occur in the report. */
typedef struct S_slot {
    const struct fz_facts_lits *l;
    FZ_VEC(S_range) occ; /* by start */
    size_t hint;         /* where the last lookup ended: windows mostly move forward */
    bool asked;          /* some window asks for it (rate-word's never does) */
    bool lazy;           /* asked only in windows that end at a number: found there */
    bool indicator;      /* its occurrences go to ind_any too */
} S_slot;

/* A literal by its first character: a chain in the hash of first characters, where
 * the same string asked by several patterns comes in a row (compared once). */
typedef struct S_ent {
    int cp, next, slot;
    const char *s;
    size_t len;
    size_t first; /* bytes of its first character */
    bool same;    /* the same string as the entry before it in the chain */
} S_ent;

/* A set of code points below U+10000, a bit each (8 KB). */
#define S_BMP       0x10000
#define S_SET_WORDS (S_BMP / 64)

static inline bool S_in(const uint64_t *set, int cp) {
    return (set[cp >> 6] >> (cp & 63)) & 1;
}

/* Code point -> the first of a chain (an index), by open addressing. */
typedef struct S_cpmap {
    int *key, *head;
    size_t cap;
} S_cpmap;

static void S_cpmap_init(S_cpmap *m, size_t n) {
    m->cap = 64;
    while (m->cap < 2 * n) m->cap *= 2;
    m->key = fz_xmalloc(m->cap * sizeof *m->key);
    m->head = fz_xmalloc(m->cap * sizeof *m->head);
    for (size_t h = 0; h < m->cap; h++) m->key[h] = -1;
}

static void S_cpmap_free(S_cpmap *m) {
    free(m->key);
    free(m->head);
}

/* The cell of cp: its own, or the empty one where it would go (key -1). */
static size_t S_cpmap_cell(const S_cpmap *m, int cp) {
    size_t h = ((uint32_t)cp * 2654435761u) & (m->cap - 1);
    while (m->key[h] != -1 && m->key[h] != cp) h = (h + 1) & (m->cap - 1);
    return h;
}

/* The head of cp's chain, or -1 (also for cp -1, an undecodable byte). */
static int S_cpmap_get(const S_cpmap *m, int cp) {
    if (cp < 0) return -1;
    size_t h = S_cpmap_cell(m, cp);
    return m->key[h] == cp ? m->head[h] : -1;
}

/* A set of characters as pshufb looks it up, by nibbles: its ASCII characters exactly
 * (a bit per high nibble), and a superset of its 3-byte characters by their second and
 * third bytes: 8 buckets, each a set of second bytes and one of third bytes, each a
 * product of low and high nibbles.  A 3-byte character is a candidate when some bucket
 * holds both its bytes. */
typedef struct S_pairs {
    uint8_t lo1[16], hi1[16], lo2[16], hi2[16], lo3[16], hi3[16];
} S_pairs;

typedef struct S_scan {
    S_slot *slots; /* one per pattern with literals */
    size_t nslots;
    S_slot *cut, *trim, *before, *after, *rate, *total, *stop, *growth, *cue;
    S_slot **ind, **ign; /* per indicator, per ignore pattern */
    S_slot ind_any;      /* all the indicators' occurrences (used when each has literals) */
    bool ind_all;
    const char *t;
    size_t len;
    const fz_facts_profile *p;
    fz_matcher *m;
    fz_facts *f;
    size_t *ulen;         /* the units' lengths */
    int *unext;           /* the next unit (in order) with the same first character */
    S_cpmap unit_map;     /* first character -> the first unit with it */
    bool unit_odd;        /* a unit without a first character: compare them all */
    size_t pct;           /* index of the unit "%", or SIZE_MAX */
    bool unit_first[256]; /* first bytes of the units (and of '％') */
    /* the literal index: first characters hashed, then compared */
    S_ent *ent;
    int nent;
    S_cpmap lit_map, win_map; /* found in one pass, found in the windows (lazy) */
    uint64_t *lit_first;      /* first characters of the literals found in one pass */
    uint64_t *win_first;      /* of those found in the windows */
    size_t win_upto;          /* the windows' literals are found before this */
    uint64_t *stops;          /* those and the events (below) */
    S_pairs stop_pairs;       /* the same as pshufb looks them up (the block scan) */
    bool blocks;              /* the block scan runs (AVX2, not the reference) */
    FZ_VEC(size_t) events;    /* where the main loop has something to do, in order */
    fz_buf labels;            /* the quantities' labels, each NUL-terminated, in order */
} S_scan;

static int S_cmp_range(const void *a, const void *b) {
    const S_range *x = a, *y = b;
    return x->s < y->s ? -1 : x->s > y->s ? 1 : (x->e < y->e ? -1 : x->e > y->e);
}

static S_slot *S_slot_of(S_scan *sc, const fz_regex *re) {
    for (size_t k = 0; re && k < sc->nslots; k++)
        if (sc->slots[k].l->re == re) {
            sc->slots[k].asked = true;
            return &sc->slots[k];
        }
    return NULL;
}

/* The characters the main loop acts on: line feeds, sentence and clause ends,
 * brackets, and those that may start a number.  It passes over every other one. */
static bool S_is_event(int cp) {
    return cp == '\n' || S_is_sentence_end(cp) || S_is_clause_end(cp) || S_is_open(cp) ||
           S_is_close(cp) || S_digit(cp) >= 0 || S_cn_digit(cp) >= 0 || cp == 0x5341;
}

static uint64_t S_event_set[S_SET_WORDS];

/* The per-report bitmaps, kept per thread: a report sets the bits of its literals'
 * first characters and clears their words when done (no 24 KB zeroed per report). */
static _Thread_local uint64_t S_tl_lit_first[S_SET_WORDS], S_tl_win_first[S_SET_WORDS],
    S_tl_stops[S_SET_WORDS];
static _Thread_local bool S_tl_ready; /* S_tl_stops holds the events */
static pthread_once_t S_event_once = PTHREAD_ONCE_INIT;

static bool S_avx2;                /* the block scan may run */
static uint64_t S_event_third[64]; /* the 3-byte events by second and third byte */

static void S_event_init(void) {
#ifdef S_HAVE_AVX2
    S_avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi");
#endif
    for (int cp = 0; cp < S_BMP; cp++)
        if (S_is_event(cp)) S_event_set[cp >> 6] |= 1ULL << (cp & 63);
    for (int cp = 0x800; cp < S_BMP; cp++)
        if (S_in(S_event_set, cp)) S_event_third[cp >> 6 & 63] |= 1ULL << (cp & 63);
}

/* The bitmap word of a 3-byte character read little-endian in w: (lead & 0x0F) << 6 |
 * (second & 0x3F), gathered by one multiply (the two shifted copies do not overlap). */
static inline uint32_t S_bmp_word(uint32_t w) {
    return (w & 0x3F0F) * 0x100040u >> 14 & 0x3FF;
}

/* Records the literals that occur at t[i], whose first character is cp (n bytes). */
__attribute__((noinline)) static void S_lits_at(S_scan *sc, const S_cpmap *map, size_t i, int cp,
                                                size_t n) {
    int head = S_cpmap_get(map, cp);
    if (head < 0) return;
    const char *at = sc->t + i;
    size_t room = sc->len - i;
    bool found = false;
    for (int x = head; x >= 0; x = sc->ent[x].next) {
        const S_ent *en = &sc->ent[x];
        if (!en->same) {
            /* the same first character in as many bytes (3 at most: one encoding) */
            size_t k = en->first == n && n <= 3 ? n : 0;
            found = en->len <= room;
            for (; found && k < en->len; k++) found = at[k] == en->s[k];
        }
        if (found) {
            S_range r = {i, i + en->len};
            fz_vec_push(&sc->slots[en->slot].occ, r);
            if (sc->slots[en->slot].indicator) fz_vec_push(&sc->ind_any.occ, r);
        }
    }
}

__attribute__((always_inline)) static inline void S_stop_at(S_scan *sc, size_t i, int cp,
                                                            size_t n) {
    if (cp >= S_BMP || S_in(sc->lit_first, cp)) S_lits_at(sc, &sc->lit_map, i, cp, n);
    if (cp < S_BMP ? S_in(S_event_set, cp) : S_is_event(cp)) fz_vec_push(&sc->events, i);
}

/* The four bytes at p, the first in the low bits. */
static inline uint32_t S_load_le32(const unsigned char *p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint32_t w;
    memcpy(&w, p, 4);
    return w;
#else
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
#endif
}

/* Whether the 3-byte character read little-endian in x is in set (x's top byte aside). */
__attribute__((always_inline)) static inline unsigned S_bit3(const uint64_t *set, uint32_t x) {
    return (unsigned)(set[S_bmp_word(x)] >> (x >> 16 & 0x3F)) & 1;
}

__attribute__((always_inline)) static inline int S_cp3(uint32_t x) {
    return (int)((x & 0x0F) << 12 | (x >> 8 & 0x3F) << 6 | (x >> 16 & 0x3F));
}

/* The tables of a set given by key: its ASCII characters (words 0, 1 of its bitmap),
 * then its 3-byte characters by second byte (key[2 + (second & 0x3F)]: the third
 * bytes & 0x3F).  Characters with the same second byte go to one bucket, each group
 * (most third bytes first) where it adds the fewest byte pairs to the superset. */
static void S_pairs_build(const uint64_t key[66], S_pairs *out) {
    const uint64_t *third = key + 2;
    int order[64], ng = 0;
    for (int g = 0; g < 64; g++)
        if (third[g]) order[ng++] = g;
    for (int a = 1; a < ng; a++) /* most third bytes first (stable) */
        for (int b = a; b > 0 && __builtin_popcountll(third[order[b]]) >
                                     __builtin_popcountll(third[order[b - 1]]);
             b--) {
            int x = order[b];
            order[b] = order[b - 1], order[b - 1] = x;
        }
    unsigned lo2[8] = {0}, hi2[8] = {0}, lo3[8] = {0}, hi3[8] = {0}; /* nibble sets */
    memset(out, 0, sizeof *out);
    for (int c = 0; c < 128; c++)
        if ((key[c >> 6] >> (c & 63)) & 1) out->lo1[c & 15] |= (uint8_t)(1u << (c >> 4));
    for (int h = 0; h < 8; h++) out->hi1[h] = (uint8_t)(1u << h);
    for (int a = 0; a < ng; a++) {
        int g = order[a];
        unsigned glo3 = 0, ghi3 = 0;
        for (int t = 0; t < 64; t++)
            if ((third[g] >> t) & 1) glo3 |= 1u << (t & 15), ghi3 |= 1u << (8 + (t >> 4));
        unsigned glo2 = 1u << (g & 15), ghi2 = 1u << (8 + (g >> 4));
        int best = 0;
        long best_cost = -1;
        for (int k = 0; k < 8; k++) {
            long before = (long)__builtin_popcount(lo2[k]) * __builtin_popcount(hi2[k]) *
                          __builtin_popcount(lo3[k]) * __builtin_popcount(hi3[k]);
            long after = (long)__builtin_popcount(lo2[k] | glo2) *
                         __builtin_popcount(hi2[k] | ghi2) * __builtin_popcount(lo3[k] | glo3) *
                         __builtin_popcount(hi3[k] | ghi3);
            if (best_cost < 0 || after - before < best_cost) best_cost = after - before, best = k;
        }
        lo2[best] |= glo2, hi2[best] |= ghi2, lo3[best] |= glo3, hi3[best] |= ghi3;
    }
    for (int k = 0; k < 8; k++)
        for (int nib = 0; nib < 16; nib++) {
            if ((lo2[k] >> nib) & 1) out->lo2[nib] |= (uint8_t)(1u << k);
            if ((hi2[k] >> nib) & 1) out->hi2[nib] |= (uint8_t)(1u << k);
            if ((lo3[k] >> nib) & 1) out->lo3[nib] |= (uint8_t)(1u << k);
            if ((hi3[k] >> nib) & 1) out->hi3[nib] |= (uint8_t)(1u << k);
        }
}

#ifdef S_HAVE_AVX2
/* Scans t[i, to) 32 bytes at a time while they hold ASCII and 3-byte characters only:
 * the candidates of a block by its bytes (pshufb), each then tested against the bitmap
 * as one at a time would be; the rest need no look.  Returns where it stopped: a
 * character boundary, where the next 32 bytes hold some other byte (or fewer than 33
 * bytes are left).  (The windows' scans are short: there blocks cost more than they save.) */
__attribute__((target("avx2,bmi"))) static size_t S_blocks(S_scan *sc, size_t i, size_t to) {
    const S_pairs *pt = &sc->stop_pairs;
    const uint64_t *set = sc->stops;
    const unsigned char *t = (const unsigned char *)sc->t;
#define S_TABLE(f)                                                                                 \
    _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)pt->f))
    const __m256i lo1 = S_TABLE(lo1), hi1 = S_TABLE(hi1), lo2 = S_TABLE(lo2), hi2 = S_TABLE(hi2),
                  lo3 = S_TABLE(lo3), hi3 = S_TABLE(hi3);
#undef S_TABLE
    const __m256i nib = _mm256_set1_epi8(0x0F), zero = _mm256_setzero_si256();
    const __m256i f0 = _mm256_set1_epi8(-16), e0 = _mm256_set1_epi8(-32),
                  c0 = _mm256_set1_epi8(-64), x80 = _mm256_set1_epi8(-128);
    while (sc->len - i >= 33 && to - i >= 32) { /* two loads: at i and i + 1 */
        __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(t + i));
        uint64_t high = (uint32_t)_mm256_movemask_epi8(v);
        uint64_t lead =
            (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_and_si256(v, f0), e0));
        uint64_t cont =
            (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_and_si256(v, c0), x80));
        /* the whole characters: up to a lead byte at 30 or 31 */
        unsigned e = lead >> 30 & 1 ? 30 : lead >> 31 & 1 ? 31 : 32;
        uint64_t in = (1ULL << e) - 1, tail = (lead << 1 | lead << 2) & 0xFFFFFFFFu;
        if ((high & in) != ((lead | tail) & in) || (cont & in) != (tail & in) || (lead & tail))
            break; /* some byte is neither ASCII nor of a 3-byte character */
        __m256i w = _mm256_loadu_si256((const __m256i *)(const void *)(t + i + 1));
        __m256i vlo = _mm256_and_si256(v, nib),
                vhi = _mm256_and_si256(_mm256_srli_epi16(v, 4), nib);
        __m256i wlo = _mm256_and_si256(w, nib),
                whi = _mm256_and_si256(_mm256_srli_epi16(w, 4), nib);
        __m256i ascii =
            _mm256_and_si256(_mm256_shuffle_epi8(lo1, vlo), _mm256_shuffle_epi8(hi1, vhi));
        __m256i pair = _mm256_and_si256(
            _mm256_and_si256(_mm256_shuffle_epi8(lo2, vlo), _mm256_shuffle_epi8(hi2, vhi)),
            _mm256_and_si256(_mm256_shuffle_epi8(lo3, wlo), _mm256_shuffle_epi8(hi3, whi)));
        /* bit j: an ASCII member at j, or a candidate whose second byte is at j + 1 */
        uint64_t a =
            ~(uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(ascii, zero)) & ~high;
        uint64_t b =
            ~(uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(pair, zero)) & (lead << 1);
        for (uint64_t starts = (a | b >> 1) & in; starts; starts &= starts - 1) {
            size_t at = i + (size_t)__builtin_ctzll(starts);
            int cp;
            size_t n;
            if (t[at] < 0x80) {
                if (!S_in(set, t[at])) continue;
                cp = t[at], n = 1;
            } else {
                uint32_t x = S_load_le32(t + at);
                if (!S_bit3(set, x)) continue;
                cp = S_cp3(x), n = 3;
            }
            S_stop_at(sc, at, cp, n);
        }
        i += e;
    }
    return i;
}
#else
static size_t S_blocks(S_scan *sc, size_t i, size_t to) {
    (void)sc, (void)to;
    return i;
}
#endif

/* One pass over the text finds where the asked literals occur and where the main loop
 * has something to do.  Most characters are neither: a 3-byte character (nearly all
 * of a report) is tested against a bitmap of code points as soon as it is decoded, a
 * run of spaces (blanked chrome) is skipped a word at a time; anything else is decoded
 * as S_cp does.  The reference visits every character. */
static void S_index(S_scan *sc) {
    const fz_facts_profile *p = sc->p;
    size_t total = 0;
    for (size_t k = 0; k < sc->nslots; k++)
        if (sc->slots[k].asked) total += (size_t)p->lits.v[k]->n;
    S_cpmap_init(&sc->lit_map, total);
    S_cpmap_init(&sc->win_map, total);
    sc->ent = fz_xmalloc((total ? total : 1) * sizeof *sc->ent);
    pthread_once(&S_event_once, S_event_init);
    if (!S_tl_ready) {
        memcpy(S_tl_stops, S_event_set, sizeof S_event_set);
        S_tl_ready = true;
    }
    sc->lit_first = S_tl_lit_first, sc->win_first = S_tl_win_first, sc->stops = S_tl_stops;
    int ne = 0;
    for (size_t k = 0; k < sc->nslots; k++) {
        const struct fz_facts_lits *l = sc->slots[k].l;
        for (int j = 0; sc->slots[k].asked && j < l->n; j++) {
            size_t n;
            int cp = S_cp(l->s[j], l->len[j], &n);
            if (cp < 0) continue; /* no decoded character starts it: never found */
            bool lazy = sc->slots[k].lazy;
            S_cpmap *m = lazy ? &sc->win_map : &sc->lit_map;
            size_t h = S_cpmap_cell(m, cp);
            S_ent en = {cp, -1, (int)k, l->s[j], l->len[j], n, false};
            if (m->key[h] != cp) {
                m->key[h] = cp;
                m->head[h] = ne;
            } else { /* after the same string, else at the chain's end */
                int x = m->head[h];
                while (sc->ent[x].next >= 0 &&
                       !(sc->ent[x].len == en.len && memcmp(sc->ent[x].s, en.s, en.len) == 0))
                    x = sc->ent[x].next;
                en.same = sc->ent[x].len == en.len && memcmp(sc->ent[x].s, en.s, en.len) == 0;
                en.next = sc->ent[x].next;
                sc->ent[x].next = ne;
            }
            sc->ent[ne++] = en;
            sc->nent = ne;
            if (cp < S_BMP && lazy) {
                sc->win_first[cp >> 6] |= 1ULL << (cp & 63);
            } else if (cp < S_BMP) {
                sc->lit_first[cp >> 6] |= 1ULL << (cp & 63);
                sc->stops[cp >> 6] |= 1ULL << (cp & 63);
            }
        }
    }
    const unsigned char *t = (const unsigned char *)sc->t;
    size_t len = sc->len, i = 0, n;
    sc->blocks = S_avx2 && !p->reference_scan && !p->block_scan_off;
    if (sc->blocks) { /* the buckets change with the profile only: kept per thread */
        static _Thread_local uint64_t last[66];
        static _Thread_local S_pairs last_pairs;
        static _Thread_local bool built;
        uint64_t key[66];
        memcpy(key, S_event_set, 2 * sizeof *S_event_set);
        memcpy(key + 2, S_event_third, sizeof S_event_third);
        for (int x = 0; x < ne; x++) {
            int cp = sc->ent[x].cp;
            if (sc->slots[sc->ent[x].slot].lazy) continue;
            if (cp < 0x80)
                key[cp >> 6] |= 1ULL << (cp & 63);
            else if (cp >= 0x800 && cp < S_BMP)
                key[2 + (cp >> 6 & 63)] |= 1ULL << (cp & 63);
        }
        if (!built || memcmp(key, last, sizeof last) != 0) {
            S_pairs_build(key, &last_pairs);
            memcpy(last, key, sizeof last);
        }
        built = true;
        sc->stop_pairs = last_pairs;
    }
    if (p->reference_scan) {
        for (; i < len; i += n) {
            int cp = S_cp(sc->t + i, len - i, &n);
            fz_vec_push(&sc->events, i);
            if (cp >= 0) S_lits_at(sc, &sc->lit_map, i, cp, n);
        }
        return;
    }
    const uint64_t *stops = sc->stops;
    const uint64_t spaces = 0x2020202020202020ULL;
    bool skip_spaces = !S_in(stops, ' ');
    /* by blocks where they can be read so; else (for 32 bytes at least) as below */
    size_t again = sc->blocks ? 0 : SIZE_MAX;
    while (i < len) {
        if (i >= again) {
            i = S_blocks(sc, i, len);
            again = i + 32;
        }
        /* a run of 3-byte characters: the bitmap's word from the first two bytes, the
         * bit from the third */
        for (size_t end = len > 3 ? len - 3 : 0; i < end;) { /* four bytes readable */
            uint32_t w = S_load_le32(t + i);
            if ((w & 0xC0C0F0) != 0x8080E0) break;
            uint32_t word = S_bmp_word(w), bit = w >> 16 & 0x3F;
            if ((stops[word] >> bit) & 1) S_stop_at(sc, i, (int)(word << 6 | bit), 3);
            i += 3;
        }
        if (i >= len) break;
        unsigned b = t[i];
        if (b < 0x80) {
            if (S_in(stops, (int)b)) {
                S_stop_at(sc, i, (int)b, 1);
            } else if (b == ' ' && skip_spaces) {
                uint64_t w;
                while (len - i >= 9 && (memcpy(&w, t + i + 1, 8), w == spaces)) i += 8;
            }
            i++;
        } else {
            int cp = S_cp(sc->t + i, len - i, &n);
            if (cp >= 0 && (cp >= S_BMP || S_in(stops, cp))) S_stop_at(sc, i, cp, n);
            i += n;
        }
    }
}

static void S_index_free(S_scan *sc) {
    S_cpmap_free(&sc->lit_map);
    S_cpmap_free(&sc->win_map);
    for (int x = 0; x < sc->nent; x++) { /* the thread's bitmaps back to events only */
        int w = sc->ent[x].cp >> 6;
        if (sc->ent[x].cp >= S_BMP) continue;
        sc->lit_first[w] = sc->win_first[w] = 0;
        sc->stops[w] = S_event_set[w];
    }
    free(sc->ent);
    fz_vec_free(&sc->events);
}

/* Finds the windows' literals that start in t[from, to), up to which a number's windows
 * reach; what lies before from is never asked again (windows only move forward). */
static void S_index_upto(S_scan *sc, size_t from, size_t to) {
    const unsigned char *t = (const unsigned char *)sc->t;
    size_t i = from > sc->win_upto ? from : sc->win_upto, n;
    if (to > sc->win_upto) sc->win_upto = to;
    const uint64_t *first = sc->win_first;
    while (i < to) {
        for (size_t end = sc->len > 3 ? sc->len - 3 : 0; i < to && i < end; i += 3) {
            uint32_t w = S_load_le32(t + i);
            if ((w & 0xC0C0F0) != 0x8080E0) break;
            uint32_t word = S_bmp_word(w), bit = w >> 16 & 0x3F;
            if ((first[word] >> bit) & 1) S_lits_at(sc, &sc->win_map, i, (int)(word << 6 | bit), 3);
        }
        if (i >= to) break;
        int cp = S_cp(sc->t + i, sc->len - i, &n);
        if (cp >= 0 && (cp >= S_BMP || S_in(first, cp))) S_lits_at(sc, &sc->win_map, i, cp, n);
        i += n;
    }
}

/* The first occurrence of sl starting at or after from. */
__attribute__((always_inline)) static inline size_t S_occ_from(S_slot *sl, size_t from) {
    size_t lo = 0, hi = sl->occ.n, k = sl->hint;
    if (k == 0 || sl->occ.v[k - 1].s < from) { /* at or after the last answer */
        for (lo = k; lo < hi && lo < k + 4; lo++)
            if (sl->occ.v[lo].s >= from) return sl->hint = lo;
    } else {
        hi = k;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sl->occ.v[mid].s < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    return sl->hint = lo;
}

/* Whether a match of sl's pattern in t[from, to) is possible: one of its literals
 * lies there (for an anchored pattern, starts at from).  No slot: always. */
__attribute__((always_inline)) static inline bool S_may_match(S_slot *sl, size_t from, size_t to) {
    if (!sl) return true;
    for (size_t k = S_occ_from(sl, from); k < sl->occ.n && sl->occ.v[k].s < to; k++) {
        if (sl->l->anchored && sl->l->prefix && sl->occ.v[k].s != from) return false;
        if (sl->occ.v[k].e <= to) return true;
    }
    return false;
}

/* All matches of re in t, appended to out.  Empty matches advance by one character. */
static void S_all_matches(S_scan *sc, const fz_regex *re, S_slot *sl, void *outv, bool cues) {
    size_t pos = 0, s, e;
    while (pos <= sc->len) {
        size_t start = pos;
        if (sl) { /* no literal left: no match; a prefix set: no match before the next */
            size_t k = S_occ_from(sl, pos);
            if (k == sl->occ.n) break;
            if (sl->l->prefix) start = sl->occ.v[k].s;
        }
        int rc = fz_regex_match(sc->m, re, sc->t, sc->len, start, &s, &e);
        if (rc == FZ_MATCH_LIMIT) sc->f->limited = true;
        if (rc != FZ_MATCH_OK) break;
        if (cues) {
            S_cue c = {.s = s, .e = e};
            fz_vec_push((FZ_VEC(S_cue) *)outv, c);
        } else if (e > s) {
            S_range r = {s, e};
            fz_vec_push((FZ_VEC(S_range) *)outv, r);
        }
        if (e > pos) {
            pos = e;
        } else {
            size_t n;
            S_cp(sc->t + pos, sc->len - pos, &n);
            pos += n;
        }
    }
}

/* Unit at t[i]: the longest of the profile's units ('%' also as full-width '％').
 * Only units that begin with the character at t[i] are compared, in their order. */
static const char *S_unit_at(const S_scan *sc, size_t i, size_t *ulen) {
    if (i >= sc->len || !sc->unit_first[(unsigned char)sc->t[i]]) return NULL;
    size_t n, room = sc->len - i;
    int cp = S_cp(sc->t + i, room, &n);
    if (sc->unit_odd || sc->p->reference_scan || cp == 0xFF05) {
        for (size_t k = 0; k < sc->p->units.n; k++) {
            const char *u = sc->p->units.v[k];
            size_t l = sc->ulen[k];
            if (l <= room && memcmp(sc->t + i, u, l) == 0) {
                *ulen = l;
                return u;
            }
            if (k == sc->pct && room >= 3 && memcmp(sc->t + i, "\xEF\xBC\x85", 3) == 0) {
                *ulen = 3; /* '％' */
                return u;
            }
        }
        return NULL;
    }
    for (int k = S_cpmap_get(&sc->unit_map, cp); k >= 0; k = sc->unext[k]) {
        const char *u = sc->p->units.v[k], *at = sc->t + i;
        size_t l = sc->ulen[k], b = 0;
        if (l > room) continue;
        while (b < l && at[b] == u[b]) b++; /* units are short: no call to memcmp */
        if (b == l) {
            *ulen = l;
            return u;
        }
    }
    return NULL;
}

/* Whether re matches somewhere in t[from, to). */
static bool S_matches_in(S_scan *sc, const fz_regex *re, S_slot *sl, size_t from, size_t to,
                         size_t *ms, size_t *me) {
    if (!re || from >= to || !S_may_match(sl, from, to)) return false;
    size_t s, e;
    int rc = fz_regex_match(sc->m, re, sc->t, to, from, &s, &e);
    if (rc == FZ_MATCH_LIMIT) sc->f->limited = true;
    if (rc != FZ_MATCH_OK) return false;
    if (ms) *ms = s;
    if (me) *me = e;
    return true;
}

/* Drops link words (label-trim) from the end of t[w, *end). */
static void S_trim(S_scan *sc, size_t w, size_t *end) {
    size_t s, e;
    for (int guard = 0; guard < 4 && S_matches_in(sc, sc->p->label_trim, sc->trim, w, *end, &s, &e);
         guard++) {
        if (s >= *end) break;
        *end = s;
    }
}

/* The label: the noun phrase in t[floor, qstart) after the last cut word, link words
 * trimmed.  Also reports an approximation word right before the number. */
static void S_label(S_scan *sc, fz_quantity *q, size_t floor_off, bool *approx) {
    const unsigned char *t = (const unsigned char *)sc->t;
    size_t w = q->nstart, chars = 0;
    while (w > floor_off && chars < S_LABEL_CHARS) {
        size_t pw;
        /* an ideograph (lead byte E4..E9: U+4000..U+9FFF) is neither a stop nor a digit */
        if (w >= 3 && t[w - 3] - 0xE4u <= 5 && (t[w - 2] & 0xC0) == 0x80 &&
            (t[w - 1] & 0xC0) == 0x80) {
            pw = w - 3;
            if (pw < floor_off) break;
        } else {
            size_t n;
            pw = S_prev(sc->t, w);
            if (pw < floor_off) break;
            int cp = S_cp(sc->t + pw, sc->len - pw, &n);
            if (S_is_stop(cp) || S_digit(cp) >= 0) break;
        }
        w = pw;
        chars++;
    }
    size_t end = q->nstart, s, e;
    if (S_matches_in(sc, sc->p->approx_before, sc->before, w, end, &s, &e)) {
        *approx = true;
        end = s;
    }
    /* label-cut: keep what follows its last match (bounded: each match moves forward);
     * when nothing follows (干部职工共200人), keep what precedes it */
    size_t from = w, cut_from = w, cut_at = end;
    for (int guard = 0;
         guard < S_LABEL_CHARS && S_matches_in(sc, sc->p->label_cut, sc->cut, from, end, &s, &e);
         guard++) {
        if (e <= from) break;
        cut_from = w, cut_at = s;
        w = e;
        from = e;
    }
    size_t keep_end = end;
    S_trim(sc, w, &end);
    if (end <= w && cut_at < keep_end) {
        w = cut_from;
        end = cut_at;
        S_trim(sc, w, &end);
    }
    q->label_nstart = w;
    q->label_nend = end;
    /* the labels share one block (no allocation each): q->label is set when it is
     * complete, after the main loop; the text is there already */
    fz_buf_put(&sc->labels, sc->t + w, end - w);
    fz_buf_putc(&sc->labels, '\0');
}

static bool S_number_start(const S_scan *sc, size_t i, int cp) {
    if (S_digit(cp) < 0 && S_cn_digit(cp) < 0 && cp != 0x5341) return false;
    int prev = -1;
    size_t n, pi = 0;
    if (i > 0) {
        pi = S_prev(sc->t, i);
        prev = S_cp(sc->t + pi, sc->len - pi, &n);
    }
    if (prev == S_CP_DI) return false; /* 第三次: an ordinal */
    if (S_digit(cp) >= 0) {
        if (S_digit(prev) >= 0 || (prev >= 'a' && prev <= 'z') || (prev >= 'A' && prev <= 'Z'))
            return false;
        if ((prev == '.' || prev == 0xFF0E) && pi > 0) {
            size_t ppi = S_prev(sc->t, pi);
            if (S_digit(S_cp(sc->t + ppi, sc->len - ppi, &n)) >= 0) return false; /* 1.2.3 */
        }
        return true;
    }
    if (S_cn_digit(cp) >= 0 || cp == 0x5341) return !S_is_cn_numeral(prev);
    return false;
}

/* Whether a Chinese numeral ending at t[j] stands alone: nothing after it continues
 * the number (a numeral, 万, 亿, 余, 多) or starts a unit.  Read alone it is a number
 * without a unit, which the main loop passes over like any other character. */
static bool S_numeral_alone(const S_scan *sc, size_t j) {
    size_t n, ulen;
    int cp = S_cp(sc->t + j, sc->len - j, &n);
    if (j < sc->len && (S_is_cn_numeral(cp) || cp == S_CP_YU || cp == S_CP_DUO)) return false;
    return S_unit_at(sc, j, &ulen) == NULL;
}

/* Skips a run of digits or numerals that is not a quantity. */
static size_t S_skip_run(S_scan *sc, size_t i) {
    size_t n;
    int cp = S_cp(sc->t + i, sc->len - i, &n);
    bool cn = S_digit(cp) < 0;
    while (i < sc->len) {
        cp = S_cp(sc->t + i, sc->len - i, &n);
        bool in = cn ? S_is_cn_numeral(cp) : (S_digit(cp) >= 0 || cp == '.' || cp == ',');
        if (!in) break;
        i += n;
    }
    return i;
}

static void S_find_sums(S_scan *sc, const S_cue *cues, size_t ncues);
static void S_find_bracket_sums(S_scan *sc);
static void S_find_ratios(S_scan *sc);

void fz_facts_extract(fz_facts *f, const char *norm, size_t len, const fz_facts_profile *p,
                      fz_matcher *m) {
    if (!fz_facts_profile_ready(p) || !norm) return;
    S_scan sc = {.t = norm, .len = len, .p = p, .m = m, .f = f, .pct = SIZE_MAX};
    sc.ulen = fz_xmalloc(p->units.n * sizeof *sc.ulen);
    sc.unext = fz_xmalloc(p->units.n * sizeof *sc.unext);
    S_cpmap_init(&sc.unit_map, p->units.n);
    for (size_t k = p->units.n; k-- > 0;) { /* chains in order: pushed from the back */
        size_t n, h;
        int cp = S_cp(p->units.v[k], strlen(p->units.v[k]), &n);
        sc.unext[k] = -1;
        if (cp < 0) {
            sc.unit_odd = true;
        } else if (sc.unit_map.key[h = S_cpmap_cell(&sc.unit_map, cp)] == cp) {
            sc.unext[k] = sc.unit_map.head[h];
            sc.unit_map.head[h] = (int)k;
        } else {
            sc.unit_map.key[h] = cp;
            sc.unit_map.head[h] = (int)k;
        }
    }
    for (size_t k = 0; k < p->units.n; k++) {
        sc.ulen[k] = strlen(p->units.v[k]);
        sc.unit_first[(unsigned char)p->units.v[k][0]] = true;
        if (strcmp(p->units.v[k], "%") == 0 && sc.pct == SIZE_MAX) {
            sc.pct = k;
            sc.unit_first[0xEF] = true;
        }
    }
    sc.nslots = p->lits.n;
    sc.slots = fz_xcalloc(sc.nslots ? sc.nslots : 1, sizeof *sc.slots);
    for (size_t k = 0; k < sc.nslots; k++) sc.slots[k].l = p->lits.v[k];
    sc.cut = S_slot_of(&sc, p->label_cut), sc.trim = S_slot_of(&sc, p->label_trim);
    sc.before = S_slot_of(&sc, p->approx_before), sc.after = S_slot_of(&sc, p->approx_after);
    sc.rate = S_slot_of(&sc, p->rate_label), sc.total = S_slot_of(&sc, p->total_cue);
    sc.stop = S_slot_of(&sc, p->part_stop), sc.growth = S_slot_of(&sc, p->growth);
    sc.cue = S_slot_of(&sc, p->part_cue);
    sc.ind = fz_xcalloc(p->indicators.n + 1, sizeof *sc.ind);
    for (size_t d = 0; d < p->indicators.n; d++)
        sc.ind[d] = S_slot_of(&sc, p->indicators.v[d].label);
    sc.ign = fz_xcalloc(p->ignore.n + 1, sizeof *sc.ign);
    for (size_t k = 0; k < p->ignore.n; k++) sc.ign[k] = S_slot_of(&sc, p->ignore.v[k]);
    /* a label without any indicator's literal names none: one lookup instead of one each */
    static const struct fz_facts_lits S_unanchored = {0};
    sc.ind_all = p->indicators.n > 0;
    sc.ind_any.l = &S_unanchored;
    for (size_t d = 0; d < p->indicators.n; d++)
        if (!sc.ind[d] || sc.ind[d]->l->anchored)
            sc.ind_all = false;
        else
            sc.ind[d]->indicator = true;
    /* the patterns asked only in a number's clause and label: their literals are found
     * there, as numbers come (the reference finds them all in one pass) */
    S_slot *windows[] = {sc.cut, sc.trim, sc.before, sc.rate, sc.total, sc.stop, sc.growth};
    for (size_t k = 0; k < sizeof windows / sizeof *windows && !p->reference_scan; k++)
        if (windows[k]) windows[k]->lazy = true;
    for (size_t d = 0; d < p->indicators.n && !p->reference_scan; d++)
        if (sc.ind[d]) sc.ind[d]->lazy = true;
    /* room for what a report usually holds (~1 event per 20 bytes, 1 quantity per 130):
     * no copies while they grow */
    sc.events.cap = len / 12 + 8;
    sc.events.v = fz_xmalloc(sc.events.cap * sizeof *sc.events.v);
    if (!f->quantities.cap) {
        f->quantities.cap = len / 96 + 8;
        f->quantities.v = fz_xmalloc(f->quantities.cap * sizeof *f->quantities.v);
    }
    S_index(&sc);

    FZ_VEC(S_range) ign = {0};
    for (size_t k = 0; k < p->ignore.n; k++)
        S_all_matches(&sc, p->ignore.v[k], sc.ign[k], &ign, false);
    if (ign.n) qsort(ign.v, ign.n, sizeof *ign.v, S_cmp_range);
    FZ_VEC(S_cue) cues = {0};
    if (p->part_cue) S_all_matches(&sc, p->part_cue, sc.cue, &cues, true);

    size_t i = 0, clause_start = 0, last_q_end = 0, ig = 0, ci = 0, ev = 0;
    int sentence = 0, clause = 0, para = 0, depth = 0;
    /* the characters between events would change nothing: the loop visits the events
     * (the reference visits every character) */
    for (;;) {
        while (ev < sc.events.n && sc.events.v[ev] < i) ev++;
        if (ev == sc.events.n) break;
        i = sc.events.v[ev++];
        size_t n;
        int cp = S_cp(norm + i, len - i, &n);
        while (ci < cues.n && cues.v[ci].s <= i) {
            cues.v[ci].sentence = sentence, cues.v[ci].para = para, cues.v[ci].depth = depth;
            cues.v[ci].qidx = f->quantities.n;
            ci++;
        }
        /* most characters are ideographs that neither end a clause nor start a number */
        if (cp >= 0x4E00 && cp <= 0x9FFF && S_cn_digit(cp) < 0 && cp != 0x5341) {
            i += n;
            continue;
        }
        if (cp == '\n') para++;
        if (S_is_sentence_end(cp)) {
            sentence++, clause++, depth = 0;
            clause_start = i + n;
        } else if (S_is_clause_end(cp)) {
            clause++;
            clause_start = i + n;
        } else if (S_is_open(cp)) {
            if (depth < S_MAX_DEPTH) depth++;
            clause_start = i + n;
        } else if (S_is_close(cp)) {
            if (depth > 0) depth--;
            clause_start = i + n;
        } else if ((S_cn_digit(cp) >= 0 || cp == 0x5341) && !p->reference_scan &&
                   S_numeral_alone(&sc, i + n)) {
            i += n; /* a numeral in a word (统一, 一是): no number, no quantity */
            continue;
        } else if (S_number_start(&sc, i, cp)) {
            fz_number num;
            size_t k = fz_number_parse(norm + i, len - i, &num);
            if (k == 0) {
                i = S_skip_run(&sc, i);
                continue;
            }
            size_t ulen = 0, end;
            const char *unit = NULL;
            double value = num.value;
            int dec = num.decimals;
            bool approx = num.approx;
            if (num.digits_end < k) { /* 388.48万元: 万 belongs to the unit */
                unit = S_unit_at(&sc, i + num.digits_end, &ulen);
                if (unit && strncmp(unit, "\u4e07", 3) != 0 && strncmp(unit, "\u4ebf", 3) != 0)
                    unit = NULL; /* only 万元, 亿元 ... start with the multiplier */
                if (unit) {
                    value = num.mantissa;
                    dec = num.mantissa_decimals;
                    approx = false;
                    end = i + num.digits_end + ulen;
                }
            }
            if (!unit) {
                unit = i + k < len ? S_unit_at(&sc, i + k, &ulen) : NULL;
                end = i + k + ulen;
            }
            if (!unit) {
                i += k;
                continue;
            }
            /* ignored when an ignore span covers the number or starts at its unit, so a
             * pattern may begin at the unit: (?<=[一二三])项制度 is found by its literal */
            while (ig < ign.n && ign.v[ig].e <= i) ig++;
            bool ignored = false;
            for (size_t g = ig; g < ign.n && ign.v[g].s <= end - ulen; g++)
                if (ign.v[g].e > i) ignored = true;
            if (ignored || (num.chinese && num.value == 0)) {
                i = end;
                continue;
            }
            /* the rounding step of the figure as written: 3.7万 is rounded to 1000 */
            double ulp = dec > 0 ? 1 / S_pow10(dec) : 0;
            if (value != num.mantissa || dec != num.mantissa_decimals)
                ulp = num.multiplier / S_pow10(num.mantissa_decimals);
            fz_quantity q = {.value = value,
                             .decimals = dec,
                             .ulp = ulp,
                             .approx = approx,
                             .chinese = num.chinese,
                             .unit = unit,
                             .nstart = i,
                             .nend = end,
                             .start = i,
                             .end = end,
                             .indicator = -1,
                             .sentence = sentence,
                             .clause = clause,
                             .para = para,
                             .depth = depth};
            size_t cs = clause_start;
            if (i - cs > S_CLAUSE_BYTES) { /* a clause without punctuation: look nearby */
                cs = i - S_CLAUSE_BYTES;
                while (cs < i && ((unsigned char)norm[cs] & 0xC0) == 0x80) cs++;
            }
            /* the label lies in [cs, i): it is at most 40 characters long */
            S_index_upto(&sc, cs, i);
            size_t floor_off = last_q_end > clause_start ? last_q_end : clause_start;
            S_label(&sc, &q, floor_off, &q.approx);
            size_t s, e;
            if (S_matches_in(&sc, p->approx_after, sc.after, end, len, &s, &e) && s == end)
                q.approx = true;
            if (strcmp(unit, "%") == 0) {
                q.flags |= FZ_Q_PERCENT;
                if (S_matches_in(&sc, p->rate_label, sc.rate, q.label_nstart, q.label_nend, NULL,
                                 NULL))
                    q.flags |= FZ_Q_RATE;
            }
            if (S_matches_in(&sc, p->total_cue, sc.total, cs, i, NULL, NULL)) q.flags |= FZ_Q_TOTAL;
            if (S_matches_in(&sc, p->part_stop, sc.stop, cs, i, NULL, NULL)) q.flags |= FZ_Q_STOP;
            if (S_matches_in(&sc, p->growth, sc.growth, cs, i, NULL, NULL)) q.flags |= FZ_Q_GROWTH;
            bool some = !sc.ind_all || p->reference_scan ||
                        S_may_match(&sc.ind_any, q.label_nstart, q.label_nend);
            for (size_t d = 0; some && d < p->indicators.n; d++) {
                size_t ls = q.label_nend - q.label_nstart;
                const char *label = sc.labels.ptr + sc.labels.len - ls - 1;
                if (S_may_match(sc.ind[d], q.label_nstart, q.label_nend) &&
                    fz_regex_match(m, p->indicators.v[d].label, label, ls, 0, &s, &e) ==
                        FZ_MATCH_OK) {
                    q.indicator = (int)d;
                    q.indicator_name = p->indicators.v[d].name;
                    q.qual_len = s;
                    break;
                }
            }
            fz_vec_push(&f->quantities, q);
            last_q_end = end;
            i = end;
            continue;
        }
        i += n;
    }
    /* cues up to the last character a walk from i would visit take the final state */
    for (size_t n, last = (size_t)-1; ci < cues.n && i < len; i += n) {
        S_cp(norm + i, len - i, &n);
        last = i;
        while (ci < cues.n && cues.v[ci].s <= last) {
            cues.v[ci].sentence = sentence, cues.v[ci].para = para, cues.v[ci].depth = depth;
            cues.v[ci].qidx = f->quantities.n;
            ci++;
        }
    }
    for (; ci < cues.n; ci++) cues.v[ci].sentence = -1;
    f->labels = fz_buf_detach(&sc.labels);
    for (size_t k = 0, at = 0; k < f->quantities.n; k++) {
        fz_quantity *q = &f->quantities.v[k];
        q->label = f->labels + at;
        at += q->label_nend - q->label_nstart + 1;
    }

    S_find_sums(&sc, cues.v, cues.n);
    S_find_bracket_sums(&sc);
    S_find_ratios(&sc);
    fz_vec_free(&ign);
    fz_vec_free(&cues);
    free(sc.ulen);
    free(sc.unext);
    S_cpmap_free(&sc.unit_map);
    S_index_free(&sc);
    fz_vec_free(&sc.ind_any.occ);
    for (size_t k = 0; k < sc.nslots; k++) fz_vec_free(&sc.slots[k].occ);
    free(sc.slots);
    free(sc.ind);
    free(sc.ign);
}

static void S_push_sum(S_scan *sc, size_t total, const size_t *parts, size_t nparts, bool bracket,
                       size_t rest) {
    const fz_quantity *q = sc->f->quantities.v;
    fz_sum sm = {.total = total, .nparts = nparts, .bracket = bracket};
    sm.parts = fz_xmalloc(nparts * sizeof *sm.parts);
    memcpy(sm.parts, parts, nparts * sizeof *parts);
    sm.approx = q[total].approx;
    sm.decimals = q[total].decimals;
    sm.tolerance = q[total].ulp / 2 + 1e-9;
    if (rest != (size_t)-1) {
        sm.has_rest = true;
        sm.rest = q[rest].value;
    }
    for (size_t k = 0; k < nparts; k++) {
        sm.sum += q[parts[k]].value;
        sm.tolerance += q[parts[k]].ulp / 2;
        sm.approx |= q[parts[k]].approx;
        if (q[parts[k]].decimals > sm.decimals) sm.decimals = q[parts[k]].decimals;
    }
    fz_vec_push(&sc->f->sums, sm);
}

static bool S_same_unit(const fz_quantity *a, const fz_quantity *b) {
    return a->unit == b->unit;
}

enum { S_GAP_COMMA = 1, S_GAP_DUNHAO = 2 };

/* The separators between two quantities: a comma, an enumeration comma (、). */
static unsigned S_gap(const S_scan *sc, size_t from, size_t to) {
    unsigned g = 0;
    for (size_t i = from, n; i < to && i < sc->len; i += n) {
        int cp = S_cp(sc->t + i, sc->len - i, &n);
        if (cp == ',' || cp == 0xFF0C) g |= S_GAP_COMMA;
        if (cp == 0x3001) g |= S_GAP_DUNHAO;
    }
    return g;
}

/* How many of the candidate parts are the parts: the first run that adds up to the
 * total; else, when all of them would exceed it, the list closed by a comma after
 * 、 (the counts after it are a new subject); else all of them. */
static size_t S_choose_parts(const fz_quantity *q, size_t total, const size_t *parts, size_t n,
                             size_t list_end) {
    double sum = 0, tol = q[total].ulp / 2 + 1e-9;
    for (size_t k = 0; k < n; k++) {
        sum += q[parts[k]].value;
        tol += q[parts[k]].ulp / 2;
        if (fabs(sum - q[total].value) <= tol) return k + 1;
    }
    if (list_end < n && sum > q[total].value + tol) return list_end;
    return n;
}

/* 共…52件，已办结50件，其中…16件…25件: the parts follow a part cue, the total is the
 * nearest count of the same unit before it (in the sentence, or the one before). */
static void S_find_sums(S_scan *sc, const S_cue *cues, size_t ncues) {
    const fz_quantity *q = sc->f->quantities.v;
    size_t nq = sc->f->quantities.n;
    FZ_VEC(size_t) parts = {0};
    for (size_t c = 0; c < ncues; c++) {
        const S_cue *cue = &cues[c];
        if (cue->sentence < 0 || cue->depth > 0) continue; /* bracketed: see below */
        size_t j = cue->qidx;
        while (j < nq && j < cue->qidx + S_REACH && q[j].sentence == cue->sentence &&
               (q[j].depth != 0 || (q[j].flags & FZ_Q_PERCENT)))
            j++;
        if (j >= nq || q[j].sentence != cue->sentence) continue;
        size_t next_cue = c + 1 < ncues ? cues[c + 1].s : (size_t)-1, rest = (size_t)-1;
        parts.n = 0;
        /* parts joined by 、 end at a comma; the counts after it are kept as a
         * possible continuation (…驳回9件，经调解终止6件) */
        bool listed = false;
        size_t list_end = (size_t)-1;
        for (size_t k = j; k < nq && k < j + S_REACH && q[k].sentence == cue->sentence; k++) {
            if (q[k].nstart >= next_cue) break;
            if (q[k].depth != 0) continue;
            if (q[k].flags & FZ_Q_PERCENT) break;
            if (parts.n && list_end == (size_t)-1) {
                unsigned gap = S_gap(sc, q[parts.v[parts.n - 1]].nend, q[k].nstart);
                if (listed && (gap & S_GAP_COMMA)) list_end = parts.n;
                listed |= (gap & S_GAP_DUNHAO) != 0;
            }
            if (k > j && (q[k].flags & FZ_Q_STOP) && S_same_unit(&q[k], &q[j])) rest = k;
            if (k > j && (q[k].flags & (FZ_Q_TOTAL | FZ_Q_STOP))) break;
            if (!S_same_unit(&q[k], &q[j])) continue;
            fz_vec_push(&parts, k);
        }
        if (!parts.n || (q[j].flags & FZ_Q_STOP)) continue;
        /* the total is in the cue's sentence; in the one before only when the cue
         * opens its sentence (共…52件。其中…) */
        bool own = cue->qidx > 0 && q[cue->qidx - 1].sentence == cue->sentence;
        size_t total = (size_t)-1;
        for (size_t t = cue->qidx; t-- > 0 && t + S_REACH > cue->qidx;) {
            if (q[t].para != cue->para || q[t].sentence < cue->sentence - 1) break;
            if (q[t].sentence != cue->sentence && own) break;
            if (q[t].depth != 0 || (q[t].flags & FZ_Q_PERCENT) || !S_same_unit(&q[t], &q[j]))
                continue;
            total = t;
            break;
        }
        if (total == (size_t)-1) continue;
        size_t n = S_choose_parts(q, total, parts.v, parts.n, list_end);
        S_push_sum(sc, total, parts.v, n, false, n == parts.n ? rest : (size_t)-1);
    }
    fz_vec_free(&parts);
}

/* 203宗（行政许可40宗、行政处罚163宗）: the parts are in the brackets after the total. */
static void S_find_bracket_sums(S_scan *sc) {
    const fz_quantity *q = sc->f->quantities.v;
    size_t nq = sc->f->quantities.n;
    FZ_VEC(size_t) parts = {0};
    for (size_t t = 0; t < nq; t++) {
        if (q[t].flags & FZ_Q_PERCENT) continue;
        size_t i = q[t].nend, n;
        int cp = S_cp(sc->t + i, sc->len - i, &n);
        while (cp == ' ' && i + n < sc->len) i += n, cp = S_cp(sc->t + i, sc->len - i, &n);
        if (!S_is_open(cp)) continue;
        size_t close = i + n, lim = i + S_BRACKET_BYTES;
        int depth = 1;
        while (close < sc->len && close < lim && depth > 0) {
            cp = S_cp(sc->t + close, sc->len - close, &n);
            if (S_is_open(cp))
                depth++;
            else if (S_is_close(cp))
                depth--;
            else if (S_is_sentence_end(cp))
                break;
            close += n;
        }
        if (depth != 0) continue;
        parts.n = 0;
        size_t rest = (size_t)-1;
        for (size_t k = t + 1; k < nq && k <= t + S_REACH && q[k].nstart < close; k++) {
            if (q[k].depth != q[t].depth + 1) continue;
            if (q[k].flags & FZ_Q_STOP) {
                if (S_same_unit(&q[k], &q[t])) rest = k;
                break;
            }
            if ((q[k].flags & FZ_Q_PERCENT) || !S_same_unit(&q[k], &q[t])) continue;
            fz_vec_push(&parts, k);
        }
        if (parts.n) S_push_sum(sc, t, parts.v, parts.n, true, rest);
    }
    fz_vec_free(&parts);
}

/* Whether the characters of stem occur in label in order (调成 in 调解成功). */
static bool S_subsequence(const char *stem, size_t slen, const char *label, size_t llen) {
    size_t i = 0, j = 0;
    while (i < slen) {
        size_t n;
        int cp = S_cp(stem + i, slen - i, &n);
        bool found = false;
        while (j < llen) {
            size_t n2;
            int c2 = S_cp(label + j, llen - j, &n2);
            j += n2;
            if (c2 == cp) {
                found = true;
                break;
            }
        }
        if (!found) return false;
        i += n;
    }
    return true;
}

/* Whether label starts with the first two characters of stem. */
static bool S_starts_like(const char *stem, size_t slen, const char *label) {
    size_t n1, n2;
    if (S_cp(stem, slen, &n1) < 0 || n1 >= slen || S_cp(stem + n1, slen - n1, &n2) < 0)
        return false;
    return strncmp(stem, label, n1 + n2) == 0;
}

static bool S_label_matches(S_scan *sc, const fz_regex *re, const fz_quantity *q) {
    return fz_regex_test(sc->m, re, q->label, strlen(q->label));
}

/* 推送…548件，推送率69.89%: the numerator is the nearest earlier count of the
 * sentence whose label carries the rate's stem (or matches a named rule), the
 * denominator an earlier, larger count of the same unit. */
static void S_find_ratios(S_scan *sc) {
    const fz_facts_profile *p = sc->p;
    const fz_quantity *q = sc->f->quantities.v;
    size_t nq = sc->f->quantities.n;
    int generic = -1;
    for (size_t r = 0; r < p->rules.n; r++)
        if (p->rules.v[r].check == FZ_FACTS_RATE_MISMATCH && !p->rules.v[r].rate) {
            generic = (int)r;
            break;
        }
    for (size_t r = 0; r < nq; r++) {
        if (!(q[r].flags & FZ_Q_RATE) || q[r].approx || (q[r].flags & FZ_Q_GROWTH)) continue;
        int rule = -1;
        for (size_t k = 0; k < p->rules.n; k++)
            if (p->rules.v[k].rate && S_label_matches(sc, p->rules.v[k].rate, &q[r])) {
                rule = (int)k;
                break;
            }
        const fz_facts_rule *named = rule >= 0 ? &p->rules.v[rule] : NULL;
        /* the generic stem: the label up to its last rate word */
        size_t slen = 0;
        if (!named) {
            if (generic < 0) continue;
            rule = generic;
            size_t llen = strlen(q[r].label), from = 0, s, e;
            slen = llen;
            for (int guard = 0; guard < 8 && p->rate_word &&
                                fz_regex_match(sc->m, p->rate_word, q[r].label, llen, from, &s,
                                               &e) == FZ_MATCH_OK &&
                                e > s;
                 guard++)
                slen = s, from = e;
            size_t chars = 0;
            for (size_t b = 0; b < slen; b++)
                if (((unsigned char)q[r].label[b] & 0xC0) != 0x80) chars++;
            if (chars < 2) continue;
        }
        size_t num = (size_t)-1;
        /* generic: first a label carrying the whole stem in order, then one that
         * starts like it (调处成功率 ~ 调处化解) */
        for (int pass = 0; pass < (named ? 1 : 2) && num == (size_t)-1; pass++) {
            for (size_t k = r; k-- > 0 && k + S_REACH > r && q[k].sentence == q[r].sentence;) {
                if (q[k].flags & FZ_Q_PERCENT) continue;
                bool ok = named ? S_label_matches(sc, named->numerator, &q[k])
                          : pass == 0
                              ? S_subsequence(q[r].label, slen, q[k].label, strlen(q[k].label))
                              : S_starts_like(q[r].label, slen, q[k].label);
                if (ok) {
                    num = k;
                    break;
                }
            }
        }
        if (num == (size_t)-1 || q[num].approx) continue;
        size_t cand[S_MAX_DEN_CANDIDATES], nc = 0;
        for (size_t k = num; k-- > 0 && k + S_REACH > num && q[k].sentence == q[r].sentence &&
                             nc < S_MAX_DEN_CANDIDATES;) {
            if ((q[k].flags & FZ_Q_PERCENT) || !S_same_unit(&q[k], &q[num]) || q[k].approx)
                continue;
            if (q[k].value < q[num].value || q[k].value <= 0) continue;
            if (named && !S_label_matches(sc, named->denominator, &q[k])) continue;
            cand[nc++] = k;
        }
        if (!nc) continue;
        size_t den = cand[0];
        for (size_t c = 0; c < nc && !named; c++)
            if (fz_rate_agrees(q[r].value, q[r].decimals, q[num].value, q[cand[c]].value)) {
                den = cand[c];
                break;
            }
        fz_ratio ra = {.rate = r,
                       .num = num,
                       .den = den,
                       .computed = q[num].value / q[den].value * 100,
                       .rule = rule};
        fz_vec_push(&sc->f->ratios, ra);
    }
}

void fz_facts_free(fz_facts *f) {
    free(f->labels);
    fz_vec_free(&f->quantities);
    for (size_t i = 0; i < f->sums.n; i++) free(f->sums.v[i].parts);
    fz_vec_free(&f->sums);
    fz_vec_free(&f->ratios);
}

/* ---- checks ------------------------------------------------------------------- */

typedef struct S_var {
    const char *key;
    char *val;
} S_var;

/* Expands {key} in tmpl; unknown keys stay as written. */
static char *S_expand(const char *tmpl, const S_var *vars, size_t nvars) {
    fz_buf b = {0};
    fz_buf_puts(&b, "");
    for (const char *s = tmpl; *s;) {
        const char *open = strchr(s, '{'), *close = open ? strchr(open, '}') : NULL;
        if (!open) {
            fz_buf_puts(&b, s);
            break;
        }
        fz_buf_put(&b, s, (size_t)(open - s));
        s = open + 1; /* a '{' that opens no known key stays as written */
        for (size_t k = 0; close && k < nvars; k++) {
            size_t kl = strlen(vars[k].key);
            if ((size_t)(close - open - 1) == kl && memcmp(open + 1, vars[k].key, kl) == 0) {
                fz_buf_puts(&b, vars[k].val ? vars[k].val : "");
                s = close + 1;
                break;
            }
        }
        if (s == open + 1) fz_buf_putc(&b, '{');
    }
    return fz_buf_detach(&b);
}

static char *S_num(double v, int decimals) {
    fz_buf b = {0};
    fz_number_format(&b, v, decimals);
    return fz_buf_detach(&b);
}

static void S_emit(fz_diags *d, const fz_facts_rule *r, const fz_quantity *at, S_var *vars,
                   size_t nvars) {
    char *msg = S_expand(r->message, vars, nvars);
    fz_diag_add(d, r->level, r->id, r->authority, at->start, at->end, "%s", msg);
    free(msg);
    for (size_t k = 0; k < nvars; k++) free(vars[k].val);
}

/* The rule of a check that reports; NULL when none is enabled or another is asked for. */
static const fz_facts_rule *S_rule(const fz_facts_profile *p, fz_facts_kind c, int only) {
    for (size_t i = 0; i < p->rules.n; i++)
        if (p->rules.v[i].check == c && !p->rules.v[i].disabled && !p->rules.v[i].rate)
            return only < 0 || (size_t)only == i ? &p->rules.v[i] : NULL;
    return NULL;
}

static bool S_reports(const fz_facts_profile *p, const fz_facts_rule *r, int only) {
    return r && !r->disabled && (only < 0 || r == &p->rules.v[only]);
}

static void S_check_sums(const fz_facts *f, const fz_facts_profile *p, fz_diags *d, int only) {
    const fz_facts_rule *exceed = S_rule(p, FZ_FACTS_SUM_EXCEED, only);
    const fz_facts_rule *shortr = S_rule(p, FZ_FACTS_SUM_SHORT, only);
    const fz_quantity *q = f->quantities.v;
    for (size_t i = 0; i < f->sums.n; i++) {
        const fz_sum *sm = &f->sums.v[i];
        const fz_quantity *t = &q[sm->total];
        if (t->approx) continue; /* 200余人: no bound to hold the parts to */
        double tol = sm->tolerance;
        const fz_facts_rule *r = NULL;
        if (sm->sum > t->value + tol)
            r = exceed;
        else if (sm->nparts >= 2 && !sm->approx && sm->sum < t->value - tol &&
                 !(sm->has_rest && fabs(sm->sum + sm->rest - t->value) <= tol))
            r = shortr;
        if (!r) continue;
        fz_buf parts = {0};
        for (size_t k = 0; k < sm->nparts; k++) {
            if (k) fz_buf_putc(&parts, '+');
            fz_number_format(&parts, q[sm->parts[k]].value, q[sm->parts[k]].decimals);
        }
        S_var vars[] = {
            {"label", fz_xstrdup(t->label)},         {"total", S_num(t->value, t->decimals)},
            {"value", S_num(t->value, t->decimals)}, {"unit", fz_xstrdup(t->unit)},
            {"sum", S_num(sm->sum, sm->decimals)},   {"parts", fz_buf_detach(&parts)}};
        S_emit(d, r, t, vars, sizeof vars / sizeof *vars);
    }
}

static void S_check_ratios(const fz_facts *f, const fz_facts_profile *p, fz_diags *d, int only) {
    const fz_facts_rule *full = S_rule(p, FZ_FACTS_RATE_FULL, -1);
    const fz_quantity *q = f->quantities.v;
    for (size_t i = 0; i < f->ratios.n; i++) {
        const fz_ratio *ra = &f->ratios.v[i];
        const fz_quantity *r = &q[ra->rate], *nu = &q[ra->num], *de = &q[ra->den];
        if (fz_rate_agrees(r->value, r->decimals, nu->value, de->value)) continue;
        if (r->value > 100) continue; /* a rate over 100% is wrong whatever it divides */
        const fz_facts_rule *rule = &p->rules.v[ra->rule];
        if (full && fabs(r->value - 100) < 1e-9 && ra->computed < 100) rule = full;
        if (!S_reports(p, rule, only)) continue;
        int shown = r->decimals > 0 ? r->decimals : 1;
        S_var vars[] = {
            {"label", fz_xstrdup(r->label)},         {"stated", S_num(r->value, r->decimals)},
            {"value", S_num(r->value, r->decimals)}, {"computed", S_num(ra->computed, shown)},
            {"num", S_num(nu->value, nu->decimals)}, {"den", S_num(de->value, de->decimals)},
            {"num_label", fz_xstrdup(nu->label)},    {"den_label", fz_xstrdup(de->label)},
            {"unit", fz_xstrdup(nu->unit)}};
        S_emit(d, rule, r, vars, sizeof vars / sizeof *vars);
    }
}

static bool S_values_differ(const fz_quantity *a, const fz_quantity *b) {
    int dec = a->decimals < b->decimals ? a->decimals : b->decimals;
    return fabs(a->value - b->value) > 0.5 / S_pow10(dec) + 1e-9;
}

static void S_check_facts(const fz_facts *f, const fz_facts_profile *p, fz_diags *d, int only) {
    const fz_facts_rule *over = S_rule(p, FZ_FACTS_RATE_OVER, only);
    const fz_facts_rule *conflict = S_rule(p, FZ_FACTS_CONFLICT, only);
    if (!over && !conflict) return;
    const fz_quantity *q = f->quantities.v;
    size_t nq = f->quantities.n, nind = p->indicators.n;
    /* per indicator, the first statement of each qualifier and unit */
    size_t *firsts = fz_xcalloc(nind ? nind * S_FIRSTS : 1, sizeof *firsts);
    size_t *nfirsts = fz_xcalloc(nind ? nind : 1, sizeof *nfirsts);
    for (size_t i = 0; i < nq; i++) {
        if (over && (q[i].flags & FZ_Q_RATE) && !(q[i].flags & FZ_Q_GROWTH) && q[i].value > 100) {
            S_var vars[] = {{"label", fz_xstrdup(q[i].label)},
                            {"value", S_num(q[i].value, q[i].decimals)},
                            {"stated", S_num(q[i].value, q[i].decimals)},
                            {"unit", fz_xstrdup(q[i].unit)}};
            S_emit(d, over, &q[i], vars, sizeof vars / sizeof *vars);
        }
        if (!conflict || q[i].indicator < 0 || (size_t)q[i].indicator >= nind || q[i].approx)
            continue;
        size_t ind = (size_t)q[i].indicator, *fs = firsts + ind * S_FIRSTS, k = 0;
        for (; k < nfirsts[ind]; k++) {
            const fz_quantity *a = &q[fs[k]];
            if (S_same_unit(a, &q[i]) && a->qual_len == q[i].qual_len &&
                memcmp(a->label, q[i].label, q[i].qual_len) == 0)
                break;
        }
        if (k == nfirsts[ind]) {
            if (k < S_FIRSTS) fs[nfirsts[ind]++] = i;
            continue;
        }
        const fz_quantity *a = &q[fs[k]];
        if (!S_values_differ(a, &q[i])) continue;
        fz_buf first = {0}, val = {0};
        fz_number_format(&first, a->value, a->decimals);
        fz_buf_puts(&first, a->unit);
        fz_number_format(&val, q[i].value, q[i].decimals);
        fz_buf_puts(&val, q[i].unit);
        S_var vars[] = {{"label", fz_xstrdup(q[i].label)},
                        {"indicator", fz_xstrdup(p->indicators.v[ind].name)},
                        {"value", fz_buf_detach(&val)},
                        {"first", fz_buf_detach(&first)},
                        {"unit", fz_xstrdup(q[i].unit)}};
        S_emit(d, conflict, &q[i], vars, sizeof vars / sizeof *vars);
    }
    free(firsts);
    free(nfirsts);
}

void fz_facts_check(const fz_facts *f, const fz_facts_profile *p, fz_diags *d, int only) {
    if (only >= (int)p->rules.n) return;
    S_check_sums(f, p, d, only);
    S_check_ratios(f, p, d, only);
    S_check_facts(f, p, d, only);
}

void fz_facts_locate(fz_facts *f, const fz_text *t) {
    for (size_t i = 0; i < f->quantities.n; i++) {
        fz_quantity *q = &f->quantities.v[i];
        q->start = fz_text_to_src(t, q->nstart);
        q->end = fz_text_to_src(t, q->nend);
        if (q->end < q->start) q->end = q->start;
    }
}
