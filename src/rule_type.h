/*
 * rule_type.h - what a rule type is: one descriptor (its name, its keys, its
 * settings, its check, its free) in its own rule_<type>.c, listed once in
 * rule_types.c.  The generic keys every rule has (id, type, level, message,
 * authority, description, enabled, examples, report-years, scope, normalize) are
 * read by rules.c; a type reads only its own, into the settings it owns (r->set).
 *
 * To add a type: write rule_<type>.c with its fz_rule_def (keys, check) and add one
 * line to the table in rule_types.c; docs/rules.md documents its keys.
 */
#ifndef FZ_RULE_TYPE_H
#define FZ_RULE_TYPE_H

#include "engine.h"
#include "rules.h"
#include "yamltree.h"

/* A pack being loaded (rules.c): where a type's key reader reports errors. */
typedef struct fz_pack fz_pack;

/* One key of a type: read from a pack's rule, or from a config's per-rule map. */
typedef struct fz_rule_key {
    const char *key;
    void (*set)(fz_pack *c, fz_rule *r, const fz_ynode *v);
    bool param; /* may be set per rule from a config file (.fzlint.yaml) */
} fz_rule_key;

typedef struct fz_rule_def {
    const char *name;            /* as in `type:` */
    bool scoped;                 /* takes scope: and normalize: */
    bool normalize_key;          /* takes normalize: without a scope (section) */
    bool normalize;              /* the default: match on the normalized view */
    fz_scope_kind default_scope; /* scoped types */
    const fz_rule_key *keys;     /* in the order they are read */
    size_t nkeys;
    size_t size;              /* of the settings, zeroed for each rule (r->set) */
    void (*init)(fz_rule *r); /* the settings' defaults; may be NULL */
    /* after the keys: what the type requires (reported at the rule's map m); may be NULL */
    void (*finish)(fz_pack *c, fz_rule *r, const fz_ynode *m);
    /* the pack is kept: r joins rs (before the pack's facts profile joins rs's); may be NULL */
    void (*kept)(fz_rule *r, const fz_ruleset *rs);
    void (*check)(fz_eng *e, const fz_rule *r); /* per report; NULL: checked across reports */
    /* the patterns the rule walks over its scope's units, for the engine's literal
     * index (engine.c); may be NULL */
    void (*patterns)(const fz_rule *r, void (*add)(void *ctx, const fz_regex *re), void *ctx);
    /* whether its findings carry a replacement --fix may apply; with out, what --explain
     * says of it after "--fix 自动" (a line); may be NULL: never */
    bool (*fix_how)(const fz_rule *r, fz_buf *out);
    /* a config set the rule's level: levels of the type's own (bounds) give way; may be NULL */
    void (*level_set)(fz_rule *r);
    void (*free)(fz_rule *r); /* what the settings own (not the settings); may be NULL */
} fz_rule_def;

/* The table (rule_types.c), indexed by fz_rule_type. */
extern const fz_rule_def *const fz_rule_defs[];
extern const size_t fz_rule_ndefs;

/* ---- for the key readers of rule_<type>.c (errors go to the pack, located at the node) ---- */

void fz_pack_error(fz_pack *c, const fz_ynode *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *fz_pack_str(fz_pack *c, const fz_ynode *n, const char *what);
bool fz_pack_int(fz_pack *c, const fz_ynode *n, const char *what, long lo, long hi, int *out);
bool fz_pack_bool(fz_pack *c, const fz_ynode *n, const char *what, bool *out);
bool fz_pack_level(fz_pack *c, const fz_ynode *n, fz_level *out);
/* Replaces *dst with a copy of the scalar n. */
void fz_pack_set_str(fz_pack *c, const fz_ynode *n, const char *what, char **dst);
/* A pattern compiled (JIT) for the view it matches on; NULL after an error. */
fz_regex *fz_pack_regex(fz_pack *c, const fz_ynode *n, bool normalize);
bool fz_pack_need_group(fz_pack *c, const fz_ynode *n, const fz_regex *re, const char *group);
/* `pattern:` (one, or a list unless single) into pats, replacing what is there;
 * group: a named group every pattern must have, or NULL. */
typedef FZ_VEC(fz_regex *) fz_regexes;
void fz_pack_patterns(fz_pack *c, fz_rule *r, const fz_ynode *v, fz_regexes *pats, bool single,
                      const char *group);
void fz_regexes_free(fz_regexes *pats);
/* Hands each pattern of pats to add (a fz_rule_def's patterns hook). */
static inline void fz_regexes_each(const fz_regexes *pats, void (*add)(void *, const fz_regex *),
                                   void *ctx) {
    for (size_t i = 0; i < pats->n; i++) add(ctx, pats->v[i]);
}
/* {pattern, message, level} (must-contain) or {value, message, level} (bounds); a bare
 * scalar is the pattern or the value. */
void fz_pack_check(fz_pack *c, fz_rule *r, const fz_ynode *v, fz_check *ck, bool bound,
                   const char *what);
void fz_check_free(fz_check *ck);
/* A reference to a section rule by id, resolved when the pack is read: resolved gets
 * the section rule's index in the rule set and its full id. */
void fz_pack_section_ref(fz_pack *c, fz_rule *r, const char *name, const fz_ynode *at,
                         void (*resolved)(fz_rule *r, int index, const char *id));
/* The facts profile of the pack being read (its `facts:` block and facts rules). */
fz_facts_profile *fz_pack_facts(fz_pack *c);
/* The summary: key (section, metric, compare): the label in the summary formats. */
void fz_pack_summary(fz_pack *c, fz_rule *r, const fz_ynode *v);
/* A deadline {year, month, day} (year relative to the report year) into the three ints;
 * the keys not given keep their values (rule_date.c). */
void fz_pack_deadline(fz_pack *c, const fz_ynode *v, const char *what, int *year, int *month,
                      int *day);
/* The fix: key (types whose findings carry a replacement): may --fix apply it. */
void fz_pack_fix(fz_pack *c, fz_rule *r, const fz_ynode *v);

#endif
