/* digest.c - a checked report reduced to its issuer, year and sentence fingerprints. */
#include "digest.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "engine.h"
#include "report.h"
#include "rule_compare.h"
#include "rules.h"
#include "yamltree.h"
#include "utf8.h"

/* ---- the compare: block ----------------------------------------------------------- */

static fz_regex *S_regex(const fz_ydoc *doc, const fz_ynode *v, fz_buf *errors, int *nerr) {
    if (v->kind != FZ_Y_SCALAR) {
        fz_yerror(errors, doc, v, "应为模式（字符串），而不是%s", fz_ykind_name(v->kind));
        return ++*nerr, NULL;
    }
    fz_buf why = {0};
    size_t off = 0;
    fz_regex *re = fz_regex_new(v->str, &why, &off);
    if (!re) {
        fz_yerror(errors, doc, v, "模式“%s”有误（第 %zu 个字符）：%s", v->str, off + 1,
                  why.ptr ? why.ptr : "");
        ++*nerr;
    }
    fz_buf_free(&why);
    return re;
}

static void S_regex_list(const fz_ydoc *doc, const fz_ynode *v, fz_buf *errors, int *nerr,
                         void *vec_) {
    FZ_VEC(fz_regex *) *vec = vec_;
    const fz_ynode *one[1] = {v};
    const fz_ynode *const *items = v->kind == FZ_Y_SEQ ? (const fz_ynode *const *)v->items : one;
    size_t n = v->kind == FZ_Y_SEQ ? v->n : 1;
    for (size_t i = 0; i < n; i++) {
        fz_regex *re = S_regex(doc, items[i], errors, nerr);
        if (re) fz_vec_push(vec, re);
    }
}

static void S_int(const fz_ydoc *doc, const fz_ynode *v, const char *what, int lo, int hi, int *out,
                  fz_buf *errors, int *nerr) {
    char *end = NULL;
    long x = v->kind == FZ_Y_SCALAR ? strtol(v->str, &end, 10) : 0;
    if (v->kind != FZ_Y_SCALAR || !*v->str || *end || x < lo || x > hi) {
        fz_yerror(errors, doc, v, "“%s”应为 %d 到 %d 之间的整数", what, lo, hi);
        ++*nerr;
        return;
    }
    *out = (int)x;
}

int fz_compare_block(fz_compare_profile *p, const fz_ydoc *doc, const fz_ynode *m, fz_buf *errors) {
    int nerr = 0;
    if (m->kind != FZ_Y_MAP) {
        fz_yerror(errors, doc, m, "“compare”应为映射");
        return 1;
    }
    for (size_t i = 0; i + 1 < m->n; i += 2) {
        const char *k = m->items[i]->str;
        const fz_ynode *v = m->items[i + 1];
        if (!strcmp(k, "issuer-from-title")) {
            fz_regex *re = S_regex(doc, v, errors, &nerr);
            if (re && fz_regex_group_index(re, "issuer") < 0) {
                fz_yerror(errors, doc, v, "“issuer-from-title”的模式应有命名分组 (?<issuer>…)");
                fz_regex_free(re);
                re = NULL;
                nerr++;
            }
            if (re) fz_regex_free(p->issuer_title), p->issuer_title = re;
        } else if (!strcmp(k, "named")) {
            fz_regex *re = S_regex(doc, v, errors, &nerr);
            if (re && fz_regex_group_index(re, "name") < 0) {
                fz_yerror(errors, doc, v, "“named”的模式应有命名分组 (?<name>…)");
                fz_regex_free(re);
                re = NULL;
                nerr++;
            }
            if (re) fz_regex_free(p->named), p->named = re;
        } else if (!strcmp(k, "issuer-strip")) {
            S_regex_list(doc, v, errors, &nerr, &p->issuer_strip);
        } else if (!strcmp(k, "boilerplate")) {
            S_regex_list(doc, v, errors, &nerr, &p->boilerplate);
        } else if (!strcmp(k, "boilerplate-issuers")) {
            S_int(doc, v, k, 2, 1000000, &p->boilerplate_issuers, errors, &nerr);
        } else if (!strcmp(k, "min-sentence")) {
            S_int(doc, v, k, 1, 10000, &p->min_sentence, errors, &nerr);
        } else {
            fz_yerror(errors, doc, m->items[i],
                      "“compare”中未知的键“%s”（可用：issuer-from-title、issuer-strip、"
                      "boilerplate、boilerplate-issuers、min-sentence、named）",
                      k);
            nerr++;
        }
    }
    return nerr;
}

void fz_compare_profile_merge(fz_compare_profile *into, fz_compare_profile *from) {
    if (from->issuer_title) {
        fz_regex_free(into->issuer_title);
        into->issuer_title = from->issuer_title;
        from->issuer_title = NULL;
    }
    for (size_t i = 0; i < from->issuer_strip.n; i++)
        fz_vec_push(&into->issuer_strip, from->issuer_strip.v[i]);
    for (size_t i = 0; i < from->boilerplate.n; i++)
        fz_vec_push(&into->boilerplate, from->boilerplate.v[i]);
    if (from->named) {
        fz_regex_free(into->named);
        into->named = from->named;
        from->named = NULL;
    }
    if (from->boilerplate_issuers) into->boilerplate_issuers = from->boilerplate_issuers;
    if (from->min_sentence) into->min_sentence = from->min_sentence;
    fz_vec_free(&from->issuer_strip);
    fz_vec_free(&from->boilerplate);
    memset(from, 0, sizeof *from);
}

void fz_compare_profile_free(fz_compare_profile *p) {
    fz_regex_free(p->issuer_title);
    fz_regex_free(p->named);
    for (size_t i = 0; i < p->issuer_strip.n; i++) fz_regex_free(p->issuer_strip.v[i]);
    for (size_t i = 0; i < p->boilerplate.n; i++) fz_regex_free(p->boilerplate.v[i]);
    fz_vec_free(&p->issuer_strip);
    fz_vec_free(&p->boilerplate);
    memset(p, 0, sizeof *p);
}

/* ---- issuer ----------------------------------------------------------------------- */

/* s with the strip patterns' matches and all blanks removed (malloc'd), or NULL when
 * nothing is left. */
static char *S_issuer_norm(const fz_compare_profile *p, const char *s, size_t len, fz_matcher *m) {
    char *cur = fz_xstrndup(s, len);
    for (size_t k = 0; k < p->issuer_strip.n; k++) {
        size_t ms, me, n = strlen(cur);
        if (fz_regex_match(m, p->issuer_strip.v[k], cur, n, 0, &ms, &me) != FZ_MATCH_OK || me <= ms)
            continue;
        memmove(cur + ms, cur + me, n - me + 1);
    }
    size_t o = 0;
    for (size_t i = 0; cur[i]; i++) {
        if (strchr(" \t\r\n", cur[i])) continue;
        if (!strncmp(cur + i, "\u3000", 3)) {
            i += 2;
            continue;
        }
        cur[o++] = cur[i];
    }
    cur[o] = '\0';
    if (o) return cur;
    free(cur);
    return NULL;
}

static const char *S_norm_line(const fz_report *r, int line, size_t *len) {
    const fz_line *l = fz_outline_at(&r->outline, line);
    *len = l->nend > l->nstart ? l->nend - l->nstart : 0;
    return r->text.norm + l->nstart;
}

/* The issuing organ: the issuer line above the title, the title's own words, or the
 * organ that signs; normalised. */
static char *S_issuer(const fz_report *r, const fz_ruleset *rs, fz_matcher *m) {
    const fz_compare_profile *p = &rs->compare;
    const fz_outline *o = &r->outline;
    size_t len, ms, me;
    char *is = NULL;
    if (o->issuer_line >= 0) {
        const char *s = S_norm_line(r, o->issuer_line, &len);
        is = S_issuer_norm(p, s, len, m);
    }
    if (!is && o->title_line >= 0 && p->issuer_title) {
        const char *s = S_norm_line(r, o->title_line, &len);
        size_t gs, ge;
        if (fz_regex_match(m, p->issuer_title, s, len, 0, &ms, &me) == FZ_MATCH_OK &&
            fz_match_group(m, fz_regex_group_index(p->issuer_title, "issuer"), &gs, &ge))
            is = S_issuer_norm(p, s + gs, ge - gs, m);
    }
    const fz_regex *signer = rs->profile.signer;
    for (size_t i = o->nlines; !is && signer && i-- > 0;) {
        if (fz_outline_at(o, i)->kind != FZ_LINE_SIGNOFF) continue;
        const char *s = S_norm_line(r, (int)i, &len);
        if (fz_regex_match(m, signer, s, len, 0, &ms, &me) == FZ_MATCH_OK)
            is = S_issuer_norm(p, s, len, m);
    }
    return is;
}

/* ---- fingerprints ----------------------------------------------------------------- */

/* Whether a character is left out of a fingerprint: punctuation, symbols, blanks,
 * controls.  The usual ones (ASCII, CJK ideographs and punctuation) without a table. */
static bool S_dropped(uint32_t cp) {
    if (cp < 0x80) return !((cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'));
    if (cp >= 0x4E00 && cp <= 0x9FFF) return false;
    if ((cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F)) return true;
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return false;
    default:
        return true;
    }
}

/* A character's UTF-8 bytes as one number (what the fingerprint mixes in). */
static uint32_t S_utf8_value(const unsigned char *s, size_t n) {
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++) v = v << 8 | s[i];
    return v;
}

/* A fingerprinted sentence (on the normalized view, where ；！？ are ;!?) ends where a
 * sentence does (utf8.h) and also at a semicolon. */
static bool S_ends_sentence(uint32_t cp) {
    return fz_sentence_end((int)cp) || cp == ';';
}

#define FNV_BASIS 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

/* FNV-1a over code points */
static uint64_t S_mix(uint64_t h, uint32_t cp) {
    return (h ^ cp) * FNV_PRIME;
}

typedef struct S_build {
    fz_digest *d;
    const fz_report *r;
    const fz_compare_profile *p;
    fz_colunit unit;
    fz_matcher *m;
    size_t min_chars;
    /* the sentence being read */
    uint64_t h;
    uint32_t chars;
    size_t first; /* norm offset of its first kept character; SIZE_MAX: none yet */
    size_t nstart;
    const char *digits; /* a run of digits not yet hashed */
    size_t ndigits;
    bool boiler_line;              /* an unanchored boilerplate pattern matches the line */
    size_t col_line, col_off, col; /* the last column computed: line, src offset, value */
} S_build;

/* The column of src offset s on line: from the last one on the same line onwards
 * (every unit is a sum over the characters), so a long paragraph is measured once. */
static size_t S_column(S_build *b, size_t line, size_t s) {
    const fz_text *t = &b->r->text;
    if (line != b->col_line || s < b->col_off) {
        b->col_line = line, b->col_off = s;
        return b->col = fz_text_column(t, s, b->unit);
    }
    const unsigned char *p = (const unsigned char *)t->src;
    size_t add = 0;
    if (b->unit == FZ_COL_BYTE)
        add = s - b->col_off;
    else if (b->unit == FZ_COL_DISPLAY)
        add = fz_display_width(t->src + b->col_off, s - b->col_off);
    else
        for (size_t i = b->col_off; i < s; i++)
            add += !fz_utf8_cont(p[i]) + (b->unit == FZ_COL_UTF16 && p[i] >= 0xF0);
    b->col_off = s;
    return b->col += add;
}

static uint16_t S_col16(size_t col) {
    return (uint16_t)(col < UINT16_MAX ? col : UINT16_MAX);
}

/* Whether re matches in s[0, len), PCRE2 run only where its literals are. */
static bool S_any(fz_matcher *m, const fz_regex *re, const char *s, size_t len) {
    fz_litscan ls = {0};
    size_t ms, me;
    return fz_regex_search(m, re, s, len, 0, NULL, &ls, true, &ms, &me) == FZ_MATCH_OK;
}

/* A run of digits: a year (19xx, 20xx) is masked, so 2025 -> 2026 is still a copy. */
static void S_flush_digits(S_build *b) {
    if (!b->ndigits) return;
    if (b->ndigits == 4 && (!memcmp(b->digits, "19", 2) || !memcmp(b->digits, "20", 2)))
        b->h = S_mix(b->h, '#');
    else
        for (size_t i = 0; i < b->ndigits; i++) b->h = S_mix(b->h, (unsigned char)b->digits[i]);
    b->chars += (uint32_t)b->ndigits;
    b->ndigits = 0;
}

static void S_sentence_end(S_build *b, size_t line, size_t nend) {
    S_flush_digits(b);
    if (b->first != SIZE_MAX && b->chars >= b->min_chars) {
        const fz_text *t = &b->r->text;
        size_t s = fz_text_to_src(t, b->first), e = fz_text_to_src(t, nend);
        bool boiler = false;
        for (size_t k = 0; k < b->p->boilerplate.n && !boiler; k++) {
            const fz_regex *re = b->p->boilerplate.v[k];
            if (re->lits.anchored || b->boiler_line)
                boiler = S_any(b->m, re, t->norm + b->nstart, nend - b->nstart);
        }
        fz_vec_push(&b->d->fps,
                    ((fz_fp){.hash = b->h,
                             .chars = (uint16_t)(b->chars < UINT16_MAX ? b->chars : UINT16_MAX),
                             .start = (uint32_t)s,
                             .end = (uint32_t)e,
                             .line = (uint32_t)line + 1,
                             .col = S_col16(S_column(b, line, s)),
                             .boilerplate = boiler}));
    }
    b->h = FNV_BASIS;
    b->chars = 0;
    b->first = SIZE_MAX;
    b->nstart = nend;
}

/* The fingerprint of a short text, as S_line makes a sentence's. */
static uint64_t S_text_hash(const char *s, size_t n) {
    S_build b = {.h = FNV_BASIS};
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0, k; i < n; i += k) {
        uint32_t cp = (uint32_t)fz_utf8_cp((const char *)u + i, n - i, &k); /* valid: the view is */
        if (S_dropped(cp)) continue;
        if (cp >= '0' && cp <= '9') {
            if (!b.ndigits) b.digits = s + i;
            b.ndigits++;
            continue;
        }
        if (b.ndigits) S_flush_digits(&b);
        b.h = S_mix(b.h, cp < 0x80 ? cp : S_utf8_value(u + i, k));
    }
    S_flush_digits(&b);
    return b.h;
}

/* The named items of the paragraphs and headings: one search over the whole view. */
static void S_names(S_build *b) {
    const fz_regex *re = b->p->named;
    const fz_text *t = &b->r->text;
    const fz_outline *o = &b->r->outline;
    int g = fz_regex_group_index(re, "name");
    size_t ms, me, gs, ge;
    fz_litscan ls = {0}; /* PCRE2 only where the pattern's literals are */
    for (size_t pos = 0;
         pos <= t->norm_len && fz_regex_search(b->m, re, t->norm, t->norm_len, pos, NULL, &ls,
                                               false, &ms, &me) == FZ_MATCH_OK;
         pos = me > ms ? me : me + 1) {
        if (!fz_match_group(b->m, g, &gs, &ge) || ge <= gs) continue;
        size_t s = fz_text_to_src(t, ms), line = fz_text_line_of(t, s);
        if (line >= o->nlines || (fz_outline_at(o, line)->kind != FZ_LINE_PARA &&
                                  fz_outline_at(o, line)->kind != FZ_LINE_HEADING))
            continue;
        fz_vec_push(&b->d->names, ((fz_named){.hash = S_text_hash(t->norm + gs, ge - gs),
                                              .start = (uint32_t)s,
                                              .line = (uint32_t)line + 1,
                                              .col = (uint32_t)fz_text_column(t, s, b->unit),
                                              .text = fz_xstrndup(t->norm + gs, ge - gs)}));
    }
}

/* The sentences of norm[ns, ne) on a line; enumeration markers (一是) are skipped. */
static void S_line(S_build *b, size_t line, size_t ns, size_t ne, size_t *item) {
    const fz_text *t = &b->r->text;
    const fz_outline *o = &b->r->outline;
    b->h = FNV_BASIS;
    b->chars = 0;
    b->first = SIZE_MAX;
    b->nstart = ns;
    b->ndigits = 0;
    /* unanchored boilerplate patterns: tried on the whole line first, on its sentences
     * only when one matches there */
    b->boiler_line = false;
    for (size_t k = 0; k < b->p->boilerplate.n && !b->boiler_line; k++)
        if (!b->p->boilerplate.v[k]->lits.anchored)
            b->boiler_line = S_any(b->m, b->p->boilerplate.v[k], t->norm + ns, ne - ns);
    size_t skip[16][2], nskip = 0; /* the line's enumeration markers, in norm */
    while (*item < o->items.n && (size_t)o->items.v[*item].line < line) ++*item;
    for (size_t k = *item; k < o->items.n && (size_t)o->items.v[k].line == line && nskip < 16;
         k++, nskip++) {
        skip[nskip][0] = fz_text_to_norm(t, o->items.v[k].start);
        skip[nskip][1] = fz_text_to_norm(t, o->items.v[k].end);
    }
    const unsigned char *u = (const unsigned char *)t->norm;
    size_t k = 0, next_skip = nskip ? skip[0][0] : SIZE_MAX; /* markers are in order */
    for (size_t i = ns; i < ne;) {
        size_t at = i;
        while (at >= next_skip && skip[k][1] <= at) /* a marker behind us */
            next_skip = ++k < nskip ? skip[k][0] : SIZE_MAX;
        if (at >= next_skip) { /* inside one: go past it */
            i = skip[k][1];
            next_skip = ++k < nskip ? skip[k][0] : SIZE_MAX;
            continue;
        }
        /* the common case first: an ideograph (U+4E00..U+9FFF, lead bytes E4..E9) */
        if (u[i] >= 0xE4 && u[i] <= 0xE9 && i + 2 < ne) {
            if (b->first == SIZE_MAX) b->first = at;
            if (b->ndigits) S_flush_digits(b);
            b->h = S_mix(b->h, (uint32_t)u[i] << 16 | (uint32_t)u[i + 1] << 8 | u[i + 2]);
            b->chars++;
            i += 3;
            continue;
        }
        size_t n;
        uint32_t cp = (uint32_t)fz_utf8_cp((const char *)u + i, ne - i, &n);
        i += n;
        if (S_ends_sentence(cp)) {
            S_sentence_end(b, line, i);
            continue;
        }
        if (S_dropped(cp)) continue;
        if (b->first == SIZE_MAX) b->first = at;
        if (cp >= '0' && cp <= '9') {
            if (!b->ndigits) b->digits = t->norm + at;
            b->ndigits++;
            continue;
        }
        if (b->ndigits) S_flush_digits(b);
        /* the same value an ideograph gets above: its UTF-8 bytes */
        b->h = S_mix(b->h, cp < 0x80 ? cp : S_utf8_value(u + i - n, n));
        b->chars++;
    }
    S_sentence_end(b, line, ne);
}

int fz_digest_part(const fz_digest *d, const char *section_id) {
    for (size_t k = 0; k < d->nparts; k++)
        if (!strcmp(d->part_id[k], section_id)) return (int)k;
    return -1;
}

/* The section rules the enabled compare rules name, as parts of d. */
static void S_parts(fz_digest *d, fz_report *r, const fz_ruleset *rs, fz_matcher *m) {
    int rule_of[FZ_DIGEST_MAX_PARTS];
    for (size_t i = 0; i < rs->rules.n; i++) {
        const fz_rule *c = rs->rules.v[i];
        if (c->type != FZ_RULE_COMPARE || !c->enabled || !fz_compare_rule_of(c)->part) continue;
        const fz_rule *sec = fz_ruleset_find(rs, fz_compare_rule_of(c)->part);
        if (!sec || sec->type != FZ_RULE_SECTION || fz_digest_part(d, sec->id) >= 0 ||
            d->nparts == FZ_DIGEST_MAX_PARTS)
            continue;
        for (size_t k = 0; k < rs->rules.n; k++)
            if (rs->rules.v[k] == sec) rule_of[d->nparts] = (int)k;
        d->part_id[d->nparts++] = sec->id;
    }
    if (!d->nparts) return;
    fz_found *found = fz_engine_sections(rs, r, m);
    if (!found) return;
    const fz_text *t = &r->text;
    for (size_t k = 0; k < d->nparts; k++) {
        const fz_found *f = &found[rule_of[k]];
        if (!f->found) {
            d->part_line[k] = 0; /* not in this report */
            continue;
        }
        size_t hl = fz_text_line_of(t, f->locus.start);
        bool headed = fz_outline_at(&r->outline, hl)->kind == FZ_LINE_HEADING;
        d->part_line[k] = (uint32_t)hl + 1;
        d->part_col[k] = (uint32_t)fz_text_column(t, f->locus.start, FZ_COL_CHAR);
        for (size_t i = 0; i < d->fps.n; i++) {
            fz_fp *fp = &d->fps.v[i];
            if (fp->start < f->span.start || fp->start >= f->span.end) continue;
            if (headed && fp->line == hl + 1) continue; /* the part's own heading */
            fp->parts |= (uint8_t)(1u << k);
        }
        for (size_t i = 0; i < d->names.n; i++) {
            fz_named *nm = &d->names.v[i];
            if (nm->start >= f->span.start && nm->start < f->span.end &&
                !(headed && nm->line == hl + 1))
                nm->parts |= (uint8_t)(1u << k);
        }
    }
    free(found);
}

void fz_digest_build(fz_digest *d, fz_report *r, const fz_ruleset *rs, fz_colunit unit,
                     fz_matcher *m) {
    memset(d, 0, sizeof *d);
    d->path = fz_xstrdup(r->path ? r->path : "-");
    d->year = r->report_year;
    d->text_len = r->text.src_len;
    const fz_outline *o = &r->outline;
    int head = o->title_line >= 0 ? o->title_line : o->first_body_line;
    d->head = head >= 0 ? (uint32_t)fz_outline_at(o, head)->start : 0;
    if (!rs || r->text.binary || r->text.src_len > UINT32_MAX) return;
    d->issuer = S_issuer(r, rs, m);
    const fz_compare_profile *p = &rs->compare;
    S_build b = {.d = d,
                 .r = r,
                 .p = p,
                 .unit = unit,
                 .m = m,
                 .min_chars = (size_t)(p->min_sentence ? p->min_sentence : FZ_COMPARE_MIN_SENTENCE),
                 .col_line = SIZE_MAX};
    size_t item = 0;
    for (size_t i = 0; i < o->nlines; i++) {
        const fz_line *l = fz_outline_at(o, i);
        size_t ns = l->nstart;
        if (l->kind == FZ_LINE_HEADING) {
            ns = fz_text_to_norm(&r->text, l->marker_end);
            if (ns > l->nend) ns = l->nend;
        } else if (l->kind != FZ_LINE_PARA) {
            continue;
        }
        S_line(&b, i, ns, l->nend, &item);
    }
    if (p->named) S_names(&b);
    S_parts(d, r, rs, m);
    /* the digests of a whole batch stay: no room to grow */
    if (d->fps.n && d->fps.cap > d->fps.n) {
        d->fps.v = fz_xrealloc(d->fps.v, d->fps.n * sizeof *d->fps.v);
        d->fps.cap = d->fps.n;
    }
}

void fz_digest_doc(fz_digest *d, const char *path, fz_doc *doc, const fz_ruleset *rs,
                   int year_override, fz_colunit unit, fz_matcher *m) {
    fz_report r;
    fz_report_read_doc(&r, path, doc, rs, year_override, m);
    fz_digest_build(d, &r, rs, unit, m);
    fz_report_free(&r);
}

void fz_digest_bytes(fz_digest *d, const char *path, const unsigned char *bytes, size_t len,
                     const fz_ruleset *rs, int year_override, fz_colunit unit, fz_matcher *m) {
    fz_doc doc = {.format = "txt", .raw = true};
    fz_buf_put(&doc.text, (const char *)bytes, len);
    fz_digest_doc(d, path, &doc, rs, year_override, unit, m);
}

void fz_digest_free(fz_digest *d) {
    free(d->path);
    free(d->issuer);
    fz_vec_free(&d->fps);
    for (size_t i = 0; i < d->names.n; i++) free(d->names.v[i].text);
    fz_vec_free(&d->names);
    memset(d, 0, sizeof *d);
}
