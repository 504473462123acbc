/*
 * match.h - PCRE2 patterns compiled once (with JIT) and shared read-only, and a
 * per-thread matcher that owns the mutable match state and the limits.
 */
#ifndef FZ_MATCH_H
#define FZ_MATCH_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "prefilter.h"
#include "util.h"

#define FZ_MAX_GROUPS 64

typedef struct fz_regex {
    char *pattern;
    pcre2_code *code;
    bool jit;          /* JIT-compiled: matched with pcre2_jit_match */
    bool counted;      /* may backtrack exponentially: every step is counted (fz_matcher_budget) */
    fz_lits lits;      /* what every match contains or starts with (see prefilter.h) */
    bool first_known;  /* every match starts with a byte of first (PCRE2's own start data) */
    uint8_t first[32]; /* a 256-bit set */
} fz_regex;

typedef struct fz_matcher {
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    const fz_regex *last; /* the pattern the match data belongs to */
    const char *subject;
    size_t offset_limit;  /* the one set in mctx; SIZE_MAX: none */
    fz_littable *lits[2]; /* the engine's literal tables, per view (prefilter.h) */
    /* The first pattern that hit the match or depth limit since the caller last set
     * this to NULL, and where its search started (a pointer into that subject): the
     * stages without a rule of their own (outline, facts) name it in a warning. */
    const fz_regex *limited;
    const char *limited_at;
    /* The steps the counted patterns may still take for the caller's current unit (a
     * rule on one file, a block of the pack), and the steps they took (for tests). */
    uint64_t budget, steps;
} fz_matcher;

/* Compiles pattern (UTF, UCP, JIT).  On failure returns NULL and writes the reason
 * to err and the 0-based character offset of the fault to *err_off. */
fz_regex *fz_regex_new(const char *pattern, fz_buf *err, size_t *err_off);
/* The same without JIT, for a pattern compiled only to be checked: it still matches,
 * through the interpreter. */
fz_regex *fz_regex_new_nojit(const char *pattern, fz_buf *err, size_t *err_off);
void fz_regex_free(fz_regex *re);
/* Number of capture groups; index of a named group or -1. */
int fz_regex_groups(const fz_regex *re);
int fz_regex_group_index(const fz_regex *re, const char *name);

void fz_matcher_init(fz_matcher *m);
void fz_matcher_free(fz_matcher *m);
/* PCRE2's match limit is counted per call (and JIT counts few of the steps of a nested
 * repeat such as (a+)+), so a pattern that backtracks exponentially on many short runs
 * stays under it on each.  Such patterns (a repeated group holding a repeat or an
 * alternation) are compiled with a callout at every item that counts the steps, and the
 * calls that follow fz_matcher_budget(m, len) may take FZ_MATCH_BUDGET_PER_BYTE steps a
 * byte of a text of len bytes, plus one call's limit, together: then FZ_MATCH_LIMIT.
 * len SIZE_MAX: no budget. */
#define FZ_MATCH_BUDGET_PER_BYTE 1000
void fz_matcher_budget(fz_matcher *m, size_t len);

enum { FZ_MATCH_NONE = 0, FZ_MATCH_OK = 1, FZ_MATCH_LIMIT = -1 };
/* Searches subject[start, len) (valid UTF-8, not checked again).  Returns
 * FZ_MATCH_OK with the whole match in [*ms, *me), FZ_MATCH_NONE, or
 * FZ_MATCH_LIMIT when the match or depth limit stopped the search. */
int fz_regex_match(fz_matcher *m, const fz_regex *re, const char *subject, size_t len, size_t start,
                   size_t *ms, size_t *me);
/* Same, but the match must start at or before last_start (SIZE_MAX: anywhere): PCRE2
 * tries no start beyond it, so a search between two literals stops early. */
int fz_regex_match_upto(fz_matcher *m, const fz_regex *re, const char *subject, size_t len,
                        size_t start, size_t last_start, size_t *ms, size_t *me);
/* Searches subject[pos, len) for re where its literals allow a match (prefilter.h):
 * with walk, the literals' occurrences in this subject from an index; without, a scan
 * for them kept in ls (zero-initialised per subject).  The first match, or with any
 * one that need not be the first.  Calls for one subject come with non-decreasing pos. */
int fz_regex_search(fz_matcher *m, const fz_regex *re, const char *subject, size_t len, size_t pos,
                    fz_litwalk *walk, fz_litscan *ls, bool any, size_t *ms, size_t *me);
/* After a successful match: the span of group i (false when it did not take part). */
bool fz_match_group(const fz_matcher *m, int i, size_t *gs, size_t *ge);
/* Convenience: true when re matches anywhere in subject[0, len). */
bool fz_regex_test(fz_matcher *m, const fz_regex *re, const char *subject, size_t len);

#endif
