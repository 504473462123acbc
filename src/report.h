/*
 * report.h - one report through the whole pipeline: bytes -> text -> outline ->
 * rules engine -> diagnostics.  Used by the CLI, the rule self-tests and the fuzzers.
 */
#ifndef FZ_REPORT_H
#define FZ_REPORT_H

#include "diag.h"
#include "outline.h"
#include "read.h"
#include "text.h"

struct fz_ruleset;
struct fz_facts;

#include "tool.h" /* fzlint's own findings: FZ_RULE_BINARY ... */

/* What a rule with a `summary:` label found, for the summary formats. */
typedef struct fz_tally {
    const char *label;   /* the rule's summary label (owned by the rule set) */
    const char *rule_id; /* owned by the rule set */
    bool metric;         /* a metric rule (value), else a section rule (present) */
    bool present;        /* section: the part was found; metric: a value was found */
    char *value;         /* metric: the first value as written (normalized view), or NULL */
} fz_tally;

typedef struct fz_report {
    char *path; /* as given on the command line ("-" for stdin), owned */
    /* What the reader gave besides the text, which is decoded into `text` and freed:
     * doc.format, the properties, anchors and notes.  "txt" for fz_report_check. */
    fz_doc doc;
    fz_text text;
    fz_outline outline;
    fz_viewlits lits[2]; /* where the walked patterns' literals are: [0] text, [1] normalized */
    fz_diags diags;
    int report_year;  /* effective: the configured override, else the outline's */
    bool every_match; /* every finding on its own (for --fix): no rule summarizes its matches */
    FZ_VEC(fz_tally) tallies;
    struct fz_facts *facts;      /* the numbers (facts.h), when the rule set reads them; or NULL */
    const struct fz_ruleset *rs; /* the rule set it was checked with (not owned), or NULL */
} fz_report;

/* Decodes and outlines bytes, runs every enabled rule of rs (may be NULL: outline
 * only) and finishes the diagnostics (sorted, capped at max_per_rule, 0 = no cap).
 * year_override: 0 = take the year from the report. */
void fz_report_check(fz_report *r, const char *path, const unsigned char *bytes, size_t len,
                     const struct fz_ruleset *rs, int year_override, size_t max_per_rule,
                     fz_matcher *m);
/* The same for a document a reader produced (read.h); takes over doc's contents and
 * empties it.  Its title and publication date fill in what the text lacks. */
void fz_report_check_doc(fz_report *r, const char *path, fz_doc *doc, const struct fz_ruleset *rs,
                         int year_override, size_t max_per_rule, fz_matcher *m);
/* The same with every_match set and no cap: what --fix applies. */
void fz_report_check_every(fz_report *r, const char *path, const unsigned char *bytes, size_t len,
                           const struct fz_ruleset *rs, int year_override, fz_matcher *m);
/* How far a report goes: every stage, or only those an output prints (--outline,
 * --facts): no rule runs, so they find nothing to report. */
typedef enum fz_report_upto { FZ_UPTO_RULES = 0, FZ_UPTO_OUTLINE, FZ_UPTO_FACTS } fz_report_upto;

/* Only the reading of fz_report_check_doc: text, outline and properties, no rule
 * (the digest pass of a comparing run, compare.h; --outline). */
void fz_report_read_doc(fz_report *r, const char *path, fz_doc *doc, const struct fz_ruleset *rs,
                        int year_override, fz_matcher *m);
/* The same and the facts stage (--facts). */
void fz_report_read_facts(fz_report *r, const char *path, fz_doc *doc, const struct fz_ruleset *rs,
                          int year_override, fz_matcher *m);
void fz_report_free(fz_report *r);
/* The warning that a pattern of a pack's `block:` (document, facts) hit the match limit
 * at src offset at: what it would have found is missing in this file.  key: the
 * block's key, or NULL when unknown.  Once per report and block. */
void fz_report_limit(fz_report *r, const char *block, const char *key, size_t at);
/* Counts diagnostics at a level (summary lines count what they stand for). */
size_t fz_report_count(const fz_report *r, fz_level level);

#endif
