/* rule_section.c - parts of a report found by heading or by an opening cue;
 * their presence, order and required content. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rule_type.h"

typedef struct S_set {
    fz_regex *heading, *cue; /* heading: matched in headings; cue: opens an unheaded part */
    int heading_level;       /* 0 = any */
    FZ_VEC(char *) after_ids;
    FZ_VEC(int) after;   /* resolved indexes of section rules */
    char *order_message; /* NULL: a default */
    FZ_VEC(fz_check) must;
} S_set;

static inline const S_set *S_of(const fz_rule *r) {
    return r->set;
}

typedef struct S_hit {
    bool found;
    fz_span at;
} S_hit;

/* The first match ends the walk. */
static bool S_first(fz_eng *e, const fz_rule *rule, const fz_cursor *c, void *ctx) {
    (void)rule;
    S_hit *h = ctx;
    h->found = true;
    h->at = fz_cursor_span(e, c);
    return false;
}

/* Does re match anywhere in src[s, e) (on the rule's view)?  The hit goes to *hit. */
static bool S_find(fz_eng *e, const fz_rule *rule, const fz_regex *re, size_t s, size_t end,
                   fz_span *hit) {
    fz_span unit = {s, end};
    fz_spans one = {.v = &unit, .n = 1};
    S_hit h = {false, {0, 0}};
    fz_eng_each_match(e, rule, &one, re, S_first, &h);
    if (h.found && hit) *hit = h.at;
    return h.found;
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
        if (k == self || o->type != FZ_RULE_SECTION || !S_of(o)->cue) continue;
        e->rule_index = k;
        hit = S_find(e, o, S_of(o)->cue, s, end, NULL);
    }
    e->rule_index = keep;
    return hit;
}

static void S_find_one(fz_eng *e, size_t idx) {
    const fz_rule *rule = e->rs->rules.v[idx];
    const fz_outline *o = &e->r->outline;
    fz_found *f = &e->sections[idx];
    e->rule_index = idx;
    for (size_t i = 0; S_of(rule)->heading && i < o->nlines; i++) {
        const fz_line *l = fz_outline_at(o, i);
        if (l->kind != FZ_LINE_HEADING ||
            (S_of(rule)->heading_level && l->level != S_of(rule)->heading_level))
            continue;
        if (!S_find(e, rule, S_of(rule)->heading, l->marker_end, l->heading_end, NULL)) continue;
        f->found = true;
        f->locus = (fz_span){l->start, l->heading_end};
        fz_outline_section_span(o, &e->r->text, (int)i, &f->span.start, &f->span.end);
        f->content = l->heading_end;
        return;
    }
    for (size_t i = 0; S_of(rule)->cue && i < o->nlines; i++) {
        size_t s, end;
        fz_span hit;
        if (!S_para_text(fz_outline_at(o, i), &s, &end) ||
            !S_find(e, rule, S_of(rule)->cue, s, end, &hit))
            continue;
        /* An unheaded part runs on to the next heading, the sign-off, or the paragraph
         * that opens another part. */
        size_t stop = fz_outline_at(o, i)->end;
        for (size_t j = i + 1; j < o->nlines; j++) {
            const fz_line *l = fz_outline_at(o, j);
            if (l->kind == FZ_LINE_BLANK) continue;
            if (l->kind != FZ_LINE_PARA || S_other_cue(e, idx, l)) break;
            stop = l->end;
        }
        f->found = true;
        f->locus = hit;
        f->span = (fz_span){hit.start, stop};
        f->content = hit.start;
        return;
    }
}

/* A heading is a few bytes: its cursor scans them for the pattern's literals itself. */
void fz_sections_find(fz_eng *e) {
    for (size_t i = 0; i < e->rs->rules.n; i++)
        if (e->rs->rules.v[i]->type == FZ_RULE_SECTION) S_find_one(e, i);
}

/* Where a missing part should be: right after the part it must follow. */
static fz_span S_missing_at(const fz_eng *e, const fz_rule *rule) {
    const fz_outline *o = &e->r->outline;
    const fz_text *t = &e->r->text;
    for (size_t i = 0; i < S_of(rule)->after.n; i++) {
        const fz_found *prev = &e->sections[S_of(rule)->after.v[i]];
        if (!prev->found || !t->nlines) continue;
        /* the first line after that part, or its last line when it ends the report */
        size_t li = fz_text_line_of(t, prev->span.end > prev->span.start ? prev->span.end - 1
                                                                         : prev->span.start);
        for (size_t j = li + 1; j < o->nlines; j++)
            if (fz_outline_at(o, j)->kind != FZ_LINE_BLANK &&
                fz_outline_at(o, j)->start >= prev->span.end)
                return (fz_span){fz_outline_at(o, j)->start, fz_outline_at(o, j)->start};
        const fz_line *l = fz_outline_at(o, li);
        size_t at =
            l->kind == FZ_LINE_BLANK ? fz_text_line_end(t, li) : l->start; /* blank: empty there */
        return (fz_span){at, at};
    }
    /* a point, not a span: nothing there is wrong, something is missing there */
    fz_span head = fz_eng_head_locus(e);
    return (fz_span){head.start, head.start};
}

static void S_check(fz_eng *e, const fz_rule *rule) {
    const fz_found *f = &e->sections[e->rule_index];
    if (!f->found) {
        fz_eng_report(e, rule, rule->level, S_missing_at(e, rule), NULL, NULL);
        return;
    }
    char *match = fz_eng_src(e, f->locus);
    for (size_t i = 0; i < S_of(rule)->after.n; i++) {
        const fz_found *prev = &e->sections[S_of(rule)->after.v[i]];
        if (!prev->found || prev->span.start <= f->span.start) continue;
        char *expected = fz_eng_src(e, prev->locus);
        fz_msgargs a = {.match = match, .expected = expected, .count = -1};
        fz_eng_report(e, rule, rule->level, f->locus,
                      S_of(rule)->order_message ? S_of(rule)->order_message
                                                : "“{match}”应位于“{expected}”之后",
                      &a);
        free(expected);
    }
    /* what a part must contain is in its text: a heading that promises 原因 gives none */
    for (size_t i = 0; i < S_of(rule)->must.n; i++) {
        const fz_check *ck = &S_of(rule)->must.v[i];
        if (!ck->re || S_find(e, rule, ck->re, f->content, f->span.end, NULL)) continue;
        fz_msgargs a = {.match = match, .count = -1};
        fz_eng_report(e, rule, ck->has_level ? ck->level : rule->level, f->locus, ck->message, &a);
    }
    free(match);
}

static void S_k_heading(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *set = r->set;
    fz_regex_free(set->heading);
    set->heading = fz_pack_regex(c, v, r->normalize);
}
static void S_k_paragraph(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *set = r->set;
    fz_regex_free(set->cue);
    set->cue = fz_pack_regex(c, v, r->normalize);
}
static void S_k_heading_level(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_int(c, v, "heading-level", 1, 5, &((S_set *)r->set)->heading_level);
}

static void S_after_resolved(fz_rule *r, int index, const char *id) {
    S_set *set = r->set;
    fz_vec_push(&set->after, index);
    fz_vec_push(&set->after_ids, fz_xstrdup(id));
}

static void S_k_after(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    const fz_ynode *one[1] = {v};
    const fz_ynode *const *items = v->kind == FZ_Y_SEQ ? (const fz_ynode *const *)v->items : one;
    size_t n = v->kind == FZ_Y_SEQ ? v->n : 1;
    for (size_t i = 0; i < n; i++) {
        const char *s = fz_pack_str(c, items[i], "after");
        if (s) fz_pack_section_ref(c, r, s, items[i], S_after_resolved);
    }
}
static void S_k_order_message(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_set_str(c, v, "order-message", &((S_set *)r->set)->order_message);
}

static void S_k_must(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *set = r->set;
    if (v->kind != FZ_Y_SEQ) {
        fz_pack_error(c, v, "“must-contain”应为列表");
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        fz_check ck = {0};
        fz_pack_check(c, r, v->items[i], &ck, false, "must-contain");
        if (v->items[i]->kind == FZ_Y_MAP && !ck.message)
            fz_pack_error(c, v->items[i], "“must-contain”的每一项需要自己的“message”");
        else if (v->items[i]->kind == FZ_Y_SCALAR)
            fz_pack_error(c, v->items[i],
                          "“must-contain”的每一项应为映射（pattern、message、level）");
        fz_vec_push(&set->must, ck);
    }
}

static void S_finish(fz_pack *c, fz_rule *r, const fz_ynode *m) {
    if (!fz_ymap_get(m, "heading") && !fz_ymap_get(m, "paragraph"))
        fz_pack_error(c, m, "规则 %s 需要“heading”或“paragraph”（或两者）", r->short_id);
}

/* Its heading is looked for in headings and its musts in the part found: a few bytes,
 * scanned per cursor; its cue in every paragraph. */
static void S_patterns(const fz_rule *r, void (*add)(void *, const fz_regex *), void *ctx) {
    add(ctx, S_of(r)->cue);
    add(ctx, S_of(r)->heading);
}

static void S_level_set(fz_rule *r) {
    S_set *set = r->set;
    for (size_t i = 0; i < set->must.n; i++) set->must.v[i].has_level = false;
}

static void S_free(fz_rule *r) {
    S_set *set = r->set;
    fz_regex_free(set->heading);
    fz_regex_free(set->cue);
    for (size_t i = 0; i < set->after_ids.n; i++) free(set->after_ids.v[i]);
    fz_vec_free(&set->after_ids);
    fz_vec_free(&set->after);
    free(set->order_message);
    for (size_t i = 0; i < set->must.n; i++) fz_check_free(&set->must.v[i]);
    fz_vec_free(&set->must);
}

static const fz_rule_key S_keys[] = {
    {"summary", fz_pack_summary, false}, {"heading", S_k_heading, false},
    {"paragraph", S_k_paragraph, false}, {"heading-level", S_k_heading_level, false},
    {"after", S_k_after, false},         {"order-message", S_k_order_message, false},
    {"must-contain", S_k_must, false},
};

const fz_rule_def fz_rule_section_def = {.name = "section",
                                         .normalize_key = true,
                                         .normalize = true,
                                         .keys = S_keys,
                                         .nkeys = sizeof S_keys / sizeof *S_keys,
                                         .size = sizeof(S_set),
                                         .finish = S_finish,
                                         .check = S_check,
                                         .patterns = S_patterns,
                                         .level_set = S_level_set,
                                         .free = S_free};
