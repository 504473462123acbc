/* rule_instrument.c - the instrument type: every title a report cites (the `cite:`
 * pattern's `title` group) looked up in a catalogue of instruments (`catalogue:`, the
 * knowledge, in the pack).  One check per rule: a wrong name (a known wrong form, the
 * right words in the wrong genre, a wrong period), an incomplete one (no `full-prefix`,
 * a short form), a plan without its period, or a plan whose period is over or an
 * instrument replaced for the report year.  Titles are compared in a canonical form:
 * no blanks, ASCII brackets, one dash, a period's 年 dropped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule_type.h"
#include "utf8.h"

typedef enum S_kind { S_NAME, S_FULL, S_PERIOD, S_OUTDATED } S_kind;
static const char *const S_kinds[] = {"name", "full", "period", "outdated"};

typedef FZ_VEC(char *) S_strs;

typedef struct S_entry {
    char *title; /* as the catalogue writes it */
    char *key;   /* canonical */
    size_t klen, ilen;
    const char *base; /* key without the full prefix (its short form), or NULL */
    char *issuer;     /* canonical, without 、 */
    char *about;      /* issuer and years as written: {value} of name, full, period */
    char *core;       /* key without the full prefix and the period */
    char *stem;       /* core without its genre and a 的 before it; NULL: no genre */
    const char *genre;
    char *series;   /* key without its period; NULL: no period */
    int from, to;   /* the period, 0: none */
    S_strs shorts;  /* canonical short forms */
    S_strs wrongs;  /* canonical wrong forms */
    char *replaced; /* the title of what replaced it, or NULL */
    int since;      /* from which report year */
} S_entry;

typedef struct S_other {
    char *message;
    fz_level level;
    bool has_level;
} S_other;

typedef struct S_set {
    fz_regexes cite; /* with a (?<title>...) group */
    int check;       /* S_kind, -1 until read */
    char *prefix;    /* canonical full prefix (中华人民共和国), or NULL */
    S_strs genres;   /* canonical, longest first */
    FZ_VEC(S_entry) cat;
    S_other none;     /* outdated, no successor in the catalogue */
    S_other replaced; /* outdated, replaced by another instrument */
} S_set;

/* ---- canonical titles ---------------------------------------------------------------- */

static bool S_starts(const char *s, const char *p) {
    return !strncmp(s, p, strlen(p));
}
static bool S_ends(const char *s, const char *p) {
    size_t n = strlen(s), m = strlen(p);
    return n >= m && !strcmp(s + n - m, p);
}
static bool S_digit(char c) {
    return c >= '0' && c <= '9';
}

/* Blanks and 、 dropped, full-width brackets and every dash as ASCII; a year range's 年
 * before its closing bracket dropped. */
static char *S_canon(const char *s) {
    size_t left = strlen(s), n;
    char *out = fz_xmalloc(left + 1), *o = out; /* never longer than s */
    while (left) {
        int cp = fz_utf8_cp(s, left, &n);
        switch (cp) {
        case ' ':
        case '\t':
        case 0xA0:
        case 0x3000:
        case 0x3001: /* blanks, 、 */
            break;
        case '~':
        case 0x2013:
        case 0x2014:
        case 0x2015:
        case 0xFF0D:
        case 0xFF5E:
            *o++ = '-';
            break;
        case 0xFF08:
            *o++ = '(';
            break;
        case 0xFF09:
            *o++ = ')';
            break;
        case 0x5E74: /* 年 closing a year range: (2021—2025年) */
            if (o > out && S_digit(o[-1]) && (s[n] == ')' || S_starts(s + n, "）"))) break;
            /* fall through */
        default:
            memcpy(o, s, n);
            o += n;
        }
        s += n;
        left -= n;
    }
    *o = '\0';
    return out;
}

/* A trailing "(YYYY-YYYY)" of a canonical title: its length, from and to; 0 if none. */
static size_t S_period(const char *key, int *from, int *to) {
    size_t n = strlen(key);
    if (n < 11 || key[n - 1] != ')' || key[n - 11] != '(' || key[n - 6] != '-') return 0;
    for (size_t i = n - 10; i < n - 1; i++)
        if (i != n - 6 && !S_digit(key[i])) return 0;
    *from = atoi(key + n - 10);
    *to = atoi(key + n - 5);
    return 11;
}

/* Splits a canonical title into core, genre and stem (what S_entry says). */
static void S_parts(const S_set *s, const char *key, char **core, const char **genre, char **stem) {
    const char *p = s->prefix && S_starts(key, s->prefix) ? key + strlen(s->prefix) : key;
    int f, t;
    size_t n = strlen(p) - S_period(p, &f, &t);
    *core = fz_xstrdup(p);
    (*core)[n] = '\0';
    *genre = NULL;
    *stem = NULL;
    for (size_t g = 0; g < s->genres.n && !*genre; g++)
        if (S_ends(*core, s->genres.v[g]) && strlen(*core) > strlen(s->genres.v[g])) {
            *genre = s->genres.v[g];
            *stem = fz_xstrdup(*core);
            size_t m = n - strlen(*genre);
            if (m > 3 && S_starts(*stem + m - 3, "的")) m -= 3;
            (*stem)[m] = '\0';
        }
}

/* ---- the lookups ---------------------------------------------------------------------- */

static bool S_in(const S_strs *v, const char *k) {
    for (size_t i = 0; i < v->n; i++)
        if (!strcmp(v->v[i], k)) return true;
    return false;
}

/* The entry the title is (its issuer before it allowed), or NULL. */
static const S_entry *S_exact(const S_set *s, const char *k) {
    size_t lk = strlen(k);
    for (size_t i = 0; i < s->cat.n; i++) {
        const S_entry *e = &s->cat.v[i];
        if (lk == e->klen && !memcmp(k, e->key, lk)) return e;
        if (e->ilen && lk == e->ilen + e->klen && !memcmp(k, e->issuer, e->ilen) &&
            !memcmp(k + e->ilen, e->key, e->klen))
            return e;
    }
    return NULL;
}

/* The entry of a series whose period holds the year, or NULL. */
static const S_entry *S_current(const S_set *s, const char *series, int year) {
    for (size_t i = 0; i < s->cat.n; i++) {
        const S_entry *e = &s->cat.v[i];
        if (e->series && !strcmp(e->series, series) && e->from <= year && year <= e->to) return e;
    }
    return NULL;
}

/* What a catalogue entry past its period leads to for the year: the series' period that
 * holds it, else what replaced it, followed while that is over too; NULL: none known. */
static const S_entry *S_successor(const S_set *s, const S_entry *e, int year) {
    for (int step = 0; e && step < 8; step++) {
        const S_entry *next = e->series ? S_current(s, e->series, year) : NULL;
        if (next) return next;
        if (!e->replaced) return NULL;
        char *k = S_canon(e->replaced);
        next = S_exact(s, k);
        free(k);
        if (next && (!next->to || next->to >= year)) return next;
        e = next;
    }
    return NULL;
}

/* A short form: the title without the full prefix, or one the catalogue lists. */
static const S_entry *S_short(const S_set *s, const char *k) {
    for (size_t i = 0; i < s->cat.n; i++) {
        const S_entry *e = &s->cat.v[i];
        if (S_in(&e->shorts, k)) return e;
        if (e->base && !strcmp(e->base, k)) return e;
    }
    return NULL;
}

static const S_entry *S_series(const S_set *s, const char *k) {
    for (size_t i = 0; i < s->cat.n; i++)
        if (s->cat.v[i].series && !strcmp(s->cat.v[i].series, k)) return &s->cat.v[i];
    return NULL;
}

/* What the title should be when it is wrong, or NULL. */
static const S_entry *S_wrong(const S_set *s, const char *k) {
    if (S_exact(s, k) || S_short(s, k) || S_series(s, k)) return NULL;
    for (size_t i = 0; i < s->cat.n; i++)
        if (S_in(&s->cat.v[i].wrongs, k)) return &s->cat.v[i];
    /* the full prefix on an instrument that has none */
    if (s->prefix && S_starts(k, s->prefix)) {
        const S_entry *e = S_exact(s, k + strlen(s->prefix));
        if (e && !S_starts(e->key, s->prefix)) return e;
    }
    int f, t;
    size_t plen = S_period(k, &f, &t);
    if (plen) { /* a known plan with another start to the same end */
        char *series = fz_xstrdup(k);
        series[strlen(k) - plen] = '\0';
        const S_entry *hit = NULL;
        for (size_t i = 0; i < s->cat.n && !hit; i++) {
            const S_entry *e = &s->cat.v[i];
            if (e->series && !strcmp(e->series, series) && e->to == t && e->from != f) hit = e;
        }
        free(series);
        if (hit) return hit;
    }
    /* the same words in another genre, or without one: 暂行规定 for 暂行条例 */
    char *core, *stem;
    const char *genre;
    S_parts(s, k, &core, &genre, &stem);
    const S_entry *hit = NULL;
    for (size_t i = 0; i < s->cat.n && !hit; i++) {
        const S_entry *e = &s->cat.v[i];
        if (!e->stem || !strcmp(core, e->core)) continue;
        if (!strcmp(stem ? stem : core, e->stem)) hit = e;
    }
    free(core);
    free(stem);
    return hit;
}

/* ---- the check ------------------------------------------------------------------------- */

/* The finding on the whole citation; what it should be keeps the citation's own marks
 * (around the title group t): 〈…〉 inside a title stays 〈…〉. */
static void S_report(fz_eng *e, const fz_rule *rule, const fz_cursor *c, fz_span t, fz_level level,
                     const char *tmpl, const char *expected, const char *value, bool fix) {
    fz_span at = fz_cursor_span(e, c);
    char *match = fz_eng_src(e, at);
    fz_buf x = {0};
    if (expected) {
        fz_buf_put(&x, match, t.start - at.start);
        fz_buf_puts(&x, expected);
        fz_buf_puts(&x, match + (t.end - at.start));
    }
    fz_msgargs a = {.match = match, .value = value, .expected = x.ptr, .count = -1, .cur = c};
    fz_diag *d = fz_eng_report(e, rule, level, at, tmpl, &a);
    if (fix && x.ptr) d->fix = fz_buf_detach(&x);
    fz_buf_free(&x);
    free(match);
}

/* Whether the text right after the citation gives a period: 《纲要》（2021—2025年）. */
static bool S_period_after(const fz_cursor *c) {
    const char *p = c->subj + c->me;
    size_t left = c->len - c->me;
    return left >= 2 && p[0] == '(' && S_digit(p[1]);
}

static void S_one(fz_eng *e, const fz_rule *rule, const fz_cursor *c, fz_span t, const char *k) {
    const S_set *s = rule->set;
    int ry = e->r->report_year;
    char year[16];
    const S_entry *hit;
    switch ((S_kind)s->check) {
    case S_NAME:
        if ((hit = S_wrong(s, k)))
            S_report(e, rule, c, t, rule->level, NULL, hit->title, hit->about, true);
        break;
    case S_FULL:
        if (!S_exact(s, k) && (hit = S_short(s, k)))
            S_report(e, rule, c, t, rule->level, NULL, hit->title, hit->about, true);
        break;
    case S_PERIOD:
        if (ry && !S_exact(s, k) && S_series(s, k) && !S_period_after(c) &&
            (hit = S_current(s, k, ry)))
            S_report(e, rule, c, t, rule->level, NULL, hit->title, hit->about, true);
        break;
    case S_OUTDATED:
        if (!ry || !(hit = S_exact(s, k))) break;
        if (hit->to && hit->to < ry) {
            const S_entry *next = S_successor(s, hit, ry);
            snprintf(year, sizeof year, "%d", hit->to);
            if (next)
                S_report(e, rule, c, t, rule->level, NULL, next->title, year, false);
            else
                S_report(e, rule, c, t, s->none.has_level ? s->none.level : rule->level,
                         s->none.message, NULL, year, false);
        } else if (hit->replaced && ry >= hit->since) {
            snprintf(year, sizeof year, "%d", hit->since);
            S_report(e, rule, c, t, s->replaced.has_level ? s->replaced.level : rule->level,
                     s->replaced.message, hit->replaced, year, false);
        }
        break;
    }
}

static bool S_match(fz_eng *e, const fz_rule *rule, const fz_cursor *c, void *ctx) {
    (void)ctx;
    fz_span at;
    char *title = NULL;
    if (fz_cursor_group(e, c, "title", &at, &title)) {
        char *k = S_canon(title);
        S_one(e, rule, c, at, k);
        free(k);
    }
    free(title);
    return true;
}

static void S_check(fz_eng *e, const fz_rule *rule) {
    fz_spans units = {0};
    fz_eng_units(e, &rule->scope, &units);
    fz_eng_each_match(e, rule, &units, ((const S_set *)rule->set)->cite.v[0], S_match, NULL);
    fz_vec_free(&units);
}

/* ---- the keys -------------------------------------------------------------------------- */

static void S_strs_free(S_strs *v) {
    for (size_t i = 0; i < v->n; i++) free(v->v[i]);
    fz_vec_free(v);
}

/* A string or a list of strings, each canonical, into v. */
static void S_canon_list(fz_pack *c, const fz_ynode *v, const char *what, S_strs *out) {
    if (v->kind == FZ_Y_SEQ) {
        for (size_t i = 0; i < v->n; i++) S_canon_list(c, v->items[i], what, out);
        return;
    }
    const char *str = fz_pack_str(c, v, what);
    if (str && *str)
        fz_vec_push(out, S_canon(str));
    else if (str)
        fz_pack_error(c, v, "“%s”不能为空", what);
}

static void S_k_check(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *s = r->set;
    const char *str = fz_pack_str(c, v, "check");
    if (!str) return;
    for (size_t i = 0; i < sizeof S_kinds / sizeof *S_kinds; i++)
        if (!strcmp(str, S_kinds[i])) {
            s->check = (int)i;
            return;
        }
    s->check = -2; /* reported here, not again as missing */
    fz_pack_error(c, v, "未知的检查“%s”（可用：name、full、period、outdated）", str);
}

static void S_k_cite(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_patterns(c, r, v, &((S_set *)r->set)->cite, true, "title");
}

static void S_k_prefix(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *s = r->set;
    const char *str = fz_pack_str(c, v, "full-prefix");
    if (!str) return;
    free(s->prefix);
    s->prefix = S_canon(str);
}

static int S_longer(const void *a, const void *b) {
    size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);
    return la < lb ? 1 : la > lb ? -1 : 0;
}

static void S_k_genres(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *s = r->set;
    S_strs_free(&s->genres);
    S_canon_list(c, v, "genres", &s->genres);
    if (s->genres.n) qsort(s->genres.v, s->genres.n, sizeof *s->genres.v, S_longer);
}

static void S_other_read(fz_pack *c, const fz_ynode *v, const char *what, S_other *o) {
    if (v->kind != FZ_Y_MAP) {
        fz_pack_error(c, v, "“%s”应为映射（message、level）", what);
        return;
    }
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const char *k = v->items[i]->str;
        if (!strcmp(k, "message"))
            fz_pack_set_str(c, v->items[i + 1], "message", &o->message);
        else if (!strcmp(k, "level"))
            o->has_level = fz_pack_level(c, v->items[i + 1], &o->level);
        else
            fz_pack_error(c, v->items[i], "“%s”中未知的键“%s”（可用：message、level）", what, k);
    }
}
static void S_k_none(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_other_read(c, v, "no-successor", &((S_set *)r->set)->none);
}
static void S_k_replaced(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_other_read(c, v, "replaced", &((S_set *)r->set)->replaced);
}

static void S_entry_free(S_entry *e) {
    free(e->title);
    free(e->key);
    free(e->issuer);
    free(e->about);
    free(e->core);
    free(e->stem);
    free(e->series);
    free(e->replaced);
    S_strs_free(&e->shorts);
    S_strs_free(&e->wrongs);
}

/* One instrument: {title, issuer, years, short, wrong, replaced-by, since}. */
static void S_entry_read(fz_pack *c, const fz_ynode *v, S_entry *e) {
    if (v->kind != FZ_Y_MAP) {
        fz_pack_error(c, v, "“catalogue”的每一项应为映射（title、issuer、years …）");
        return;
    }
    bool years = false;
    const fz_ynode *replaced = NULL;
    const char *issuer = "";
    fz_buf when = {0};
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const char *k = v->items[i]->str;
        const fz_ynode *x = v->items[i + 1];
        if (!strcmp(k, "title")) {
            fz_pack_set_str(c, x, "title", &e->title);
        } else if (!strcmp(k, "issuer")) {
            const char *str = fz_pack_str(c, x, "issuer");
            if (str) free(e->issuer), e->issuer = S_canon(str), issuer = str;
        } else if (!strcmp(k, "years")) { /* documentation, checked for form */
            int y;
            years = true;
            if (x->kind == FZ_Y_SEQ && x->n == 0) fz_pack_error(c, x, "“years”不能为空");
            for (size_t j = 0; j < (x->kind == FZ_Y_SEQ ? x->n : 1); j++)
                if (fz_pack_int(c, x->kind == FZ_Y_SEQ ? x->items[j] : x, "years", 1949, 2100, &y))
                    fz_buf_printf(&when, "%s%d", when.len ? "、" : "", y);
        } else if (!strcmp(k, "short")) {
            S_canon_list(c, x, "short", &e->shorts);
        } else if (!strcmp(k, "wrong")) {
            S_canon_list(c, x, "wrong", &e->wrongs);
        } else if (!strcmp(k, "replaced-by")) {
            fz_pack_set_str(c, x, "replaced-by", &e->replaced);
            replaced = x;
        } else if (!strcmp(k, "since")) {
            fz_pack_int(c, x, "since", 1949, 2100, &e->since);
        } else {
            fz_pack_error(c, v->items[i],
                          "“catalogue”中未知的键“%s”（可用：title、issuer、years、short、wrong、"
                          "replaced-by、since）",
                          k);
        }
    }
    fz_buf about = {0};
    fz_buf_printf(&about, "%s%s%s年", issuer, *issuer ? "，" : "", when.ptr ? when.ptr : "");
    e->about = fz_buf_detach(&about);
    fz_buf_free(&when);
    if (!e->title || !*e->title) fz_pack_error(c, v, "“catalogue”的这一项缺少“title”");
    if (!e->issuer) fz_pack_error(c, v, "“catalogue”的这一项缺少“issuer”");
    if (!years) fz_pack_error(c, v, "“catalogue”的这一项缺少“years”");
    if (replaced && !e->since && e->title) {
        char *key = S_canon(e->title);
        int f, t;
        if (!S_period(key, &f, &t))
            fz_pack_error(c, replaced, "“replaced-by”需要“since”（哪一年起）");
        free(key);
    }
}

static void S_k_catalogue(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *s = r->set;
    if (v->kind != FZ_Y_SEQ || v->n == 0) {
        fz_pack_error(c, v, "“catalogue”应为非空列表");
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        S_entry e = {0};
        S_entry_read(c, v->items[i], &e);
        if (!e.title || !e.issuer) {
            S_entry_free(&e);
            continue;
        }
        e.key = S_canon(e.title);
        fz_vec_push(&s->cat, e);
    }
}

static void S_init(fz_rule *r) {
    ((S_set *)r->set)->check = -1;
}

/* After every key (full-prefix and genres may follow the catalogue): the derived parts. */
static void S_finish(fz_pack *c, fz_rule *r, const fz_ynode *m) {
    S_set *s = r->set;
    if (!fz_ymap_get(m, "cite")) fz_pack_error(c, m, "规则 %s 缺少“cite”", r->short_id);
    if (!fz_ymap_get(m, "catalogue")) fz_pack_error(c, m, "规则 %s 缺少“catalogue”", r->short_id);
    if (s->check == -1) fz_pack_error(c, m, "规则 %s 缺少“check”", r->short_id);
    for (size_t i = 0; i < s->cat.n; i++) {
        S_entry *e = &s->cat.v[i];
        e->klen = strlen(e->key);
        e->ilen = strlen(e->issuer);
        if (s->prefix && S_starts(e->key, s->prefix)) e->base = e->key + strlen(s->prefix);
        size_t plen = S_period(e->key, &e->from, &e->to);
        if (plen) {
            e->series = fz_xstrdup(e->key);
            e->series[strlen(e->key) - plen] = '\0';
        }
        S_parts(s, e->key, &e->core, &e->genre, &e->stem);
        if (e->replaced) {
            char *k = S_canon(e->replaced);
            bool known = false;
            for (size_t j = 0; j < s->cat.n && !known; j++) known = !strcmp(s->cat.v[j].key, k);
            free(k);
            if (!known)
                fz_pack_error(c, m, "规则 %s 的目录中“%s”的 replaced-by“%s”不在目录中", r->short_id,
                              e->title, e->replaced);
        }
        for (size_t j = 0; j < i; j++)
            if (!strcmp(s->cat.v[j].key, e->key))
                fz_pack_error(c, m, "规则 %s 的目录中“%s”出现了两次", r->short_id, e->title);
    }
}

static void S_patterns(const fz_rule *r, void (*add)(void *, const fz_regex *), void *ctx) {
    fz_regexes_each(&((const S_set *)r->set)->cite, add, ctx);
}

static bool S_fix_how(const fz_rule *r, fz_buf *out) {
    if (((const S_set *)r->set)->check == S_OUTDATED) return false;
    if (out) fz_buf_puts(out, "换成目录中的名称\n");
    return true;
}

static void S_level_set(fz_rule *r) {
    S_set *s = r->set;
    s->none.has_level = s->replaced.has_level = false;
}

static void S_free(fz_rule *r) {
    S_set *s = r->set;
    fz_regexes_free(&s->cite);
    free(s->prefix);
    S_strs_free(&s->genres);
    for (size_t i = 0; i < s->cat.n; i++) S_entry_free(&s->cat.v[i]);
    fz_vec_free(&s->cat);
    free(s->none.message);
    free(s->replaced.message);
}

static const fz_rule_key S_keys[] = {
    {"check", S_k_check, false},         {"cite", S_k_cite, false},
    {"full-prefix", S_k_prefix, false},  {"genres", S_k_genres, false},
    {"catalogue", S_k_catalogue, false}, {"no-successor", S_k_none, false},
    {"replaced", S_k_replaced, false},   {"fix", fz_pack_fix, true},
};

const fz_rule_def fz_rule_instrument_def = {.name = "instrument",
                                            .scoped = true,
                                            .normalize = true,
                                            .default_scope = FZ_SCOPE_BODY,
                                            .keys = S_keys,
                                            .nkeys = sizeof S_keys / sizeof *S_keys,
                                            .size = sizeof(S_set),
                                            .init = S_init,
                                            .finish = S_finish,
                                            .check = S_check,
                                            .patterns = S_patterns,
                                            .fix_how = S_fix_how,
                                            .level_set = S_level_set,
                                            .free = S_free};
