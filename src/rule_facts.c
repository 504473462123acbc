/* rule_facts.c - sum, ratio and fact rules: the facts stage's checks, reported as the rule says. */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "facts.h"

static bool S_facts_type(fz_rule_type t) {
    return t == FZ_RULE_SUM || t == FZ_RULE_RATIO || t == FZ_RULE_FACT;
}

/* The rule whose check is the profile's rule k (its id, level, message and switch). */
static const fz_rule *S_rule_of(const fz_ruleset *rs, size_t k) {
    for (size_t i = 0; i < rs->rules.n; i++) {
        const fz_rule *x = rs->rules.v[i];
        if (S_facts_type(x->type) && x->facts_rule >= 0 && (size_t)x->facts_rule == k) return x;
    }
    return NULL;
}

static bool S_on(void *ctx, size_t k) {
    const fz_eng *e = ctx;
    const fz_rule *x = S_rule_of(e->rs, k);
    return x && x->enabled && fz_rule_applies(x, e->r->report_year) &&
           fz_rule_applies_kind(x, e->r->outline.kind_name);
}

static void S_report(void *ctx, size_t k, const fz_quantity *at, const fz_var *vars, size_t n) {
    fz_eng *e = ctx;
    const fz_rule *x = S_rule_of(e->rs, k);
    if (!x) return;
    fz_buf msg = {0};
    fz_vars vs = {vars, n};
    fz_expand(&msg, x->message, fz_vars_lookup, &vs);
    fz_diag_add(&e->r->diags, x->level, x->id, x->authority, at->start, at->end, "%s", msg.ptr);
    fz_buf_free(&msg);
}

void fz_rule_facts(fz_eng *e, const fz_rule *rule) {
    const fz_facts_profile *p = &e->rs->facts;
    if (!e->r->facts || rule->facts_rule < 0 || (size_t)rule->facts_rule >= p->rules.n) return;
    fz_facts_reporter out = {.on = S_on, .report = S_report, .ctx = e};
    fz_facts_check(e->r->facts, p, &out, rule->facts_rule);
}
