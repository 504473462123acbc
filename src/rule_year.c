/* rule_year.c - years in a scope against the report year. */
#include <stdio.h>
#include <stdlib.h>

#include "engine.h"

void fz_rule_year(fz_eng *e, const fz_rule *rule) {
    int ry = e->r->report_year;
    if (!ry) return; /* nothing to compare with */
    fz_spans units = {0};
    fz_eng_units(e, &rule->scope, &units);
    char expected[16];
    snprintf(expected, sizeof expected, "%d", ry + rule->offsets.v[0]);
    for (size_t u = 0; u < units.n; u++) {
        fz_cursor c;
        fz_cursor_init(e, rule, units.v[u], rule->patterns.v[0], &c);
        int rc;
        while ((rc = fz_cursor_next(e, rule, &c)) == FZ_MATCH_OK) {
            fz_span at;
            char *year = NULL;
            if (!fz_cursor_group(e, &c, "year", &at, &year)) continue;
            char *end;
            long y = strtol(year, &end, 10);
            bool ok = *end != '\0'; /* not a number: not ours to judge */
            for (size_t k = 0; k < rule->offsets.n && !ok; k++) ok = y == ry + rule->offsets.v[k];
            if (!ok) {
                char *match = fz_eng_src(e, fz_cursor_span(e, &c));
                fz_msgargs a = {
                    .match = match, .value = year, .expected = expected, .count = -1, .cur = &c};
                fz_eng_report(e, rule, rule->level, at, NULL, &a);
                free(match);
            }
            free(year);
        }
        if (rc == FZ_MATCH_LIMIT) break;
    }
    fz_vec_free(&units);
}
