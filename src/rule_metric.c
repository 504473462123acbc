/* rule_metric.c - a captured number must be present and within its bounds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule_type.h"

typedef struct S_set {
    fz_regexes patterns; /* one, with a (?<value>...) group */
    bool required;       /* a value must be stated */
    fz_regexes none; /* a statement that there were none counts as the value (无诉讼案件) */
    fz_check min, max;
} S_set;

/* The value group in the normalized view: digits, one point, thousands commas. */
static bool S_number(const char *s, double *out) {
    char buf[64];
    size_t n = 0;
    for (; *s && n + 1 < sizeof buf; s++)
        if (*s != ',' && *s != ' ') buf[n++] = *s;
    buf[n] = '\0';
    char *end;
    double v = strtod(buf, &end);
    if (n && !*end) return *out = v, true;
    int cn = fz_parse_numeral(buf, n); /* 四次 */
    if (cn >= 0) return *out = cn, true;
    return false;
}

static void S_bound(fz_eng *e, const fz_rule *rule, const fz_check *b, bool is_min, double v,
                    const char *value, fz_span at, const fz_cursor *c) {
    if (!b->set || (is_min ? v >= b->value : v <= b->value)) return;
    char expected[32];
    snprintf(expected, sizeof expected, "%g", b->value);
    fz_msgargs a = {.match = NULL, .value = value, .expected = expected, .count = -1, .cur = c};
    char *match = fz_eng_src(e, fz_cursor_span(e, c));
    a.match = match;
    const char *tmpl = b->message ? b->message
                       : is_min   ? "数值 {value} 低于下限 {expected}"
                                  : "数值 {value} 高于上限 {expected}";
    fz_eng_report(e, rule, b->has_level ? b->level : rule->level, at, tmpl, &a);
    free(match);
}

typedef struct S_walk {
    bool seen;
    char *first; /* for the summary formats */
} S_walk;

static bool S_match(fz_eng *e, const fz_rule *rule, const fz_cursor *c, void *ctx) {
    const S_set *s = rule->set;
    S_walk *w = ctx;
    fz_span at;
    char *value = NULL;
    double v;
    if (!fz_cursor_group(e, c, "value", &at, &value)) return true;
    if (S_number(value, &v)) {
        w->seen = true;
        if (!w->first) w->first = fz_xstrdup(value);
        S_bound(e, rule, &s->min, true, v, value, at, c);
        S_bound(e, rule, &s->max, false, v, value, at, c);
    }
    free(value);
    return true;
}

static void S_check(fz_eng *e, const fz_rule *rule) {
    const S_set *s = rule->set;
    fz_spans units = {0};
    fz_eng_units(e, &rule->scope, &units);
    S_walk w = {false, NULL};
    bool limit =
        fz_eng_each_match(e, rule, &units, s->patterns.v[0], S_match, &w) == FZ_MATCH_LIMIT;
    if (rule->summary)
        fz_vec_push(&e->r->tallies, ((fz_tally){.label = rule->summary,
                                                .rule_id = rule->id,
                                                .metric = true,
                                                .present = w.first != NULL,
                                                .value = w.first}));
    else
        free(w.first);
    if (limit) {
        fz_vec_free(&units);
        return;
    }
    bool section_missing = units.n == 0 && rule->scope.kind == FZ_SCOPE_SECTION;
    bool unsure = false; /* a none pattern stopped by the match limit (said once) */
    for (size_t k = 0; !w.seen && !unsure && k < s->none.n; k++) {
        int rc = fz_eng_any_match(e, rule, &units, s->none.v[k]);
        unsure = rc == FZ_MATCH_LIMIT;
        w.seen = rc == FZ_MATCH_OK;
    }
    if (!w.seen && s->required && !section_missing && !unsure)
        fz_eng_report(e, rule, rule->level, fz_eng_scope_locus(e, &units), NULL, NULL);
    fz_vec_free(&units);
}

static void S_k_pattern(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_patterns(c, r, v, &((S_set *)r->set)->patterns, true, "value");
}
static void S_k_none(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_patterns(c, r, v, &((S_set *)r->set)->none, false, NULL);
}
static void S_k_required(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_bool(c, v, "required", &((S_set *)r->set)->required);
}
/* A config may give a bare number to move a bound and keep its message and level. */
static void S_k_bound(fz_pack *c, fz_rule *r, const fz_ynode *v, fz_check *ck, const char *what) {
    if (v->kind != FZ_Y_SCALAR) fz_check_free(ck);
    fz_pack_check(c, r, v, ck, true, what);
}
static void S_k_min(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_k_bound(c, r, v, &((S_set *)r->set)->min, "min");
}
static void S_k_max(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_k_bound(c, r, v, &((S_set *)r->set)->max, "max");
}

static void S_init(fz_rule *r) {
    ((S_set *)r->set)->required = true;
}

static void S_finish(fz_pack *c, fz_rule *r, const fz_ynode *m) {
    if (!fz_ymap_get(m, "pattern")) fz_pack_error(c, m, "规则 %s 缺少“pattern”", r->short_id);
}

static void S_patterns(const fz_rule *r, void (*add)(void *, const fz_regex *), void *ctx) {
    fz_regexes_each(&((const S_set *)r->set)->patterns, add, ctx);
    fz_regexes_each(&((const S_set *)r->set)->none, add, ctx);
}

static void S_level_set(fz_rule *r) {
    S_set *s = r->set;
    s->min.has_level = s->max.has_level = false;
}

static void S_free(fz_rule *r) {
    S_set *s = r->set;
    fz_regexes_free(&s->patterns);
    fz_regexes_free(&s->none);
    fz_check_free(&s->min);
    fz_check_free(&s->max);
}

static const fz_rule_key S_keys[] = {
    {"pattern", S_k_pattern, false}, {"summary", fz_pack_summary, false},
    {"none", S_k_none, false},       {"required", S_k_required, true},
    {"min", S_k_min, true},          {"max", S_k_max, true},
};

const fz_rule_def fz_rule_metric_def = {.name = "metric",
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
                                        .level_set = S_level_set,
                                        .free = S_free};
