/*
 * fix.h - --fix and --diff: the fixes findings carry, applied to a report's text, the
 * text encoded back as the file was, a unified diff, and the file replaced atomically.
 */
#ifndef FZ_FIX_H
#define FZ_FIX_H

#include <stdbool.h>
#include <sys/stat.h>

#include "report.h"

struct fz_ruleset;

/* Applies every finding's fix whose rule allows fixing (fz_rule.fix) to r->text.src and
 * puts the new text (UTF-8, line ends as they were) in out.  Fixes are taken in
 * position order; one that overlaps a fix already taken, spans a line end or changes
 * nothing is skipped (it stays a finding).  Returns how many were applied. */
size_t fz_fix_apply(const fz_report *r, const struct fz_ruleset *rs, fz_buf *out);

/* Encodes UTF-8 text as the text stage read it (fz_text.encoding: UTF-8 with or without
 * BOM, UTF-16LE/BE with BOM, GB18030).  Returns -1 when it cannot. */
int fz_fix_encode(const char *encoding, const char *s, size_t len, fz_buf *out);

/* Whether the file's bytes can be rewritten without touching anything but the fixed
 * spans: a plain-text file with no undecodable bytes whose decoded text encodes back
 * to exactly these bytes.  Otherwise false with the reason (Chinese) in why. */
bool fz_fix_roundtrips(const fz_report *r, const unsigned char *bytes, size_t len,
                       const char **why);

/* A unified diff (---/+++/@@, 3 lines of context) from old to new, which have the same
 * lines (fixes never add or remove one).  Appends nothing when they are equal. */
void fz_fix_diff(const char *path, const char *old_text, size_t old_len, const char *new_text,
                 size_t new_len, fz_buf *out);

/* Replaces the file at path by bytes: written to a new file beside it, flushed, given the
 * old one's permissions (and owner, where allowed), and renamed over it.  A link is
 * followed and the file it names is replaced.  Refuses (-1, the reason in err) a file
 * that is read-only, not a regular file, has several hard links, or changed since
 * `before` (size and modification time of the file as it was read). */
int fz_fix_write(const char *path, const fz_buf *bytes, const struct stat *before, fz_buf *err);

/* --fix (write) or --diff (!write) for one plain-text file read as bytes (stat: the file as
 * it was read, or NULL for standard input): every finding checked, the fixes applied; with
 * write the file is replaced, else the diff is appended to diff.  Returns the number of
 * fixes, or -1 with the reason in err (the file is then untouched). */
long fz_fix_file(const char *path, const unsigned char *bytes, size_t len, const struct stat *st,
                 bool write, const struct fz_ruleset *rs, int year_override, fz_matcher *m,
                 fz_buf *diff, fz_buf *err);

#endif
