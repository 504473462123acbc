/*
 * config.h - .fzlint.yaml: which packs, the report year, per-rule settings and
 * waivers; and the rule set a run uses, built from a config plus the command line.
 */
#ifndef FZ_CONFIG_H
#define FZ_CONFIG_H

#include "rules.h"
#include "yamltree.h"

#define FZ_CONFIG_NAME ".fzlint.yaml"

typedef struct fz_config {
    char *path;           /* the file */
    char *dir;            /* its folder (absolute), base of relative pack paths and waivers */
    fz_ydoc doc;          /* kept: per-rule settings are applied (and located) when building */
    bool has_packs;       /* `packs:` given; otherwise every built-in pack */
    FZ_VEC(char *) packs; /* resolved pack file paths */
    FZ_VEC(const fz_ynode *) pack_nodes;
    int report_year;         /* 0 = auto */
    const fz_ynode *kind;    /* `kind:` (a name of document.kinds), or NULL */
    const fz_ynode *rules;   /* map: rule id -> setting */
    const fz_ynode *waivers; /* list */
} fz_config;

/* Loads a config file; errors as "FILE:LINE:COL: error: ..." lines; -1 on error. */
int fz_config_load(fz_config *c, const char *path, fz_buf *errors);
void fz_config_free(fz_config *c);
/* The nearest .fzlint.yaml in the report's folder or above ("-": the current
 * folder); NULL when there is none.  Returns a malloc'd path. */
char *fz_config_find(const char *report_path);

/* Rule choices from the command line, applied after the config. */
typedef struct fz_rule_opts {
    FZ_VEC(const char *) packs;   /* --rules FILE */
    FZ_VEC(const char *) enable;  /* --enable RULE */
    FZ_VEC(const char *) disable; /* --disable RULE */
} fz_rule_opts;

/* Builds the rule set: the config's packs (or all built-in ones), the extra packs,
 * per-rule settings, waivers, then --enable/--disable.  config and opts may be
 * NULL.  On any error returns NULL with messages in errors (exit status 2). */
fz_ruleset *fz_config_ruleset(const fz_config *config, const fz_rule_opts *opts, fz_buf *errors);
void fz_rule_opts_free(fz_rule_opts *o);

/* True when a waiver of rs covers rule_id at 1-based line of the report at path. */
bool fz_waived(const fz_ruleset *rs, const char *rule_id, const char *path, size_t line);

#endif
