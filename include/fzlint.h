/*
 * fzlint.h - public interface of libfzlint, a compliance linter for Chinese
 * government annual reports on law-based government (法治政府建设年度报告).
 *
 * A run loads rule packs once (fz_ruleset), then checks any number of reports
 * (fz_report), each giving diagnostics as data; the emitters turn them into text.
 * The library never prints.  Ownership: every *_new has a *_free; *_free(NULL) is a no-op.
 */
#ifndef FZLINT_H
#define FZLINT_H

#include <stdbool.h>
#include <stddef.h>

#define FZLINT_VERSION "0.1.0"

typedef enum fz_level { FZ_LEVEL_INFO = 0, FZ_LEVEL_WARNING = 1, FZ_LEVEL_ERROR = 2 } fz_level;

typedef enum fz_colunit {
    FZ_COL_DISPLAY = 0, /* terminal cells, as GCC: a CJK character is 2 */
    FZ_COL_CHAR,        /* Unicode code points */
    FZ_COL_BYTE,        /* UTF-8 bytes */
    FZ_COL_UTF16        /* UTF-16 code units (LSP, VS Code) */
} fz_colunit;

/* Another place a finding points at: the earlier copy, last year's wording. */
typedef struct fz_related {
    char *path;       /* another file (owned); NULL: this report, at offset */
    size_t offset;    /* path == NULL: byte offset into this report's decoded text */
    size_t line, col; /* path != NULL: 1-based, in the run's column unit */
    char *message;    /* owned */
} fz_related;

/* One finding.  Spans are byte offsets into the report's decoded text. */
typedef struct fz_diag {
    fz_level level;
    const char *rule_id;   /* "pack/rule"; owned by the rule set or static */
    const char *authority; /* article or standard the rule rests on, or NULL */
    char *message;         /* owned by the report */
    char *fix;             /* suggested replacement text for the span, or NULL */
    size_t start, end;
    size_t suppressed;   /* > 0 on a summary line standing for that many more findings */
    fz_related *related; /* owned, nrelated of them (fz_diag_relate) */
    size_t nrelated;
} fz_diag;

const char *fz_level_name(fz_level level);

#endif
