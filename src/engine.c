/* engine.c - scopes, match walking, message formatting and the rule dispatch. */
#include "engine.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "rule_type.h"
#include "utf8.h"

char *fz_eng_src(const fz_eng *e, fz_span s) {
    return fz_xstrndup(e->r->text.src + s.start, s.end - s.start);
}

fz_span fz_eng_head_locus(const fz_eng *e) {
    const fz_outline *o = &e->r->outline;
    int li = o->title_line >= 0 ? o->title_line : o->first_body_line;
    if (li >= 0 && (size_t)li < o->nlines)
        return (fz_span){fz_outline_at(o, li)->start, fz_outline_at(o, li)->end};
    return (fz_span){0, 0};
}

fz_span fz_eng_scope_locus(const fz_eng *e, const fz_spans *units) {
    if (!units->n) return fz_eng_head_locus(e);
    fz_span u = units->v[0];
    size_t li = fz_text_line_of(&e->r->text, u.start);
    const fz_line *l = fz_outline_at(&e->r->outline, li);
    size_t end = l->kind == FZ_LINE_BLANK ? fz_text_line_end(&e->r->text, li) : l->end;
    return (fz_span){u.start, end > u.start && end < u.end ? end : u.end};
}

static bool S_body_line(const fz_line *l) {
    return l->kind == FZ_LINE_BLANK || l->kind == FZ_LINE_HEADING || l->kind == FZ_LINE_PARA;
}

static void S_push(fz_spans *out, size_t s, size_t e) {
    if (e > s) fz_vec_push(out, ((fz_span){s, e}));
}

/* Paragraph text: paragraph lines and the run-in text after a heading. */
static void S_paragraphs(const fz_outline *o, fz_spans *out) {
    for (size_t i = 0; i < o->nlines; i++) {
        const fz_line *l = fz_outline_at(o, i);
        if (l->kind == FZ_LINE_PARA)
            S_push(out, l->start, l->end);
        else if (l->kind == FZ_LINE_HEADING && l->heading_end < l->end)
            S_push(out, l->heading_end, l->end);
    }
}

/* Whether a sentence ends with the character at s (utf8.h); its length to *len. */
static bool S_sentence_end(const char *s, size_t room, size_t *len) {
    return fz_sentence_end(fz_utf8_cp(s, room, len));
}

static void S_units(fz_eng *e, const fz_scope *scope, fz_spans *out);

void fz_eng_units(fz_eng *e, const fz_scope *scope, fz_spans *out) {
    if (scope->kind == FZ_SCOPE_SECTION) return S_units(e, scope, out);
    /* the same for every rule of the report: worked out once */
    fz_spans *u = &e->units[scope->kind];
    if (!e->have_units[scope->kind]) {
        S_units(e, scope, u);
        e->have_units[scope->kind] = true;
    }
    if (!u->n) return;
    if (out->cap < out->n + u->n) {
        out->cap = out->n + u->n;
        out->v = fz_xrealloc(out->v, out->cap * sizeof *out->v);
    }
    memcpy(out->v + out->n, u->v, u->n * sizeof *u->v);
    out->n += u->n;
}

static void S_units(fz_eng *e, const fz_scope *scope, fz_spans *out) {
    const fz_outline *o = &e->r->outline;
    const fz_text *t = &e->r->text;
    switch (scope->kind) {
    case FZ_SCOPE_DOCUMENT:
        S_push(out, 0, t->src_len);
        break;
    case FZ_SCOPE_TITLE: {
        int a = o->issuer_line >= 0 ? o->issuer_line : o->title_line;
        if (a >= 0 && o->title_line >= 0)
            S_push(out, fz_outline_at(o, a)->start, fz_outline_at(o, o->title_last)->end);
        else if (a >= 0)
            S_push(out, fz_outline_at(o, a)->start, fz_outline_at(o, a)->end);
        break;
    }
    case FZ_SCOPE_BODY: {
        if (o->first_body_line < 0) break;
        size_t s = 0, last = 0;
        bool open = false;
        for (size_t i = (size_t)o->first_body_line; i < o->nlines; i++) {
            const fz_line *l = fz_outline_at(o, i);
            if (S_body_line(l)) {
                if (l->kind == FZ_LINE_BLANK) continue;
                if (!open) s = l->start, open = true;
                last = l->end;
            } else if (open) {
                S_push(out, s, last);
                open = false;
            }
        }
        if (open) S_push(out, s, last);
        break;
    }
    case FZ_SCOPE_HEADING:
        for (size_t i = 0; i < o->nlines; i++)
            if (fz_outline_at(o, i)->kind == FZ_LINE_HEADING)
                S_push(out, fz_outline_at(o, i)->start, fz_outline_at(o, i)->heading_end);
        break;
    case FZ_SCOPE_PARAGRAPH:
        S_paragraphs(o, out);
        break;
    case FZ_SCOPE_SENTENCE: {
        fz_spans paras = {0};
        S_paragraphs(o, &paras);
        for (size_t p = 0; p < paras.n; p++) {
            size_t s = paras.v[p].start, i = s, n;
            while (i < paras.v[p].end) {
                if (S_sentence_end(t->src + i, paras.v[p].end - i, &n)) {
                    S_push(out, s, i + n);
                    s = i += n;
                } else {
                    i++;
                }
            }
            S_push(out, s, paras.v[p].end);
        }
        fz_vec_free(&paras);
        break;
    }
    case FZ_SCOPE_SECTION: {
        const fz_found *f = &e->sections[scope->section];
        if (f->found) S_push(out, f->span.start, f->span.end);
        break;
    }
    }
}

static void S_lit_add_cb(void *l, const fz_regex *re) {
    /* anchored patterns look at the start of each unit only (see fz_regex_search) */
    if (re && !re->lits.at_search_start && !re->lits.anchored) fz_viewlits_add(l, re, &re->lits);
}

/* Whether a scope's units cover most of the text.  Rules scoped to the title, the
 * headings or one section scan their few bytes per cursor: indexing their (often
 * dense) literals over the whole text costs more. */
static bool S_scope_is_wide(const fz_scope *scope) {
    return scope->kind != FZ_SCOPE_TITLE && scope->kind != FZ_SCOPE_HEADING &&
           scope->kind != FZ_SCOPE_SECTION;
}

void fz_report_lits(fz_report *r, const fz_ruleset *rs, bool rules, fz_matcher *m) {
    fz_viewlits *l = r->lits;
    for (int v = 0; v < 2; v++) fz_viewlits_free(&l[v]);
    if (rs) {
        /* the outline's chrome patterns, on the normalized view */
        const fz_profile *p = fz_ruleset_profile(rs);
        for (size_t k = 0; k < p->chrome.n; k++)
            fz_viewlits_add(&l[1], p->chrome.v[k], &p->chrome.v[k]->lits);
        for (size_t i = 0; i < rs->rules.n; i++) {
            const fz_rule *rule = rs->rules.v[i];
            /* Section rules are looked for even when off (others may be scoped to them).
             * Rules of other report years stay in: the same list for every report lets
             * the literal table be reused. */
            bool walked = rule->type == FZ_RULE_SECTION ||
                          (rules && rule->enabled && S_scope_is_wide(&rule->scope));
            if (walked && rule->def->patterns)
                rule->def->patterns(rule, S_lit_add_cb, &l[rule->normalize]);
        }
    }
    const fz_text *t = &r->text;
    for (int v = 0; v < 2; v++)
        fz_viewlits_build(&l[v], &m->lits[v], v ? t->norm : t->src, v ? t->norm_len : t->src_len);
}

void fz_cursor_init(fz_eng *e, const fz_rule *rule, fz_span unit, const fz_regex *re,
                    fz_cursor *c) {
    const fz_text *t = &e->r->text;
    /* field by field: walk and lits (most of the struct) are set up when first used */
    c->norm = rule->normalize;
    c->re = re;
    c->pos = c->ms = c->me = 0;
    c->indexed = false;
    c->lits.ready = false;
    if (c->norm) {
        size_t a = fz_text_to_norm(t, unit.start), b = fz_text_to_norm(t, unit.end);
        c->subj = t->norm + a;
        c->base = a;
        c->len = b > a ? b - a : 0;
    } else {
        c->subj = t->src + unit.start;
        c->base = unit.start;
        c->len = unit.end - unit.start;
    }
    const fz_viewlits *l = &e->r->lits[c->norm];
    int set = re && !re->lits.at_search_start && !re->lits.anchored ? fz_viewlits_set(l, re) : -1;
    if (set < 0) return;
    c->indexed = true;
    fz_litwalk_init(&c->walk, &re->lits, &l->index, (size_t)set, c->base, c->len);
}

/* Records what a search gave: the match, and where the next search starts. */
static int S_found(fz_eng *e, const fz_rule *rule, fz_cursor *c, int rc, size_t ms, size_t me) {
    if (rc == FZ_MATCH_LIMIT) {
        e->limited[e->rule_index] = true;
        size_t at = fz_cursor_to_src(e, c, c->pos);
        const fz_tool_rule *t = &fz_tool_rules[FZ_MSG_RULE_LIMIT];
        fz_diag_add(&e->r->diags, t->level, rule->id, rule->authority, at, at, t->format, rule->id);
        return FZ_MATCH_LIMIT;
    }
    if (rc != FZ_MATCH_OK) return rc;
    c->ms = ms;
    c->me = me;
    /* An empty match must still move on, by one whole character. */
    if (me > ms)
        c->pos = me;
    else
        c->pos = fz_utf8_fwd(c->subj, c->len, me + 1);
    return FZ_MATCH_OK;
}

/* Next match: FZ_MATCH_OK, FZ_MATCH_NONE, or FZ_MATCH_LIMIT (already reported once). */
static int S_next(fz_eng *e, const fz_rule *rule, fz_cursor *c) {
    if (e->limited[e->rule_index]) return FZ_MATCH_NONE;
    size_t ms = 0, me = 0;
    int rc = fz_regex_search(e->m, c->re, c->subj, c->len, c->pos, c->indexed ? &c->walk : NULL,
                             &c->lits, false, &ms, &me);
    return S_found(e, rule, c, rc, ms, me);
}

/* On a fresh cursor: whether the unit holds a match at all, as S_next; the one it
 * gives need not be the first. */
static int S_any(fz_eng *e, const fz_rule *rule, fz_cursor *c) {
    if (e->limited[e->rule_index]) return FZ_MATCH_NONE;
    size_t ms = 0, me = 0;
    int rc = fz_regex_search(e->m, c->re, c->subj, c->len, c->pos, c->indexed ? &c->walk : NULL,
                             &c->lits, true, &ms, &me);
    return S_found(e, rule, c, rc, ms, me);
}

int fz_eng_each_match(fz_eng *e, const fz_rule *rule, const fz_spans *units, const fz_regex *re,
                      fz_match_fn fn, void *ctx) {
    for (size_t u = 0; u < units->n; u++) {
        fz_cursor c;
        fz_cursor_init(e, rule, units->v[u], re, &c);
        int rc;
        while ((rc = S_next(e, rule, &c)) == FZ_MATCH_OK)
            if (!fn(e, rule, &c, ctx)) return FZ_MATCH_OK;
        if (rc == FZ_MATCH_LIMIT) return FZ_MATCH_LIMIT;
    }
    return FZ_MATCH_OK;
}

int fz_eng_any_match(fz_eng *e, const fz_rule *rule, const fz_spans *units, const fz_regex *re) {
    for (size_t u = 0; u < units->n; u++) {
        fz_cursor c;
        fz_cursor_init(e, rule, units->v[u], re, &c);
        int rc = S_any(e, rule, &c);
        if (rc != FZ_MATCH_NONE) return rc;
    }
    return FZ_MATCH_NONE;
}

size_t fz_cursor_to_src(const fz_eng *e, const fz_cursor *c, size_t off) {
    return c->norm ? fz_text_to_src(&e->r->text, c->base + off) : c->base + off;
}

fz_span fz_cursor_span(const fz_eng *e, const fz_cursor *c) {
    return (fz_span){fz_cursor_to_src(e, c, c->ms), fz_cursor_to_src(e, c, c->me)};
}

bool fz_cursor_group(const fz_eng *e, const fz_cursor *c, const char *name, fz_span *src,
                     char **view_text) {
    int g = fz_regex_group_index(c->re, name);
    size_t gs, ge;
    if (g < 0 || e->m->last != c->re || !fz_match_group(e->m, g, &gs, &ge)) return false;
    if (src) *src = (fz_span){fz_cursor_to_src(e, c, gs), fz_cursor_to_src(e, c, ge)};
    if (view_text) *view_text = fz_xstrndup(c->subj + gs, ge - gs);
    return true;
}

typedef struct S_fmt {
    const fz_eng *e;
    const fz_msgargs *a;
} S_fmt;

/* {match} {value} {expected} {count}, then the named groups of the cursor's match. */
static bool S_placeholder(void *ctx, const char *name, size_t len, fz_buf *out) {
    const S_fmt *f = ctx;
    const fz_msgargs *a = f->a;
#define S_IS(lit) (len == sizeof lit - 1 && memcmp(name, lit, len) == 0)
    if (S_IS("match") && a->match) return fz_buf_puts(out, a->match), true;
    if (S_IS("value") && a->value) return fz_buf_puts(out, a->value), true;
    if (S_IS("expected") && a->expected) return fz_buf_puts(out, a->expected), true;
    if (S_IS("count") && a->count >= 0) return fz_buf_printf(out, "%ld", a->count), true;
#undef S_IS
    char group[65];
    fz_span s;
    if (!a->cur || len >= sizeof group) return false;
    memcpy(group, name, len);
    group[len] = '\0';
    if (!fz_cursor_group(f->e, a->cur, group, &s, NULL)) return false;
    fz_buf_put(out, f->e->r->text.src + s.start, s.end - s.start);
    return true;
}

char *fz_eng_format(const fz_eng *e, const char *tmpl, const fz_msgargs *a) {
    fz_buf b = {0};
    S_fmt f = {e, a};
    fz_expand(&b, tmpl, S_placeholder, &f);
    return fz_buf_detach(&b);
}

fz_diag *fz_eng_report(fz_eng *e, const fz_rule *rule, fz_level level, fz_span at, const char *tmpl,
                       const fz_msgargs *a) {
    static const fz_msgargs none = {.count = -1};
    char *msg = fz_eng_format(e, tmpl ? tmpl : rule->message, a ? a : &none);
    fz_diag *d =
        fz_diag_add(&e->r->diags, level, rule->id, rule->authority, at.start, at.end, "%s", msg);
    free(msg);
    return d;
}

/* A rule with kinds applies to reports of those kinds, and to a report whose kind is
 * unknown (read as a government's: the fullest set of duties). */
bool fz_rule_applies_kind(const fz_rule *rule, const char *kind) {
    if (!rule->kinds.n || !kind) return true;
    for (size_t i = 0; i < rule->kinds.n; i++)
        if (!strcmp(rule->kinds.v[i], kind)) return true;
    return false;
}

bool fz_rule_applies(const fz_rule *rule, int year) {
    if (!rule->year_min && !rule->year_max) return true;
    if (!year) return false;
    return (!rule->year_min || year >= rule->year_min) &&
           (!rule->year_max || year <= rule->year_max);
}

static bool S_waived(const void *ctx, const char *rule_id, size_t start) {
    const fz_eng *e = ctx;
    size_t line = e->r->text.nlines ? fz_text_line_of(&e->r->text, start) + 1 : 1;
    return fz_waived(e->rs, rule_id, e->r->path, line);
}

void fz_eng_begin(fz_eng *e, const fz_ruleset *rs, fz_report *r, fz_matcher *m) {
    memset(e, 0, sizeof *e);
    e->rs = rs, e->r = r, e->m = m;
    size_t n = rs->rules.n ? rs->rules.n : 1;
    e->sections = fz_xcalloc(n, sizeof *e->sections);
    e->limited = fz_xcalloc(n, sizeof *e->limited);
    /* waived findings are left out as they come (they do not count against a cap) */
    if (rs->waivers.n && r->path) {
        r->diags.waived = S_waived;
        r->diags.waived_ctx = e;
    }
    if (!r->lits[0].built) fz_report_lits(r, rs, true, m);
}

void fz_eng_run(fz_eng *e) {
    const fz_ruleset *rs = e->rs;
    fz_report *r = e->r;
    for (size_t k = 0; k < 2 * rs->rules.n; k++) {
        size_t i = k % rs->rules.n, pass = k / rs->rules.n;
        const fz_rule *rule = rs->rules.v[i];
        /* compare rules run in the second phase, across reports (compare.h) */
        if (!rule->enabled || !fz_rule_applies(rule, r->report_year) || !rule->def->check ||
            !fz_rule_applies_kind(rule, r->outline.kind_name))
            continue;
        /* a rule with silent-if runs after the others, and only if the rule it names said
         * nothing: the info that a rate is missing repeats the warning that the figure is */
        if ((rule->silent_if != NULL) != (pass == 1)) continue;
        if (rule->silent_if && fz_diags_has(&r->diags, rule->silent_if)) continue;
        e->rule_index = i;
        fz_matcher_budget(e->m, r->text.src_len); /* the rule's work on this file */
        rule->def->check(e, rule);
        if (rule->summary && rule->type == FZ_RULE_SECTION)
            fz_vec_push(&r->tallies, ((fz_tally){.label = rule->summary,
                                                 .rule_id = rule->id,
                                                 .present = e->sections[i].found}));
    }
    fz_matcher_budget(e->m, SIZE_MAX);
}

void fz_eng_end(fz_eng *e) {
    e->r->diags.waived = NULL;
    for (int k = 0; k < FZ_SCOPE_SECTION; k++) fz_vec_free(&e->units[k]);
    free(e->sections);
    free(e->limited);
}

fz_found *fz_engine_sections(const fz_ruleset *rs, fz_report *r, fz_matcher *m) {
    if (!rs || rs->rules.n == 0) return NULL;
    fz_eng e = {.rs = rs, .r = r, .m = m};
    if (!r->lits[0].built) fz_report_lits(r, rs, false, m);
    e.sections = fz_xcalloc(rs->rules.n, sizeof *e.sections);
    e.limited = fz_xcalloc(rs->rules.n, sizeof *e.limited);
    /* a match limit hit here is reported by the full check: findings go to a list
     * of their own, dropped */
    fz_diags kept = r->diags;
    r->diags = (fz_diags){0};
    fz_sections_find(&e);
    fz_diags_free(&r->diags);
    r->diags = kept;
    free(e.limited);
    return e.sections;
}
