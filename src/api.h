/*
 * api.h - what stands behind the opaque types of include/fzlint.h, for the library's
 * own clients that link its objects (the CLI): a report's fz_report, and the check
 * with the caller's matcher and stages.
 */
#ifndef FZ_API_H
#define FZ_API_H

#include "fzlint.h"
#include "report.h"

struct fzlint_rules {
    struct fz_ruleset *rs;
    fz_buf error; /* the last failed call's messages */
};

struct fzlint_options {
    int report_year; /* 0: the title's */
    fz_colunit unit;
    bool unit_set; /* unit was chosen: a format that cannot express it is refused */
    size_t max_per_rule;
    fz_level fail_level, min_level;
    fz_report_upto upto; /* the stages a check runs (the CLI's --outline, --facts) */
};

/* The defaults of fzlint_options_new. */
#define FZ_API_OPTIONS_DEFAULT                                                                     \
    (fzlint_options) {                                                                             \
        .max_per_rule = 5, .fail_level = FZ_LEVEL_ERROR, .min_level = FZ_LEVEL_INFO                \
    }

struct fzlint_diag {
    const fzlint_report *report;
    const fz_diag *d;
};

struct fzlint_report {
    fz_report rep;
    fzlint_options opts;
    fzlint_diag *diags; /* one per rep.diags.v[i] (fz_api_sync) */
    size_t ndiags;
};

/* The check of fzlint_check_buffer for a document a reader gave (read.h; taken over and
 * emptied), with the caller's matcher (one per thread). */
fzlint_report *fz_api_check_doc(const struct fz_ruleset *rs, const fzlint_options *o,
                                const char *path, fz_doc *doc, fz_matcher *m);
/* After the findings of r->rep changed (the comparison's merged in): the walk sees them. */
void fz_api_sync(fzlint_report *r);

#endif
