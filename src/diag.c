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
    char *message;
    va_list ap;
    va_start(ap, fmt);
    if (strcmp(fmt, "%s") == 0) { /* the rules' messages, formatted already: no vsnprintf */
        const char *arg = va_arg(ap, const char *);
        message = fz_xstrdup(arg ? arg : "(null)"); /* as glibc prints it */
    } else {
        fz_buf msg = {0};
        fz_buf_vprintf(&msg, fmt, ap);
        message = fz_buf_detach(&msg);
    }
    va_end(ap);
    fz_diag dg = {.level = level,
                  .rule_id = rule_id,
                  .authority = authority,
                  .message = message,
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

void fz_diag_relate(fz_diag *d, const char *path, size_t offset, size_t line, size_t col,
                    const char *message) {
    d->related = fz_xrealloc(d->related, (d->nrelated + 1) * sizeof *d->related);
    d->related[d->nrelated++] = (fz_related){.path = path ? fz_xstrdup(path) : NULL,
                                             .offset = offset,
                                             .line = line,
                                             .col = col,
                                             .message = fz_xstrdup(message)};
}

static void S_drop(fz_diag *dg) {
    free(dg->message);
    free(dg->fix);
    for (size_t i = 0; i < dg->nrelated; i++) {
        free(dg->related[i].path);
        free(dg->related[i].message);
    }
    free(dg->related);
}

void fz_diag_clear(fz_diag *d) {
    S_drop(d);
    d->message = d->fix = NULL;
    d->related = NULL;
    d->nrelated = 0;
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

    /* Cap per rule: keep the first max_per_rule of each rule; fold the rest into one
     * summary placed after the last kept finding.  Rules are few, so a linear table. */
    typedef struct {
        const char *id;
        size_t kept, summary;
    } tally;
    FZ_VEC(tally) tallies = {0};
    size_t n = d->n;
    kept = 0;
    for (size_t i = 0; i < n; i++) {
        fz_diag dg = d->v[i];
        tally *t = NULL;
        /* a rule's findings share its id string: the pointer compare settles most */
        for (size_t k = 0; k < tallies.n && !t; k++)
            if (tallies.v[k].id == dg.rule_id) t = &tallies.v[k];
        for (size_t k = 0; k < tallies.n && !t; k++)
            if (strcmp(tallies.v[k].id, dg.rule_id) == 0) t = &tallies.v[k];
        if (!t) t = fz_vec_push(&tallies, ((tally){dg.rule_id, 0, 0}));
        if (t->kept < max_per_rule) {
            t->kept++;
            d->v[kept++] = dg;
        } else if (t->kept == max_per_rule) {
            t->kept++;
            t->summary = kept;
            S_drop(&dg);
            d->v[kept++] = (fz_diag){.level = dg.level,
                                     .rule_id = dg.rule_id,
                                     .authority = dg.authority,
                                     .start = dg.start,
                                     .end = dg.end,
                                     .suppressed = 1};
        } else {
            fz_diag *sum = &d->v[t->summary];
            sum->suppressed++;
            if (dg.level > sum->level) sum->level = dg.level;
            S_drop(&dg);
        }
    }
    d->n = kept;
    fz_vec_free(&tallies);
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].suppressed && !d->v[i].message) {
            fz_buf m = {0};
            fz_buf_printf(&m,
                          "同一规则另有 %zu 处类似问题未逐条列出（用 --max-per-rule=0 查看全部）",
                          d->v[i].suppressed);
            d->v[i].message = fz_buf_detach(&m);
        }
}

void fz_diags_merge(fz_diags *d, fz_diags *extra, size_t max_per_rule) {
    fz_diags_finish(extra, max_per_rule);
    for (size_t i = 0; i < extra->n; i++) fz_vec_push(d, extra->v[i]);
    fz_vec_free(extra);
    if (d->n) qsort(d->v, d->n, sizeof *d->v, S_cmp);
}

void fz_diags_free(fz_diags *d) {
    for (size_t i = 0; i < d->n; i++) S_drop(&d->v[i]);
    fz_vec_free(d);
}
