/*
 * fzlint.h - the public interface of libfzlint, a compliance linter for Chinese
 * government annual reports on law-based government (法治政府建设年度报告).
 *
 * Load rule packs once (fzlint_rules), set the options of a check (fzlint_options),
 * check any number of reports (fzlint_report, from a buffer or a file in any format the
 * readers know: plain text in UTF-8/UTF-16/GB18030, .docx, .doc/.wps/.odt/.rtf through
 * LibreOffice, portal pages, PDF), walk the findings (fzlint_diag) or render them in one of
 * the output formats.  The library never prints unless asked to render to a FILE.
 *
 * Ownership: every object has its *_free, and *_free(NULL) does nothing.  Strings the
 * functions return belong to the object they came from and live as long as it does,
 * except where a comment says "malloc'd": those are the caller's, freed with fzlint_free.
 * Threads: a loaded fzlint_rules and an fzlint_options may be shared by threads that
 * check at once; one fzlint_report is used by one thread at a time.  A thread that has
 * checked keeps its match state (PCRE2 data, literal tables) for the next check until
 * it ends.
 * Out of memory the library prints a message and aborts the process.
 */
#ifndef FZLINT_H
#define FZLINT_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this header; fzlint_version() is the library's. */
#define FZLINT_VERSION_MAJOR 0
#define FZLINT_VERSION_MINOR 1
#define FZLINT_VERSION_PATCH 0
#define FZLINT_VERSION       "0.1.0"
/* (MAJOR << 16) | (MINOR << 8) | PATCH, as fzlint_version_number() returns it. */
#define FZLINT_VERSION_NUMBER                                                                      \
    ((FZLINT_VERSION_MAJOR << 16) | (FZLINT_VERSION_MINOR << 8) | FZLINT_VERSION_PATCH)

#if defined(__GNUC__) || defined(__clang__)
#define FZLINT_EXPORT __attribute__((visibility("default")))
#else
#define FZLINT_EXPORT
#endif

typedef enum fzlint_level {
    FZLINT_LEVEL_INFO = 0,
    FZLINT_LEVEL_WARNING = 1,
    FZLINT_LEVEL_ERROR = 2
} fzlint_level;

/* How columns are counted (lines are always 1-based paragraphs of the text). */
typedef enum fzlint_unit {
    FZLINT_UNIT_DISPLAY = 0, /* terminal cells, as GCC: a CJK character is 2 (the default) */
    FZLINT_UNIT_CHAR,        /* Unicode code points */
    FZLINT_UNIT_BYTE,        /* UTF-8 bytes */
    FZLINT_UNIT_UTF16        /* UTF-16 code units (LSP, VS Code) */
} fzlint_unit;

typedef struct fzlint_rules fzlint_rules;     /* loaded rule packs */
typedef struct fzlint_options fzlint_options; /* the settings of a check */
typedef struct fzlint_report fzlint_report;   /* one checked report and its findings */
typedef struct fzlint_diag fzlint_diag;       /* one finding, owned by its report */

/* "0.1.0" and FZLINT_VERSION_NUMBER of the library linked. */
FZLINT_EXPORT const char *fzlint_version(void);
FZLINT_EXPORT int fzlint_version_number(void);

/* Frees what a function said is malloc'd. */
FZLINT_EXPORT void fzlint_free(void *p);

/* ---- rule packs ---------------------------------------------------------------------- */

/* An empty set of rules: load packs into it before checking. */
FZLINT_EXPORT fzlint_rules *fzlint_rules_new(void);
/* Loads every built-in pack (the *.yaml of $FZLINT_RULES, else of the rules folder
 * installed with the library).  Each load returns 0, or -1 when the pack has an error:
 * nothing of that pack is kept and fzlint_rules_error says what and where. */
FZLINT_EXPORT int fzlint_rules_load_builtin(fzlint_rules *rules);
/* Loads one pack file; or a pack held in memory, name standing for its file in errors. */
FZLINT_EXPORT int fzlint_rules_load_file(fzlint_rules *rules, const char *path);
FZLINT_EXPORT int fzlint_rules_load_string(fzlint_rules *rules, const char *name, const char *yaml);
/* Turns a rule on (enabled != 0) or off; id is "pack/id", or "id" when no other pack
 * has one of that name.  -1 when no loaded rule has that id (fzlint_rules_error). */
FZLINT_EXPORT int fzlint_rules_enable(fzlint_rules *rules, const char *id, int enabled);
/* What the last failed call said, one line per error, each "FILE:LINE:COL: error:
 * MESSAGE" (in Chinese); "" after a call that succeeded. */
FZLINT_EXPORT const char *fzlint_rules_error(const fzlint_rules *rules);
/* The number of rules loaded (enabled or not). */
FZLINT_EXPORT size_t fzlint_rules_count(const fzlint_rules *rules);
FZLINT_EXPORT void fzlint_rules_free(fzlint_rules *rules);

/* ---- options ------------------------------------------------------------------------- */

/* The defaults: the year read from the title, display columns, at most 5 findings of a
 * rule per report (then one line standing for the rest), every level shown, a report
 * failing on an error.  Setters return 0, or -1 for a value out of range (left as it was). */
FZLINT_EXPORT fzlint_options *fzlint_options_new(void);
/* The report year instead of the one in the title: 1990 to 2200, or 0 (from the title). */
FZLINT_EXPORT int fzlint_options_set_report_year(fzlint_options *o, int year);
/* The column unit of positions and of the rendered formats.  A format that cannot
 * express the unit set here is refused by fzlint_render; one left unset gives way to the
 * format's own (sarif counts characters). */
FZLINT_EXPORT int fzlint_options_set_unit(fzlint_options *o, fzlint_unit unit);
/* At most n findings of one rule per report, the rest summarized in one (0: all). */
FZLINT_EXPORT int fzlint_options_set_max_per_rule(fzlint_options *o, size_t n);
/* The lowest level fzlint_report_failed counts (default FZLINT_LEVEL_ERROR). */
FZLINT_EXPORT int fzlint_options_set_fail_level(fzlint_options *o, fzlint_level level);
/* The lowest level a rendering shows (default FZLINT_LEVEL_INFO: all). */
FZLINT_EXPORT int fzlint_options_set_min_level(fzlint_options *o, fzlint_level level);
FZLINT_EXPORT void fzlint_options_free(fzlint_options *o);

/* ---- checking ------------------------------------------------------------------------ */

/* Checks a report held in memory: bytes in any format the readers know (told by
 * content), name the path findings are reported under (NULL: "-", as standard input).
 * options may be NULL (the defaults).  NULL when the bytes cannot be read as their
 * format (a broken .docx, say), with the reason ("fzlint: 'NAME': ...", malloc'd) in
 * *error when error is not NULL.  A report that can be read never fails: undecodable
 * bytes, a binary or an empty file are findings. */
FZLINT_EXPORT fzlint_report *fzlint_check_buffer(const fzlint_rules *rules,
                                                 const fzlint_options *options, const char *name,
                                                 const void *bytes, size_t len, char **error);
/* The same for a file (never modified), path its name in findings. */
FZLINT_EXPORT fzlint_report *fzlint_check_file(const fzlint_rules *rules,
                                               const fzlint_options *options, const char *path,
                                               char **error);
FZLINT_EXPORT void fzlint_report_free(fzlint_report *report);

/* The findings in position order: count, then each by its index (NULL past the end). */
FZLINT_EXPORT size_t fzlint_report_count(const fzlint_report *report);
FZLINT_EXPORT const fzlint_diag *fzlint_report_diag(const fzlint_report *report, size_t i);
/* How many findings of a level, a summary line counting as the findings it stands for. */
FZLINT_EXPORT size_t fzlint_report_findings(const fzlint_report *report, fzlint_level level);
/* 1 when a finding at or above the options' fail level was found, else 0. */
FZLINT_EXPORT int fzlint_report_failed(const fzlint_report *report);
/* The report's year as checked (the option, else the title's; 0: none found). */
FZLINT_EXPORT int fzlint_report_year(const fzlint_report *report);
/* The decoded text (UTF-8) that the findings' start and end point into, and its length. */
FZLINT_EXPORT const char *fzlint_report_text(const fzlint_report *report, size_t *len);

FZLINT_EXPORT fzlint_level fzlint_diag_level(const fzlint_diag *d);
/* "pack/rule" ("fzlint/..." for what fzlint says itself). */
FZLINT_EXPORT const char *fzlint_diag_rule(const fzlint_diag *d);
/* The article or standard the rule rests on, or NULL. */
FZLINT_EXPORT const char *fzlint_diag_authority(const fzlint_diag *d);
FZLINT_EXPORT const char *fzlint_diag_message(const fzlint_diag *d);
/* The suggested replacement of the text from start to end, or NULL. */
FZLINT_EXPORT const char *fzlint_diag_fix(const fzlint_diag *d);
/* Byte offsets into fzlint_report_text. */
FZLINT_EXPORT size_t fzlint_diag_start(const fzlint_diag *d);
FZLINT_EXPORT size_t fzlint_diag_end(const fzlint_diag *d);
/* 1-based line and column of start (fzlint_diag_position) or end, in the options' unit. */
FZLINT_EXPORT void fzlint_diag_position(const fzlint_diag *d, size_t *line, size_t *col);
FZLINT_EXPORT void fzlint_diag_end_position(const fzlint_diag *d, size_t *line, size_t *col);
/* > 0 on a summary line standing for that many more findings of its rule. */
FZLINT_EXPORT size_t fzlint_diag_suppressed(const fzlint_diag *d);
/* The other places it points at (an earlier copy, last year's wording): how many, and
 * the i-th one's file (this report's name when it is in this report), 1-based line and
 * column, and what is there.  -1 past the end. */
FZLINT_EXPORT size_t fzlint_diag_related_count(const fzlint_diag *d);
FZLINT_EXPORT int fzlint_diag_related(const fzlint_diag *d, size_t i, const char **path,
                                      size_t *line, size_t *col, const char **message);

/* ---- rendering ----------------------------------------------------------------------- */

/* The format names fzlint_render takes, separated by ", " ("gcc, json, sarif, ..."). */
FZLINT_EXPORT const char *fzlint_formats(void);
/* The report as a whole document of the named format (as `fzlint --format=NAME` prints
 * it for this one file, without colour): 0; -1 for an unknown format, a unit the format
 * cannot express, or a failed write. */
FZLINT_EXPORT int fzlint_render(const fzlint_report *report, const char *format, FILE *out);
/* The same into a malloc'd, NUL-terminated buffer (its length in *len when len is not
 * NULL); NULL where fzlint_render returns -1. */
FZLINT_EXPORT char *fzlint_render_string(const fzlint_report *report, const char *format,
                                         size_t *len);

#ifdef __cplusplus
}
#endif

#endif
