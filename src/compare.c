/* compare.c - the second phase: digests paired, copies across reports reported. */
#include "compare.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "engine.h"
#include "rule_compare.h"
#include "rules.h"

bool fz_compare_wanted(const fz_ruleset *rs) {
    for (size_t i = 0; rs && i < rs->rules.n; i++)
        if (rs->rules.v[i]->type == FZ_RULE_COMPARE && rs->rules.v[i]->enabled) return true;
    return false;
}

/* A message template with {share}, {file}, {line} and {name} filled in. */
static char *S_format(const char *tmpl, int share, const char *file, size_t line,
                      const char *name) {
    fz_buf b = {0};
    for (const char *p = tmpl; *p;) {
        if (!strncmp(p, "{share}", 7)) {
            fz_buf_printf(&b, "%d%%", share);
            p += 7;
        } else if (!strncmp(p, "{file}", 6)) {
            fz_buf_puts(&b, file ? file : "");
            p += 6;
        } else if (!strncmp(p, "{name}", 6)) {
            fz_buf_puts(&b, name ? name : "");
            p += 6;
        } else if (!strncmp(p, "{line}", 6)) {
            fz_buf_printf(&b, "%zu", line);
            p += 6;
        } else {
            fz_buf_putc(&b, *p++);
        }
    }
    if (!b.ptr) fz_buf_put(&b, "", 0);
    return fz_buf_detach(&b);
}

static fz_diag *S_add(fz_compare_result *res, const fz_rule *rule, size_t start, size_t end,
                      char *message) {
    fz_diag *dg =
        fz_diag_add(&res->diags, rule->level, rule->id, rule->authority, start, end, "%s", message);
    free(message);
    return dg;
}

static void S_relate(fz_diag *dg, const fz_rule *rule, const fz_digest *o, const fz_fp *fp) {
    const char *note = fz_compare_rule_of(rule)->note;
    fz_diag_relate(dg, o->path, 0, fp->line, fp->col, note ? note : "相同内容");
}

/* ---- the year before -------------------------------------------------------------- */

typedef struct S_key {
    uint64_t hash;
    size_t index;
} S_key;

static int S_cmp_key(const void *a, const void *b) {
    const S_key *x = a, *y = b;
    if (x->hash != y->hash) return x->hash < y->hash ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static const S_key *S_lookup(const S_key *keys, size_t n, uint64_t h) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (keys[mid].hash < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && keys[lo].hash == h ? &keys[lo] : NULL;
}

/* This year's part against last year's: the share of its sentences (by characters)
 * found there, and a finding at each paragraph holding some when it is large enough. */
static void S_repeated_part(const fz_rule *rule, const fz_ruleset *rs, const fz_digest *cur,
                            const fz_digest *prev, fz_compare_result *res) {
    const fz_rule *sec = fz_ruleset_find(rs, fz_compare_rule_of(rule)->part);
    int kc = sec ? fz_digest_part(cur, sec->id) : -1;
    int kp = sec ? fz_digest_part(prev, sec->id) : -1;
    if (kc < 0 || kp < 0 || !cur->part_line[kc] || !prev->part_line[kp]) return;
    FZ_VEC(S_key) keys = {0};
    for (size_t i = 0; i < prev->fps.n; i++) {
        const fz_fp *fp = &prev->fps.v[i];
        if (fp->parts >> kp & 1 && !fp->boilerplate) fz_vec_push(&keys, ((S_key){fp->hash, i}));
    }
    if (keys.n) qsort(keys.v, keys.n, sizeof *keys.v, S_cmp_key);
    size_t total = 0, copied = 0;
    long *match = fz_xmalloc((cur->fps.n ? cur->fps.n : 1) * sizeof *match);
    for (size_t i = 0; i < cur->fps.n; i++) {
        const fz_fp *fp = &cur->fps.v[i];
        match[i] = -1;
        if (!(fp->parts >> kc & 1) || fp->boilerplate) continue;
        total += fp->chars;
        const S_key *k = S_lookup(keys.v, keys.n, fp->hash);
        if (k) match[i] = (long)k->index, copied += fp->chars;
    }
    int share = total ? (int)(copied * 100 / total) : 0;
    if (rule->summary && total) { /* a number, as the metric columns hold (the label says %) */
        fz_buf v = {0};
        fz_buf_printf(&v, "%d", share);
        fz_vec_push(&res->tallies, ((fz_tally){.label = rule->summary,
                                               .rule_id = rule->id,
                                               .metric = true,
                                               .present = true,
                                               .value = fz_buf_detach(&v)}));
    }
    if (total && copied * 100 >= (size_t)fz_compare_rule_of(rule)->min_share * total) {
        /* one finding per paragraph: from its first copied sentence to its last */
        for (size_t i = 0; i < cur->fps.n; i++) {
            if (match[i] < 0) continue;
            size_t j = i;
            for (size_t k = i + 1; k < cur->fps.n && cur->fps.v[k].line == cur->fps.v[i].line; k++)
                if (match[k] >= 0) j = k;
            const fz_fp *there = &prev->fps.v[match[i]];
            fz_diag *dg = S_add(res, rule, cur->fps.v[i].start, cur->fps.v[j].end,
                                S_format(rule->message, share, prev->path, there->line, NULL));
            S_relate(dg, rule, prev, there);
            i = j;
        }
    }
    free(match);
    fz_vec_free(&keys);
}

/* The named items (《…》) of last year's part that this year's report never names:
 * an exact absence, so it can be said without a false alarm; said at the title. */
static void S_dropped_name(const fz_rule *rule, const fz_ruleset *rs, const fz_digest *cur,
                           const fz_digest *prev, fz_compare_result *res) {
    const fz_compare_rule *cr = fz_compare_rule_of(rule);
    const fz_rule *sec = fz_ruleset_find(rs, cr->part);
    int kp = sec ? fz_digest_part(prev, sec->id) : -1;
    /* a text without any named item (a scrape that lost its marks) says nothing */
    if (kp < 0 || !prev->part_line[kp] || !cur->names.n) return;
    FZ_VEC(S_key) keys = {0};
    for (size_t i = 0; i < cur->names.n; i++)
        fz_vec_push(&keys, ((S_key){cur->names.v[i].hash, i}));
    qsort(keys.v, keys.n, sizeof *keys.v, S_cmp_key);
    for (size_t i = 0; i < prev->names.n; i++) {
        const fz_named *nm = &prev->names.v[i];
        if (!(nm->parts >> kp & 1) || S_lookup(keys.v, keys.n, nm->hash)) continue;
        bool said = false; /* once per name */
        for (size_t k = 0; k < i && !said; k++)
            said = prev->names.v[k].hash == nm->hash && prev->names.v[k].parts >> kp & 1;
        if (said) continue;
        fz_diag *dg = S_add(res, rule, cur->head, cur->head,
                            S_format(rule->message, 0, prev->path, nm->line, nm->text));
        fz_diag_relate(dg, prev->path, 0, nm->line, nm->col,
                       cr->note ? cr->note : "上年报告中的位置");
    }
    fz_vec_free(&keys);
}

/* A target with a known issuer and year, for pairing. */
typedef struct S_py {
    const char *issuer;
    int year;
    size_t idx;
} S_py;

static int S_cmp_py(const void *a, const void *b) {
    const S_py *x = a, *y = b;
    int c = strcmp(x->issuer, y->issuer);
    if (c) return c;
    if (x->year != y->year) return x->year < y->year ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* The year-before report of each target: --previous, or the first (in input order)
 * report of the same issuer and the year before. */
static long *S_pair(const fz_batch *b) {
    long *prev = fz_xmalloc((b->ntargets ? b->ntargets : 1) * sizeof *prev);
    for (size_t i = 0; i < b->ntargets; i++) prev[i] = b->previous;
    if (b->previous >= 0) return prev;
    /* by issuer, year, input order: the year before is the group just before */
    S_py *py = fz_xmalloc((b->ntargets ? b->ntargets : 1) * sizeof *py);
    size_t n = 0;
    for (size_t i = 0; i < b->ntargets; i++)
        if (b->d[i].issuer && b->d[i].year) py[n++] = (S_py){b->d[i].issuer, b->d[i].year, i};
    if (n > 1) qsort(py, n, sizeof *py, S_cmp_py);
    for (size_t i = 0, group = 0, before = SIZE_MAX; i < n; i++) {
        if (i && (strcmp(py[i - 1].issuer, py[i].issuer) || py[i - 1].year != py[i].year))
            before = group, group = i;
        if (before != SIZE_MAX && !strcmp(py[before].issuer, py[i].issuer) &&
            py[before].year == py[i].year - 1)
            prev[py[i].idx] = (long)py[before].idx;
    }
    free(py);
    return prev;
}

/* ---- other issuers ---------------------------------------------------------------- */

/* A sentence in the join: its report, its index there, and how many entries its
 * fingerprint's chain holds up to it. */
typedef struct S_entry {
    uint32_t di, fi, count;
} S_entry;

/* A sentence of report di (fi) that report other (ofi) also has. */
typedef struct S_link {
    uint32_t di, para, other, fi, ofi;
} S_link;

static int S_cmp_link(const void *a, const void *b) {
    const S_link *x = a, *y = b;
    if (x->di != y->di) return x->di < y->di ? -1 : 1;
    if (x->para != y->para) return x->para < y->para ? -1 : 1;
    if (x->other != y->other) return x->other < y->other ? -1 : 1;
    return x->fi < y->fi ? -1 : x->fi > y->fi;
}

static bool S_same_issuer(const fz_digest *a, const fz_digest *b) {
    return a == b || (a->issuer && b->issuer && !strcmp(a->issuer, b->issuer));
}

#define S_MAX_GROUP 32 /* a sentence in more reports than this is boilerplate anyway */

typedef FZ_VEC(S_link) S_links;

/* Every sentence of the targets through one hash table of fingerprints: those in the
 * reports of boilerplate_issuers issuers are marked common, the others linked across
 * issuers. */
static void S_join(const fz_batch *b, int boiler_issuers, S_links *links) {
    size_t n = 0;
    for (size_t di = 0; di < b->ntargets; di++) n += b->d[di].fps.n;
    if (n == 0 || n >= UINT32_MAX) return;
    /* open addressing: per fingerprint the last of its chain of entries (4 + 12 bytes
     * a sentence, 2 to 4 slots a sentence) */
    size_t cap = 16;
    while (cap < 2 * n) cap <<= 1;
    uint32_t *tab = fz_xmalloc(cap * sizeof *tab);
    memset(tab, 0xff, cap * sizeof *tab); /* UINT32_MAX: empty */
    S_entry *all = fz_xmalloc(n * sizeof *all);
    uint32_t *next = fz_xmalloc(n * sizeof *next);
    const fz_digest *d = b->d;
    size_t m = 0;
    for (size_t di = 0; di < b->ntargets; di++)
        for (size_t fi = 0; fi < d[di].fps.n; fi++) {
            const fz_fp *fp = &d[di].fps.v[fi];
            if (fp->boilerplate) continue;
            size_t at = (size_t)(fp->hash ^ fp->hash >> 32) & (cap - 1);
            while (tab[at] != UINT32_MAX &&
                   d[all[tab[at]].di].fps.v[all[tab[at]].fi].hash != fp->hash)
                at = (at + 1) & (cap - 1);
            all[m] = (S_entry){(uint32_t)di, (uint32_t)fi, 1};
            next[m] = tab[at];
            if (tab[at] != UINT32_MAX) all[m].count = all[tab[at]].count + 1;
            tab[at] = (uint32_t)m++;
        }
    for (size_t t = 0; t < cap; t++) {
        if (tab[t] == UINT32_MAX || all[tab[t]].count < 2) continue;
        if (all[tab[t]].count > S_MAX_GROUP) {
            for (uint32_t k = tab[t]; k != UINT32_MAX; k = next[k])
                b->d[all[k].di].fps.v[all[k].fi].common = true;
            continue;
        }
        S_entry g[S_MAX_GROUP];
        size_t ng = 0;
        for (uint32_t k = tab[t]; k != UINT32_MAX; k = next[k]) g[ng++] = all[k];
        const fz_digest *seen[64];
        size_t nseen = 0;
        for (size_t k = 0; k < ng && (int)nseen < boiler_issuers && nseen < 64; k++) {
            const fz_digest *x = &b->d[g[k].di];
            bool known = false;
            for (size_t s = 0; s < nseen && !known; s++) known = S_same_issuer(seen[s], x);
            if (!known) seen[nseen++] = x;
        }
        if ((int)nseen >= boiler_issuers) {
            for (size_t k = 0; k < ng; k++) b->d[g[k].di].fps.v[g[k].fi].common = true;
            continue;
        }
        for (size_t x = 0; x < ng; x++)
            for (size_t y = 0; y < ng; y++) {
                const fz_digest *dx = &b->d[g[x].di], *dy = &b->d[g[y].di];
                /* only where both issuers are known: an unknown one may be the same */
                if (!dx->issuer || !dy->issuer || S_same_issuer(dx, dy)) continue;
                fz_vec_push(
                    links, ((S_link){g[x].di, dx->fps.v[g[x].fi].line, g[y].di, g[x].fi, g[y].fi}));
            }
    }
    free(tab);
    free(all);
    free(next);
    if (links->n) qsort(links->v, links->n, sizeof *links->v, S_cmp_link);
}

/* The sentences of one paragraph (they are consecutive): counted characters. */
static size_t S_para_chars(const fz_digest *d, size_t fi) {
    size_t para = d->fps.v[fi].line, s = fi, n = 0;
    while (s > 0 && d->fps.v[s - 1].line == para) s--;
    for (; s < d->fps.n && d->fps.v[s].line == para; s++)
        if (!d->fps.v[s].boilerplate && !d->fps.v[s].common) n += d->fps.v[s].chars;
    return n;
}

/* One finding per paragraph that enough of is in another issuer's report. */
static void S_shared(const fz_batch *b, const S_links *links, fz_compare_result *out) {
    for (size_t a = 0, e; a < links->n; a = e) {
        const S_link *l = &links->v[a];
        for (e = a + 1; e < links->n && links->v[e].di == l->di && links->v[e].para == l->para;)
            e++;
        const fz_digest *d = &b->d[l->di];
        const fz_ruleset *rs = b->rs[l->di];
        size_t counted = S_para_chars(d, l->fi);
        /* per other report: its copied characters; the first other with enough wins */
        for (size_t r = 0; r < rs->rules.n; r++) {
            const fz_rule *rule = rs->rules.v[r];
            if (rule->type != FZ_RULE_COMPARE || !rule->enabled ||
                fz_compare_rule_of(rule)->check != FZ_CMP_SHARED_PARAGRAPH ||
                !fz_rule_applies(rule, d->year))
                continue;
            fz_diag *dg = NULL;
            for (size_t o = a, oe; o < e; o = oe) {
                size_t copied = 0, start = SIZE_MAX, end = 0, last_fi = SIZE_MAX;
                for (oe = o; oe < e && links->v[oe].other == links->v[o].other; oe++) {
                    const S_link *k = &links->v[oe];
                    if (k->fi == last_fi) continue; /* the same sentence twice over there */
                    last_fi = k->fi;
                    const fz_fp *fp = &d->fps.v[k->fi];
                    if (fp->common) continue;
                    copied += fp->chars;
                    if (fp->start < start) start = fp->start;
                    if (fp->end > end) end = fp->end;
                }
                if (copied < (size_t)fz_compare_rule_of(rule)->min_chars ||
                    copied * 100 < (size_t)fz_compare_rule_of(rule)->min_share * counted)
                    continue;
                const fz_digest *od = &b->d[links->v[o].other];
                const fz_fp *there = &od->fps.v[links->v[o].ofi];
                int share = counted ? (int)(copied * 100 / counted) : 100;
                if (!dg)
                    dg = S_add(&out[l->di], rule, start, end,
                               S_format(rule->message, share, od->path, there->line, NULL));
                S_relate(dg, rule, od, there);
            }
        }
    }
}

void fz_compare_batch(const fz_batch *b, fz_compare_result *out) {
    int boiler = 0;
    for (size_t i = 0; i < b->ntargets; i++) {
        out[i].text_len = b->d[i].text_len;
        int bi = b->rs[i] ? b->rs[i]->compare.boilerplate_issuers : 0;
        if (bi && (!boiler || bi < boiler)) boiler = bi;
    }
    if (!boiler) boiler = FZ_COMPARE_BOILERPLATE_ISSUERS;
    /* the other issuers first: it marks the batch's boilerplate */
    S_links links = {0};
    S_join(b, boiler, &links);
    S_shared(b, &links, out);
    fz_vec_free(&links);
    long *prev = S_pair(b);
    for (size_t i = 0; i < b->ntargets; i++) {
        const fz_ruleset *rs = b->rs[i];
        if (prev[i] < 0 || (size_t)prev[i] == i || !rs) continue;
        for (size_t r = 0; r < rs->rules.n; r++) {
            const fz_rule *rule = rs->rules.v[r];
            if (rule->type != FZ_RULE_COMPARE || !rule->enabled ||
                !fz_rule_applies(rule, b->d[i].year))
                continue;
            if (fz_compare_rule_of(rule)->check == FZ_CMP_REPEATED_PART)
                S_repeated_part(rule, rs, &b->d[i], &b->d[prev[i]], &out[i]);
            else if (fz_compare_rule_of(rule)->check == FZ_CMP_DROPPED_NAME)
                S_dropped_name(rule, rs, &b->d[i], &b->d[prev[i]], &out[i]);
        }
    }
    free(prev);
}

void fz_compare_apply(fz_report *r, fz_compare_result *res, const fz_ruleset *rs,
                      size_t max_per_rule) {
    if (r->text.src_len != res->text_len) { /* the file changed between the passes */
        fz_compare_result_free(res);
        return;
    }
    size_t kept = 0;
    for (size_t i = 0; i < res->diags.n; i++) {
        fz_diag *d = &res->diags.v[i];
        size_t line = r->text.nlines ? fz_text_line_of(&r->text, d->start) + 1 : 1;
        if (rs && rs->waivers.n && r->path && fz_waived(rs, d->rule_id, r->path, line)) {
            fz_diag_clear(d);
            continue;
        }
        res->diags.v[kept++] = *d;
    }
    res->diags.n = kept;
    fz_diags_merge(&r->diags, &res->diags, max_per_rule);
    for (size_t i = 0; i < res->tallies.n; i++) fz_vec_push(&r->tallies, res->tallies.v[i]);
    fz_vec_free(&res->tallies);
}

void fz_compare_result_free(fz_compare_result *res) {
    fz_diags_free(&res->diags);
    for (size_t i = 0; i < res->tallies.n; i++) free(res->tallies.v[i].value);
    fz_vec_free(&res->tallies);
}
