/*
 * rules.h - rule packs: YAML loaded and validated once, patterns compiled once,
 * shared read-only by every report and thread.  The rule model is defined here;
 * the engine (engine.h, rule_*.c) evaluates it.  Language reference: docs/rules.md.
 */
#ifndef FZ_RULES_H
#define FZ_RULES_H

#include "digest.h"
#include "facts.h"
#include "outline.h"
#include "util.h"

typedef struct fz_ruleset fz_ruleset;

/* The built-in rule types, by their index in the table of rule_types.c (rule_type.h:
 * one descriptor per type).  A constant here is only for code that must name a type;
 * sum, ratio and fact are checked by the facts stage (facts.h, docs/facts.md). */
typedef enum fz_rule_type {
    FZ_RULE_SECTION,
    FZ_RULE_REQUIRE,
    FZ_RULE_FORBID,
    FZ_RULE_SWAP,
    FZ_RULE_METRIC,
    FZ_RULE_SEQUENCE,
    FZ_RULE_PAIR,
    FZ_RULE_YEAR,
    FZ_RULE_DATE,
    FZ_RULE_SUM,
    FZ_RULE_RATIO,
    FZ_RULE_FACT,
    FZ_RULE_COMPARE, /* checked in the second phase, across reports (compare.h) */
    FZ_RULE_NTYPES   /* of the built-in types */
} fz_rule_type;

typedef enum fz_scope_kind {
    FZ_SCOPE_DOCUMENT, /* the whole text, chrome included */
    FZ_SCOPE_TITLE,    /* issuer and title lines */
    FZ_SCOPE_BODY,     /* every run of non-chrome lines after the title */
    FZ_SCOPE_HEADING,  /* each heading's text */
    FZ_SCOPE_PARAGRAPH,
    FZ_SCOPE_SENTENCE,
    FZ_SCOPE_SECTION /* the part found by a section rule */
} fz_scope_kind;

typedef struct fz_scope {
    fz_scope_kind kind;
    int section; /* FZ_SCOPE_SECTION: index of the section rule in the rule set */
} fz_scope;

/* A pattern with an optional message and level of its own (must-contain, bounds). */
typedef struct fz_check {
    fz_regex *re;
    char *message; /* NULL: the rule's */
    fz_level level;
    bool has_level;
    bool set;     /* bounds: present */
    double value; /* bounds: the limit */
} fz_check;

struct fz_rule_def;

typedef struct fz_rule {
    char *id;                      /* "pack/id" as printed */
    const char *short_id;          /* points into id, after the slash */
    const char *pack;              /* the pack's name (owned by the rule set) */
    const char *file;              /* the pack file it came from */
    size_t line, col;              /* where the rule starts in it */
    fz_rule_type type;             /* its index in the table of types (rule_type.h) */
    const struct fz_rule_def *def; /* its type: keys, check, free */
    void *set;                     /* its type's settings (rule_<type>.c), owned */
    fz_level level;
    bool enabled;
    bool normalize; /* match on the normalized view (default) or the raw text */
    /* forbid, swap, date: whether --fix may apply the finding's suggestion (default true) */
    bool fix;
    char *message, *authority, *description;
    char *summary; /* section, metric: label in the summary formats, or NULL */
    fz_scope scope;
    int year_min, year_max; /* applies only to reports of these years; 0 = open */
    FZ_VEC(char *) kinds; /* applies only to reports of these kinds (document.kinds); empty: all */
    char *silent_if;      /* full id of a rule whose finding in a report silences this one */
    FZ_VEC(char *) good;
    FZ_VEC(char *) bad;
} fz_rule;

/* A waiver: findings of rule in files matching file (glob, relative to the config's
 * folder, or a base name), optionally only on lines [line_from, line_to]. */
typedef struct fz_waiver {
    char *rule;
    char *file;
    char *base_dir;            /* realpath of the config's folder */
    size_t line_from, line_to; /* 0 = any line */
} fz_waiver;

struct fz_ruleset {
    FZ_VEC(fz_rule *) rules;
    FZ_VEC(char *) packs;       /* pack names in load order */
    FZ_VEC(char *) files;       /* pack files in load order */
    FZ_VEC(fz_regex *) owned;   /* document-block patterns behind the profile */
    FZ_VEC(char *) owned_names; /* the names and labels of the profile's kinds */
    char *kind;                 /* a configuration's `kind:` for its reports, or NULL */
    FZ_VEC(fz_waiver) waivers;
    char *config; /* the .fzlint.yaml it was built with, or NULL */
    fz_profile profile;
    fz_facts_profile facts;     /* merged from the `facts:` blocks; its rules are the checks of
                                   the sum/ratio/fact rules (rule_facts.c) */
    fz_compare_profile compare; /* merged from the `compare:` blocks */
};

fz_ruleset *fz_ruleset_new(void);
void fz_ruleset_free(fz_ruleset *rs);
/* Loads one pack file.  On any error nothing of the pack is kept, and errors gets
 * lines "FILE:LINE:COL: error: MESSAGE\n"; returns -1.  Returns 0 on success. */
int fz_ruleset_load_file(fz_ruleset *rs, const char *path, fz_buf *errors);
/* Same from memory; name is used in messages and as the default pack name. */
int fz_ruleset_load_string(fz_ruleset *rs, const char *name, const char *yaml, fz_buf *errors);
/* The outline profile merged from the `document:` blocks of all loaded packs. */
const fz_profile *fz_ruleset_profile(const fz_ruleset *rs);
/* The built-in rules directory, the first of: $FZLINT_RULES; share/fzlint/rules
 * beside the executable's bin/ (a relocatable install, found via /proc/self/exe);
 * the same beside the lib/ of libfzlint.so when another program loaded it (dladdr);
 * the source tree's rules/ when the executable is inside the build tree; the
 * compiled-in install directory; the source tree's rules/. */
const char *fz_builtin_rules_dir(void);
/* Loads every *.yaml of the built-in directory (sorted); -1 with errors on failure. */
int fz_ruleset_load_builtin(fz_ruleset *rs, fz_buf *errors);
/* Resolves a pack reference: a path (contains '/' or ends in .yaml) relative to
 * base_dir (may be NULL), or a built-in pack name.  Returns a malloc'd path. */
char *fz_pack_path(const char *ref, const char *base_dir);

/* Finds a rule by full id ("national/x") or, when unambiguous, by short id ("x"). */
fz_rule *fz_ruleset_find(const fz_ruleset *rs, const char *id);
const char *fz_rule_type_name(fz_rule_type t);
/* Whether --fix can mend the rule's findings: it suggests a replacement and `fix` is on. */
bool fz_rule_fixable(const fz_rule *r);

/* Applies a per-rule setting of a config file (off/on/a level, or a map of level,
 * enabled, message and the rule's parameters: min, max, expect, deadline,
 * summarize-over).  Errors are located in doc. */
struct fz_ydoc;
struct fz_ynode;
int fz_rule_override(fz_ruleset *rs, fz_rule *rule, const struct fz_ydoc *doc,
                     const struct fz_ynode *value, fz_buf *errors);

/* --list-rules: one line per rule: id, level, type, description or message. */
void fz_ruleset_list(const fz_ruleset *rs, fz_buf *out);
/* --explain: message, authority, scope and examples; -1 when the id is unknown. */
int fz_ruleset_explain(const fz_ruleset *rs, const char *id, fz_buf *out);
/* --test-rules: runs every rule's examples (of one pack, or all when pack is NULL)
 * through the whole pipeline with only that rule enabled (the others are switched
 * off meanwhile and restored); each bad example must trigger it, each good one not.  Writes a line
 * per failure and a summary; returns the failures. */
size_t fz_ruleset_selftest(fz_ruleset *rs, const char *pack, fz_buf *out);

#endif
