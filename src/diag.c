/* diag.c - collecting, ordering and capping diagnostics. */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

const char *fz_level_name(fz_level level) {
    static const char *names[] = {"info", "warning", "error"};
    return names[level];
}

fz_diag *fz_diag_add(fz_diags *d, fz_level level, const char *rule_id, const char *authority,
                     size_t start, size_t end, const char *fmt, ...) {
    fz_buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    fz_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    fz_diag dg = {.level = level,
                  .rule_id = rule_id,
                  .authority = authority,
                  .message = fz_buf_detach(&msg),
                  .start = start,
                  .end = end < start ? start : end};
    return fz_vec_push(d, dg);
}

static int S_cmp(const void *a, const void *b) {
    const fz_diag *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    int c = strcmp(x->rule_id, y->rule_id);
    if (c) return c;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    return strcmp(x->message, y->message);
}

static void S_drop(fz_diag *dg) {
    free(dg->message);
    free(dg->fix);
}

void fz_diags_finish(fz_diags *d, size_t max_per_rule) {
    if (d->n == 0) return;
    qsort(d->v, d->n, sizeof *d->v, S_cmp);
    size_t kept = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (kept && S_cmp(&d->v[kept - 1], &d->v[i]) == 0) {
            S_drop(&d->v[i]);
            continue;
        }
        d->v[kept++] = d->v[i];
    }
    d->n = kept;
    if (!max_per_rule) return;

    /* Cap per rule: count, keep the first max_per_rule, fold the rest into one summary. */
    kept = 0;
    size_t n = d->n;
    for (size_t i = 0; i < n; i++) {
        fz_diag *dg = &d->v[i];
        size_t seen = 0, last_kept = 0;
        for (size_t j = 0; j < kept; j++)
            if (strcmp(d->v[j].rule_id, dg->rule_id) == 0) seen++, last_kept = j;
        if (seen < max_per_rule) {
            d->v[kept++] = *dg;
            continue;
        }
        /* find or create the summary for this rule (it follows the last kept finding) */
        fz_diag *sum = &d->v[last_kept];
        if (sum->suppressed == 0 && seen == max_per_rule) {
            fz_diag s = {.level = dg->level,
                         .rule_id = dg->rule_id,
                         .authority = dg->authority,
                         .start = dg->start,
                         .end = dg->end,
                         .suppressed = 1};
            S_drop(dg);
            d->v[kept++] = s;
        } else {
            sum->suppressed++;
            if (dg->level > sum->level) sum->level = dg->level;
            S_drop(dg);
        }
    }
    d->n = kept;
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].suppressed && !d->v[i].message) {
            fz_buf m = {0};
            fz_buf_printf(&m,
                          "同一规则另有 %zu 处类似问题未逐条列出（用 --max-per-rule=0 查看全部）",
                          d->v[i].suppressed);
            d->v[i].message = fz_buf_detach(&m);
        }
}

void fz_diags_free(fz_diags *d) {
    for (size_t i = 0; i < d->n; i++) S_drop(&d->v[i]);
    fz_vec_free(d);
}
