/*
 * facts.h - the `facts` stage: the numbers of a report read like an auditor reads
 * them.  Quantities (value, unit, label), totals with their parts (共…其中…, a
 * count followed by a bracketed breakdown) and rates with their numerator and
 * denominator, then the checks on them (sums, rates, 100% claims, rates over
 * 100%, one indicator stated twice with different values).
 *
 * The number grammar is number.h.  Everything about what a report *says* - units,
 * label cut words, total and part cues, rate words, named indicators, the rules
 * with their ids, levels, messages and authorities - is domain knowledge and comes
 * from the `facts:` block and the sum/ratio/fact rules of a rule pack
 * (rules/facts.yaml), through fz_facts_profile_set() and friends.
 *
 * Extraction runs over the normalized view (text.h `norm`) and records norm
 * offsets; fz_facts_locate() adds the source offsets.  Until then the source
 * offsets equal the norm offsets, so the stage works on any UTF-8 string.
 */
#ifndef FZ_FACTS_H
#define FZ_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "match.h"
#include "number.h"
#include "util.h"

/* ---- the profile (domain knowledge, from YAML) --------------------------------- */

typedef enum fz_facts_kind {
    FZ_FACTS_SUM_EXCEED,       /* sum: parts add up to more than their total */
    FZ_FACTS_SUM_SHORT,        /* sum: an outcome list (a partition) falls short of its total */
    FZ_FACTS_RATE_MISMATCH,    /* ratio: stated rate != numerator/denominator */
    FZ_FACTS_RATE_FULL,        /* ratio: 100% stated, the counts beside it say less */
    FZ_FACTS_RATE_OVER,        /* fact: a rate above 100% */
    FZ_FACTS_CONFLICT,         /* fact: one named indicator, two different values */
    FZ_FACTS_RESTATED,         /* fact: the same thing stated twice with different values */
    FZ_FACTS_BASELESS,         /* fact: a rate of cases the report never counts */
    FZ_FACTS_SUM_SHORT_SUBSET, /* sum: the parts after 其中, often a subset, fall short */
    FZ_FACTS_NCHECKS
} fz_facts_kind;

/* What the stage knows of a sum, ratio or fact rule: its check, and for a ratio of a
 * named indicator the patterns that pair the figures (all NULL for the generic rule:
 * rate stem ⊂ count label).  Its id, level, message and switch are the rule set's
 * (rules.h): findings name the rule by its index in the profile. */
typedef struct fz_facts_rule {
    fz_facts_kind check;
    fz_regex *rate, *numerator, *denominator;
    fz_regex *numerator_from; /* outcome lists (by name) whose members make the numerator
                                 when no count of it is stated (纠错 = 撤销+变更+…), or NULL */
} fz_facts_rule;

/* What a rule pack says to a `ratio`/`sum`/`fact` rule, already parsed (id: for messages). */
typedef struct fz_facts_rule_spec {
    const char *id, *type, *check;
    const char *rate, *numerator, *denominator; /* patterns, or NULL */
    const char *numerator_from;                 /* pattern on outcome list names, or NULL */
} fz_facts_rule_spec;

typedef struct fz_facts_indicator {
    char *name;      /* 出庭应诉率 */
    fz_regex *label; /* matched against a quantity's label */
} fz_facts_indicator;

/* An outcome list (`outcomes:` item): after a total whose label matches `total`, in a
 * paragraph that matches `context` before it, the counts whose labels match `parts`
 * are its parts even without a part cue (审结30件，维持18件，驳回4件…).  `members` are
 * the outcomes that make up `aggregate` (纠错: 撤销 变更 确认违法 责令履行): right after
 * an aggregate part they are its breakdown, and without one their sum is its count. */
typedef struct fz_facts_outcomes {
    char *name; /* 行政复议 */
    fz_regex *context, *total, *parts;
    fz_regex *aggregate, *members; /* may be NULL */
} fz_facts_outcomes;

/* A rate of an outcome list's cases (`rate-bases:` item): a rate whose label matches
 * `rate` needs counts of the list `list` somewhere in the report (行政复议维持率100% with
 * no 复议 case given has no base). */
typedef struct fz_facts_rate_base {
    char *list;     /* the outcome list's name */
    fz_regex *rate; /* matched on a rate's label */
} fz_facts_rate_base;

typedef struct fz_facts_profile {
    FZ_VEC(char *) units;      /* longest first */
    fz_regex *label_cut;       /* the label starts after the last match in its window */
    fz_regex *label_trim;      /* anchored at the label's end: link words dropped */
    fz_regex *approx_before;   /* anchored at the number's start: 约 近 超过 */
    fz_regex *approx_after;    /* anchored after the unit: 以上 左右 */
    fz_regex *total_cue;       /* in the clause before a count: it is a total (共 合计) */
    fz_regex *part_cue;        /* the parts of the preceding total follow (其中) */
    fz_regex *part_stop;       /* in the clause before a count: not a part (另有 此外) */
    fz_regex *rate_label;      /* a percentage whose label matches is a rate (率 占比) */
    fz_regex *rate_word;       /* removed from a rate's label to get its stem (率) */
    fz_regex *growth;          /* growth figures, allowed above 100% (增长 同比) */
    fz_regex *scope_words;     /* in a figure's sentence before it: what it measures
                                  (2023年 累计 一审): figures of other scopes differ */
    fz_regex *whole_cue;       /* anchored before the number: the whole jurisdiction (全县) */
    fz_regex *entity;          /* anchored after the unit: what a count of it counts (乡镇) */
    FZ_VEC(fz_regex *) ignore; /* numbers inside a match are names, not counts */
    FZ_VEC(fz_facts_indicator) indicators;
    FZ_VEC(fz_facts_outcomes) outcomes;
    FZ_VEC(fz_facts_rate_base) rate_bases;
    FZ_VEC(fz_facts_rule) rules;
    FZ_VEC(struct fz_facts_lits *) lits; /* per pattern, literals every match contains */
    bool reference_scan; /* tests: extraction visits every character (the fast scan's reference) */
    bool block_scan_off; /* tests: the fast scan without its SIMD block scan */
} fz_facts_profile;

void fz_facts_profile_init(fz_facts_profile *p);
void fz_facts_profile_free(fz_facts_profile *p);
/* Sets one key of a `facts:` block from its values (a scalar is one value; a list
 * of patterns is joined as alternatives).  Keys: units, label-cut, label-trim,
 * approx-before, approx-after, total-cues, part-cues, part-stop, rate-label,
 * rate-word, growth, ignore, scope-words, whole-cues, entities.  Returns 0, or -1 with the reason
 * in err and in *bad the index of the value at fault (n when the key itself is unknown). */
int fz_facts_profile_set(fz_facts_profile *p, const char *key, const char *const *values, size_t n,
                         fz_buf *err, size_t *bad);
/* Adds a named indicator (`indicators:` item).  Returns 0 or -1 with err. */
int fz_facts_profile_add_indicator(fz_facts_profile *p, const char *name, const char *label,
                                   fz_buf *err);
/* Adds an outcome list (`outcomes:` item): fields name, context, total, parts and the
 * optional aggregate and members, in that order.  Returns 0 or -1 with err. */
int fz_facts_profile_add_outcomes(fz_facts_profile *p, const char *const fields[6], fz_buf *err);
/* Adds a rate base (`rate-bases:` item): fields list (a name) and rate (a pattern). */
int fz_facts_profile_add_rate_base(fz_facts_profile *p, const char *const fields[2], fz_buf *err);
/* Adds a rule of type sum, ratio or fact.  `check` defaults by type (sum: exceed,
 * ratio: mismatch).  Returns 0 or -1 with err naming the field at fault. */
int fz_facts_profile_add_rule(fz_facts_profile *p, const fz_facts_rule_spec *spec, fz_buf *err);
/* The level of a check's findings when its rule sets none (exceed, over-100: error). */
fz_level fz_facts_default_level(fz_facts_kind check);
/* Moves what src sets into dst: units, ignore patterns, indicators and rules are
 * appended, a pattern key src sets replaces dst's.  src is left empty. */
void fz_facts_profile_merge(fz_facts_profile *dst, fz_facts_profile *src);
/* The `facts:` key whose pattern re is ("total-cues" ...; "rate", "numerator",
 * "denominator" of a ratio rule), or NULL. */
const char *fz_facts_profile_key(const fz_facts_profile *p, const fz_regex *re);
/* True when the profile can extract anything (units set). */
bool fz_facts_profile_ready(const fz_facts_profile *p);

/* ---- extraction -------------------------------------------------------------- */

enum {
    FZ_Q_TOTAL = 1 << 0,   /* a total cue stands in its clause */
    FZ_Q_RATE = 1 << 1,    /* a percentage whose label names a rate */
    FZ_Q_GROWTH = 1 << 2,  /* a growth figure */
    FZ_Q_STOP = 1 << 3,    /* a part-stop word stands in its clause */
    FZ_Q_PERCENT = 1 << 4, /* unit is % */
    FZ_Q_WHOLE = 1 << 5    /* a count of the whole jurisdiction's entities (全县15个乡镇) */
};

#define FZ_FACTS_ENTITY_BYTES 32

typedef struct fz_quantity {
    double value;
    int decimals;
    double ulp; /* how far the written figure may be rounded: 0 for whole numbers,
                   0.01 for 69.89, 1000 for 3.7万 */
    bool approx, chinese;
    const char *unit;    /* one of the profile's units */
    size_t nstart, nend; /* norm span: number and unit */
    size_t start, end;   /* src span (equal to the norm span until located) */
    size_t label_nstart, label_nend;
    const char *label;          /* the noun phrase before the number; may be "" (in labels) */
    int indicator;              /* index into the profile's indicators, -1 */
    const char *indicator_name; /* its name (owned by the profile), or NULL */
    size_t qual_len;            /* bytes of label before the indicator's match */
    int sentence, clause, para, depth;
    unsigned flags;
    /* what makes two statements the same thing (facts_link.c): the nearest earlier count
     * of the sentence, the scope words before it, and the entity after a count */
    size_t base;                        /* index into quantities, or SIZE_MAX */
    uint64_t scope;                     /* hash of the scope words, 0: none */
    char entity[FZ_FACTS_ENTITY_BYTES]; /* 乡镇, or "" */
} fz_quantity;

typedef struct fz_sum {
    size_t total;  /* index into quantities */
    size_t *parts; /* indices into quantities */
    size_t nparts;
    double sum;
    int decimals;
    double tolerance; /* half the rounding step of every figure involved */
    bool approx;      /* a part or the total is approximate */
    bool has_rest;    /* a count after the parts says what they leave out (另有3件) */
    double rest;
    bool bracket;     /* parts given in brackets after the total */
    int outcomes;     /* the outcome list (profile index) the parts were read by, or -1 */
    const char *list; /* its name (owned by the profile), or NULL */
} fz_sum;

typedef struct fz_ratio {
    size_t rate, num, den; /* indices into quantities (num: the first part of a summed one) */
    double numerator;      /* num's value, or the sum of the parts that make it */
    double computed;       /* numerator/den*100 */
    int rule;              /* index of the profile rule that paired them */
    int num_sum;           /* the outcome sum whose members make the numerator, or -1 */
    uint64_t num_parts;    /* which of its parts (bit j: parts[j]; a sum has at most 64) */
} fz_ratio;

typedef struct fz_baseless {
    size_t rate; /* index into quantities */
    int base;    /* the profile's rate base it needs */
} fz_baseless;

typedef struct fz_facts {
    FZ_VEC(fz_quantity) quantities;
    FZ_VEC(fz_sum) sums;
    FZ_VEC(fz_ratio) ratios;
    FZ_VEC(fz_baseless) baseless; /* rates whose cases the report never counts */
    char *labels;                 /* the quantities' labels point into this block */
} fz_facts;

/* Extracts the facts of norm[0, len) (valid UTF-8).  f is zero-initialised by the
 * caller; may be called on an empty profile (finds nothing). */
void fz_facts_extract(fz_facts *f, const char *norm, size_t len, const fz_facts_profile *p,
                      fz_matcher *m);
struct fz_text;
/* Sets the quantities' src spans from their norm spans (text.h). */
void fz_facts_locate(fz_facts *f, const struct fz_text *t);
void fz_facts_free(fz_facts *f);

struct fz_report;
/* The stage in the pipeline (report.c): extracts the figures of the report's body
 * (chrome, title and sign-off blanked) into r->facts, when the profile has units. */
void fz_facts_stage(struct fz_report *r, const fz_facts_profile *p, fz_matcher *m);

/* Where the checks' findings go.  on: whether the profile's rule of that index reports
 * in this run (its rule is enabled and applies); report: a finding of that rule at a
 * quantity, with the values its message template may name ({label} {value} {unit}
 * {stated} {computed} {num} {den} {num_label} {den_label} {total} {sum} {parts}
 * {first} {indicator} {what}). */
typedef struct fz_facts_reporter {
    bool (*on)(void *ctx, size_t rule);
    void (*report)(void *ctx, size_t rule, const fz_quantity *at, const fz_var *vars, size_t n);
    void *ctx;
} fz_facts_reporter;

/* Runs the checks of the profile's rules that are on (only the rule of index only,
 * when only >= 0); spans are the quantities' src spans. */
void fz_facts_check(const fz_facts *f, const fz_facts_profile *p, const fz_facts_reporter *out,
                    int only);

#endif
