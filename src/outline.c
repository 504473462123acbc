/*
 * outline.c - the `outline` stage: classify every line, locate inline
 * enumerations, read the document properties (title, year, issuer, dates).
 *
 * Heading markers (GB/T 9704 7.3.3) and numerals are parsed here by hand; which
 * lines are portal chrome, titles or closing formulas comes from the fz_profile.
 */
#define _GNU_SOURCE /* memrchr */
#include "outline.h"

#include "number.h"
#include "utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The profile's house style, or the defaults (outline.h). */
#define TITLE_MAX_COLS  ((size_t)(p->title_max_cols ? p->title_max_cols : FZ_TITLE_MAX_COLS))
#define SIGNER_MAX_COLS ((size_t)(p->signer_max_cols ? p->signer_max_cols : FZ_SIGNER_MAX_COLS))
#define HEAD_SCAN_LINES ((size_t)(p->head_lines ? p->head_lines : FZ_HEAD_LINES))
#define CHROME_MAX_COLS ((size_t)(p->chrome_max_cols ? p->chrome_max_cols : FZ_CHROME_MAX_COLS))

static const char *const CN_DIGITS[] = {"〇", "零", "一", "二", "两", "三",
                                        "四", "五", "六", "七", "八", "九"};
static const int CN_VALUES[] = {0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9};

/* Matches one Chinese numeral character at s; returns its byte length or 0.
 * *value gets the digit, or -10/-100/-1000 for the units 十 百 千. */
static size_t S_cn_char(const char *s, size_t len, int *value) {
    if (len < 3) return 0;
    for (size_t i = 0; i < sizeof CN_DIGITS / sizeof *CN_DIGITS; i++)
        if (s[0] == CN_DIGITS[i][0] && memcmp(s, CN_DIGITS[i], 3) == 0)
            return *value = CN_VALUES[i], 3;
    if (memcmp(s, "十", 3) == 0) return *value = -10, 3;
    if (memcmp(s, "百", 3) == 0) return *value = -100, 3;
    if (memcmp(s, "千", 3) == 0) return *value = -1000, 3;
    return 0;
}

int fz_parse_numeral(const char *s, size_t len) {
    fz_number n;
    if (len == 0 || fz_number_parse(s, len, &n) != len) return -1;
    if (n.approx || n.decimals || n.value < 0 || n.value > 1e9) return -1;
    return (int)n.value;
}

/* Length of the run of Chinese numeral characters at s. */
static size_t S_cn_run(const char *s, size_t len) {
    size_t i = 0;
    int v;
    size_t n;
    while (i < len && (n = S_cn_char(s + i, len - i, &v))) i += n;
    return i;
}

static size_t S_digit_run(const char *s, size_t len) {
    size_t i = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9') i++;
    return i;
}

static bool S_starts(const char *s, size_t len, const char *lit) {
    size_t n = strlen(lit);
    return len >= n && memcmp(s, lit, n) == 0;
}

/* The first occurrence of lit in s[0, len), or NULL. */
static const char *S_find_lit(const char *s, size_t len, const char *lit) {
    size_t n = strlen(lit);
    for (const char *end = s + len, *c; (c = memchr(s, lit[0], (size_t)(end - s))); s = c + 1)
        if ((size_t)(end - c) >= n && memcmp(c, lit, n) == 0) return c;
    return NULL;
}

/* After 10、11 or 一、二: a unit of time or rank makes the pair a range in a sentence
 * (10、11月开展……, 一、二季度……), not a heading marker. */
static bool S_followed_by_unit(const char *s, size_t len) {
    static const char *const units[] = {"月", "季度", "日", "号", "年级",
                                        "等", "类",   "级", "期", "批"};
    for (size_t k = 0; k < sizeof units / sizeof *units; k++)
        if (S_starts(s, len, units[k])) return true;
    return false;
}

/* Recognises a heading marker at the start of a normalized line. */
static fz_marker S_marker(const char *s, size_t len, int *number, size_t *mlen) {
    size_t n;
    if (len > 2 && s[0] == '(') {
        if ((n = S_cn_run(s + 1, len - 1)) && n + 1 < len && s[1 + n] == ')') {
            *number = fz_parse_numeral(s + 1, n);
            *mlen = n + 2;
            if (S_starts(s + *mlen, len - *mlen, "、")) return *mlen += 3, FZ_MARK_CN_PAREN_DUN;
            return FZ_MARK_CN_PAREN;
        }
        if ((n = S_digit_run(s + 1, len - 1)) && n <= 2 && n + 1 < len && s[1 + n] == ')') {
            *number = fz_parse_numeral(s + 1, n);
            *mlen = n + 2;
            return FZ_MARK_AR_PAREN;
        }
        return FZ_MARK_NONE;
    }
    /* the punctuation first: most numerals that open a line (一是) are no marker */
    if ((n = S_cn_run(s, len))) {
        fz_marker mk = FZ_MARK_NONE;
        size_t n2 = S_starts(s + n, len - n, "、") ? S_cn_run(s + n + 3, len - n - 3) : 0;
        if (n2 && S_followed_by_unit(s + n + 3 + n2, len - n - 3 - n2)) return FZ_MARK_NONE;
        if (S_starts(s + n, len - n, "、"))
            mk = FZ_MARK_CN_DUNHAO, *mlen = n + 3;
        else if (n < len && s[n] == '.' && !(n + 1 < len && s[n + 1] >= '0' && s[n + 1] <= '9'))
            mk = FZ_MARK_CN_DOT, *mlen = n + 1;
        if (mk == FZ_MARK_NONE || (*number = fz_parse_numeral(s, n)) <= 0) return FZ_MARK_NONE;
        return mk;
    }
    if ((n = S_digit_run(s, len)) && n <= 2) {
        if (S_starts(s + n, len - n, "、") && S_digit_run(s + n + 3, len - n - 3) &&
            S_followed_by_unit(s + n + 3 + S_digit_run(s + n + 3, len - n - 3),
                               len - n - 3 - S_digit_run(s + n + 3, len - n - 3)))
            return FZ_MARK_NONE;
        if (S_starts(s + n, len - n, "、"))
            return *number = fz_parse_numeral(s, n), *mlen = n + 3, FZ_MARK_AR_DUNHAO;
        if (n < len && s[n] == '.' && !(n + 1 < len && s[n + 1] >= '0' && s[n + 1] <= '9'))
            return *number = fz_parse_numeral(s, n), *mlen = n + 1, FZ_MARK_AR_DOT;
    }
    return FZ_MARK_NONE;
}

static int S_marker_level(fz_marker m) {
    switch (m) {
    case FZ_MARK_CN_DUNHAO:
    case FZ_MARK_CN_DOT:
        return 1;
    case FZ_MARK_CN_PAREN:
    case FZ_MARK_CN_PAREN_DUN:
        return 2;
    case FZ_MARK_AR_DOT:
    case FZ_MARK_AR_DUNHAO:
        return 3;
    case FZ_MARK_AR_PAREN:
        return 4;
    case FZ_MARK_CIRCLED:
        return 5;
    default:
        return 0;
    }
}

/* The normalized span of line i's content, blanks trimmed (U+3000 and NBSP are
 * spaces in the normalized view). */
static void S_line_norm_find(const fz_text *t, size_t i, size_t *ns, size_t *ne) {
    size_t s = fz_text_to_norm(t, t->line_start[i]);
    size_t e = fz_text_to_norm(t, fz_text_line_end(t, i));
    while (s < e && (t->norm[s] == ' ' || t->norm[s] == '\t')) s++;
    while (e > s && (t->norm[e - 1] == ' ' || t->norm[e - 1] == '\t')) e--;
    *ns = s;
    *ne = e;
}

/* The same, as S_classify stored it in the line. */
static void S_line_norm(const fz_outline *o, size_t i, size_t *ns, size_t *ne) {
    *ns = fz_outline_at(o, i)->nstart;
    *ne = fz_outline_at(o, i)->nend;
}

const fz_line fz_line_blank = {.kind = FZ_LINE_BLANK, .parent = -1, .section = -1};

static bool S_match(fz_matcher *m, const fz_regex *re, const fz_text *t, size_t ns, size_t ne) {
    if (!re) return false;
    /* A line without one of the pattern's literals cannot match: skip PCRE2. */
    fz_litscan ls = {0};
    if (fz_lits_skip(&re->lits, &ls, t->norm + ns, ne - ns, 0) == SIZE_MAX) return false;
    return fz_regex_test(m, re, t->norm + ns, ne - ns);
}

/* True when the normalized text has sentence punctuation (a title or an organ
 * name has none). */
static bool S_has_sentence_punct(const char *s, size_t len) {
    for (size_t i = 0, n; i < len; i += n) {
        int cp = fz_utf8_cp(s + i, len - i, &n);
        /* a sentence end (utf8.h), or a comma or semicolon: body text, not a title */
        if (fz_sentence_end(cp) || cp == ',' || cp == ';' || cp == 0xFF0C || cp == 0xFF1B)
            return true;
    }
    return false;
}

/* Finds a four-digit year (19xx/20xx) directly followed by 年 in s[0,len). */
static int S_find_year(const char *s, size_t len) {
    for (size_t i = 0; i + 4 < len; i++) {
        if ((s[i] == '1' && s[i + 1] == '9') || (s[i] == '2' && s[i + 1] == '0')) {
            if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') continue;
            if (S_digit_run(s + i, len - i) != 4) continue;
            /* the end of a period (2021—2025年, 2021-2025年, 2021至2025年) is no report year */
            if ((i > 0 && (s[i - 1] == '-' || s[i - 1] == '~')) ||
                (i >= 3 && (S_starts(s + i - 3, 3, "—") || S_starts(s + i - 3, 3, "至") ||
                            S_starts(s + i - 3, 3, "～") || S_starts(s + i - 3, 3, "到"))))
                continue;
            if (S_starts(s + i + 4, len - i - 4, "年")) return fz_parse_numeral(s + i, 4);
        }
    }
    return 0;
}

/* Parses a whole-line date: 2026年3月12日, 二〇二六年三月十二日, 2026.3.12, 2026-03-12. */
static bool S_parse_date(const char *s, size_t len, fz_date *d) {
    size_t i = 0, parts[3][2];
    int sep_style = 0; /* 1: 年月日, 2: . - / */
    for (int k = 0; k < 3; k++) {
        size_t n = S_digit_run(s + i, len - i);
        if (!n) n = S_cn_run(s + i, len - i);
        if (!n) return false;
        parts[k][0] = i;
        parts[k][1] = n;
        i += n;
        static const char *const cn_sep[] = {"年", "月", "日"};
        if (S_starts(s + i, len - i, cn_sep[k]) && sep_style != 2) {
            sep_style = 1;
            i += 3;
        } else if (k < 2 && i < len && (s[i] == '.' || s[i] == '-' || s[i] == '/') &&
                   sep_style != 1) {
            sep_style = 2;
            i++;
        } else if (!(k == 2 && sep_style == 2)) {
            return false;
        }
    }
    if (i != len) return false;
    int y = fz_parse_numeral(s + parts[0][0], parts[0][1]);
    int mo = fz_parse_numeral(s + parts[1][0], parts[1][1]);
    int dd = fz_parse_numeral(s + parts[2][0], parts[2][1]);
    if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || dd < 1 || dd > 31) return false;
    d->year = y, d->month = mo, d->day = dd;
    bool arabic = s[0] >= '0' && s[0] <= '9';
    bool zero_pad =
        (parts[1][1] == 2 && s[parts[1][0]] == '0') || (parts[2][1] == 2 && s[parts[2][0]] == '0');
    d->well_formed = sep_style == 1 && arabic && parts[0][1] == 4 && !zero_pad;
    return true;
}

static void S_set_date(fz_date *d, const fz_text *t, size_t ns, size_t ne) {
    d->start = fz_text_to_src(t, ns);
    d->end = fz_text_to_src(t, ne);
}

static char *S_src_dup(const fz_text *t, const fz_line *l) {
    return fz_xstrndup(t->src + l->start, l->end - l->start);
}

/* Title and issuer: the first lines after the leading chrome. */
static void S_find_title(fz_outline *o, const fz_text *t, const fz_profile *p, fz_matcher *m) {
    int cand[2] = {-1, -1}, nc = 0;
    /* Title-styled lines in the head are the candidates, whatever their punctuation */
    for (size_t i = 0; o->styles && i < o->nlines && i < HEAD_SCAN_LINES && nc < 2; i++) {
        fz_line_kind k = fz_outline_at(o, i)->kind;
        if (k == FZ_LINE_BLANK) continue;
        if (k == FZ_LINE_PARA && o->styles[i] == FZ_STYLE_TITLE)
            cand[nc++] = (int)i;
        else if (nc)
            break;
    }
    bool styled = nc > 0;
    for (size_t i = 0; !styled && i < o->nlines && i < HEAD_SCAN_LINES && nc < 2; i++) {
        const fz_line *l = fz_outline_at(o, i);
        if (l->kind == FZ_LINE_BLANK || l->kind == FZ_LINE_CHROME) continue;
        if (l->kind == FZ_LINE_DOCNO || l->kind == FZ_LINE_ADDRESSEE || l->kind == FZ_LINE_NOTE)
            continue;
        if (l->kind != FZ_LINE_PARA) break;
        size_t ns, ne;
        S_line_norm(o, i, &ns, &ne);
        if (S_has_sentence_punct(t->norm + ns, ne - ns) ||
            fz_display_width_upto(t->norm + ns, ne - ns, TITLE_MAX_COLS) > TITLE_MAX_COLS)
            break;
        cand[nc++] = (int)i;
    }
    if (nc == 0) return;
    size_t ns, ne;
    int title = cand[0], last = cand[0];
    fz_buf joined = {0}; /* a title wrapped over two lines (GB/T 9704 7.3.3), normalized */
    if (nc == 2) {
        S_line_norm(o, (size_t)cand[1], &ns, &ne);
        bool second_is_title = S_match(m, p->title, t, ns, ne);
        bool second_is_issuer = S_match(m, p->issuer, t, ns, ne);
        S_line_norm(o, (size_t)cand[0], &ns, &ne);
        bool first_is_title = S_match(m, p->title, t, ns, ne);
        /* an issuer line (document.issuer) over a title without a year is two lines too */
        bool first_is_issuer = S_match(m, p->issuer, t, ns, ne);
        if (!first_is_title && (second_is_title || (first_is_issuer && !second_is_issuer))) {
            o->issuer_line = cand[0];
            fz_outline_mut(o, (size_t)cand[0])->kind = FZ_LINE_ISSUER;
            title = last = cand[1];
        } else if (!first_is_title && !first_is_issuer && p->title) {
            fz_buf_put(&joined, t->norm + ns, ne - ns);
            S_line_norm(o, (size_t)cand[1], &ns, &ne);
            fz_buf_put(&joined, t->norm + ns, ne - ns);
            if (fz_regex_test(m, p->title, joined.ptr, joined.len))
                last = cand[1];
            else
                fz_buf_free(&joined);
        }
    }
    o->title_line = title;
    o->title_last = last;
    for (int i = title; i <= last; i++) fz_outline_mut(o, (size_t)i)->kind = FZ_LINE_TITLE;
    fz_buf b = {0};
    if (o->issuer_line >= 0) {
        const fz_line *il = fz_outline_at(o, o->issuer_line);
        o->issuer = S_src_dup(t, il);
        fz_buf_put(&b, t->src + il->start, il->end - il->start);
    }
    for (int i = title; i <= last; i++) {
        const fz_line *tl = fz_outline_at(o, (size_t)i);
        fz_buf_put(&b, t->src + tl->start, tl->end - tl->start);
    }
    o->title = fz_buf_detach(&b);
    S_line_norm(o, (size_t)title, &ns, &ne);
    o->report_year =
        joined.len ? S_find_year(joined.ptr, joined.len) : S_find_year(t->norm + ns, ne - ns);
    fz_buf_free(&joined);
    /* a one-line title names its issuer before 关于 or the year (document.title-issuer) */
    size_t ms, me, gs, ge;
    if (!o->issuer && p->title_issuer &&
        fz_regex_match(m, p->title_issuer, t->norm + ns, ne - ns, 0, &ms, &me) == FZ_MATCH_OK &&
        fz_match_group(m, fz_regex_group_index(p->title_issuer, "issuer"), &gs, &ge) && ge > gs) {
        size_t s = fz_text_to_src(t, ns + gs), e = fz_text_to_src(t, ns + ge);
        o->issuer = fz_xstrndup(t->src + s, e - s);
    }
}

/* Sign-off: from the bottom, a date line with short organ lines and the
 * closing formula above it; without a date, organ lines document.signer recognises. */
static void S_find_signoff(fz_outline *o, const fz_text *t, const fz_profile *p, fz_matcher *m) {
    size_t i = o->nlines;
    while (i > 0 && (fz_outline_at(o, i - 1)->kind == FZ_LINE_BLANK ||
                     fz_outline_at(o, i - 1)->kind == FZ_LINE_CHROME))
        i--;
    if (i == 0) return;
    size_t ns, ne;
    S_line_norm(o, i - 1, &ns, &ne);
    fz_date d = {0};
    bool dated =
        fz_outline_at(o, i - 1)->kind == FZ_LINE_PARA && S_parse_date(t->norm + ns, ne - ns, &d);
    if (dated) {
        S_set_date(&d, t, ns, ne);
        o->signed_on = d;
        fz_outline_mut(o, --i)->kind = FZ_LINE_DATE;
    }
    size_t organs[3], norgans = 0;
    for (int k = 0; k < 3 && i > 0 && (dated || p->signer); k++) {
        fz_line *l = fz_outline_mut(o, i - 1);
        if (!l) { /* blank */
            i--;
            continue;
        }
        S_line_norm(o, i - 1, &ns, &ne);
        if (l->kind != FZ_LINE_PARA || S_has_sentence_punct(t->norm + ns, ne - ns) ||
            fz_display_width_upto(t->norm + ns, ne - ns, SIGNER_MAX_COLS) > SIGNER_MAX_COLS ||
            S_match(m, p->closing, t, ns, ne) || (!dated && !S_match(m, p->signer, t, ns, ne)))
            break;
        l->kind = FZ_LINE_SIGNOFF;
        organs[norgans++] = --i;
    }
    fz_buf b = {0};
    for (size_t k = norgans; k-- > 0;) {
        const fz_line *l = fz_outline_at(o, organs[k]);
        if (b.len) fz_buf_putc(&b, ' ');
        fz_buf_put(&b, t->src + l->start, l->end - l->start);
    }
    o->signer = b.len ? fz_buf_detach(&b) : NULL;
    fz_buf_free(&b);
    /* the closing formula (特此报告) just above the sign-off or at the very end */
    while (i > 0 && fz_outline_at(o, i - 1)->kind == FZ_LINE_BLANK) i--;
    if (i > 0 && fz_outline_at(o, i - 1)->kind == FZ_LINE_PARA) {
        S_line_norm(o, i - 1, &ns, &ne);
        if (S_match(m, p->closing, t, ns, ne)) fz_outline_mut(o, i - 1)->kind = FZ_LINE_SIGNOFF;
    }
}

static void S_find_published(fz_outline *o, const fz_text *t, const fz_profile *p, fz_matcher *m) {
    if (!p->published) return;
    int gy = fz_regex_group_index(p->published, "y");
    int gm = fz_regex_group_index(p->published, "m");
    int gd = fz_regex_group_index(p->published, "d");
    for (size_t i = 0; i < o->nlines; i++) {
        if (fz_outline_at(o, i)->kind != FZ_LINE_CHROME) continue;
        size_t ns, ne, ms, me, ys, ye, mos, moe, ds, de;
        S_line_norm(o, i, &ns, &ne);
        if (fz_regex_match(m, p->published, t->norm + ns, ne - ns, 0, &ms, &me) != FZ_MATCH_OK)
            continue;
        if (!fz_match_group(m, gy, &ys, &ye) || !fz_match_group(m, gm, &mos, &moe) ||
            !fz_match_group(m, gd, &ds, &de))
            continue;
        const char *s = t->norm + ns;
        fz_date d = {.year = fz_parse_numeral(s + ys, ye - ys),
                     .month = fz_parse_numeral(s + mos, moe - mos),
                     .day = fz_parse_numeral(s + ds, de - ds),
                     .well_formed = true};
        S_set_date(&d, t, ns + ys, ns + de);
        o->published = d;
        return;
    }
}

#ifndef __GLIBC__
static void *memrchr(const void *s, int c, size_t n) {
    const unsigned char *u = s;
    while (n > 0)
        if (u[--n] == (unsigned char)c) return (void *)(u + n);
    return NULL;
}
#endif

/* Where the last match of a pattern with literals l can start in s[from, len): every
 * match holds one of them, so at or before the last occurrence that starts at or after
 * from (SIZE_MAX: none, no match; len: l knows nothing).  Searched from the end: in a
 * paragraph the last 是 is usually well before its end, so PCRE2 (which tries every
 * character a match could begin with) stops there instead of at the end. */
static size_t S_last_lit(const fz_lits *l, const char *s, size_t len, size_t from) {
    if (l->n == 0) return len;
    size_t best = SIZE_MAX;
    for (int k = 0; k < l->n; k++) {
        size_t n = l->len[k];
        if (n == 0) return len;
        const char *lit = l->s[k];
        size_t lo = best == SIZE_MAX ? from : best + 1; /* only a later one matters */
        size_t end = len;                               /* look for the last byte before end */
        while (end >= lo + n) {
            const char *c = memrchr(s + lo + n - 1, lit[n - 1], end - (lo + n - 1));
            if (!c) break;
            size_t at = (size_t)(c - s) + 1 - n;
            if ((n < 2 || c[-1] == lit[n - 2]) && memcmp(s + at, lit, n) == 0) {
                best = at;
                break;
            }
            end = (size_t)(c - s); /* the next candidate ends before c */
        }
    }
    return best;
}

/* Whether s[0, n) ends with one of the characters of set (UTF-8). */
static bool S_ends_with_one_of(const char *s, size_t n, const char *set) {
    size_t sl = strlen(set);
    for (size_t i = 0, k; set[i]; i += k) {
        k = fz_utf8_fwd(set, sl, i + 1) - i;
        if (k <= n && memcmp(s + n - k, set + i, k) == 0) return true;
    }
    return false;
}

/* Inline enumeration markers (一是 …) in paragraphs and run-in heading bodies.  A
 * marker counts only at the start of the text or after punctuation, so that
 * 统一是 is no marker. */
static void S_find_items(fz_outline *o, const fz_text *t, const fz_profile *p, fz_matcher *m) {
    if (!p->enumeration) return;
    int gn = fz_regex_group_index(p->enumeration, "n");
    const char *after = p->enumeration_after[0] ? p->enumeration_after : FZ_ENUMERATION_AFTER;
    /* An enumeration runs on across the paragraphs of one section (一是 and 二是 may
     * each open a paragraph) and restarts when a number does not go up. */
    int group = 0, last = 0, last_section = -2;
    for (size_t i = 0; i < o->nlines; i++) {
        const fz_line *l = fz_outline_at(o, i);
        if (l->kind != FZ_LINE_PARA && l->kind != FZ_LINE_HEADING) continue;
        size_t ns, ne, ms, me, gs, ge;
        S_line_norm(o, i, &ns, &ne);
        size_t from = l->kind == FZ_LINE_HEADING ? fz_text_to_norm(t, l->marker_end) - ns : 0;
        int section = l->kind == FZ_LINE_HEADING ? (int)i : l->section;
        if (section != last_section) {
            group++;
            last = 0;
            last_section = section;
        }
        const fz_lits *lits = &p->enumeration->lits;
        size_t last_start = S_last_lit(lits, t->norm + ns, ne - ns, from);
        if (last_start == SIZE_MAX) continue;
        fz_litscan ls = {0};
        while (from <= last_start &&
               (!lits->prefix ||
                (from = fz_lits_skip(lits, &ls, t->norm + ns, ne - ns, from)) != SIZE_MAX) &&
               fz_regex_match_upto(m, p->enumeration, t->norm + ns, ne - ns, from, last_start, &ms,
                                   &me) == FZ_MATCH_OK) {
            from = me > ms ? me : ms + 1;
            const char *s = t->norm + ns;
            bool at_boundary = ms == 0 || S_ends_with_one_of(s, ms, after);
            if (l->kind == FZ_LINE_HEADING && ns + ms == fz_text_to_norm(t, l->marker_end))
                at_boundary = true;
            if (!at_boundary || !fz_match_group(m, gn, &gs, &ge)) continue;
            int n = fz_parse_numeral(s + gs, ge - gs);
            if (n <= 0) continue;
            if (n <= last) group++;
            last = n;
            fz_item it = {.start = fz_text_to_src(t, ns + ms),
                          .end = fz_text_to_src(t, ns + me),
                          .number = n,
                          .line = (int)i,
                          .group = group};
            fz_vec_push(&o->items, it);
        }
    }
}

/* Whether a line is at most max_cols columns wide: no character is wider than its
 * bytes but a tab. */
static bool S_short_line(const char *s, size_t len, size_t max_cols) {
    if (len <= max_cols && !memchr(s, '\t', len)) return true;
    return fz_display_width_upto(s, len, max_cols) <= max_cols;
}

/* Portal chrome: a short line that one of the chrome patterns matches.  Only the
 * patterns whose literals the line holds (the report's index) are tried, and the width
 * (dearer than a failing anchored pattern) only when one matched. */
typedef struct S_chrome_lits {
    const fz_viewlits *lits; /* or NULL */
    int *set;                /* per chrome pattern, its set in lits */
    size_t *hint;            /* and where the last line's search ended */
} S_chrome_lits;

static bool S_chrome(fz_matcher *m, const fz_profile *p, S_chrome_lits *cl, const fz_text *t,
                     size_t ns, size_t ne) {
    bool match = false;
    for (size_t k = 0; k < p->chrome.n && !match; k++)
        if (!cl->lits || fz_viewlits_within(cl->lits, cl->set[k], ns, ne, &cl->hint[k]))
            match = fz_regex_test(m, p->chrome.v[k], t->norm + ns, ne - ns);
    return match && S_short_line(t->norm + ns, ne - ns, CHROME_MAX_COLS);
}

static void S_classify(fz_outline *o, const fz_text *t, const fz_profile *p,
                       const fz_viewlits *lits, fz_matcher *m) {
    int stack[8] = {-1, -1, -1, -1, -1, -1, -1, -1}; /* innermost heading per level */
    int innermost = -1;
    size_t nc = p->chrome.n ? p->chrome.n : 1;
    S_chrome_lits chr = {lits, fz_xmalloc(nc * sizeof *chr.set), fz_xcalloc(nc, sizeof *chr.hint)};
    for (size_t k = 0; k < p->chrome.n; k++)
        chr.set[k] = lits ? fz_viewlits_set(lits, p->chrome.v[k]) : -1;
    FZ_VEC(fz_line) recs = {0};
    for (size_t i = 0; i < o->nlines; i++) {
        fz_line line, *l = &line;
        size_t ns, ne;
        S_line_norm_find(t, i, &ns, &ne);
        l->nstart = ns, l->nend = ne;
        l->start = fz_text_to_src(t, ns);
        l->end = fz_text_to_src(t, ne);
        l->parent = -1;
        l->level = l->number = 0;
        l->marker = FZ_MARK_NONE;
        l->marker_end = l->heading_end = 0;
        if (ns == ne) {
            l->kind = FZ_LINE_BLANK;
        } else {
            bool chrome = S_chrome(m, p, &chr, t, ns, ne);
            l->kind = chrome ? FZ_LINE_CHROME : FZ_LINE_PARA;
        }
        if (l->kind == FZ_LINE_PARA) {
            int number = 0;
            size_t mlen = 0;
            fz_marker mk = S_marker(t->norm + ns, ne - ns, &number, &mlen);
            size_t cl;
            int cp = fz_utf8_decode(t->src + l->start, &cl);
            if (mk == FZ_MARK_NONE && cp >= 0x2460 && cp <= 0x2473) {
                mk = FZ_MARK_CIRCLED;
                number = cp - 0x2460 + 1;
                mlen = fz_text_to_norm(t, l->start + cl) - ns;
            }
            if (mk != FZ_MARK_NONE && mlen < ne - ns) {
                l->kind = FZ_LINE_HEADING;
                l->marker = mk;
                l->number = number;
                l->level = S_marker_level(mk);
                l->marker_end = fz_text_to_src(t, ns + mlen);
                /* a run-in heading ends at its first full stop */
                const char *stop = S_find_lit(t->norm + ns + mlen, ne - ns - mlen, "。");
                l->heading_end = stop ? fz_text_to_src(t, (size_t)(stop - t->norm)) : l->end;
                for (int lv = l->level - 1; lv >= 1; lv--)
                    if (stack[lv] >= 0) {
                        l->parent = stack[lv];
                        break;
                    }
                stack[l->level] = (int)i;
                for (int lv = l->level + 1; lv < 8; lv++) stack[lv] = -1;
                innermost = (int)i;
            }
        }
        l->section = l->kind == FZ_LINE_HEADING ? l->parent : innermost;
        if (l->kind == FZ_LINE_BLANK) continue;
        o->filled[i >> 6] |= (uint64_t)1 << (i & 63);
        fz_vec_push(&recs, line);
    }
    o->recs = recs.v;
    o->nrecs = recs.n;
    for (size_t w = 0, before = 0; w <= o->nlines >> 6; w++) {
        o->rank[w] = (uint32_t)before;
        before += (size_t)__builtin_popcountll(o->filled[w]);
    }
    free(chr.set);
    free(chr.hint);
}

void fz_outline_build(fz_outline *o, const fz_text *t, const fz_profile *p, fz_matcher *m) {
    fz_outline_build_styled(o, t, p, NULL, NULL, m);
}

void fz_outline_build_styled(fz_outline *o, const fz_text *t, const fz_profile *p,
                             const int *styles, const fz_viewlits *lits, fz_matcher *m) {
    memset(o, 0, sizeof *o);
    o->issuer_line = o->title_line = o->title_last = o->first_body_line = -1;
    o->nlines = t->nlines;
    if (styles && t->nlines) {
        o->styles = fz_xmalloc(t->nlines * sizeof *o->styles);
        memcpy(o->styles, styles, t->nlines * sizeof *o->styles);
    }
    o->filled = fz_xcalloc((t->nlines >> 6) + 1, sizeof *o->filled);
    o->rank = fz_xmalloc(((t->nlines >> 6) + 1) * sizeof *o->rank);
    o->kind = -1;
    S_classify(o, t, p, lits, m);
    bool mirror = fz_outline_mirror(o, t, p, m); /* before the title: its lines are chrome */
    fz_outline_head_lines(o, t, p, m);
    S_find_title(o, t, p, m);
    S_find_signoff(o, t, p, m);
    fz_outline_kind(o, t, p, m);
    if (!mirror) S_find_published(o, t, p, m);
    S_find_items(o, t, p, m);
    for (size_t i = o->title_last >= 0 ? (size_t)o->title_last + 1 : 0; i < o->nlines; i++) {
        fz_line_kind k = fz_outline_at(o, i)->kind;
        if (k == FZ_LINE_PARA || k == FZ_LINE_HEADING) {
            o->first_body_line = (int)i;
            break;
        }
    }
    if (!o->report_year && o->first_body_line >= 0) {
        size_t ns, ne;
        S_line_norm(o, (size_t)o->first_body_line, &ns, &ne);
        o->report_year = S_find_year(t->norm + ns, ne - ns);
    }
}

void fz_outline_adopt(fz_outline *o, const char *title, const char *published) {
    if (title && *title && !o->title) {
        o->title = fz_xstrdup(title);
        int y = S_find_year(title, strlen(title));
        if (y) o->report_year = y;
    }
    if (published && *published && !o->published.year) {
        /* "2025-03-12 10:30:00", "2025-03-12T10:30", "2025年3月12日": the date part */
        size_t n = strcspn(published, " T\t");
        fz_date d = {0};
        if (S_parse_date(published, n, &d)) {
            d.start = d.end = 0;
            d.well_formed = true; /* metadata has its own format: nothing for 7.3.5.4 */
            d.property = true;
            o->published = d;
        }
    }
}

const char *fz_profile_key(const fz_profile *p, const fz_regex *re) {
    for (size_t i = 0; i < p->chrome.n; i++)
        if (p->chrome.v[i] == re) return "chrome";
    const fz_regex *one[] = {p->title,   p->issuer, p->enumeration, p->published,
                             p->closing, p->signer, p->title_issuer};
    static const char *const names[] = {"title",   "issuer", "enumeration", "published",
                                        "closing", "signer", "title-issuer"};
    for (size_t i = 0; i < sizeof one / sizeof *one; i++)
        if (one[i] && one[i] == re) return names[i];
    return NULL;
}

void fz_profile_free(fz_profile *p) {
    for (size_t i = 0; i < p->chrome.n; i++) fz_regex_free(p->chrome.v[i]);
    fz_vec_free(&p->chrome);
    fz_regex_free(p->title);
    fz_regex_free(p->issuer);
    fz_regex_free(p->enumeration);
    fz_regex_free(p->published);
    fz_regex_free(p->closing);
    fz_regex_free(p->signer);
    fz_regex_free(p->docno);
    fz_regex_free(p->addressee);
    fz_regex_free(p->note);
    fz_regex_free(p->mirror);
    fz_regex_free(p->title_issuer);
    for (size_t i = 0; i < p->kinds.n; i++) {
        free(p->kinds.v[i].name);
        free(p->kinds.v[i].label);
        fz_regex_free(p->kinds.v[i].title);
        fz_regex_free(p->kinds.v[i].signer);
        fz_regex_free(p->kinds.v[i].head);
    }
    fz_vec_free(&p->kinds);
    fz_read_profile_free(&p->read);
    memset(p, 0, sizeof *p);
}

void fz_outline_free(fz_outline *o) {
    free(o->recs);
    free(o->filled);
    free(o->rank);
    fz_vec_free(&o->items);
    free(o->title);
    free(o->issuer);
    free(o->signer);
    free(o->kind_name);
    free(o->kind_label);
    free(o->styles);
    memset(o, 0, sizeof *o);
}

void fz_outline_section_span(const fz_outline *o, const fz_text *t, int h, size_t *start,
                             size_t *end) {
    const fz_line *hl = fz_outline_at(o, h);
    *start = hl->start;
    *end = hl->end;
    for (size_t i = (size_t)h + 1; i < o->nlines; i++) {
        const fz_line *l = fz_outline_at(o, i);
        if (l->kind == FZ_LINE_HEADING && l->level <= hl->level) break;
        if (l->kind == FZ_LINE_SIGNOFF || l->kind == FZ_LINE_DATE) break;
        if (l->kind == FZ_LINE_CHROME && i > (size_t)h) {
            /* trailing chrome ends the body */
            bool rest_is_chrome = true;
            for (size_t k = i; k < o->nlines && rest_is_chrome; k++)
                rest_is_chrome = fz_outline_at(o, k)->kind == FZ_LINE_CHROME ||
                                 fz_outline_at(o, k)->kind == FZ_LINE_BLANK;
            if (rest_is_chrome) break;
        }
        if (l->kind != FZ_LINE_BLANK) *end = l->end;
    }
    (void)t;
}
