/* rule_forbid.c - the forbid type: every match of its patterns in a scope is a finding
 * (or one summary finding past summarize-over). */
#include <stdlib.h>
#include <string.h>

#include "rule_type.h"

/* suggest-map: a literal of the match and what it becomes */
typedef struct S_map {
    char *from, *to;
} S_map;

typedef struct S_set {
    fz_regexes patterns;
    char *suggest;             /* the fix, a template; or NULL */
    FZ_VEC(S_map) suggest_map; /* else the fix: the match with each key replaced */
    int summarize_over;        /* more matches than this: one summary diagnostic; 0 = never */
    char *summary_message;     /* placeholders {count} {match} */
    fz_level summary_level;    /* of that summary, when has_summary_level: a whole text */
    bool has_summary_level;    /* converted by a portal is not the drafter's habit */
} S_set;

/* The match with each suggest-map key replaced by its value (first key that fits wins), or
 * NULL when no key occurs in it: then there is nothing to suggest. */
static char *S_mapped(const S_set *s, const char *match) {
    fz_buf b = {0};
    bool changed = false;
    for (const char *p = match; *p;) {
        size_t i = 0;
        while (i < s->suggest_map.n &&
               strncmp(p, s->suggest_map.v[i].from, strlen(s->suggest_map.v[i].from)))
            i++;
        if (i < s->suggest_map.n) {
            fz_buf_puts(&b, s->suggest_map.v[i].to);
            p += strlen(s->suggest_map.v[i].from);
            changed = true;
        } else {
            fz_buf_putc(&b, *p++);
        }
    }
    if (!changed) fz_buf_free(&b);
    return changed ? fz_buf_detach(&b) : NULL;
}

typedef struct S_walk {
    bool report; /* false: only count */
    long count;
    fz_span first;
} S_walk;

static bool S_match(fz_eng *e, const fz_rule *rule, const fz_cursor *c, void *ctx) {
    const S_set *s = rule->set;
    S_walk *w = ctx;
    fz_span at = fz_cursor_span(e, c);
    if (w->count++ == 0 || at.start < w->first.start) w->first = at;
    if (!w->report) return true;
    char *match = fz_eng_src(e, at);
    fz_msgargs a = {.match = match, .count = -1, .cur = c};
    char *fix = s->suggest         ? fz_eng_format(e, s->suggest, &a)
                : s->suggest_map.n ? S_mapped(s, match)
                                   : NULL;
    a.expected = fix;
    fz_diag *d = fz_eng_report(e, rule, rule->level, at, NULL, &a);
    d->fix = fix;
    free(match);
    return true;
}

/* Walks every match of every pattern in every unit; report == false only counts. */
static long S_pass(fz_eng *e, const fz_rule *rule, const fz_spans *units, bool report,
                   fz_span *first) {
    const S_set *s = rule->set;
    S_walk w = {report, 0, *first};
    for (size_t p = 0; p < s->patterns.n; p++)
        if (fz_eng_each_match(e, rule, units, s->patterns.v[p], S_match, &w) == FZ_MATCH_LIMIT)
            return -1;
    *first = w.first;
    return w.count;
}

static void S_check(fz_eng *e, const fz_rule *rule) {
    const S_set *s = rule->set;
    fz_spans units = {0};
    fz_eng_units(e, &rule->scope, &units);
    fz_span first = {0, 0};
    /* --fix needs every match, not the summary that stands for them */
    if (s->summarize_over > 0 && !e->r->every_match) {
        /* A systematic habit (a whole text converted to half-width marks) is one finding. */
        long n = S_pass(e, rule, &units, false, &first);
        if (n > s->summarize_over) {
            char *match = fz_eng_src(e, first);
            fz_msgargs a = {.match = match, .count = n};
            fz_eng_report(e, rule, s->has_summary_level ? s->summary_level : rule->level, first,
                          s->summary_message ? s->summary_message : rule->message, &a);
            free(match);
            fz_vec_free(&units);
            return;
        }
        if (n < 0) {
            fz_vec_free(&units);
            return;
        }
    }
    S_pass(e, rule, &units, true, &first);
    fz_vec_free(&units);
}

static void S_k_pattern(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_patterns(c, r, v, &((S_set *)r->set)->patterns, false, NULL);
}
static void S_k_suggest(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_set_str(c, v, "suggest", &((S_set *)r->set)->suggest);
}
/* suggest-map: {"半角": "全角", ...}; the suggestion is the match with each key replaced. */
static void S_k_suggest_map(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *s = r->set;
    if (v->kind != FZ_Y_MAP || v->n == 0) {
        fz_pack_error(c, v, "“suggest-map”应为“原文: 改为”的非空映射");
        return;
    }
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const char *from = fz_pack_str(c, v->items[i], "suggest-map");
        const char *to = fz_pack_str(c, v->items[i + 1], "suggest-map");
        if (!from || !to) continue;
        if (!*from) {
            fz_pack_error(c, v->items[i], "“suggest-map”的键不能为空");
            continue;
        }
        S_map mp = {fz_xstrdup(from), fz_xstrdup(to)};
        fz_vec_push(&s->suggest_map, mp);
    }
}
static void S_k_summarize(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_int(c, v, "summarize-over", 0, 1000000, &((S_set *)r->set)->summarize_over);
}
static void S_k_summary_message(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_set_str(c, v, "summary-message", &((S_set *)r->set)->summary_message);
}

static void S_k_summary_level(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *s = r->set;
    s->has_summary_level = fz_pack_level(c, v, &s->summary_level);
}
/* a level from a config is the summary's too */
static void S_level_set(fz_rule *r) {
    ((S_set *)r->set)->has_summary_level = false;
}

static void S_finish(fz_pack *c, fz_rule *r, const fz_ynode *m) {
    if (!fz_ymap_get(m, "pattern")) fz_pack_error(c, m, "规则 %s 缺少“pattern”", r->short_id);
}

static void S_patterns(const fz_rule *r, void (*add)(void *, const fz_regex *), void *ctx) {
    fz_regexes_each(&((const S_set *)r->set)->patterns, add, ctx);
}

static bool S_fix_how(const fz_rule *r, fz_buf *out) {
    const S_set *s = r->set;
    if (!s->suggest && !s->suggest_map.n) return false;
    if (!out) return true;
    if (s->suggest) {
        fz_buf_printf(out, "改为“%s”\n", s->suggest);
        return true;
    }
    fz_buf_puts(out, "替换");
    for (size_t i = 0; i < s->suggest_map.n; i++)
        fz_buf_printf(out, "%s“%s”→“%s”", i ? "、" : "", s->suggest_map.v[i].from,
                      s->suggest_map.v[i].to);
    fz_buf_putc(out, '\n');
    return true;
}

static void S_free(fz_rule *r) {
    S_set *s = r->set;
    fz_regexes_free(&s->patterns);
    free(s->suggest);
    for (size_t i = 0; i < s->suggest_map.n; i++) {
        free(s->suggest_map.v[i].from);
        free(s->suggest_map.v[i].to);
    }
    fz_vec_free(&s->suggest_map);
    free(s->summary_message);
}

static const fz_rule_key S_keys[] = {
    {"pattern", S_k_pattern, false},
    {"suggest", S_k_suggest, false},
    {"suggest-map", S_k_suggest_map, false},
    {"fix", fz_pack_fix, true},
    {"summarize-over", S_k_summarize, true},
    {"summary-message", S_k_summary_message, false},
    {"summary-level", S_k_summary_level, false},
};

const fz_rule_def fz_rule_forbid_def = {.name = "forbid",
                                        .scoped = true,
                                        .normalize = true,
                                        .default_scope = FZ_SCOPE_BODY,
                                        .keys = S_keys,
                                        .nkeys = sizeof S_keys / sizeof *S_keys,
                                        .size = sizeof(S_set),
                                        .finish = S_finish,
                                        .check = S_check,
                                        .patterns = S_patterns,
                                        .fix_how = S_fix_how,
                                        .level_set = S_level_set,
                                        .free = S_free};
