/*
 * facts_index.h - where the literals of the facts profile's patterns occur in a
 * report, found in one pass (with an AVX2 block scan where the CPU has it) or, for
 * the patterns asked only near a number, window by window; and the events the
 * extraction loop acts on (line feeds, punctuation, digits).  Private to the facts
 * stage (facts_extract.c).
 */
#ifndef FZ_FACTS_INDEX_H
#define FZ_FACTS_INDEX_H

#include <stdint.h>

#include "blockscan.h"
#include "facts_internal.h"

/* Where the literals of one profile pattern occur in the report. */
typedef struct fz_facts_slot {
    const struct fz_facts_lits *l;
    FZ_VEC(fz_facts_range) occ; /* by start */
    size_t hint;                /* where the last lookup ended: windows mostly move forward */
    bool asked;                 /* some window asks for it (rate-word's never does) */
    bool lazy;                  /* asked only in windows that end at a number: found there */
    bool indicator;             /* its occurrences go to ind_any too */
} fz_facts_slot;

/* A literal by its first character: a chain in the hash of first characters, where
 * the same string asked by several patterns comes in a row (compared once). */
typedef struct fz_facts_ent {
    int cp, next, slot;
    const char *s;
    size_t len;
    size_t first; /* bytes of its first character */
    bool same;    /* the same string as the entry before it in the chain */
} fz_facts_ent;

/* A set of code points below U+10000, a bit each (8 KB). */
#define FZ_FACTS_BMP       0x10000
#define FZ_FACTS_SET_WORDS (FZ_FACTS_BMP / 64)

static inline bool fz_facts_in(const uint64_t *set, int cp) {
    return (set[cp >> 6] >> (cp & 63)) & 1;
}

/* Code point -> the first of a chain (an index), by open addressing. */
typedef struct fz_cpmap {
    int *key, *head;
    size_t cap;
} fz_cpmap;

void fz_cpmap_init(fz_cpmap *m, size_t n);
void fz_cpmap_free(fz_cpmap *m);

/* The cell of cp: its own, or the empty one where it would go (key -1). */
static inline size_t fz_cpmap_cell(const fz_cpmap *m, int cp) {
    size_t h = ((uint32_t)cp * 2654435761u) & (m->cap - 1);
    while (m->key[h] != -1 && m->key[h] != cp) h = (h + 1) & (m->cap - 1);
    return h;
}

/* The head of cp's chain, or -1 (also for cp -1, an undecodable byte). */
static inline int fz_cpmap_get(const fz_cpmap *m, int cp) {
    if (cp < 0) return -1;
    size_t h = fz_cpmap_cell(m, cp);
    return m->key[h] == cp ? m->head[h] : -1;
}

/* The first occurrence of sl starting at or after from. */
__attribute__((always_inline)) static inline size_t fz_facts_occ_from(fz_facts_slot *sl,
                                                                      size_t from) {
    size_t lo = 0, hi = sl->occ.n, k = sl->hint;
    if (k == 0 || sl->occ.v[k - 1].s < from) { /* at or after the last answer */
        for (lo = k; lo < hi && lo < k + 4; lo++)
            if (sl->occ.v[lo].s >= from) return sl->hint = lo;
    } else {
        hi = k;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sl->occ.v[mid].s < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    return sl->hint = lo;
}

/* Whether a match of sl's pattern in t[from, to) is possible: one of its literals
 * lies there (for an anchored pattern, starts at from).  No slot: always. */
__attribute__((always_inline)) static inline bool fz_facts_may_match(fz_facts_slot *sl, size_t from,
                                                                     size_t to) {
    if (!sl) return true;
    for (size_t k = fz_facts_occ_from(sl, from); k < sl->occ.n && sl->occ.v[k].s < to; k++) {
        if (sl->l->anchored && sl->l->prefix && sl->occ.v[k].s != from) return false;
        if (sl->occ.v[k].e <= to) return true;
    }
    return false;
}

typedef struct fz_facts_index {
    fz_facts_slot *slots; /* one per pattern with literals (the profile's lits) */
    size_t nslots;
    fz_facts_slot ind_any; /* all the indicators' occurrences (used when each has literals) */
    const char *t;
    size_t len;
    const fz_facts_profile *p;
    /* the literal index: first characters hashed, then compared */
    fz_facts_ent *ent;
    int nent;
    fz_cpmap lit_map, win_map; /* found in one pass, found in the windows (lazy) */
    uint64_t *lit_first;       /* first characters of the literals found in one pass */
    uint64_t *win_first;       /* of those found in the windows */
    size_t win_upto;           /* the windows' literals are found before this */
    uint64_t *stops;           /* those and the events (below) */
    fz_block_pairs stop_pairs; /* the same as pshufb looks them up (the block scan) */
    bool blocks;               /* the block scan runs (AVX2, not the reference) */
    FZ_VEC(uint32_t)
    events; /* where the main loop has something to do, in order (32-bit: text.h) */
} fz_facts_index;

/* Sets up the slots of t[0, len) for the literals of p (nothing asked yet). */
void fz_facts_index_init(fz_facts_index *ix, const fz_facts_profile *p, const char *t, size_t len);
/* The slot of re's literals, marked asked; NULL when re has none. */
fz_facts_slot *fz_facts_slot_of(fz_facts_index *ix, const fz_regex *re);
/* One pass over the text: the asked (not lazy) literals and the events. */
void fz_facts_index_build(fz_facts_index *ix);
/* The lazy slots' literals that start in t[from, to) (windows only move forward). */
void fz_facts_index_upto(fz_facts_index *ix, size_t from, size_t to);
void fz_facts_index_free(fz_facts_index *ix);

#endif
