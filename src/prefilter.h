/*
 * prefilter.h - literal prefilters for patterns.  At compile time a pattern is read
 * for a small set of literals one of which every match must contain (or start
 * with); at match time memmem finds them, so a walk over a long subject skips
 * pcre2_match where no match can be, and stops once none is left.  A pattern the
 * reader does not fully understand gets no prefilter: it is always matched.
 */
#ifndef FZ_PREFILTER_H
#define FZ_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define FZ_MAX_LITS 8

typedef struct fz_lits {
    int n;                /* 0: nothing known, a match may be anywhere */
    bool prefix;          /* every match starts with one of them; else every match contains one */
    size_t back;          /* one of them starts at most this many bytes after the start of every
                             match (0 for a prefix set; SIZE_MAX: anywhere in it) */
    bool at_search_start; /* \G: where a match is depends on where the search starts */
    bool anchored;        /* every match starts at the start of the subject (^, \A) */
    char *s[FZ_MAX_LITS];
    size_t len[FZ_MAX_LITS];
} fz_lits;

/* Reads pattern (PCRE2 syntax, UTF-8, no options) into out. */
void fz_lits_extract(const char *pattern, fz_lits *out);
void fz_lits_free(fz_lits *l);

/* Where the literals next occur in one subject; zero-initialise per subject. */
typedef struct fz_litscan {
    bool ready;
    size_t from;
    size_t next[FZ_MAX_LITS]; /* SIZE_MAX: not at or after `from` */
} fz_litscan;

/* The offset at which to start searching subj[start, len): start itself, or for a
 * prefix set the first occurrence; SIZE_MAX when no match can begin there.  Calls
 * for one subject should come with non-decreasing start (then the scan is linear). */
size_t fz_lits_skip(const fz_lits *l, fz_litscan *ls, const char *subj, size_t len, size_t start);

/* Where literals occur in one text: for each of a few literal sets, the occurrences
 * of its members in text order (overlapping ones included).  One pass over the text
 * serves every set, instead of a scan per set and subject. */
typedef struct fz_occ {
    uint32_t at, len; /* text is at most 1 GiB (text.h): 8 bytes an occurrence */
} fz_occ;

typedef FZ_VEC(fz_occ) fz_occs;

typedef struct fz_litindex {
    size_t nsets;
    fz_occs *occ; /* by set, in text order: set i's are occ[same[i]] */
    size_t *same; /* the first set with the same literals: their occurrences are stored once */
} fz_litindex;

/* What the scan looks for: the literals of some sets, by first character.  Built once
 * and kept in *cache (one per thread) while the sets' literals stay the same. */
typedef struct fz_littable fz_littable;
fz_littable *fz_littable_get(fz_littable **cache, const fz_lits *const *sets, size_t n);
void fz_littable_free(fz_littable *t);

/* Finds every member of the table's sets in text[0, len) (valid UTF-8). */
void fz_litindex_build(fz_litindex *x, fz_littable *tab, const char *text, size_t len);
void fz_litindex_free(fz_litindex *x);

/* The occurrences of one set of an index that lie inside a subject, text[base, base +
 * len): where a match of the set's pattern can start. */
typedef struct fz_litwalk {
    const fz_lits *l;
    const fz_occ *occ; /* the set's occurrences, from the first at or after base */
    size_t n, k;       /* k: the first not before the last position asked for */
    size_t base, len;
    size_t last; /* l->back unbounded: the last one inside the subject (SIZE_MAX: not known) */
    /* the last stretch found: occurrences before chain_end (with this gap) end it at
     * chain_last, so dense literals are chained once, not once per match */
    size_t chain_start, chain_end, chain_last, chain_gap;
    size_t steps; /* occurrences looked at, for tests */
} fz_litwalk;

void fz_litwalk_init(fz_litwalk *w, const fz_lits *l, const fz_litindex *x, size_t set, size_t base,
                     size_t len);
/* The next stretch [*from, *last] of the subject (offsets within it) at or after pos
 * where a match can start: at most l->back bytes before a literal that lies inside the
 * subject; literals closer than gap bytes share a stretch.  False when there is none.
 * Calls come with non-decreasing pos. */
bool fz_litwalk_next(fz_litwalk *w, size_t pos, size_t gap, size_t *from, size_t *last);
/* For unbounded l->back: the stretches of near bytes before each literal (those closer
 * than near bytes shared), in order, from the literal *k on (start with *k = 0). */
bool fz_litwalk_near(const fz_litwalk *w, size_t *k, size_t near, size_t *from, size_t *last);

/* The one literal index of a report's view: the patterns whose literals it holds (any
 * number: the pattern -> set table grows), and where they occur, found in one pass. */
struct fz_regex;
typedef struct fz_viewlits {
    fz_litindex index;
    FZ_VEC(const struct fz_regex *) re; /* the pattern of each set */
    FZ_VEC(const fz_lits *) sets;       /* and its literals */
    int *slot;                          /* pattern -> set, by pointer hash; -1: empty */
    size_t nslot;                       /* a power of two, at least twice re.n */
    bool built;
} fz_viewlits;

/* Adds a pattern (once; one without literals is left out: it may match anywhere). */
void fz_viewlits_add(fz_viewlits *v, const struct fz_regex *re, const fz_lits *l);
/* The set of re, or -1 when it is not in the index. */
int fz_viewlits_set(const fz_viewlits *v, const struct fz_regex *re);
/* One pass over text[0, len) for every pattern added; the table is kept in *cache. */
void fz_viewlits_build(fz_viewlits *v, fz_littable **cache, const char *text, size_t len);
/* Whether one of set's literals lies wholly inside text[from, to) (set -1: true).  With
 * a hint (0 at first), calls for one set must come with non-decreasing from. */
bool fz_viewlits_within(const fz_viewlits *v, int set, size_t from, size_t to, size_t *hint);
void fz_viewlits_free(fz_viewlits *v);

#endif
