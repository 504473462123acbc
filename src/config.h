/*
 * config.h - .fzlint.yaml: which packs, the report year, per-rule settings and
 * waivers; and the rule set a run uses, built from a config plus the command line.
 */
#ifndef FZ_CONFIG_H
#define FZ_CONFIG_H

#include "rules.h"
#include "yamltree.h"

struct stat;

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

/* What the command line says about trusting configs (docs/robustness.md). */
typedef struct fz_config_opts {
    /* Found by the upward search rather than named with --config: the opened file
     * must still pass the owner and mode checks. */
    bool found;
    /* --allow-pack-dir: folders (absolute, resolved) where a config's packs may live
     * besides the config's own folder tree. */
    const char *const *pack_dirs;
    size_t npack_dirs;
} fz_config_opts;

/* Loads a config file; errors as "FILE:LINE:COL: error: ..." lines; -1 on error.
 * Packs it names must resolve inside its folder tree or o->pack_dirs (o may be NULL). */
int fz_config_load(fz_config *c, const char *path, const fz_config_opts *o, fz_buf *errors);
/* Same from memory; path gives the folder packs and waivers are relative to. */
int fz_config_parse(fz_config *c, const char *path, const char *data, size_t len,
                    const fz_config_opts *o, fz_buf *errors);
void fz_config_free(fz_config *c);

/* The upward search for .fzlint.yaml, shared by the reports of one run. */
typedef struct fz_config_finder {
    char *last_dir, *last_found; /* the previous report's folder and its answer */
    FZ_VEC(char *) warned;       /* configs already warned about */
    fz_buf warnings;             /* "fzlint: warning: ..." lines, one per ignored config */
} fz_config_finder;
/* The nearest trusted .fzlint.yaml in the report's folder or above ("-": the
 * current folder), in *found (malloc'd; NULL when there is none).  The search
 * stops after a folder holding .git and before a folder owned by someone other
 * than the user or root; a config owned by another user, or writable by others,
 * is skipped with a warning in f->warnings.  Returns -1 with a message in errors
 * when the report's folder cannot be resolved (a path longer than PATH_MAX). */
int fz_config_find(fz_config_finder *f, const char *report_path, char **found, fz_buf *errors);
void fz_config_finder_free(fz_config_finder *f);
/* The resolved folder of path ("-": the current folder), malloc'd; NULL with errno
 * when it cannot be resolved. */
char *fz_path_folder(const char *path);
/* Why a config file with this status is not trusted (a short English reason), or
 * NULL: it must be owned by the user or root, and not writable by others (group
 * write is allowed for the owner's private group). */
const char *fz_config_distrust(const struct stat *st);

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

/* "national, facts, mine (/abs/mine.yaml)": the packs of rs in load order, with
 * the file of each one that is not a built-in pack. */
void fz_config_packs_text(const fz_ruleset *rs, fz_buf *out);
/* --print-config: the effective configuration a run with config (NULL: none) and
 * the command line would use, as YAML; nfiles: reports it governs (0: not shown).
 * -1 with errors when the config or a pack does not load. */
int fz_config_print(const char *config, const fz_config_opts *co, const fz_rule_opts *o,
                    int report_year, size_t nfiles, fz_buf *out, fz_buf *errors);

/* True when a waiver of rs covers rule_id at 1-based line of the report at path. */
bool fz_waived(const fz_ruleset *rs, const char *rule_id, const char *path, size_t line);

#endif
