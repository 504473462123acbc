/*
 * compare.h - the second phase: after every report of a run has left its digest
 * (digest.h), the digests are paired (the same issuer's report of the year before;
 * reports of other issuers in the batch) and the `compare` rules add their findings
 * to each report.  Sentences are joined through their fingerprints (sorted, so the
 * cost is near-linear in the batch), never text against text.
 */
#ifndef FZ_COMPARE_H
#define FZ_COMPARE_H

#include "digest.h"
#include "report.h"

struct fz_ruleset;

/* What the second phase adds to one report. */
typedef struct fz_compare_result {
    fz_diags diags;
    FZ_VEC(fz_tally) tallies; /* labelled shares for the summary formats (value owned) */
    size_t text_len;          /* of the text the digest was made from */
} fz_compare_result;

typedef struct fz_batch {
    fz_digest *d; /* in input order; d[0, ntargets) are being checked */
    size_t n, ntargets;
    const struct fz_ruleset *const *rs; /* per digest: the rule set of its report */
    long previous;                      /* index of the --previous digest (the year before of every
                                           target), or -1: pair by issuer and year */
} fz_batch;

/* Fills out[0, b->ntargets) (zero-initialised by the caller).  Marks the batch's
 * common sentences in the digests (fz_fp.common). */
void fz_compare_batch(const fz_batch *b, fz_compare_result *out);
/* Moves res's findings (capped at max_per_rule, waivers of rs applied) and tallies
 * into r, when r's text is the one the digest was made from. */
void fz_compare_apply(fz_report *r, fz_compare_result *res, const struct fz_ruleset *rs,
                      size_t max_per_rule);
void fz_compare_result_free(fz_compare_result *res);
/* Whether rs has an enabled compare rule. */
bool fz_compare_wanted(const struct fz_ruleset *rs);

#endif
