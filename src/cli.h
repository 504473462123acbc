/* cli.h - what the command line's files share (main.c, src/cli_*.c); not part of the library. */
#ifndef FZ_CLI_H
#define FZ_CLI_H

#include <stdio.h>

#include "compare.h"
#include "config.h"
#include "emit.h"
#include "read.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

typedef struct options {
    fz_emit_opts emit;
    const fz_emitter *format;
    bool unit_given;   /* --column-unit was given */
    const char *color; /* auto | always | never */
    bool quiet;
    fz_level fail_on;
    size_t max_per_rule;
    int report_year;
    int threads;
    fz_rule_opts rules;             /* --rules, --enable, --disable */
    const char *config;             /* --config FILE; else .fzlint.yaml found from each report */
    FZ_VEC(const char *) pack_dirs; /* --allow-pack-dir, resolved */
    bool print_config, print_here;  /* --print-config, with no FILE: for the current folder */
    bool list_rules, test_rules;
    bool fix, diff;      /* --fix: rewrite files; --diff: print what --fix would change */
    const char *explain; /* --explain RULE */
    const char *test_pack;
    const char *previous; /* --previous FILE: last year's report */
    bool no_compare;
    const char *annotate; /* --annotate=OUT.docx */
} options;

typedef FZ_VEC(char *) path_list;

/* The rule set of one configuration, shared by the files it governs. */
typedef struct ruleset_entry {
    char *config; /* path, or NULL: no config file */
    fz_ruleset *rs;
    int report_year;
} ruleset_entry;
/* Entries are allocated one by one: files keep pointers to them while the list grows. */
typedef FZ_VEC(ruleset_entry *) ruleset_list;

/* One file's result, rendered on a worker and delivered in input order. */
typedef struct job {
    fz_buf out, err, row;
    size_t counts[3];
    bool checked, trouble;
    long fixes; /* --fix, --diff: fixes applied (or that would be) */
} job;

/* cli_options.c: the command line parsed into o (EXIT_CLEAN, else the exit status);
 * --help and --version print and exit. */
int fz_cli_parse_args(int argc, char **argv, options *o);
/* "fzlint: " fmt (with arg) and the hint to --help on stderr; EXIT_TROUBLE. */
int fz_cli_bad_usage(const char *fmt, const char *arg);

/* main.c: writes to stdout, remembering the first failure; flushes it (0, or the
 * reason it failed, said on stderr). */
void fz_cli_out(const void *p, size_t n);
int fz_cli_flush_stdout(void);

/* cli_input.c: the files a reader wants below dir, in sorted order (-1: something
 * could not be read, said on stderr). */
int fz_cli_walk(const char *dir, int depth, path_list *out);
/* A whole file (or stdin for "-"): 0; -1 with the reason in err; 1 for a walked file
 * that is no longer a regular one.  walked: found by the folder walk. */
int fz_cli_read(const char *path, bool walked, fz_buf *out, fz_buf *err);
/* A file as its reader gives it: both phases read through here.  keep: NULL, or where
 * the file's bytes go (for --annotate; the caller frees them).  As fz_cli_read. */
int fz_cli_read_doc(const char *path, bool walked, const fz_ruleset *rs, fz_doc *doc, fz_buf *keep,
                    fz_buf *err);

/* cli_fix.c: --fix, --diff for one file (0, or -1 with the reason in j->err). */
int fz_cli_fix(const options *o, job *j, const char *path, bool walked, const ruleset_entry *rules,
               fz_matcher *m);

/* cli_compare.c: digests, pairs and compares the reports (and --previous) before they
 * are checked: the findings per file, or NULL when no comparison is wanted; *failed
 * when --previous cannot be read. */
fz_compare_result *fz_cli_compare(const options *o, const path_list *files, const bool *walked,
                                  const ruleset_entry **file_rules, const ruleset_entry *prev_rules,
                                  bool *failed);

#endif
