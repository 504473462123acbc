/*
 * diag.h - diagnostics as data: collected per report, then sorted, deduplicated
 * and capped per rule (the first few shown, then one summary with the count).
 */
#ifndef FZ_DIAG_H
#define FZ_DIAG_H

#include "fzlint.h"
#include "util.h"

typedef FZ_VEC(fz_diag) fz_diags;

/* Adds a diagnostic; message is formatted printf-style and copied. */
fz_diag *fz_diag_add(fz_diags *d, fz_level level, const char *rule_id, const char *authority,
                     size_t start, size_t end, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
/* Adds a related location to d (path NULL: this report at offset; else line/col). */
void fz_diag_relate(fz_diag *d, const char *path, size_t offset, size_t line, size_t col,
                    const char *message);
/* Frees what d owns (message, fix, related). */
void fz_diag_clear(fz_diag *d);
/* Sorts by position (then rule id), drops exact duplicates and keeps at most
 * max_per_rule findings of each rule (0 = unlimited), turning the rest into one
 * summary diagnostic placed after the last kept one. */
void fz_diags_finish(fz_diags *d, size_t max_per_rule);
/* Finishes extra (capped at max_per_rule) and moves it into d, which is finished
 * already: the second phase's findings join a checked report's. */
void fz_diags_merge(fz_diags *d, fz_diags *extra, size_t max_per_rule);
void fz_diags_free(fz_diags *d);

#endif
