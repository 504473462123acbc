/* facts_check.c - the checks on a report's figures: sums, rates, 100% claims, rates
 * over 100%, one indicator stated twice; findings go to the caller's reporter. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "facts_internal.h"

#define S_FIRSTS 32 /* distinct first statements kept per indicator */

static char *S_num(double v, int decimals) {
    fz_buf b = {0};
    fz_number_format(&b, v, decimals);
    return fz_buf_detach(&b);
}

typedef struct S_ctx {
    const fz_facts *f;
    const fz_facts_profile *p;
    const fz_facts_reporter *out;
    int only; /* the profile rule asked for, or -1: all */
} S_ctx;

static void S_emit(const S_ctx *c, const fz_facts_rule *r, const fz_quantity *at, fz_var *vars,
                   size_t nvars) {
    c->out->report(c->out->ctx, (size_t)(r - c->p->rules.v), at, vars, nvars);
    for (size_t k = 0; k < nvars; k++) free(vars[k].val);
}

static bool S_on(const S_ctx *c, const fz_facts_rule *r) {
    return c->out->on(c->out->ctx, (size_t)(r - c->p->rules.v));
}

/* The rule of a check that reports; NULL when none is on or another is asked for. */
static const fz_facts_rule *S_rule(const S_ctx *c, fz_facts_kind k, int only) {
    for (size_t i = 0; i < c->p->rules.n; i++)
        if (c->p->rules.v[i].check == k && !c->p->rules.v[i].rate && S_on(c, &c->p->rules.v[i]))
            return only < 0 || (size_t)only == i ? &c->p->rules.v[i] : NULL;
    return NULL;
}

static bool S_reports(const S_ctx *c, const fz_facts_rule *r) {
    return r && S_on(c, r) && (c->only < 0 || r == &c->p->rules.v[c->only]);
}

static void S_check_sums(const S_ctx *c) {
    const fz_facts *f = c->f;
    int only = c->only;
    const fz_facts_rule *exceed = S_rule(c, FZ_FACTS_SUM_EXCEED, only);
    const fz_facts_rule *shortr = S_rule(c, FZ_FACTS_SUM_SHORT, only);
    const fz_facts_rule *subset = S_rule(c, FZ_FACTS_SUM_SHORT_SUBSET, only);
    const fz_quantity *q = f->quantities.v;
    for (size_t i = 0; i < f->sums.n; i++) {
        const fz_sum *sm = &f->sums.v[i];
        const fz_quantity *t = &q[sm->total];
        if (t->approx) continue; /* 200余人: no bound to hold the parts to */
        double tol = sm->tolerance;
        const fz_facts_rule *r = NULL;
        /* approximate parts (约4件) are never added exactly: the exact ones must exceed */
        double exact = 0;
        for (size_t k = 0; k < sm->nparts; k++)
            if (!q[sm->parts[k]].approx) exact += q[sm->parts[k]].value;
        if ((sm->approx ? exact : sm->sum) > t->value + tol)
            r = exceed;
        else if (sm->nparts >= 2 && !sm->approx && sm->sum < t->value - tol &&
                 !(sm->has_rest && fabs(sm->sum + sm->rest - t->value) <= tol))
            r = sm->outcomes >= 0 ? shortr : subset; /* 其中 may name only some of them */
        if (!r) continue;
        fz_buf parts = {0};
        for (size_t k = 0; k < sm->nparts; k++) {
            if (k) fz_buf_putc(&parts, '+');
            fz_number_format(&parts, q[sm->parts[k]].value, q[sm->parts[k]].decimals);
        }
        fz_var vars[] = {
            {"label", fz_xstrdup(t->label)},         {"total", S_num(t->value, t->decimals)},
            {"value", S_num(t->value, t->decimals)}, {"unit", fz_xstrdup(t->unit)},
            {"sum", S_num(sm->sum, sm->decimals)},   {"parts", fz_buf_detach(&parts)}};
        S_emit(c, r, t, vars, sizeof vars / sizeof *vars);
    }
}

/* The label of a ratio's numerator: its count's, or its parts' (撤销+确认违法). */
static char *S_num_label(const S_ctx *c, const fz_ratio *ra) {
    const fz_quantity *q = c->f->quantities.v;
    if (ra->num_sum < 0) return fz_xstrdup(q[ra->num].label);
    const fz_sum *sm = &c->f->sums.v[ra->num_sum];
    fz_buf b = {0};
    fz_buf_puts(&b, "");
    for (size_t j = 0; j < sm->nparts && j < 64; j++)
        if ((ra->num_parts >> j) & 1)
            fz_buf_printf(&b, "%s%s", b.len ? "+" : "", q[sm->parts[j]].label);
    return fz_buf_detach(&b);
}

static void S_check_ratios(const S_ctx *c) {
    const fz_facts *f = c->f;
    const fz_facts_profile *p = c->p;
    const fz_facts_rule *full = S_rule(c, FZ_FACTS_RATE_FULL, -1);
    const fz_quantity *q = f->quantities.v;
    for (size_t i = 0; i < f->ratios.n; i++) {
        const fz_ratio *ra = &f->ratios.v[i];
        const fz_quantity *r = &q[ra->rate], *nu = &q[ra->num], *de = &q[ra->den];
        if (fz_rate_agrees(r->value, r->decimals, ra->numerator, de->value)) continue;
        if (r->value > 100) continue; /* a rate over 100% is wrong whatever it divides */
        const fz_facts_rule *rule = &p->rules.v[ra->rule];
        /* a named rate keeps its rule (and level); the generic one's 100% is `full` */
        if (full && !rule->rate && fabs(r->value - 100) < 1e-9 && ra->computed < 100) rule = full;
        if (!S_reports(c, rule)) continue;
        int shown = r->decimals > 0 ? r->decimals : 1;
        fz_var vars[] = {{"label", fz_xstrdup(r->label)},
                         {"stated", S_num(r->value, r->decimals)},
                         {"value", S_num(r->value, r->decimals)},
                         {"computed", S_num(ra->computed, shown)},
                         {"num", S_num(ra->numerator, nu->decimals)},
                         {"den", S_num(de->value, de->decimals)},
                         {"num_label", S_num_label(c, ra)},
                         {"den_label", fz_xstrdup(de->label)},
                         {"unit", fz_xstrdup(nu->unit)}};
        S_emit(c, rule, r, vars, sizeof vars / sizeof *vars);
    }
}

static bool S_values_differ(const fz_quantity *a, const fz_quantity *b) {
    int dec = a->decimals < b->decimals ? a->decimals : b->decimals;
    return fabs(a->value - b->value) > 0.5 / fz_pow10(dec) + 1e-9;
}

static void S_check_facts(const S_ctx *c) {
    const fz_facts *f = c->f;
    const fz_facts_profile *p = c->p;
    int only = c->only;
    const fz_facts_rule *over = S_rule(c, FZ_FACTS_RATE_OVER, only);
    const fz_facts_rule *conflict = S_rule(c, FZ_FACTS_CONFLICT, only);
    if (!over && !conflict) return;
    const fz_quantity *q = f->quantities.v;
    size_t nq = f->quantities.n, nind = p->indicators.n;
    /* per indicator, the first statement of each qualifier and unit */
    size_t *firsts = fz_xcalloc(nind ? nind * S_FIRSTS : 1, sizeof *firsts);
    size_t *nfirsts = fz_xcalloc(nind ? nind : 1, sizeof *nfirsts);
    for (size_t i = 0; i < nq; i++) {
        if (over && (q[i].flags & FZ_Q_RATE) && !(q[i].flags & FZ_Q_GROWTH) && q[i].value > 100) {
            fz_var vars[] = {{"label", fz_xstrdup(q[i].label)},
                             {"value", S_num(q[i].value, q[i].decimals)},
                             {"stated", S_num(q[i].value, q[i].decimals)},
                             {"unit", fz_xstrdup(q[i].unit)}};
            S_emit(c, over, &q[i], vars, sizeof vars / sizeof *vars);
        }
        if (!conflict || q[i].indicator < 0 || (size_t)q[i].indicator >= nind || q[i].approx)
            continue;
        size_t ind = (size_t)q[i].indicator, *fs = firsts + ind * S_FIRSTS, k = 0;
        for (; k < nfirsts[ind]; k++) {
            const fz_quantity *a = &q[fs[k]];
            if (fz_facts_same_unit(a, &q[i]) && a->qual_len == q[i].qual_len &&
                memcmp(a->label, q[i].label, q[i].qual_len) == 0)
                break;
        }
        if (k == nfirsts[ind]) {
            if (k < S_FIRSTS) fs[nfirsts[ind]++] = i;
            continue;
        }
        const fz_quantity *a = &q[fs[k]];
        if (!S_values_differ(a, &q[i])) continue;
        fz_buf first = {0}, val = {0};
        fz_number_format(&first, a->value, a->decimals);
        fz_buf_puts(&first, a->unit);
        fz_number_format(&val, q[i].value, q[i].decimals);
        fz_buf_puts(&val, q[i].unit);
        fz_var vars[] = {{"label", fz_xstrdup(q[i].label)},
                         {"indicator", fz_xstrdup(p->indicators.v[ind].name)},
                         {"value", fz_buf_detach(&val)},
                         {"first", fz_buf_detach(&first)},
                         {"unit", fz_xstrdup(q[i].unit)}};
        S_emit(c, conflict, &q[i], vars, sizeof vars / sizeof *vars);
    }
    free(firsts);
    free(nfirsts);
}

/* ---- the same thing stated twice (restated) ---- */

#define S_RESTATED_LOOK 64  /* earlier statements of a group compared with each */
#define S_MIN_BASE      10  /* a smaller base is too common to make two figures one thing */
#define S_RARE_BASE     100 /* a base this large is rarely shared by chance */
#define S_MIN_ALONE     6   /* characters of a label that names its figure without a base */

typedef struct S_key {
    uint64_t key;
    size_t q;
    int mode;
} S_key;

enum { S_BY_LABEL, S_BY_BASE, S_BY_ENTITY }; /* S_BY_BASE: rates by their last words */

static int S_key_cmp(const void *a, const void *b) {
    const S_key *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->q < y->q ? -1 : x->q > y->q;
}

static uint64_t S_str_hash(const char *s, uint64_t h) {
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static size_t S_chars(const char *s) {
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Whether t ends with the shorter of s and t, or s with it, of two characters at least. */
static bool S_suffix_related(const char *s, const char *t) {
    size_t ls = strlen(s), lt = strlen(t);
    const char *lo = ls < lt ? t : s, *sh = ls < lt ? s : t;
    size_t ll = ls < lt ? lt : ls, lsh = ls < lt ? ls : lt;
    return S_chars(sh) >= 2 && strcmp(lo + ll - lsh, sh) == 0;
}

/* Whether a and b are of the same base: a count of ten or more, the same value and unit;
 * under a hundred, with labels alike by their last words (培训12次 and 演练12次 are not). */
static bool S_same_base(const fz_quantity *q, const fz_quantity *a, const fz_quantity *b,
                        bool labels) {
    if (a->base == SIZE_MAX || b->base == SIZE_MAX) return false;
    const fz_quantity *x = &q[a->base], *y = &q[b->base];
    return fz_facts_same_unit(x, y) && !x->approx && !y->approx && x->value == y->value &&
           x->value >= S_MIN_BASE &&
           (!labels || x->value >= S_RARE_BASE || S_suffix_related(x->label, y->label));
}

/* Whether a and b (a earlier) state the same thing: other sentences, the same unit and
 * scope, and by mode: the same label (over the same base, or of six characters or more
 * when one has none),
 * a rate's label and a longer one over the same base whose extra words the shorter's base
 * names (1440项政务服务事项网上可办率 ~ 政务服务事项1440项，网上可办率), or the whole
 * jurisdiction's count of one entity. */
static bool S_same_thing(const fz_quantity *q, const fz_quantity *a, const fz_quantity *b,
                         int mode) {
    if (a->sentence == b->sentence || !fz_facts_same_unit(a, b) || a->scope != b->scope)
        return false;
    if (a->indicator >= 0 && a->indicator == b->indicator && a->qual_len == b->qual_len &&
        memcmp(a->label, b->label, a->qual_len) == 0)
        return false; /* the conflict check's */
    if (mode == S_BY_ENTITY) return strcmp(a->entity, b->entity) == 0;
    if (mode == S_BY_LABEL) {
        if (strcmp(a->label, b->label) != 0) return false;
        if (a->base != SIZE_MAX && b->base != SIZE_MAX) return S_same_base(q, a, b, true);
        return S_chars(a->label) >= S_MIN_ALONE;
    }
    size_t la = strlen(a->label), lb = strlen(b->label);
    const fz_quantity *lo = la < lb ? b : a, *sh = la < lb ? a : b;
    size_t ll = strlen(lo->label), ls = strlen(sh->label);
    if (ls == ll || S_chars(sh->label) < 3 || strcmp(lo->label + ll - ls, sh->label) != 0)
        return false;
    /* over the same base; or the longer has no base of the shorter's base unit (主动公开
     *信息3960条，政务服务事项网上可办率100%: not what it divides) */
    if (sh->base == SIZE_MAX || q[sh->base].value < S_MIN_BASE) return false;
    bool other = lo->base != SIZE_MAX && fz_facts_same_unit(&q[lo->base], &q[sh->base]);
    if (other && !S_same_base(q, a, b, false)) return false;
    char extra[256];
    if (ll - ls >= sizeof extra) return false;
    memcpy(extra, lo->label, ll - ls);
    extra[ll - ls] = '\0';
    return strstr(q[sh->base].label, extra) != NULL;
}

static void S_check_restated(const S_ctx *c) {
    const fz_facts_rule *rule = S_rule(c, FZ_FACTS_RESTATED, c->only);
    if (!rule) return;
    const fz_quantity *q = c->f->quantities.v;
    size_t nq = c->f->quantities.n;
    FZ_VEC(S_key) keys = {0};
    for (size_t i = 0; i < nq; i++) {
        if (q[i].approx || (q[i].flags & (FZ_Q_GROWTH | FZ_Q_STOP)) || q[i].depth != 0) continue;
        uint64_t u = S_str_hash(q[i].unit, 14695981039346656037u);
        if (S_chars(q[i].label) >= 2) {
            S_key k = {S_str_hash(q[i].label, u) * 3 + S_BY_LABEL, i, S_BY_LABEL};
            fz_vec_push(&keys, k);
        }
        size_t ll = strlen(q[i].label), tail = ll;
        for (int ch = 0; ch < 3 && tail > 0; ch++) /* its last three characters */
            while (tail > 0 && ((unsigned char)q[i].label[--tail] & 0xC0) == 0x80) {
            }
        if ((q[i].flags & FZ_Q_PERCENT) && S_chars(q[i].label) >= 3) {
            S_key k = {S_str_hash(q[i].label + tail, u) * 3 + S_BY_BASE, i, S_BY_BASE};
            fz_vec_push(&keys, k);
        }
        if (q[i].flags & FZ_Q_WHOLE) {
            S_key k = {S_str_hash(q[i].entity, u) * 3 + S_BY_ENTITY, i, S_BY_ENTITY};
            fz_vec_push(&keys, k);
        }
    }
    if (keys.n) qsort(keys.v, keys.n, sizeof *keys.v, S_key_cmp);
    bool *told = fz_xcalloc(nq ? nq : 1, sizeof *told);
    for (size_t g = 0; g < keys.n;) {
        size_t end = g;
        while (end < keys.n && keys.v[end].key == keys.v[g].key) end++;
        for (size_t b = g + 1; b < end; b++) {
            const fz_quantity *qb = &q[keys.v[b].q];
            for (size_t a = g; a < b && a < g + S_RESTATED_LOOK; a++) {
                const fz_quantity *qa = &q[keys.v[a].q];
                if (keys.v[a].mode != keys.v[b].mode || !S_same_thing(q, qa, qb, keys.v[b].mode))
                    continue;
                if (S_values_differ(qa, qb) && !told[keys.v[b].q]) {
                    told[keys.v[b].q] = true;
                    fz_buf first = {0}, val = {0};
                    fz_number_format(&first, qa->value, qa->decimals);
                    fz_buf_puts(&first, qa->unit);
                    fz_number_format(&val, qb->value, qb->decimals);
                    fz_buf_puts(&val, qb->unit);
                    const char *what = keys.v[b].mode == S_BY_ENTITY ? qb->entity : qb->label;
                    fz_var vars[] = {{"label", fz_xstrdup(qb->label)},
                                     {"what", fz_xstrdup(what)},
                                     {"value", fz_buf_detach(&val)},
                                     {"first", fz_buf_detach(&first)},
                                     {"unit", fz_xstrdup(qb->unit)}};
                    S_emit(c, rule, qb, vars, sizeof vars / sizeof *vars);
                }
                break; /* the first earlier statement of the same thing is the one */
            }
        }
        g = end;
    }
    free(told);
    fz_vec_free(&keys);
}

/* Rates of cases the report never counts (行政复议维持率100%, no 复议 case given). */
static void S_check_baseless(const S_ctx *c) {
    const fz_facts_rule *rule = S_rule(c, FZ_FACTS_BASELESS, c->only);
    for (size_t i = 0; rule && i < c->f->baseless.n; i++) {
        const fz_quantity *r = &c->f->quantities.v[c->f->baseless.v[i].rate];
        const fz_facts_rate_base *rb = &c->p->rate_bases.v[c->f->baseless.v[i].base];
        fz_var vars[] = {{"label", fz_xstrdup(r->label)},
                         {"stated", S_num(r->value, r->decimals)},
                         {"value", S_num(r->value, r->decimals)},
                         {"what", fz_xstrdup(rb->list)},
                         {"unit", fz_xstrdup(r->unit)}};
        S_emit(c, rule, r, vars, sizeof vars / sizeof *vars);
    }
}

void fz_facts_check(const fz_facts *f, const fz_facts_profile *p, const fz_facts_reporter *out,
                    int only) {
    if (only >= (int)p->rules.n) return;
    S_ctx c = {.f = f, .p = p, .out = out, .only = only};
    S_check_sums(&c);
    S_check_ratios(&c);
    S_check_facts(&c);
    S_check_restated(&c);
    S_check_baseless(&c);
}
