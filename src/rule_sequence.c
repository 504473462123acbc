/* rule_sequence.c - numbering of headings (per parent and level) and of inline
 * enumerations (per group): gaps, repeats, not starting at one, mixed markers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

enum { S_GAP, S_REPEAT, S_START, S_MIXED };

/* {expected} is the marker the series should have here, written as the series
 * writes its own (六是 in a 一是 series, （三） among （一）（二）): see fz_marker_renumber. */
static void S_report(fz_eng *e, const fz_rule *rule, int check, fz_span at, int value,
                     const char *expected_text, int expected) {
    char v[24];
    snprintf(v, sizeof v, "%d", value);
    char *match = fz_eng_src(e, at);
    char *x = expected_text ? NULL : fz_marker_renumber(match, expected);
    fz_msgargs a = {
        .match = match, .value = v, .expected = expected_text ? expected_text : x, .count = -1};
    fz_eng_report(e, rule, rule->level, at, rule->seq_messages[check], &a);
    free(x);
    free(match);
}

/* One numbered thing against the previous one of its run (prev < 0: first). */
static void S_step(fz_eng *e, const fz_rule *rule, fz_span at, int number, int prev) {
    int checks = rule->seq_checks;
    if (number < 0) return;
    if (prev < 0) {
        if ((checks & FZ_SEQ_START) && number != 1) S_report(e, rule, S_START, at, number, NULL, 1);
    } else if (number == prev) {
        if (checks & FZ_SEQ_REPEAT) S_report(e, rule, S_REPEAT, at, number, NULL, prev + 1);
    } else if (number != prev + 1) {
        if (checks & FZ_SEQ_GAP) S_report(e, rule, S_GAP, at, number, NULL, prev + 1);
    }
}

/* A run is the headings of one level under one parent.  The parents of a level's
 * headings only move down the document (a heading's parent is the nearest heading
 * above it of a lower level), so a run never resumes once another has begun at its
 * level: the latest run of each level is the only one a heading can continue. */
typedef struct S_run {
    bool open;
    int parent, last;
} S_run;

static void S_headings(fz_eng *e, const fz_rule *rule) {
    const fz_outline *o = &e->r->outline;
    S_run runs[8] = {{0}};
    int first_marker[8] = {0}, first_line[8];
    for (size_t i = 0; i < o->nlines; i++) {
        const fz_line *l = &o->lines[i];
        if (l->kind != FZ_LINE_HEADING || l->level < 1 || l->level > 7) continue;
        fz_span at = {l->start, l->marker_end};
        S_run *run = &runs[l->level];
        bool cont = run->open && run->parent == l->parent;
        S_step(e, rule, at, l->number, cont ? run->last : -1);
        *run = (S_run){true, l->parent, l->number};

        if (!(rule->seq_checks & FZ_SEQ_MIXED)) continue;
        if (!first_marker[l->level]) {
            first_marker[l->level] = (int)l->marker;
            first_line[l->level] = (int)i;
        } else if (first_marker[l->level] != (int)l->marker) {
            const fz_line *f = &o->lines[first_line[l->level]];
            char *expected = fz_eng_src(e, (fz_span){f->start, f->marker_end});
            S_report(e, rule, S_MIXED, at, l->number, expected, 0);
            free(expected);
        }
    }
}

static void S_items(fz_eng *e, const fz_rule *rule) {
    const fz_outline *o = &e->r->outline;
    for (size_t i = 0; i < o->items.n; i++) {
        const fz_item *it = &o->items.v[i];
        bool first = i == 0 || o->items.v[i - 1].group != it->group;
        S_step(e, rule, (fz_span){it->start, it->end}, it->number,
               first ? -1 : o->items.v[i - 1].number);
    }
}

void fz_rule_sequence(fz_eng *e, const fz_rule *rule) {
    if (rule->seq_of & FZ_SEQ_HEADINGS) S_headings(e, rule);
    if (rule->seq_of & FZ_SEQ_ITEMS) S_items(e, rule);
}
