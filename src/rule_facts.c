/* rule_facts.c - the sum, ratio and fact types: one family, the facts stage's checks
 * (facts.h), reported as the rule says. */
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "rule_type.h"

typedef struct S_set {
    char *check; /* the facts check's name, as written */
    fz_regex *rate, *numerator, *denominator, *numerator_from; /* ratio of a named indicator:
                                                checked here, compiled again by the profile */
    int facts_rule; /* the profile rule that is this rule's check (its index) */
} S_set;

static inline const S_set *S_of(const fz_rule *r) {
    return r->set;
}

static bool S_facts_type(fz_rule_type t) {
    return t == FZ_RULE_SUM || t == FZ_RULE_RATIO || t == FZ_RULE_FACT;
}

/* The rule whose check is the profile's rule k (its id, level, message and switch). */
static const fz_rule *S_rule_of(const fz_ruleset *rs, size_t k) {
    for (size_t i = 0; i < rs->rules.n; i++) {
        const fz_rule *x = rs->rules.v[i];
        if (S_facts_type(x->type) && S_of(x)->facts_rule >= 0 && (size_t)S_of(x)->facts_rule == k)
            return x;
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

static void S_check(fz_eng *e, const fz_rule *rule) {
    const fz_facts_profile *p = &e->rs->facts;
    int k = S_of(rule)->facts_rule;
    if (!e->r->facts || k < 0 || (size_t)k >= p->rules.n) return;
    fz_facts_reporter out = {.on = S_on, .report = S_report, .ctx = e};
    fz_facts_check(e->r->facts, p, &out, k);
}

static void S_k_check(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_set_str(c, v, "check", &((S_set *)r->set)->check);
}
static void S_k_pattern(fz_pack *c, const fz_ynode *v, fz_regex **slot) {
    fz_regex_free(*slot);
    *slot = fz_pack_regex(c, v, true);
}
static void S_k_rate(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_k_pattern(c, v, &((S_set *)r->set)->rate);
}
static void S_k_numerator(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_k_pattern(c, v, &((S_set *)r->set)->numerator);
}
static void S_k_denominator(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_k_pattern(c, v, &((S_set *)r->set)->denominator);
}
static void S_k_numerator_from(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_k_pattern(c, v, &((S_set *)r->set)->numerator_from);
}

static void S_init(fz_rule *r) {
    ((S_set *)r->set)->facts_rule = -1;
}

/* The rule's check becomes the pack's facts profile rule of index facts_rule. */
static void S_finish(fz_pack *c, fz_rule *r, const fz_ynode *m) {
    S_set *s = r->set;
    if (!r->message) return; /* reported above */
    if (r->type == FZ_RULE_FACT && !s->check) {
        fz_pack_error(c, m,
                      "规则 %s 缺少“check”（fact 规则：over-100、conflict、restated 或 baseless）",
                      r->short_id);
        return;
    }
    fz_facts_profile *p = fz_pack_facts(c);
    fz_facts_rule_spec spec = {.id = r->id,
                               .type = r->def->name,
                               .check = s->check,
                               .rate = s->rate ? s->rate->pattern : NULL,
                               .numerator = s->numerator ? s->numerator->pattern : NULL,
                               .denominator = s->denominator ? s->denominator->pattern : NULL,
                               .numerator_from =
                                   s->numerator_from ? s->numerator_from->pattern : NULL};
    fz_buf why = {0};
    s->facts_rule = (int)p->rules.n;
    if (fz_facts_profile_add_rule(p, &spec, &why) != 0) {
        const fz_ynode *at = fz_ymap_get(m, "check");
        if (s->rate || s->numerator || s->denominator || s->numerator_from) at = m;
        fz_pack_error(c, at ? at : m, "%s", why.ptr ? why.ptr : "");
    } else if (!fz_ymap_get(m, "level")) {
        r->level = fz_facts_default_level(p->rules.v[s->facts_rule].check);
    }
    fz_buf_free(&why);
}

/* The pack's profile joins the rule set's after the rules already there. */
static void S_kept(fz_rule *r, const fz_ruleset *rs) {
    ((S_set *)r->set)->facts_rule += (int)rs->facts.rules.n;
}

static void S_free(fz_rule *r) {
    S_set *s = r->set;
    free(s->check);
    fz_regex_free(s->rate);
    fz_regex_free(s->numerator);
    fz_regex_free(s->denominator);
    fz_regex_free(s->numerator_from);
}

static const fz_rule_key S_keys[] = {{"check", S_k_check, false},
                                     {"rate", S_k_rate, false},
                                     {"numerator", S_k_numerator, false},
                                     {"denominator", S_k_denominator, false},
                                     {"numerator-from", S_k_numerator_from, false}};

#define S_DEF(type_name, nkeys_)                                                                   \
    {                                                                                              \
        .name = type_name, .normalize = true, .keys = S_keys, .nkeys = nkeys_,                     \
        .size = sizeof(S_set), .init = S_init, .finish = S_finish, .kept = S_kept,                 \
        .check = S_check, .free = S_free                                                           \
    }

/* rate, numerator and denominator belong to ratio rules only */
const fz_rule_def fz_rule_sum_def = S_DEF("sum", 1);
const fz_rule_def fz_rule_ratio_def = S_DEF("ratio", 5);
const fz_rule_def fz_rule_fact_def = S_DEF("fact", 1);
