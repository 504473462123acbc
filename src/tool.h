/*
 * tool.h - what fzlint says itself, not a pack's rule: the findings it gives under its
 * own ids (a binary or empty file, undecodable bytes, a pack pattern past the match
 * limit) and the messages it adds to a rule's findings (a rule stopped by the match
 * limit, "N more"), in one table.  Messages are in Chinese, as a pack's are.
 */
#ifndef FZ_TOOL_H
#define FZ_TOOL_H

#include <stddef.h>

#include "types.h"

/* The rule ids of fzlint's own findings. */
#define FZ_RULE_ENCODING    "fzlint/encoding"    /* undecodable bytes (the text stage) */
#define FZ_RULE_BINARY      "fzlint/binary"      /* a binary file: no rule runs */
#define FZ_RULE_EMPTY       "fzlint/empty"       /* an empty or blank report: no rule runs */
#define FZ_RULE_MATCH_LIMIT "fzlint/match-limit" /* a document:/facts: pattern hit the limit */
/* A document its reader can open but not check (a scanned PDF, a .docx without a
 * body): its message is the reader's. */
#define FZ_RULE_UNREADABLE "fzlint/unreadable"

typedef enum fz_tool_msg {
    FZ_MSG_BINARY,
    FZ_MSG_EMPTY,
    FZ_MSG_ENCODING,    /* %s the encoding, %02X the byte */
    FZ_MSG_MATCH_LIMIT, /* %s the block (document, facts), %s its key */
    FZ_TOOL_NRULES,     /* the entries before this are findings under their own id */
    FZ_MSG_RULE_LIMIT = FZ_TOOL_NRULES, /* %s the rule's id */
    FZ_MSG_MORE,                        /* %zu the findings not shown */
    FZ_MSG_ENCODING_UNIT,               /* FZ_MSG_ENCODING for UTF-16: %04X the code unit */
    FZ_MSG_N
} fz_tool_msg;

typedef struct fz_tool_rule {
    const char *id; /* NULL: the message goes with a pack rule's finding */
    fz_level level;
    const char *description; /* one line, no placeholders (SARIF's rule list); or NULL */
    const char *format;      /* the message, a printf format */
} fz_tool_rule;

/* Indexed by fz_tool_msg; the first FZ_TOOL_NRULES are fzlint's own rules. */
extern const fz_tool_rule fz_tool_rules[FZ_MSG_N];
extern const size_t fz_tool_nrules;

#endif
