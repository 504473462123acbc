/* diag.c - collecting, ordering and capping diagnostics.
 *
 * With a cap (fz_diags_cap), a rule's findings are kept whole only while they may be
 * among its first max_per_rule + 1 (in output order): every so often the rule's list is
 * sorted and cut, and what is cut leaves a 64-bit fingerprint of its position and
 * message, so that the count in the summary line still leaves out exact duplicates.
 * Memory is then that of the kept findings plus 8 bytes per finding past the cap. */
#include "diag.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

static const char *const S_level_names[] = {"info", "warning", "error"};

const char *fz_level_name(fz_level level) {
    return S_level_names[level];
}

bool fz_level_parse(const char *s, fz_level *out) {
    for (int l = FZ_LEVEL_INFO; l <= FZ_LEVEL_ERROR; l++)
        if (!strcmp(s, S_level_names[l])) return *out = (fz_level)l, true;
    return false;
}

typedef FZ_VEC(fz_diag) S_list;
typedef FZ_VEC(uint64_t) S_prints;

typedef struct S_rule {
    const char *id;
    uint64_t hash;
    S_list kept;           /* recording with a cap: the findings still kept whole */
    S_prints prints;       /* of the findings cut (duplicates possible) */
    bool cut;              /* any were cut */
    fz_level cut_level;    /* the highest level among them */
    size_t tally, summary; /* fz_diags_finish: shown so far, index of the summary line */
} S_rule;

struct fz_diag_rules {
    S_rule **slot; /* open addressing by id hash, at most half full */
    size_t nslot, n;
    S_rule *last; /* the rule asked for last: most findings come in runs of one rule */
};

static uint64_t S_mix(uint64_t x) {
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9u;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBu;
    return x ^ (x >> 31);
}

static uint64_t S_hash_str(const char *s) {
    uint64_t h = 0xCBF29CE484222325u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001B3u;
    return h;
}

static S_rule *S_rule_of(fz_diags *d, const char *id) {
    fz_diag_rules *t = d->rules;
    if (!t) t = d->rules = fz_xcalloc(1, sizeof *t);
    if (t->last && (t->last->id == id || strcmp(t->last->id, id) == 0)) return t->last;
    uint64_t h = S_hash_str(id);
    if (2 * (t->n + 1) > t->nslot) { /* grow: rehash into twice the slots */
        size_t nslot = t->nslot ? 2 * t->nslot : 64;
        S_rule **slot = fz_xcalloc(nslot, sizeof *slot);
        for (size_t i = 0; i < t->nslot; i++)
            if (t->slot[i]) {
                size_t k = t->slot[i]->hash & (nslot - 1);
                while (slot[k]) k = (k + 1) & (nslot - 1);
                slot[k] = t->slot[i];
            }
        free(t->slot);
        t->slot = slot, t->nslot = nslot;
    }
    size_t k = h & (t->nslot - 1);
    for (; t->slot[k]; k = (k + 1) & (t->nslot - 1))
        if (t->slot[k]->hash == h && strcmp(t->slot[k]->id, id) == 0) return t->last = t->slot[k];
    S_rule *r = fz_xcalloc(1, sizeof *r);
    r->id = id, r->hash = h;
    t->slot[k] = r, t->n++;
    return t->last = r;
}

bool fz_diags_has(const fz_diags *d, const char *rule_id) {
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->v[i].rule_id, rule_id) == 0) return true;
    const fz_diag_rules *t = d->rules;
    if (!t || !t->nslot) return false;
    uint64_t h = S_hash_str(rule_id);
    for (size_t k = h & (t->nslot - 1); t->slot[k]; k = (k + 1) & (t->nslot - 1))
        if (t->slot[k]->hash == h && strcmp(t->slot[k]->id, rule_id) == 0)
            return t->slot[k]->kept.n > 0 || t->slot[k]->cut;
    return false;
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

static void S_rules_free(fz_diags *d) {
    fz_diag_rules *t = d->rules;
    if (!t) return;
    for (size_t i = 0; i < t->nslot; i++) {
        S_rule *r = t->slot[i];
        if (!r) continue;
        for (size_t k = 0; k < r->kept.n; k++) S_drop(&r->kept.v[k]);
        fz_vec_free(&r->kept);
        fz_vec_free(&r->prints);
        free(r);
    }
    free(t->slot);
    free(t);
    d->rules = NULL;
}

void fz_diags_cap(fz_diags *d, size_t max_per_rule) {
    d->record_cap = max_per_rule;
}

static int S_cmp(const void *a, const void *b) {
    const fz_diag *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    int c = strcmp(x->rule_id, y->rule_id);
    if (c) return c;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    return strcmp(x->message, y->message);
}

/* What makes two findings of a rule the same (S_cmp), in 64 bits. */
static uint64_t S_print(const fz_diag *dg) {
    return S_mix(S_mix(S_hash_str(dg->message) ^ dg->start) ^ dg->end);
}

static int S_cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorts and removes repeats: the distinct fingerprints. */
static void S_prints_unique(S_prints *p) {
    if (p->n < 2) return;
    qsort(p->v, p->n, sizeof *p->v, S_cmp_u64);
    size_t k = 1;
    for (size_t i = 1; i < p->n; i++)
        if (p->v[i] != p->v[k - 1]) p->v[k++] = p->v[i];
    p->n = k;
}

/* Sorts a rule's kept findings, drops duplicates and keeps the first keep, cutting the
 * rest to fingerprints. */
static void S_cut(S_rule *r, size_t keep) {
    S_list *l = &r->kept;
    qsort(l->v, l->n, sizeof *l->v, S_cmp);
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (k && S_cmp(&l->v[k - 1], &l->v[i]) == 0) {
            S_drop(&l->v[i]);
            continue;
        }
        if (k < keep) {
            l->v[k++] = l->v[i];
            continue;
        }
        if (r->prints.n == r->prints.cap && r->prints.n >= 4096) {
            S_prints_unique(&r->prints); /* repeats take no room for long */
            if (r->prints.n > r->prints.cap / 2) fz_vec_grow(&r->prints);
        }
        fz_vec_push(&r->prints, S_print(&l->v[i]));
        if (!r->cut || l->v[i].level > r->cut_level) r->cut_level = l->v[i].level;
        r->cut = true;
        S_drop(&l->v[i]);
    }
    l->n = k;
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
    S_drop(&d->scratch); /* a fix set on a finding not kept */
    d->scratch = (fz_diag){0};
    if (d->waived && d->waived(d->waived_ctx, rule_id, start)) {
        free(message);
        return &d->scratch;
    }
    if (!d->record_cap) return fz_vec_push(d, dg);
    S_rule *r = S_rule_of(d, rule_id);
    /* the first cap + 1 are all the output needs (the last for the summary line) */
    if (r->kept.n >= 2 * (d->record_cap + 1) + 30) S_cut(r, d->record_cap + 1);
    return fz_vec_push(&r->kept, dg);
}

void fz_diags_finish(fz_diags *d, size_t max_per_rule) {
    S_drop(&d->scratch);
    d->scratch = (fz_diag){0};
    if (d->rules && d->record_cap) { /* the kept findings of every rule to one list */
        size_t keep = (max_per_rule > d->record_cap ? max_per_rule : d->record_cap) + 1;
        for (size_t i = 0; i < d->rules->nslot; i++) {
            S_rule *r = d->rules->slot[i];
            if (!r) continue;
            if (r->kept.n > keep) S_cut(r, keep);
            S_prints_unique(&r->prints);
            for (size_t k = 0; k < r->kept.n; k++) fz_vec_push(d, r->kept.v[k]);
            r->kept.n = 0;
        }
    }
    if (d->n == 0) return S_rules_free(d);
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
    if (!max_per_rule) return S_rules_free(d);

    /* Cap per rule: keep the first max_per_rule of each rule; fold the rest into one
     * summary placed after the last kept finding. */
    size_t n = d->n;
    kept = 0;
    for (size_t i = 0; i < n; i++) {
        fz_diag dg = d->v[i];
        S_rule *t = S_rule_of(d, dg.rule_id);
        if (t->tally < max_per_rule) {
            t->tally++;
            d->v[kept++] = dg;
        } else if (t->tally == max_per_rule) {
            t->tally++;
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
    /* the findings cut while recording: a rule with any has its summary line */
    for (size_t i = 0; d->record_cap && i < d->rules->nslot; i++) {
        S_rule *r = d->rules->slot[i];
        if (!r || !r->cut || r->tally <= max_per_rule) continue;
        fz_diag *sum = &d->v[r->summary];
        sum->suppressed += r->prints.n;
        if (r->cut_level > sum->level) sum->level = r->cut_level;
    }
    S_rules_free(d);
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].suppressed && !d->v[i].message) {
            fz_buf m = {0};
            fz_buf_printf(&m, fz_tool_rules[FZ_MSG_MORE].format, d->v[i].suppressed);
            d->v[i].message = fz_buf_detach(&m);
        }
}

void fz_diags_merge(fz_diags *d, fz_diags *extra, size_t max_per_rule) {
    fz_diags_finish(extra, max_per_rule);
    for (size_t i = 0; i < extra->n; i++) fz_vec_push(d, extra->v[i]);
    extra->n = 0;
    fz_diags_free(extra);
    if (d->n) qsort(d->v, d->n, sizeof *d->v, S_cmp);
}

void fz_diags_free(fz_diags *d) {
    for (size_t i = 0; i < d->n; i++) S_drop(&d->v[i]);
    fz_vec_free(d);
    S_drop(&d->scratch);
    S_rules_free(d);
    memset(d, 0, sizeof *d);
}

size_t fz_diags_whole(const fz_diags *d) {
    size_t n = d->n;
    for (size_t i = 0; d->rules && i < d->rules->nslot; i++)
        if (d->rules->slot[i]) n += d->rules->slot[i]->kept.n;
    return n;
}
