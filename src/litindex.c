/* litindex.c - where patterns' literals occur: the report's one index, and per subject. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "blockscan.h"
#include "prefilter.h"
#include "utf8.h"

/* glibc's memmem is a scalar loop; memchr on the needle's last byte is vectorised, and
 * in Chinese text a UTF-8 trail byte is rare enough that few candidates need a memcmp. */
static size_t S_find(const char *subj, size_t len, size_t from, const char *lit, size_t n) {
    if (n > len - from) return SIZE_MAX;
    const char *p = subj + from + n - 1, *end = subj + len;
    while ((p = memchr(p, lit[n - 1], (size_t)(end - p)))) {
        const char *at = p - (n - 1);
        if (at[0] == lit[0] && !memcmp(at, lit, n - 1)) return (size_t)(at - subj);
        p++;
    }
    return SIZE_MAX;
}

size_t fz_lits_skip(const fz_lits *l, fz_litscan *ls, const char *subj, size_t len, size_t start) {
    if (l->n == 0) return start;
    if (start > len) return SIZE_MAX;
    bool fresh = !ls->ready || start < ls->from;
    size_t best = SIZE_MAX;
    for (int k = 0; k < l->n; k++) {
        /* An occurrence before start is stale; "none" stays none as start only grows. */
        if (fresh || (ls->next[k] != SIZE_MAX && ls->next[k] < start))
            ls->next[k] = S_find(subj, len, start, l->s[k], l->len[k]);
        if (ls->next[k] < best) best = ls->next[k];
    }
    ls->ready = true;
    ls->from = start;
    if (best == SIZE_MAX) return SIZE_MAX;
    return l->prefix ? best : start;
}

/* ---- the literal index ---- */

/* A distinct literal of the sets being indexed. */
typedef struct S_entry {
    const unsigned char *s;
    size_t len;
    int owners; /* the first of its S_owner links: the sets it belongs to */
} S_entry;

typedef struct S_owner {
    uint32_t set;
    int next;
} S_owner;

/* The literals that start with one character: ent[from, to). */
typedef struct S_firstchar {
    uint32_t cp;
    int next; /* the next group in the same bucket, -1 at the end */
    int from, to;
} S_firstchar;

#define S_BUCKETS 256

static uint32_t S_bucket(uint32_t cp) {
    return (cp * 2654435761u) >> 24;
}

struct fz_littable {
    char *key; /* the sets' literals, flattened: what the table was built for */
    size_t keylen, nsets;
    unsigned char kind[256]; /* what the scan does at a byte that starts a character */
    uint64_t bmp[1024];      /* first characters below U+10000 */
    int head[S_BUCKETS];     /* first character -> group, chained */
    S_firstchar *grp;
    S_entry *ent;
    S_owner *own;
    size_t *same; /* set -> the first set with the same literals, in the same order */
    fz_occs *out; /* the index being built: its sets' occurrences */
    bool blocks;  /* the block scan runs: its byte pairs of the first characters */
    fz_block_pairs pairs;
};

enum { S_SKIP1, S_SKIP2, S_SKIP3, S_SKIP4, S_LEAD3, S_LEAD };

/* The sets' literals as one string: set sizes, lengths and bytes. */
static char *S_key(const fz_lits *const *sets, size_t n, size_t *keylen) {
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        len += sizeof sets[i]->n;
        for (int k = 0; k < sets[i]->n; k++) len += sizeof sets[i]->len[k] + sets[i]->len[k];
    }
    char *key = fz_xmalloc(len ? len : 1), *kp = key;
    for (size_t i = 0; i < n; i++) {
        memcpy(kp, &sets[i]->n, sizeof sets[i]->n);
        kp += sizeof sets[i]->n;
        for (int k = 0; k < sets[i]->n; k++) {
            memcpy(kp, &sets[i]->len[k], sizeof sets[i]->len[k]);
            memcpy(kp + sizeof sets[i]->len[k], sets[i]->s[k], sets[i]->len[k]);
            kp += sizeof sets[i]->len[k] + sets[i]->len[k];
        }
    }
    *keylen = len;
    return key;
}

static bool S_same_lits(const fz_lits *a, const fz_lits *b) {
    if (a->n != b->n) return false;
    for (int k = 0; k < a->n; k++)
        if (a->len[k] != b->len[k] || memcmp(a->s[k], b->s[k], a->len[k])) return false;
    return true;
}

static fz_littable *S_table_new(const fz_lits *const *sets, size_t n) {
    fz_littable *t = fz_xcalloc(1, sizeof *t);
    t->key = S_key(sets, n, &t->keylen);
    t->nsets = n;
    size_t total = 0;
    for (size_t i = 0; i < n; i++) total += (size_t)sets[i]->n;
    t->ent = fz_xmalloc((total ? total : 1) * sizeof *t->ent);
    t->own = fz_xmalloc((total ? total : 1) * sizeof *t->own);
    t->grp = fz_xmalloc((total ? total : 1) * sizeof *t->grp);
    uint32_t *cps = fz_xmalloc((total ? total : 1) * sizeof *cps);
    for (int h = 0; h < S_BUCKETS; h++) t->head[h] = -1;
    for (int b = 0; b < 256; b++)
        t->kind[b] = (unsigned char)(fz_utf8_lead_len((unsigned char)b) - 1);
    /* a set with the same literals as an earlier one shares its occurrences */
    t->same = fz_xmalloc((n ? n : 1) * sizeof *t->same);
    for (size_t i = 0; i < n; i++) {
        t->same[i] = i;
        for (size_t j = 0; j < i && t->same[i] == i; j++)
            if (t->same[j] == j && S_same_lits(sets[i], sets[j])) t->same[i] = j;
    }
    /* the distinct literals (their bytes live in key), each with the sets it is in */
    int nent = 0, nown = 0;
    const char *kp = t->key;
    for (size_t i = 0; i < n; i++) {
        kp += sizeof sets[i]->n;
        if (t->same[i] != i) {
            for (int k = 0; k < sets[i]->n; k++) {
                size_t l;
                memcpy(&l, kp, sizeof l);
                kp += sizeof l + l;
            }
            continue;
        }
        for (int k = 0; k < sets[i]->n; k++) {
            size_t l;
            memcpy(&l, kp, sizeof l);
            const unsigned char *s = (const unsigned char *)kp + sizeof l;
            kp += sizeof l + l;
            int e = 0;
            while (e < nent && !(t->ent[e].len == l && !memcmp(t->ent[e].s, s, l))) e++;
            if (e == nent) {
                size_t cl;
                t->ent[nent] = (S_entry){s, l, -1};
                cps[nent++] = (uint32_t)fz_utf8_cp((const char *)s, l, &cl);
                t->kind[s[0]] = cl == 3 && t->kind[s[0]] != S_LEAD ? S_LEAD3 : S_LEAD;
            }
            t->own[nown] = (S_owner){(uint32_t)i, t->ent[e].owners};
            t->ent[e].owners = nown++;
        }
    }
    /* entries by first character, shorter first; then a group per first character */
    for (int i = 1; i < nent; i++)
        for (int j = i; j > 0 && (cps[j - 1] > cps[j] ||
                                  (cps[j - 1] == cps[j] && t->ent[j - 1].len > t->ent[j].len));
             j--) {
            S_entry te = t->ent[j];
            uint32_t tc = cps[j];
            t->ent[j] = t->ent[j - 1], cps[j] = cps[j - 1];
            t->ent[j - 1] = te, cps[j - 1] = tc;
        }
    int ngrp = 0;
    for (int e = 0; e < nent; e++) {
        if (e > 0 && cps[e] == cps[e - 1]) {
            t->grp[ngrp - 1].to = e + 1;
            continue;
        }
        uint32_t h = S_bucket(cps[e]);
        t->grp[ngrp] = (S_firstchar){cps[e], t->head[h], e, e + 1};
        t->head[h] = ngrp++;
        if (cps[e] < 0x10000) t->bmp[cps[e] >> 6] |= 1ULL << (cps[e] & 63);
    }
    /* Blocks of ASCII and 3-byte characters are tested 32 bytes at a time; first
     * characters of other lengths stop a block (then it is scanned as below). */
    uint64_t key[66] = {0};
    for (int e = 0; e < nent; e++) {
        if (cps[e] < 0x80)
            key[cps[e] >> 6] |= 1ULL << (cps[e] & 63);
        else if (cps[e] >= 0x800 && cps[e] < 0x10000)
            key[2 + (cps[e] >> 6 & 63)] |= 1ULL << (cps[e] & 63);
    }
    t->blocks = nent > 0 && fz_block_scan_ok();
    if (t->blocks) fz_block_pairs_build(key, &t->pairs);
    free(cps);
    return t;
}

void fz_littable_free(fz_littable *t) {
    if (!t) return;
    free(t->same);
    free(t->grp);
    free(t->own);
    free(t->ent);
    free(t->key);
    free(t);
}

/* Whether key (from S_key) holds the literals of sets[0, n). */
static bool S_key_is(const char *key, size_t keylen, const fz_lits *const *sets, size_t n) {
    const char *kp = key, *end = key + keylen;
    for (size_t i = 0; i < n; i++) {
        if ((size_t)(end - kp) < sizeof sets[i]->n || memcmp(kp, &sets[i]->n, sizeof sets[i]->n))
            return false;
        kp += sizeof sets[i]->n;
        for (int k = 0; k < sets[i]->n; k++) {
            size_t l = sets[i]->len[k];
            if ((size_t)(end - kp) < sizeof l + l || memcmp(kp, &l, sizeof l) ||
                memcmp(kp + sizeof l, sets[i]->s[k], l))
                return false;
            kp += sizeof l + l;
        }
    }
    return kp == end;
}

fz_littable *fz_littable_get(fz_littable **cache, const fz_lits *const *sets, size_t n) {
    bool same =
        *cache && (*cache)->nsets == n && S_key_is((*cache)->key, (*cache)->keylen, sets, n);
    if (!same) {
        fz_littable_free(*cache);
        *cache = S_table_new(sets, n);
    }
    return *cache;
}

/* The literals of group g that occur at p (its first character, cl bytes, matched). */
static inline void S_hits_at(fz_littable *tab, const S_firstchar *g, const unsigned char *p,
                             size_t left, size_t at, size_t cl) {
    for (int e = g->from; e < g->to; e++) {
        const S_entry *en = &tab->ent[e];
        /* the last byte first: a CJK trail byte rejects nearly every near miss */
        if (en->len > cl && (en->len > left || p[en->len - 1] != en->s[en->len - 1] ||
                             memcmp(p + cl, en->s + cl, en->len - cl - 1)))
            continue;
        for (int o = en->owners; o >= 0; o = tab->own[o].next)
            fz_vec_push(&tab->out[tab->own[o].set], ((fz_occ){(uint32_t)at, (uint32_t)en->len}));
    }
}

/* The literals that start at p, a character start (its bytes: *cl). */
__attribute__((always_inline)) static inline void S_char_at(fz_littable *tab,
                                                            const unsigned char *t,
                                                            const unsigned char *p,
                                                            const unsigned char *end, size_t *cl) {
    unsigned b = *p, k = tab->kind[b];
    if (k <= S_SKIP4) { /* no literal starts with this byte: the whole character */
        *cl = k + 1;
        return;
    }
    uint32_t cp;
    if (k == S_LEAD3 && end - p >= 3)
        cp = ((b & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu), *cl = 3;
    else
        cp = (uint32_t)fz_utf8_cp((const char *)p, (size_t)(end - p), cl); /* valid text */
    if (cp >= 0x10000 || ((tab->bmp[cp >> 6] >> (cp & 63)) & 1))
        for (int g = tab->head[S_bucket(cp)]; g >= 0; g = tab->grp[g].next)
            if (tab->grp[g].cp == cp) {
                S_hits_at(tab, &tab->grp[g], p, (size_t)(end - p), (size_t)(p - t), *cl);
                break;
            }
}

#ifdef FZ_HAVE_BLOCKS
/* From p, 32 bytes at a time while they hold ASCII and 3-byte characters only: only the
 * candidates of the block scan are looked at.  Returns where it stopped, a character
 * start. */
__attribute__((target("avx2,bmi"))) static const unsigned char *S_blocks(fz_littable *tab,
                                                                         const unsigned char *t,
                                                                         const unsigned char *p,
                                                                         const unsigned char *end) {
    fz_block_tabs tb;
    fz_block_tabs_load(&tab->pairs, &tb);
    uint64_t starts;
    unsigned adv;
    size_t cl;
    while (end - p >= 33 && fz_block_step(&tb, p, &starts, &adv)) {
        for (; starts; starts &= starts - 1)
            S_char_at(tab, t, p + __builtin_ctzll(starts), end, &cl);
        p += adv;
    }
    return p;
}
#endif

void fz_litindex_build(fz_litindex *x, fz_littable *tab, const char *text, size_t len) {
    size_t n = tab->nsets;
    x->nsets = n;
    x->occ = fz_xcalloc(n ? n : 1, sizeof *x->occ);
    x->same = fz_xmalloc((n ? n : 1) * sizeof *x->same);
    if (n) memcpy(x->same, tab->same, n * sizeof *x->same);
    tab->out = x->occ;
    const unsigned char *t = (const unsigned char *)text, *end = t + len, *p = t;
#ifdef FZ_HAVE_BLOCKS
    /* after a block that stops, the next 32 bytes one character at a time */
    size_t again = tab->blocks ? 0 : SIZE_MAX;
#endif
    while (p < end) {
#ifdef FZ_HAVE_BLOCKS
        if ((size_t)(p - t) >= again) {
            p = S_blocks(tab, t, p, end);
            again = (size_t)(p - t) + 32;
            if (p >= end) break;
        }
#endif
        size_t cl;
        S_char_at(tab, t, p, end, &cl);
        p += cl;
    }
    /* pushed as they were found: each set's in text order; the slack given back */
    tab->out = NULL;
    for (size_t i = 0; i < n; i++)
        if (x->occ[i].cap > x->occ[i].n && x->occ[i].n) {
            x->occ[i].v = fz_xrealloc(x->occ[i].v, x->occ[i].n * sizeof *x->occ[i].v);
            x->occ[i].cap = x->occ[i].n;
        }
}

void fz_litindex_free(fz_litindex *x) {
    for (size_t i = 0; x->occ && i < x->nsets; i++) fz_vec_free(&x->occ[i]);
    free(x->occ);
    free(x->same);
    memset(x, 0, sizeof *x);
}

/* The first of o[0, n) (in text order) that starts at or after from. */
static size_t S_first_from(const fz_occ *o, size_t n, size_t from) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (o[mid].at < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The occurrences of a set: *n from the one returned. */
static const fz_occ *S_set_occ(const fz_litindex *x, size_t set, size_t *n) {
    static const fz_occ none;
    const fz_occs *o = &x->occ[x->same[set]];
    *n = o->n;
    return o->v ? o->v : &none;
}

void fz_litwalk_init(fz_litwalk *w, const fz_lits *l, const fz_litindex *x, size_t set, size_t base,
                     size_t len) {
    size_t n;
    const fz_occ *o = S_set_occ(x, set, &n);
    size_t lo = S_first_from(o, n, base);
    *w = (fz_litwalk){
        .l = l, .occ = o + lo, .n = n - lo, .base = base, .len = len, .last = SIZE_MAX};
}

/* Whether occurrence k lies inside the subject; *end: it starts past the subject. */
static bool S_inside(const fz_litwalk *w, size_t k, bool *end) {
    size_t at = w->occ[k].at - w->base;
    *end = at >= w->len;
    return !*end && w->occ[k].len <= w->len - at;
}

bool fz_litwalk_next(fz_litwalk *w, size_t pos, size_t gap, size_t *from, size_t *last) {
    size_t k0 = w->k;
    while (w->k < w->n && w->occ[w->k].at - w->base < pos) w->k++;
    size_t k = w->k;
    bool end = false;
    while (k < w->n && !S_inside(w, k, &end) && !end) k++;
    w->steps += k - k0 + 1;
    if (k >= w->n || end) return false;
    size_t q = w->occ[k].at - w->base, back = w->l->back;
    *from = back == SIZE_MAX || q - pos <= back ? pos : q - back;
    if (back == SIZE_MAX) { /* anywhere before the last literal inside the subject */
        if (w->last == SIZE_MAX) {
            for (w->last = q; k < w->n; k++) {
                if (S_inside(w, k, &end))
                    w->last = w->occ[k].at - w->base;
                else if (end)
                    break;
            }
        }
        *last = w->last;
        return true;
    }
    if (k >= w->chain_start && k < w->chain_end &&
        gap == w->chain_gap) { /* inside the stretch found last */
        *last = w->chain_last;
        return true;
    }
    size_t k1 = k;
    for (k++; k < w->n && w->occ[k].at - w->base - q <= back + gap; k++)
        if (S_inside(w, k, &end)) q = w->occ[k].at - w->base;
    w->steps += k - k1;
    w->chain_start = w->k, w->chain_end = k, w->chain_last = q, w->chain_gap = gap;
    *last = q;
    return true;
}

bool fz_litwalk_near(const fz_litwalk *w, size_t *k, size_t near, size_t *from, size_t *last) {
    bool end = false;
    while (*k < w->n && !S_inside(w, *k, &end) && !end) ++*k;
    if (*k >= w->n || end) return false;
    size_t q = w->occ[*k].at - w->base;
    *from = q > near ? q - near : 0;
    for (++*k; *k < w->n && w->occ[*k].at - w->base - q <= near; ++*k)
        if (S_inside(w, *k, &end)) q = w->occ[*k].at - w->base;
    *last = q;
    return true;
}

/* ---- the index of a view: its patterns and their sets ---- */

static size_t S_slot_of(const struct fz_regex *re, size_t nslot) {
    return ((uintptr_t)re >> 4) * 2654435761u & (nslot - 1);
}

int fz_viewlits_set(const fz_viewlits *v, const struct fz_regex *re) {
    if (!v->nslot || !re) return -1;
    for (size_t h = S_slot_of(re, v->nslot);; h = (h + 1) & (v->nslot - 1)) {
        int set = v->slot[h];
        if (set < 0) return -1;
        if (v->re.v[set] == re) return set;
    }
}

static void S_slots_grow(fz_viewlits *v) {
    free(v->slot);
    v->nslot = v->nslot ? 2 * v->nslot : 64;
    v->slot = fz_xmalloc(v->nslot * sizeof *v->slot);
    for (size_t h = 0; h < v->nslot; h++) v->slot[h] = -1;
    for (size_t i = 0; i < v->re.n; i++) {
        size_t h = S_slot_of(v->re.v[i], v->nslot);
        while (v->slot[h] >= 0) h = (h + 1) & (v->nslot - 1);
        v->slot[h] = (int)i;
    }
}

void fz_viewlits_add(fz_viewlits *v, const struct fz_regex *re, const fz_lits *l) {
    if (!re || l->n == 0 || fz_viewlits_set(v, re) >= 0) return;
    fz_vec_push(&v->re, re);
    fz_vec_push(&v->sets, l);
    if (2 * v->re.n > v->nslot) {
        S_slots_grow(v);
        return;
    }
    size_t h = S_slot_of(re, v->nslot);
    while (v->slot[h] >= 0) h = (h + 1) & (v->nslot - 1);
    v->slot[h] = (int)(v->re.n - 1);
}

void fz_viewlits_build(fz_viewlits *v, fz_littable **cache, const char *text, size_t len) {
    fz_littable *tab = fz_littable_get(cache, v->sets.v, v->sets.n);
    fz_litindex_build(&v->index, tab, text, v->sets.n ? len : 0); /* nothing to look for */
    v->built = true;
}

bool fz_viewlits_within(const fz_viewlits *v, int set, size_t from, size_t to, size_t *hint) {
    if (set < 0) return true;
    size_t n, lo;
    const fz_occ *o = S_set_occ(&v->index, (size_t)set, &n);
    if (hint) { /* calls come with non-decreasing from: step on from the last answer */
        for (lo = *hint; lo < n && o[lo].at < from; lo++) {
        }
        *hint = lo;
    } else {
        lo = S_first_from(o, n, from);
    }
    for (size_t k = lo; k < n && o[k].at < to; k++)
        if (o[k].len <= to - o[k].at) return true;
    return false;
}

void fz_viewlits_free(fz_viewlits *v) {
    fz_litindex_free(&v->index);
    fz_vec_free(&v->re);
    fz_vec_free(&v->sets);
    free(v->slot);
    memset(v, 0, sizeof *v);
}
