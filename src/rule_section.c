/* rule_section.c - parts of a report found by heading or by an opening cue;
 * their presence, order and required content. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

/* Does re match anywhere in src[s, e) (on the rule's view)?  The hit goes to *hit. */
static bool S_find(fz_eng *e, const fz_rule *rule, const fz_regex *re, size_t s, size_t end,
                   fz_span *hit) {
    fz_cursor c;
    fz_cursor_init(e, rule, (fz_span){s, end}, re, &c);
    if (fz_cursor_next(e, rule, &c) != FZ_MATCH_OK) return false;
    if (hit) *hit = fz_cursor_span(e, &c);
    return true;
}

/* The text lines can carry a cue in: paragraphs and the run-in text of headings. */
static bool S_para_text(const fz_line *l, size_t *s, size_t *end) {
    if (l->kind == FZ_LINE_PARA) return *s = l->start, *end = l->end, true;
    if (l->kind == FZ_LINE_HEADING && l->heading_end < l->end)
        return *s = l->heading_end, *end = l->end, true;
    return false;
}

static bool S_other_cue(fz_eng *e, size_t self, const fz_line *l) {
    size_t s, end;
    if (!S_para_text(l, &s, &end)) return false;
    size_t keep = e->rule_index;
    bool hit = false;
    for (size_t k = 0; k < e->rs->rules.n && !hit; k++) {
        const fz_rule *o = e->rs->rules.v[k];
        if (k == self || o->type != FZ_RULE_SECTION || !o->cue) continue;
        e->rule_index = k;
        hit = S_find(e, o, o->cue, s, end, NULL);
    }
    e->rule_index = keep;
    return hit;
}

/* Heading lines' candidates: bit k of heads[i] is set when line i may match the heading
 * pattern of the k-th section rule (k < 64).  A line without one of the pattern's
 * prefilter literals in the rule's view cannot match; one scan of a line serves every
 * rule. */
typedef struct S_heads {
    uint64_t *line; /* per line, or NULL: no filter */
    size_t bit[64]; /* rule index of bit k */
    size_t n;
} S_heads;

static void S_heads_find(fz_eng *e, S_heads *h) {
    const fz_outline *o = &e->r->outline;
    const fz_lits *sets[64];
    const fz_rule *view_rule[2] = {NULL, NULL}; /* a rule of each view: raw, normalized */
    uint64_t view_bits[2] = {0, 0};
    memset(h, 0, sizeof *h);
    for (size_t i = 0; i < e->rs->rules.n && h->n < 64; i++) {
        const fz_rule *r = e->rs->rules.v[i];
        if (r->type != FZ_RULE_SECTION || !r->heading) continue;
        view_rule[r->normalize] = r;
        view_bits[r->normalize] |= 1ull << h->n;
        sets[h->n] = &r->heading->lits;
        h->bit[h->n++] = i;
    }
    if (!h->n) return;
    fz_lit_hits hits;
    fz_lit_hits_init(&hits, sets, h->n);
    h->line = fz_xcalloc(o->nlines ? o->nlines : 1, sizeof *h->line);
    for (size_t i = 0; i < o->nlines; i++) {
        const fz_line *l = &o->lines[i];
        if (l->kind != FZ_LINE_HEADING) continue;
        for (int v = 0; v < 2; v++) {
            if (!view_rule[v]) continue;
            fz_cursor c; /* the subject S_find's cursor will see */
            fz_cursor_init(e, view_rule[v], (fz_span){l->marker_end, l->heading_end}, NULL, &c);
            h->line[i] |= fz_lit_hits_find(&hits, c.subj, c.len) & view_bits[v];
        }
    }
}

static bool S_heads_may(const S_heads *h, size_t idx, size_t line) {
    if (!h->line) return true;
    for (size_t k = 0; k < h->n; k++)
        if (h->bit[k] == idx) return h->line[line] >> k & 1;
    return true; /* past the 64th section rule: no filter */
}

static void S_find_one(fz_eng *e, size_t idx, const S_heads *heads) {
    const fz_rule *rule = e->rs->rules.v[idx];
    const fz_outline *o = &e->r->outline;
    fz_found *f = &e->sections[idx];
    e->rule_index = idx;
    for (size_t i = 0; rule->heading && i < o->nlines; i++) {
        const fz_line *l = &o->lines[i];
        if (l->kind != FZ_LINE_HEADING || (rule->heading_level && l->level != rule->heading_level))
            continue;
        if (!S_heads_may(heads, idx, i) ||
            !S_find(e, rule, rule->heading, l->marker_end, l->heading_end, NULL))
            continue;
        f->found = true;
        f->locus = (fz_span){l->start, l->heading_end};
        fz_outline_section_span(o, &e->r->text, (int)i, &f->span.start, &f->span.end);
        return;
    }
    for (size_t i = 0; rule->cue && i < o->nlines; i++) {
        size_t s, end;
        fz_span hit;
        if (!S_para_text(&o->lines[i], &s, &end) || !S_find(e, rule, rule->cue, s, end, &hit))
            continue;
        /* An unheaded part runs on to the next heading, the sign-off, or the paragraph
         * that opens another part. */
        size_t stop = o->lines[i].end;
        for (size_t j = i + 1; j < o->nlines; j++) {
            const fz_line *l = &o->lines[j];
            if (l->kind == FZ_LINE_BLANK) continue;
            if (l->kind != FZ_LINE_PARA || S_other_cue(e, idx, l)) break;
            stop = l->end;
        }
        f->found = true;
        f->locus = hit;
        f->span = (fz_span){hit.start, stop};
        return;
    }
}

void fz_sections_find(fz_eng *e) {
    S_heads heads;
    S_heads_find(e, &heads);
    for (size_t i = 0; i < e->rs->rules.n; i++)
        if (e->rs->rules.v[i]->type == FZ_RULE_SECTION) S_find_one(e, i, &heads);
    free(heads.line);
}

/* Where a missing part should be: right after the part it must follow. */
static fz_span S_missing_at(const fz_eng *e, const fz_rule *rule) {
    const fz_outline *o = &e->r->outline;
    const fz_text *t = &e->r->text;
    for (size_t i = 0; i < rule->after.n; i++) {
        const fz_found *prev = &e->sections[rule->after.v[i]];
        if (!prev->found || !t->nlines) continue;
        /* the first line after that part, or its last line when it ends the report */
        size_t li = fz_text_line_of(t, prev->span.end > prev->span.start ? prev->span.end - 1
                                                                         : prev->span.start);
        for (size_t j = li + 1; j < o->nlines; j++)
            if (o->lines[j].kind != FZ_LINE_BLANK && o->lines[j].start >= prev->span.end)
                return (fz_span){o->lines[j].start, o->lines[j].start};
        return (fz_span){o->lines[li].start, o->lines[li].start};
    }
    /* a point, not a span: nothing there is wrong, something is missing there */
    fz_span head = fz_eng_head_locus(e);
    return (fz_span){head.start, head.start};
}

void fz_rule_section(fz_eng *e, const fz_rule *rule) {
    const fz_found *f = &e->sections[e->rule_index];
    if (!f->found) {
        fz_eng_report(e, rule, rule->level, S_missing_at(e, rule), NULL, NULL);
        return;
    }
    char *match = fz_eng_src(e, f->locus);
    for (size_t i = 0; i < rule->after.n; i++) {
        const fz_found *prev = &e->sections[rule->after.v[i]];
        if (!prev->found || prev->span.start <= f->span.start) continue;
        char *expected = fz_eng_src(e, prev->locus);
        fz_msgargs a = {.match = match, .expected = expected, .count = -1};
        fz_eng_report(e, rule, rule->level, f->locus,
                      rule->order_message ? rule->order_message : "“{match}”应位于“{expected}”之后",
                      &a);
        free(expected);
    }
    for (size_t i = 0; i < rule->must.n; i++) {
        const fz_check *ck = &rule->must.v[i];
        if (!ck->re || S_find(e, rule, ck->re, f->span.start, f->span.end, NULL)) continue;
        fz_msgargs a = {.match = match, .count = -1};
        fz_eng_report(e, rule, ck->has_level ? ck->level : rule->level, f->locus, ck->message, &a);
    }
    free(match);
}
