/*
 * emit.h - renderers: checked reports to text.  One file per format, each
 * defining an fz_emitter; emit.c lists them.  Per-report output is rendered on
 * the worker threads; begin and end run once on the main thread.
 */
#ifndef FZ_EMIT_H
#define FZ_EMIT_H

#include "report.h"

struct fz_ruleset;
struct fz_rule;

typedef struct fz_emit_opts {
    fz_colunit unit;
    bool color;
    fz_level min_level; /* diagnostics below this level are not shown */
} fz_emit_opts;

typedef struct fz_emit_ctx {
    fz_emit_opts opts;
    const struct fz_ruleset *rs; /* the first rule set in play, or NULL */
    /* Every rule of every rule set in play (one per id, sorted by id): files under
     * different .fzlint.yaml are checked with different sets, one run lists them all. */
    FZ_VEC(const struct fz_rule *) rules;
    const char *const *inputs; /* the paths about to be checked, for layout */
    size_t ninputs;
    size_t files, counts[3]; /* for end(): files checked and findings per level */
    const fz_buf *rows;      /* for end(): the row() outputs in input order, or NULL */
    bool compared;           /* the second phase ran: the compare rules' columns are shown */
    /* the summary's path column: the widest input path + 1 (0: not yet known), worked
     * out once for every row; racing workers store the same value */
    _Atomic size_t path_width;
} fz_emit_ctx;

/* Adds the rules of rs to c->rules (the first rule set to name an id wins). */
void fz_emit_ctx_add_rules(fz_emit_ctx *c, const struct fz_ruleset *rs);
/* The rule with this id and its index in c->rules, or NULL. */
const struct fz_rule *fz_emit_ctx_rule(const fz_emit_ctx *c, const char *id, size_t *index);
void fz_emit_ctx_free(fz_emit_ctx *c);

typedef struct fz_emitter {
    const char *name;
    void (*begin)(fz_buf *out, const fz_emit_ctx *c); /* may be NULL */
    void (*report)(fz_buf *out, const fz_report *r, const fz_emit_ctx *c);
    void (*end)(fz_buf *out, const fz_emit_ctx *c); /* may be NULL */
    /* May be NULL.  A per-report part that end() places (a summary table row, say):
     * rendered on the worker after report(), handed to end() in input order as c->rows. */
    void (*row)(fz_buf *out, const fz_report *r, const fz_emit_ctx *c);
    const char *separator; /* written between two non-empty report outputs, or NULL */
    /* What closes the output when the run stops short (out of memory) after the last
     * whole report, so a JSON or HTML document stays well-formed; or NULL. */
    const char *abort_tail;
    /* Column units the format can express, as bits 1 << fz_colunit; 0 = all.  When
     * the user names none, the lowest accepted one replaces the default (display). */
    unsigned units;
    /* The stages its output needs (report.h): FZ_UPTO_RULES (0) for findings. */
    fz_report_upto upto;
} fz_emitter;

/* The emitter called name, or NULL. */
const fz_emitter *fz_emitter_find(const char *name);
/* Names of all formats, separated by ", " (for messages). */
const char *fz_emitter_names(void);
/* The name of a column unit as --column-unit spells it. */
const char *fz_colunit_name(fz_colunit u);

/* Helpers shared by the emitters. */
/* 1-based line and column of a src offset in the given unit. */
void fz_emit_position(const fz_report *r, size_t off, fz_colunit unit, size_t *line, size_t *col);
/* Where a related location is: its file (this report's path when it has none),
 * 1-based line and column in the given unit. */
const char *fz_emit_related(const fz_report *r, const fz_related *x, fz_colunit unit, size_t *line,
                            size_t *col);
/* Appends s as the contents of a JSON string (no quotes), escaping as RFC 8259 asks. */
void fz_emit_json_string(fz_buf *out, const char *s, size_t len);
/* Appends s as one RFC 4180 CSV field: quoted (quotes doubled) when it holds , " CR or LF. */
void fz_emit_csv_field(fz_buf *out, const char *s, size_t len);
/* Appends s as a quoted JSON string, or null when s is NULL. */
void fz_emit_json_str(fz_buf *out, const char *s);

/* For the summary formats (what rules with a `summary:` label found). */
typedef FZ_VEC(const char *) fz_emit_labels;
/* The labels of the metric rules in play (and of the compare rules when the reports
 * were compared), each once, in rule id order. */
void fz_emit_metric_labels(const fz_emit_ctx *c, fz_emit_labels *out);
/* The labels of the parts a report lacks joined by 、 (malloc'd), or NULL. */
char *fz_emit_missing_parts(const fz_report *r);
/* The first value the metric rules labelled label found, or NULL. */
const char *fz_emit_metric_value(const fz_report *r, const char *label);

/* --facts: a report's numbers (fz_report.facts) as one JSON object, or as CSV rows
 * (file, indicator, label, value, unit, approx, line, column, text) after the header
 * that fz_facts_write_csv_header writes.  See docs/facts.md. */
void fz_facts_write_json(fz_buf *out, const fz_report *r, fz_colunit unit);
void fz_facts_write_csv_header(fz_buf *out);
void fz_facts_write_csv(fz_buf *out, const fz_report *r, fz_colunit unit);

extern const fz_emitter fz_emitter_gcc;
extern const fz_emitter fz_emitter_json;
extern const fz_emitter fz_emitter_sarif;
extern const fz_emitter fz_emitter_summary;
extern const fz_emitter fz_emitter_summary_csv;
extern const fz_emitter fz_emitter_outline;
extern const fz_emitter fz_emitter_html;
extern const fz_emitter fz_emitter_facts_json;
extern const fz_emitter fz_emitter_facts_csv;

#endif
