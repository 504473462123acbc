/* rule_year.c - years in a scope against the report year. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule_type.h"

typedef struct S_set {
    fz_regexes patterns; /* one, with a (?<year>...) group */
    FZ_VEC(int) offsets; /* accepted offsets from the report year */
} S_set;

typedef struct S_walk {
    int ry;
    const char *expected;
} S_walk;

static bool S_match(fz_eng *e, const fz_rule *rule, const fz_cursor *c, void *ctx) {
    const S_set *s = rule->set;
    const S_walk *w = ctx;
    fz_span at;
    char *year = NULL;
    if (!fz_cursor_group(e, c, "year", &at, &year)) return true;
    char *end;
    long y = strtol(year, &end, 10);
    bool ok = *end != '\0'; /* not a number: not ours to judge */
    for (size_t k = 0; k < s->offsets.n && !ok; k++) ok = y == w->ry + s->offsets.v[k];
    if (!ok) {
        char *match = fz_eng_src(e, fz_cursor_span(e, c));
        fz_msgargs a = {
            .match = match, .value = year, .expected = w->expected, .count = -1, .cur = c};
        fz_eng_report(e, rule, rule->level, at, NULL, &a);
        free(match);
    }
    free(year);
    return true;
}

static void S_check(fz_eng *e, const fz_rule *rule) {
    const S_set *s = rule->set;
    int ry = e->r->report_year;
    if (!ry) return; /* nothing to compare with */
    fz_spans units = {0};
    fz_eng_units(e, &rule->scope, &units);
    char expected[16];
    snprintf(expected, sizeof expected, "%d", ry + s->offsets.v[0]);
    S_walk w = {ry, expected};
    fz_eng_each_match(e, rule, &units, s->patterns.v[0], S_match, &w);
    fz_vec_free(&units);
}

static void S_k_pattern(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_patterns(c, r, v, &((S_set *)r->set)->patterns, true, "year");
}

static bool S_offset(fz_pack *c, const fz_ynode *v, int *out) {
    const char *s = fz_pack_str(c, v, "expect");
    if (!s) return false;
    if (!strcmp(s, "equal")) return *out = 0, true;
    if (!strcmp(s, "next")) return *out = 1, true;
    if (!strcmp(s, "previous")) return *out = -1, true;
    return fz_pack_int(c, v, "expect", -50, 50, out);
}

static void S_k_expect(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *s = r->set;
    s->offsets.n = 0;
    int off;
    if (v->kind == FZ_Y_SEQ) {
        for (size_t i = 0; i < v->n; i++)
            if (S_offset(c, v->items[i], &off)) fz_vec_push(&s->offsets, off);
        if (v->n == 0) fz_pack_error(c, v, "“expect”不能为空");
    } else if (S_offset(c, v, &off)) {
        fz_vec_push(&s->offsets, off);
    }
}

static void S_finish(fz_pack *c, fz_rule *r, const fz_ynode *m) {
    S_set *s = r->set;
    if (!fz_ymap_get(m, "pattern")) fz_pack_error(c, m, "规则 %s 缺少“pattern”", r->short_id);
    if (s->offsets.n == 0) fz_vec_push(&s->offsets, 0);
}

static void S_patterns(const fz_rule *r, void (*add)(void *, const fz_regex *), void *ctx) {
    fz_regexes_each(&((const S_set *)r->set)->patterns, add, ctx);
}

static void S_free(fz_rule *r) {
    S_set *s = r->set;
    fz_regexes_free(&s->patterns);
    fz_vec_free(&s->offsets);
}

static const fz_rule_key S_keys[] = {{"pattern", S_k_pattern, false}, {"expect", S_k_expect, true}};

const fz_rule_def fz_rule_year_def = {.name = "year",
                                      .scoped = true,
                                      .normalize = true,
                                      .default_scope = FZ_SCOPE_BODY,
                                      .keys = S_keys,
                                      .nkeys = sizeof S_keys / sizeof *S_keys,
                                      .size = sizeof(S_set),
                                      .finish = S_finish,
                                      .check = S_check,
                                      .patterns = S_patterns,
                                      .free = S_free};
