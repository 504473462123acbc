/* rule_require.c - the require type: patterns that must occur in a scope (at-least of them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule_type.h"

typedef struct S_set {
    fz_regexes patterns;
    int at_least;   /* how many of the patterns must occur (default 1) */
    int if_missing; /* when the scope is absent: 1 report, 0 stay silent, -1 default */
} S_set;

static void S_check(fz_eng *e, const fz_rule *rule) {
    const S_set *s = rule->set;
    fz_spans units = {0};
    fz_eng_units(e, &rule->scope, &units);
    /* A missing section is the section rule's finding, not this one's. */
    bool report_missing = s->if_missing >= 0 ? s->if_missing : rule->scope.kind != FZ_SCOPE_SECTION;
    if (units.n == 0 && !report_missing) {
        fz_vec_free(&units);
        return;
    }
    long found = 0;
    for (size_t p = 0; p < s->patterns.n && found < s->at_least; p++) {
        int rc = fz_eng_any_match(e, rule, &units, s->patterns.v[p]);
        if (rc == FZ_MATCH_LIMIT) goto done;
        found += rc == FZ_MATCH_OK;
    }
    if (found < s->at_least) {
        fz_span at = fz_eng_scope_locus(e, &units);
        char expected[24];
        snprintf(expected, sizeof expected, "%d", s->at_least);
        fz_msgargs a = {.expected = expected, .count = found};
        fz_eng_report(e, rule, rule->level, at, NULL, &a);
    }
done:
    fz_vec_free(&units);
}

static void S_k_pattern(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_patterns(c, r, v, &((S_set *)r->set)->patterns, false, NULL);
}
static void S_k_at_least(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_int(c, v, "at-least", 1, 1000, &((S_set *)r->set)->at_least);
}
static void S_k_if_missing(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *s = r->set;
    if (v->kind == FZ_Y_SCALAR && strcmp(v->str, "report") == 0)
        s->if_missing = 1;
    else if (v->kind == FZ_Y_SCALAR && strcmp(v->str, "skip") == 0)
        s->if_missing = 0;
    else
        fz_pack_error(c, v, "“if-missing”应为 report 或 skip");
}

static void S_init(fz_rule *r) {
    S_set *s = r->set;
    s->at_least = 1;
    s->if_missing = -1;
}

static void S_finish(fz_pack *c, fz_rule *r, const fz_ynode *m) {
    const S_set *s = r->set;
    if (!fz_ymap_get(m, "pattern")) fz_pack_error(c, m, "规则 %s 缺少“pattern”", r->short_id);
    if (s->at_least > (int)s->patterns.n && s->patterns.n)
        fz_pack_error(c, fz_ymap_get(m, "at-least"), "“at-least”大于所列模式的个数");
}

static void S_patterns(const fz_rule *r, void (*add)(void *, const fz_regex *), void *ctx) {
    fz_regexes_each(&((const S_set *)r->set)->patterns, add, ctx);
}

static void S_free(fz_rule *r) {
    fz_regexes_free(&((S_set *)r->set)->patterns);
}

static const fz_rule_key S_keys[] = {
    {"pattern", S_k_pattern, false},
    {"at-least", S_k_at_least, true},
    {"if-missing", S_k_if_missing, false},
};

const fz_rule_def fz_rule_require_def = {.name = "require",
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
                                         .free = S_free};
