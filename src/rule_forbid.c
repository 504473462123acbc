/* rule_forbid.c - the forbid type: every match of its patterns in a scope is a finding
 * (or one summary finding past summarize-over). */
#include <stdlib.h>
#include <string.h>

#include "rule_type.h"

typedef struct S_set {
    fz_regexes patterns;
    char *suggest;         /* the fix, a template; or NULL */
    int summarize_over;    /* more matches than this: one summary diagnostic; 0 = never */
    char *summary_message; /* placeholders {count} {match} */
} S_set;

/* Walks every match of every pattern in every unit; report == false only counts. */
static long S_pass(fz_eng *e, const fz_rule *rule, const fz_spans *units, bool report,
                   fz_span *first) {
    const S_set *s = rule->set;
    long count = 0;
    for (size_t p = 0; p < s->patterns.n; p++)
        for (size_t u = 0; u < units->n; u++) {
            fz_cursor c;
            fz_cursor_init(e, rule, units->v[u], s->patterns.v[p], &c);
            int rc;
            while ((rc = fz_cursor_next(e, rule, &c)) == FZ_MATCH_OK) {
                fz_span at = fz_cursor_span(e, &c);
                if (count++ == 0 || at.start < first->start) *first = at;
                if (!report) continue;
                char *match = fz_eng_src(e, at);
                fz_msgargs a = {.match = match, .count = -1, .cur = &c};
                char *fix = s->suggest ? fz_eng_format(e, s->suggest, &a) : NULL;
                a.expected = fix;
                fz_diag *d = fz_eng_report(e, rule, rule->level, at, NULL, &a);
                d->fix = fix;
                free(match);
            }
            if (rc == FZ_MATCH_LIMIT) return -1;
        }
    return count;
}

static void S_check(fz_eng *e, const fz_rule *rule) {
    const S_set *s = rule->set;
    fz_spans units = {0};
    fz_eng_units(e, &rule->scope, &units);
    fz_span first = {0, 0};
    if (s->summarize_over > 0) {
        /* A systematic habit (a whole text converted to half-width marks) is one finding. */
        long n = S_pass(e, rule, &units, false, &first);
        if (n > s->summarize_over) {
            char *match = fz_eng_src(e, first);
            fz_msgargs a = {.match = match, .count = n};
            fz_eng_report(e, rule, rule->level, first,
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
static void S_k_summarize(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_int(c, v, "summarize-over", 0, 1000000, &((S_set *)r->set)->summarize_over);
}
static void S_k_summary_message(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_set_str(c, v, "summary-message", &((S_set *)r->set)->summary_message);
}

static void S_finish(fz_pack *c, fz_rule *r, const fz_ynode *m) {
    if (!fz_ymap_get(m, "pattern")) fz_pack_error(c, m, "规则 %s 缺少“pattern”", r->short_id);
}

static void S_patterns(const fz_rule *r, void (*add)(void *, const fz_regex *), void *ctx) {
    fz_regexes_each(&((const S_set *)r->set)->patterns, add, ctx);
}

static void S_free(fz_rule *r) {
    S_set *s = r->set;
    fz_regexes_free(&s->patterns);
    free(s->suggest);
    free(s->summary_message);
}

static const fz_rule_key S_keys[] = {
    {"pattern", S_k_pattern, false},
    {"suggest", S_k_suggest, false},
    {"summarize-over", S_k_summarize, true},
    {"summary-message", S_k_summary_message, false},
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
                                        .free = S_free};
