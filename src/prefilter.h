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

#define FZ_MAX_LITS 8

typedef struct fz_lits {
    int n;                /* 0: nothing known, a match may be anywhere */
    bool prefix;          /* every match starts with one of them; else every match contains one */
    size_t back;          /* one of them starts at most this many bytes after the start of every
                             match (0 for a prefix set; SIZE_MAX: anywhere in it) */
    bool at_search_start; /* \G: where a match is depends on where the search starts */
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

#endif
