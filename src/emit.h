/*
 * emit.h - renderers: checked reports to text.  One file per format, each
 * defining an fz_emitter; emit.c lists them.  Per-report output is rendered on
 * the worker threads; begin and end run once on the main thread.
 */
#ifndef FZ_EMIT_H
#define FZ_EMIT_H

#include "report.h"

struct fz_ruleset;

typedef struct fz_emit_opts {
    fz_colunit unit;
    bool color;
    fz_level min_level; /* diagnostics below this level are not shown */
} fz_emit_opts;

typedef struct fz_emit_ctx {
    fz_emit_opts opts;
    const struct fz_ruleset *rs;
    size_t files, counts[3]; /* for end(): files checked and findings per level */
    const fz_buf *rows;      /* for end(): the row() outputs in input order, or NULL */
} fz_emit_ctx;

typedef struct fz_emitter {
    const char *name;
    void (*begin)(fz_buf *out, const fz_emit_ctx *c); /* may be NULL */
    void (*report)(fz_buf *out, const fz_report *r, const fz_emit_ctx *c);
    void (*end)(fz_buf *out, const fz_emit_ctx *c); /* may be NULL */
    /* May be NULL.  A per-report part that end() places (a summary table row, say):
     * rendered on the worker after report(), handed to end() in input order as c->rows. */
    void (*row)(fz_buf *out, const fz_report *r, const fz_emit_ctx *c);
    const char *separator; /* written between two non-empty report outputs, or NULL */
} fz_emitter;

/* The emitter called name, or NULL. */
const fz_emitter *fz_emitter_find(const char *name);
/* Names of all formats, separated by ", " (for messages). */
const char *fz_emitter_names(void);

/* Helpers shared by the emitters. */
/* 1-based line and column of a src offset in the given unit. */
void fz_emit_position(const fz_report *r, size_t off, fz_colunit unit, size_t *line, size_t *col);
/* Appends s as the contents of a JSON string (no quotes), escaping as RFC 8259 asks. */
void fz_emit_json_string(fz_buf *out, const char *s, size_t len);

/* --facts: a report's numbers (fz_report.facts) as one JSON object, or as CSV rows
 * (file, indicator, label, value, unit, approx, line, column, text) after the header
 * that fz_facts_write_csv_header writes.  See docs/facts.md. */
void fz_facts_write_json(fz_buf *out, const fz_report *r, fz_colunit unit);
void fz_facts_write_csv_header(fz_buf *out);
void fz_facts_write_csv(fz_buf *out, const fz_report *r, fz_colunit unit);

extern const fz_emitter fz_emitter_gcc;
extern const fz_emitter fz_emitter_outline;
extern const fz_emitter fz_emitter_html;
extern const fz_emitter fz_emitter_facts_json;
extern const fz_emitter fz_emitter_facts_csv;

#endif
