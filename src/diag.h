/*
 * diag.h - diagnostics as data: collected per report, then sorted, deduplicated
 * and capped per rule (the first few shown, then one summary with the count).
 */
#ifndef FZ_DIAG_H
#define FZ_DIAG_H

#include <stdbool.h>

#include "types.h"
#include "util.h"

typedef struct fz_diag_rules fz_diag_rules;

typedef struct fz_diags {
    fz_diag *v; /* after fz_diags_finish: the findings, in order */
    size_t n, cap;
    /* Set with fz_diags_cap before adding: at most this many findings of a rule are
     * kept whole while recording (0: all); of the rest only a fingerprint each. */
    size_t record_cap;
    fz_diag_rules *rules; /* per rule: the findings kept so far (diag.c) */
    fz_diag scratch;      /* what fz_diag_add returns for a finding it does not keep */
    /* When set, a finding it says yes to is not recorded (waivers). */
    bool (*waived)(const void *ctx, const char *rule_id, size_t start);
    const void *waived_ctx;
} fz_diags;

/* Caps recording at max_per_rule findings per rule (0: keep all); call on an empty list,
 * then finish with the same max_per_rule. */
void fz_diags_cap(fz_diags *d, size_t max_per_rule);

/* The level named s ("error", "warning", "info", as fz_level_name writes them); false
 * for any other name.  The one parser of level names (packs, configs, --fail-on). */
bool fz_level_parse(const char *s, fz_level *out);

/* Adds a diagnostic; message is formatted printf-style and copied.  The pointer
 * returned (to set a fix) is valid until the next call. */
fz_diag *fz_diag_add(fz_diags *d, fz_level level, const char *rule_id, const char *authority,
                     size_t start, size_t end, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
/* Whether a finding of rule_id was recorded (before or after fz_diags_finish). */
bool fz_diags_has(const fz_diags *d, const char *rule_id);
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
/* For tests: how many findings are held whole (the memory that grows with them). */
size_t fz_diags_whole(const fz_diags *d);

#endif
