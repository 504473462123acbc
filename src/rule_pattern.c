/* rule_pattern.c - require, forbid and swap: patterns over the units of a scope. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

void fz_rule_require(fz_eng *e, const fz_rule *rule) {
    fz_spans units = {0};
    fz_eng_units(e, &rule->scope, &units);
    /* A missing section is the section rule's finding, not this one's. */
    bool report_missing =
        rule->if_missing >= 0 ? rule->if_missing : rule->scope.kind != FZ_SCOPE_SECTION;
    if (units.n == 0 && !report_missing) {
        fz_vec_free(&units);
        return;
    }
    long found = 0;
    for (size_t p = 0; p < rule->patterns.n && found < rule->at_least; p++) {
        bool hit = false;
        for (size_t u = 0; u < units.n && !hit; u++) {
            fz_cursor c;
            fz_cursor_init(e, rule, units.v[u], rule->patterns.v[p], &c);
            int rc = fz_cursor_any(e, rule, &c);
            if (rc == FZ_MATCH_LIMIT) goto done;
            hit = rc == FZ_MATCH_OK;
        }
        found += hit;
    }
    if (found < rule->at_least) {
        fz_span at = fz_eng_scope_locus(e, &units);
        char expected[24];
        snprintf(expected, sizeof expected, "%d", rule->at_least);
        fz_msgargs a = {.expected = expected, .count = found};
        fz_eng_report(e, rule, rule->level, at, NULL, &a);
    }
done:
    fz_vec_free(&units);
}

/* The match with each suggest-map key replaced by its value (first key that fits wins), or
 * NULL when no key occurs in it: then there is nothing to suggest. */
static char *S_mapped(const fz_rule *rule, const char *match) {
    fz_buf b = {0};
    bool changed = false;
    for (const char *p = match; *p;) {
        size_t i = 0;
        while (i < rule->suggest_map.n &&
               strncmp(p, rule->suggest_map.v[i].from, strlen(rule->suggest_map.v[i].from)))
            i++;
        if (i < rule->suggest_map.n) {
            fz_buf_puts(&b, rule->suggest_map.v[i].replacement);
            p += strlen(rule->suggest_map.v[i].from);
            changed = true;
        } else {
            fz_buf_putc(&b, *p++);
        }
    }
    if (!changed) fz_buf_free(&b);
    return changed ? fz_buf_detach(&b) : NULL;
}

/* Walks every match of every pattern in every unit; report == false only counts. */
static long S_forbid_pass(fz_eng *e, const fz_rule *rule, const fz_spans *units, bool report,
                          long stop_after, fz_span *first) {
    long count = 0;
    for (size_t p = 0; p < rule->patterns.n; p++)
        for (size_t u = 0; u < units->n; u++) {
            fz_cursor c;
            fz_cursor_init(e, rule, units->v[u], rule->patterns.v[p], &c);
            int rc;
            while ((rc = fz_cursor_next(e, rule, &c)) == FZ_MATCH_OK) {
                fz_span at = fz_cursor_span(e, &c);
                if (count++ == 0 || at.start < first->start) *first = at;
                if (!report) {
                    if (stop_after >= 0 && count > stop_after) return count;
                    continue;
                }
                char *match = fz_eng_src(e, at);
                fz_msgargs a = {.match = match, .count = -1, .cur = &c};
                char *fix = rule->suggest         ? fz_eng_format(e, rule->suggest, &a)
                            : rule->suggest_map.n ? S_mapped(rule, match)
                                                  : NULL;
                a.expected = fix;
                fz_diag *d = fz_eng_report(e, rule, rule->level, at, NULL, &a);
                d->fix = fix;
                free(match);
            }
            if (rc == FZ_MATCH_LIMIT) return -1;
        }
    return count;
}

void fz_rule_forbid(fz_eng *e, const fz_rule *rule) {
    fz_spans units = {0};
    fz_eng_units(e, &rule->scope, &units);
    fz_span first = {0, 0};
    /* --fix needs every match, not the summary that stands for them */
    if (rule->summarize_over > 0 && !e->r->every_match) {
        /* A systematic habit (a whole text converted to half-width marks) is one finding. */
        long n = S_forbid_pass(e, rule, &units, false, -1, &first);
        if (n > rule->summarize_over) {
            char *match = fz_eng_src(e, first);
            fz_msgargs a = {.match = match, .count = n};
            fz_eng_report(e, rule, rule->has_summary_level ? rule->summary_level : rule->level, first,
                          rule->summary_message ? rule->summary_message : rule->message, &a);
            free(match);
            fz_vec_free(&units);
            return;
        }
        if (n < 0) {
            fz_vec_free(&units);
            return;
        }
    }
    S_forbid_pass(e, rule, &units, true, -1, &first);
    fz_vec_free(&units);
}

void fz_rule_swap(fz_eng *e, const fz_rule *rule) {
    fz_spans units = {0};
    fz_eng_units(e, &rule->scope, &units);
    for (size_t s = 0; s < rule->swaps.n; s++)
        for (size_t u = 0; u < units.n; u++) {
            fz_cursor c;
            fz_cursor_init(e, rule, units.v[u], rule->swaps.v[s].re, &c);
            int rc;
            while ((rc = fz_cursor_next(e, rule, &c)) == FZ_MATCH_OK) {
                fz_span at = fz_cursor_span(e, &c);
                char *match = fz_eng_src(e, at);
                fz_msgargs a = {.match = match,
                                .expected = rule->swaps.v[s].replacement,
                                .count = -1,
                                .cur = &c};
                fz_diag *d = fz_eng_report(e, rule, rule->level, at, NULL, &a);
                d->fix = fz_eng_format(e, rule->swaps.v[s].replacement, &a);
                free(match);
            }
            if (rc == FZ_MATCH_LIMIT) goto done;
        }
done:
    fz_vec_free(&units);
}
