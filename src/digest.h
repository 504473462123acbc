/*
 * digest.h - what stays of a checked report for the second phase (compare.h): its
 * issuer and year, and a fingerprint of every sentence after normalisation (NFKC,
 * no blanks or punctuation, enumeration and heading markers dropped, years masked)
 * with its position, so that the text itself need not be kept.
 *
 * The `compare:` block of a pack (fz_compare_profile) says how issuers are told
 * apart and which sentences are boilerplate; docs/rules.md.
 */
#ifndef FZ_DIGEST_H
#define FZ_DIGEST_H

#include <stdint.h>

#include "types.h"
#include "match.h"

struct fz_report;
struct fz_ruleset;
struct fz_ydoc;
struct fz_ynode;

typedef struct fz_compare_profile {
    fz_regex *issuer_title;          /* group `issuer`: the issuing organ in the title */
    FZ_VEC(fz_regex *) issuer_strip; /* removed from an issuer before comparing */
    FZ_VEC(fz_regex *) boilerplate;  /* a sentence matching one is never a copy */
    int boilerplate_issuers;         /* a sentence in reports of this many issuers is boilerplate */
    int min_sentence;                /* shorter sentences (characters) are not compared */
    fz_regex *named;                 /* group `name`: a named item (a document's title) */
} fz_compare_profile;

#define FZ_COMPARE_BOILERPLATE_ISSUERS 3
#define FZ_COMPARE_MIN_SENTENCE        8

/* Parses a pack's `compare:` block into p (initialised by the caller); errors go to
 * errors as FILE:LINE:COL lines.  Returns the number of errors. */
int fz_compare_block(fz_compare_profile *p, const struct fz_ydoc *doc, const struct fz_ynode *m,
                     fz_buf *errors);
/* Moves from's settings into into (lists append, a set scalar wins); empties from. */
void fz_compare_profile_merge(fz_compare_profile *into, fz_compare_profile *from);
void fz_compare_profile_free(fz_compare_profile *p);

/* One sentence. */
/* One sentence (32 bytes: a batch of thousands of reports keeps all of them). */
typedef struct fz_fp {
    uint64_t hash;        /* of the normalised, year-masked text */
    uint32_t start, end;  /* src span */
    uint32_t line;        /* 1-based; its paragraph is its line */
    uint16_t chars;       /* its length in characters after normalisation (at most 65535) */
    uint16_t col;         /* 1-based, in the run's column unit (at most 65535) */
    uint8_t parts;        /* bit k: in part k of the digest */
    bool boilerplate : 1; /* matches a pattern of the profile */
    bool common : 1;      /* in reports of boilerplate-issuers issuers of the batch */
} fz_fp;

/* A named item (what the profile's `named` pattern finds: 《…》). */
typedef struct fz_named {
    uint64_t hash; /* of the name, normalised as sentences are */
    uint32_t start, line, col;
    uint8_t parts;
    char *text; /* the name as in the normalized view (owned) */
} fz_named;

#define FZ_DIGEST_MAX_PARTS 8

typedef struct fz_digest {
    char *path;
    char *issuer;    /* normalised, or NULL: unknown */
    int year;        /* 0 unknown */
    size_t text_len; /* of the decoded text: the second check must see the same text */
    uint32_t head;   /* src offset where report-wide findings go (the title) */
    /* The parts the compare rules name: section rule ids (owned by the rule set) and
     * where the part starts (its heading line) */
    const char *part_id[FZ_DIGEST_MAX_PARTS];
    uint32_t part_line[FZ_DIGEST_MAX_PARTS], part_col[FZ_DIGEST_MAX_PARTS];
    size_t nparts;
    FZ_VEC(fz_fp) fps;
    FZ_VEC(fz_named) names;
} fz_digest;

/* The digest of a report whose text and outline are built; rs gives the compare
 * profile, the compare rules' parts and the section rules that find them. */
void fz_digest_build(fz_digest *d, struct fz_report *r, const struct fz_ruleset *rs,
                     fz_colunit unit, fz_matcher *m);
/* Reads a document as fz_report_check_doc does (text, outline, the parts) into a
 * digest, without running the rules; takes over doc's contents.  fz_digest_bytes:
 * the same for plain-text bytes. */
struct fz_doc;
void fz_digest_doc(fz_digest *d, const char *path, struct fz_doc *doc, const struct fz_ruleset *rs,
                   int year_override, fz_colunit unit, fz_matcher *m);
void fz_digest_bytes(fz_digest *d, const char *path, const unsigned char *bytes, size_t len,
                     const struct fz_ruleset *rs, int year_override, fz_colunit unit,
                     fz_matcher *m);
void fz_digest_free(fz_digest *d);
/* The index of a part in d, or -1. */
int fz_digest_part(const fz_digest *d, const char *section_id);

#endif
