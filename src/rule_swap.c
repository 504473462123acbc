/* rule_swap.c - the swap type: a wrong wording and its right one, with the fix. */
#include <stdlib.h>
#include <string.h>

#include "rule_type.h"

typedef struct S_swap {
    fz_regex *re;
    char *replacement; /* a template: {match} and the pattern's named groups */
} S_swap;

typedef struct S_set {
    FZ_VEC(S_swap) swaps;
} S_set;

static bool S_match(fz_eng *e, const fz_rule *rule, const fz_cursor *c, void *ctx) {
    const S_swap *sw = ctx;
    fz_span at = fz_cursor_span(e, c);
    char *match = fz_eng_src(e, at);
    fz_msgargs a = {.match = match, .count = -1, .cur = c};
    /* the message's {expected} is the fix: the replacement with the match's groups */
    char *fix = fz_eng_format(e, sw->replacement, &a);
    a.expected = fix;
    fz_diag *d = fz_eng_report(e, rule, rule->level, at, NULL, &a);
    d->fix = fix;
    free(match);
    return true;
}

static void S_check(fz_eng *e, const fz_rule *rule) {
    const S_set *set = rule->set;
    fz_spans units = {0};
    fz_eng_units(e, &rule->scope, &units);
    for (size_t s = 0; s < set->swaps.n; s++)
        if (fz_eng_each_match(e, rule, &units, set->swaps.v[s].re, S_match,
                              (void *)&set->swaps.v[s]) == FZ_MATCH_LIMIT)
            break;
    fz_vec_free(&units);
}

static void S_k_swap(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *set = r->set;
    if (v->kind != FZ_Y_MAP || v->n == 0) {
        fz_pack_error(c, v, "“swap”应为“错误写法: 正确写法”的非空映射");
        return;
    }
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const char *right = fz_pack_str(c, v->items[i + 1], "swap");
        fz_regex *re = fz_pack_regex(c, v->items[i], r->normalize);
        if (!re || !right) {
            fz_regex_free(re);
            continue;
        }
        S_swap sw = {re, fz_xstrdup(right)};
        fz_vec_push(&set->swaps, sw);
    }
}

static void S_finish(fz_pack *c, fz_rule *r, const fz_ynode *m) {
    if (!fz_ymap_get(m, "swap")) fz_pack_error(c, m, "规则 %s 缺少“swap”", r->short_id);
}

static void S_patterns(const fz_rule *r, void (*add)(void *, const fz_regex *), void *ctx) {
    const S_set *set = r->set;
    for (size_t i = 0; i < set->swaps.n; i++) add(ctx, set->swaps.v[i].re);
}

static bool S_fix_how(const fz_rule *r, fz_buf *out) {
    if (!((const S_set *)r->set)->swaps.n) return false;
    if (out) fz_buf_puts(out, "换成正确写法\n");
    return true;
}

static void S_free(fz_rule *r) {
    S_set *set = r->set;
    for (size_t i = 0; i < set->swaps.n; i++) {
        fz_regex_free(set->swaps.v[i].re);
        free(set->swaps.v[i].replacement);
    }
    fz_vec_free(&set->swaps);
}

static const fz_rule_key S_keys[] = {{"fix", fz_pack_fix, true}, {"swap", S_k_swap, false}};

const fz_rule_def fz_rule_swap_def = {.name = "swap",
                                      .scoped = true,
                                      .normalize = true,
                                      .default_scope = FZ_SCOPE_BODY,
                                      .keys = S_keys,
                                      .nkeys = sizeof S_keys / sizeof *S_keys,
                                      .size = sizeof(S_set),
                                      .finish = S_finish,
                                      .check = S_check,
                                      .patterns = S_patterns,
                                      .fix_how = S_fix_how,
                                      .free = S_free};
