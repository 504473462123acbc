/*
 * engine.h - evaluating the rule set over one report.  engine.c works out scopes,
 * walks matches and formats messages; each rule type lives in its rule_<type>.c
 * (rule_type.h).
 */
#ifndef FZ_ENGINE_H
#define FZ_ENGINE_H

#include "report.h"
#include "rules.h"

/* ---- the stages report.c runs ---- */
struct fz_eng;
/* Starts the engine on r (text and outline built): one pass per view of the text finds
 * the literals of the patterns the rules will walk.  From here to fz_eng_end, findings
 * the rule set's waivers cover are left out as they are added. */
void fz_eng_begin(struct fz_eng *e, const fz_ruleset *rs, fz_report *r, fz_matcher *m);
/* The section finder: the parts of the report the section rules name (every section
 * rule, on or off: other rules may be scoped to them). */
void fz_sections_find(struct fz_eng *e);
/* Runs every enabled rule that applies to the report's year, appending to r->diags. */
void fz_eng_run(struct fz_eng *e);
/* Frees the engine's state. */
void fz_eng_end(struct fz_eng *e);

/* The report's one literal index (r->lits), one pass per view, before the outline: the
 * outline's chrome patterns, the section rules' cues and, with rules, the patterns of
 * every enabled rule whose scope covers most of the text (those of the title, headings
 * and single sections scan their few bytes per cursor). */
void fz_report_lits(fz_report *r, const fz_ruleset *rs, bool rules, fz_matcher *m);

struct fz_found;
/* Only the parts the section rules find (for a report's digest, compare.h): one
 * fz_found per rule of rs (malloc'd; meaningful for the section rules), or NULL. */
struct fz_found *fz_engine_sections(const fz_ruleset *rs, fz_report *r, fz_matcher *m);

/* ---- for the rule_*.c files ---- */

typedef struct fz_span {
    size_t start, end; /* src offsets */
} fz_span;
typedef FZ_VEC(fz_span) fz_spans;

/* What a section rule found: the part and the text that identified it. */
typedef struct fz_found {
    bool found;
    fz_span span;   /* the whole part */
    fz_span locus;  /* its heading, or the opening cue */
    size_t content; /* where the part's own text starts: after its heading */
} fz_found;

typedef struct fz_eng {
    const fz_ruleset *rs;
    fz_report *r;
    fz_matcher *m;
    fz_found *sections;               /* one per rule of rs (used for section rules) */
    bool *limited;                    /* one per rule: the match limit was hit, stop it */
    size_t rule_index;                /* the rule being evaluated */
    fz_spans units[FZ_SCOPE_SECTION]; /* the units of each scope but sections, once known */
    bool have_units[FZ_SCOPE_SECTION];
} fz_eng;

/* A walk over the matches of one pattern in one unit of a scope. */
typedef struct fz_cursor {
    const char *subj; /* the unit in the view the rule matches on */
    size_t len;
    size_t base; /* offset of subj within that view */
    bool norm;
    size_t pos;
    const fz_regex *re;
    size_t ms, me;   /* last match, within subj */
    bool indexed;    /* re's literals are in the report's index: walk holds them */
    fz_litwalk walk; /* where a match of re can start in subj */
    fz_litscan lits; /* not indexed: where re's literals are in subj, scanned per cursor */
} fz_cursor;

/* The units of a scope, as src spans, in document order. */
void fz_eng_units(fz_eng *e, const fz_scope *scope, fz_spans *out);
/* Where a report-wide finding goes when its scope is missing: the title, else the
 * first body line, else the start. */
fz_span fz_eng_head_locus(const fz_eng *e);
/* Where "not found in this scope" goes: the first line of its first unit, or the above. */
fz_span fz_eng_scope_locus(const fz_eng *e, const fz_spans *units);

void fz_cursor_init(fz_eng *e, const fz_rule *rule, fz_span unit, const fz_regex *re, fz_cursor *c);
/* The match loop of every rule type: each match of re in each unit, in order, to fn
 * (the cursor holds it); fn returns false to stop the walk.  FZ_MATCH_LIMIT when the
 * match limit stopped it (already reported once), else FZ_MATCH_OK. */
typedef bool (*fz_match_fn)(fz_eng *e, const fz_rule *rule, const fz_cursor *c, void *ctx);
int fz_eng_each_match(fz_eng *e, const fz_rule *rule, const fz_spans *units, const fz_regex *re,
                      fz_match_fn fn, void *ctx);
/* Whether re matches in some unit: FZ_MATCH_OK, FZ_MATCH_NONE or FZ_MATCH_LIMIT. */
int fz_eng_any_match(fz_eng *e, const fz_rule *rule, const fz_spans *units, const fz_regex *re);
/* src span of the last match, or of a named group (false when it did not take part). */
fz_span fz_cursor_span(const fz_eng *e, const fz_cursor *c);
bool fz_cursor_group(const fz_eng *e, const fz_cursor *c, const char *name, fz_span *src,
                     char **view_text);
/* src offset of a view offset in the cursor's subject. */
size_t fz_cursor_to_src(const fz_eng *e, const fz_cursor *c, size_t subj_off);

/* Message arguments; any may be NULL.  Named captures come from cur's last match. */
typedef struct fz_msgargs {
    const char *match, *value, *expected;
    long count; /* < 0: none */
    const fz_cursor *cur;
} fz_msgargs;

/* Formats a message template and adds the diagnostic; returns it (to set a fix). */
fz_diag *fz_eng_report(fz_eng *e, const fz_rule *rule, fz_level level, fz_span at, const char *tmpl,
                       const fz_msgargs *a);
char *fz_eng_format(const fz_eng *e, const char *tmpl, const fz_msgargs *a);
/* Copy of src[span]. */
char *fz_eng_src(const fz_eng *e, fz_span s);

/* Whether a rule applies to a report of this year (its report-years). */
bool fz_rule_applies(const fz_rule *rule, int year);
/* Whether a rule applies to a report of this kind (its kinds; NULL: kind unknown). */
bool fz_rule_applies_kind(const fz_rule *rule, const char *kind);

#endif
