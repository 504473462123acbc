/*
 * rules.h - rule packs: YAML loaded and validated once, patterns compiled once,
 * shared read-only by every report and thread.
 * (Interface used by the CLI; the rule model itself is defined here too.)
 */
#ifndef FZ_RULES_H
#define FZ_RULES_H

#include "outline.h"
#include "util.h"

typedef struct fz_ruleset fz_ruleset;

fz_ruleset *fz_ruleset_new(void);
void fz_ruleset_free(fz_ruleset *rs);
/* Loads one pack file.  On any error nothing of the pack is kept, and errors gets
 * lines "FILE:LINE:COL: error: MESSAGE\n"; returns -1.  Returns 0 on success. */
int fz_ruleset_load_file(fz_ruleset *rs, const char *path, fz_buf *errors);
/* The outline profile merged from the `document:` blocks of all loaded packs. */
const fz_profile *fz_ruleset_profile(const fz_ruleset *rs);
/* The built-in rules directory: $FZLINT_RULES, the source tree's rules/ when run
 * from a build tree, or the installed one. */
const char *fz_builtin_rules_dir(void);

#endif
