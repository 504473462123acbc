/* rule_facts.c - sum, ratio and fact rules: the report's numbers, checked by the facts stage. */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "facts.h"

static bool S_facts_type(fz_rule_type t) {
    return t == FZ_RULE_SUM || t == FZ_RULE_RATIO || t == FZ_RULE_FACT;
}

void fz_eng_facts(fz_eng *e) {
    fz_report *r = e->r;
    const fz_facts_profile *p = &e->rs->facts;
    if (r->facts || !fz_facts_profile_ready(p)) return;
    const fz_text *t = &r->text;
    const fz_outline *o = &r->outline;
    /* Only the report's own text counts: portal chrome, the title and the sign-off
     * are blanked (same length, so norm offsets stay valid). */
    char *view = fz_xmalloc(t->norm_len + 1);
    memcpy(view, t->norm, t->norm_len);
    view[t->norm_len] = '\0';
    for (size_t i = 0; i < o->nlines; i++) {
        fz_line_kind k = o->lines[i].kind;
        if (k == FZ_LINE_PARA || k == FZ_LINE_HEADING || k == FZ_LINE_BLANK) continue;
        size_t a = fz_text_to_norm(t, t->line_start[i]), b = fz_text_to_norm(t, t->line_end[i]);
        if (b > t->norm_len) b = t->norm_len;
        if (a < b) memset(view + a, ' ', b - a);
    }
    r->facts = fz_xcalloc(1, sizeof *r->facts);
    fz_facts_extract(r->facts, view, t->norm_len, p, e->m);
    fz_facts_locate(r->facts, t);
    free(view);
}

void fz_rule_facts(fz_eng *e, const fz_rule *rule) {
    const fz_ruleset *rs = e->rs;
    const fz_facts_profile *p = &rs->facts;
    if (!e->r->facts || rule->facts_rule < 0 || (size_t)rule->facts_rule >= p->rules.n) return;
    /* The profile's rules as configured for this run: ids, levels, messages and
     * switches live in the rule set (config files change them), patterns in the profile. */
    fz_facts_rule *rules = fz_xmalloc(p->rules.n * sizeof *rules);
    memcpy(rules, p->rules.v, p->rules.n * sizeof *rules);
    for (size_t i = 0; i < rs->rules.n; i++) {
        const fz_rule *x = rs->rules.v[i];
        if (!S_facts_type(x->type) || x->facts_rule < 0 || (size_t)x->facts_rule >= p->rules.n)
            continue;
        fz_facts_rule *v = &rules[x->facts_rule];
        v->id = x->id;
        v->message = x->message;
        v->authority = x->authority;
        v->level = x->level;
        v->disabled = !x->enabled || !fz_rule_applies(x, e->r->report_year) ||
                      !fz_rule_applies_kind(x, e->r->outline.kind_name);
    }
    fz_facts_profile view = *p;
    view.rules.v = rules;
    fz_facts_check(e->r->facts, &view, &e->r->diags, rule->facts_rule);
    free(rules);
}
