/*
 * types.h - the vocabulary every stage shares: levels, column units, a finding and the
 * other places it points at.  Internal: the public header is include/fzlint.h.
 */
#ifndef FZ_TYPES_H
#define FZ_TYPES_H

#include <stdbool.h>
#include <stddef.h>

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

/* "error", "warning", "info". */
const char *fz_level_name(fz_level level);

#endif
