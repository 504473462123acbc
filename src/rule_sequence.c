/* rule_sequence.c - numbering of headings (per parent and level) and of inline
 * enumerations (per group): gaps, repeats, not starting at one, mixed markers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule_type.h"

enum { S_GAP, S_REPEAT, S_START, S_MIXED };
enum { FZ_SEQ_GAP = 1, FZ_SEQ_REPEAT = 2, FZ_SEQ_START = 4, FZ_SEQ_MIXED = 8 };
enum { FZ_SEQ_HEADINGS = 1, FZ_SEQ_ITEMS = 2 };

typedef struct S_set {
    int of, checks;    /* FZ_SEQ_HEADINGS | FZ_SEQ_ITEMS; FZ_SEQ_GAP ... */
    char *messages[4]; /* gap, repeat, start, mixed; NULL: the rule's message */
} S_set;

static inline const S_set *S_of(const fz_rule *r) {
    return r->set;
}

/* {expected} is the marker the series should have here, written as the series
 * writes its own (六是 in a 一是 series, （三） among （一）（二）): fz_marker_renumber. */
static void S_report(fz_eng *e, const fz_rule *rule, int check, fz_span at, int value,
                     const char *expected_text, int expected) {
    char v[24];
    snprintf(v, sizeof v, "%d", value);
    char *match = fz_eng_src(e, at);
    char *x = expected_text ? NULL : fz_marker_renumber(match, expected);
    fz_msgargs a = {
        .match = match, .value = v, .expected = expected_text ? expected_text : x, .count = -1};
    fz_eng_report(e, rule, rule->level, at, S_of(rule)->messages[check], &a);
    free(x);
    free(match);
}

/* One numbered thing against the previous one of its run (prev < 0: first). */
static void S_step(fz_eng *e, const fz_rule *rule, fz_span at, int number, int prev) {
    int checks = S_of(rule)->checks;
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
        const fz_line *l = fz_outline_at(o, i);
        if (l->kind != FZ_LINE_HEADING || l->level < 1 || l->level > 7) continue;
        fz_span at = {l->start, l->marker_end};
        S_run *run = &runs[l->level];
        bool cont = run->open && run->parent == l->parent;
        S_step(e, rule, at, l->number, cont ? run->last : -1);
        *run = (S_run){true, l->parent, l->number};

        if (!(S_of(rule)->checks & FZ_SEQ_MIXED)) continue;
        if (!first_marker[l->level]) {
            first_marker[l->level] = (int)l->marker;
            first_line[l->level] = (int)i;
        } else if (first_marker[l->level] != (int)l->marker) {
            const fz_line *f = fz_outline_at(o, first_line[l->level]);
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

static void S_check(fz_eng *e, const fz_rule *rule) {
    if (S_of(rule)->of & FZ_SEQ_HEADINGS) S_headings(e, rule);
    if (S_of(rule)->of & FZ_SEQ_ITEMS) S_items(e, rule);
}

static void S_k_of(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *set = r->set;
    const char *s = fz_pack_str(c, v, "of");
    if (!s) return;
    if (!strcmp(s, "headings"))
        set->of = FZ_SEQ_HEADINGS;
    else if (!strcmp(s, "items"))
        set->of = FZ_SEQ_ITEMS;
    else if (!strcmp(s, "all"))
        set->of = FZ_SEQ_HEADINGS | FZ_SEQ_ITEMS;
    else
        fz_pack_error(c, v, "未知的“of”取值“%s”（可用：headings、items、all）", s);
}

static const char *S_names[4] = {"gap", "repeat", "start", "mixed"};

static int S_which(fz_pack *c, const fz_ynode *k) {
    for (int i = 0; i < 4; i++)
        if (!strcmp(k->str, S_names[i])) return i;
    fz_pack_error(c, k, "未知的编号检查“%s”（可用：gap、repeat、start、mixed）", k->str);
    return -1;
}

static void S_k_checks(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *set = r->set;
    if (v->kind != FZ_Y_SEQ) {
        fz_pack_error(c, v, "“checks”应为列表（gap、repeat、start、mixed）");
        return;
    }
    set->checks = 0;
    for (size_t i = 0; i < v->n; i++) {
        if (!fz_pack_str(c, v->items[i], "checks")) continue;
        int k = S_which(c, v->items[i]);
        if (k >= 0) set->checks |= 1 << k;
    }
}

static void S_k_messages(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *set = r->set;
    if (v->kind != FZ_Y_MAP) {
        fz_pack_error(c, v, "“messages”应为映射（gap、repeat、start、mixed → 提示语）");
        return;
    }
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        int k = S_which(c, v->items[i]);
        if (k >= 0) fz_pack_set_str(c, v->items[i + 1], "messages", &set->messages[k]);
    }
}

static void S_init(fz_rule *r) {
    S_set *set = r->set;
    set->of = FZ_SEQ_HEADINGS | FZ_SEQ_ITEMS;
    set->checks = FZ_SEQ_GAP | FZ_SEQ_REPEAT | FZ_SEQ_START | FZ_SEQ_MIXED;
}

static void S_free(fz_rule *r) {
    S_set *set = r->set;
    for (int i = 0; i < 4; i++) free(set->messages[i]);
}

static const fz_rule_key S_keys[] = {
    {"of", S_k_of, false}, {"checks", S_k_checks, true}, {"messages", S_k_messages, false}};

const fz_rule_def fz_rule_sequence_def = {.name = "sequence",
                                          .normalize = true,
                                          .keys = S_keys,
                                          .nkeys = sizeof S_keys / sizeof *S_keys,
                                          .size = sizeof(S_set),
                                          .init = S_init,
                                          .check = S_check,
                                          .free = S_free};
