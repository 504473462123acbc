/* rule_metric.c - a captured number must be present and within its bounds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

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

void fz_rule_metric(fz_eng *e, const fz_rule *rule) {
    fz_spans units = {0};
    fz_eng_units(e, &rule->scope, &units);
    bool seen = false;
    char *first = NULL; /* for the summary formats */
    bool limit = false;
    for (size_t u = 0; u < units.n && !limit; u++) {
        fz_cursor c;
        fz_cursor_init(e, rule, units.v[u], rule->patterns.v[0], &c);
        int rc;
        while ((rc = fz_cursor_next(e, rule, &c)) == FZ_MATCH_OK) {
            fz_span at;
            char *value = NULL;
            double v;
            if (!fz_cursor_group(e, &c, "value", &at, &value)) continue;
            if (S_number(value, &v)) {
                seen = true;
                if (!first) first = fz_xstrdup(value);
                S_bound(e, rule, &rule->min, true, v, value, at, &c);
                S_bound(e, rule, &rule->max, false, v, value, at, &c);
            }
            free(value);
        }
        limit = rc == FZ_MATCH_LIMIT;
    }
    if (rule->summary)
        fz_vec_push(&e->r->tallies, ((fz_tally){.label = rule->summary,
                                                .rule_id = rule->id,
                                                .metric = true,
                                                .present = first != NULL,
                                                .value = first}));
    else
        free(first);
    if (limit) {
        fz_vec_free(&units);
        return;
    }
    bool section_missing = units.n == 0 && rule->scope.kind == FZ_SCOPE_SECTION;
    if (!seen && rule->required && !section_missing) {
        fz_eng_report(e, rule, rule->level, fz_eng_scope_locus(e, &units), NULL, NULL);
    }
    fz_vec_free(&units);
}
