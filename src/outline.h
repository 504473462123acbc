/*
 * outline.h - the `outline` stage: every line of a report classified (portal
 * chrome, title, heading with its level, paragraph, sign-off), inline
 * enumerations (一是……二是……) located, and the document properties.
 *
 * What counts as chrome, a title or an enumeration marker is domain knowledge and
 * comes from the rule packs (fz_profile, the `document:` block of a pack); the
 * heading markers of GB/T 9704 (一、 （一） 1. （1）) and numbers are mechanism.
 */
#ifndef FZ_OUTLINE_H
#define FZ_OUTLINE_H

#include <stdint.h>

#include "match.h"
#include "text.h"

typedef enum fz_line_kind {
    FZ_LINE_BLANK,
    FZ_LINE_CHROME, /* portal navigation, page metadata, share/close links */
    FZ_LINE_ISSUER, /* first line of a two-line title: the issuing organs */
    FZ_LINE_TITLE,
    FZ_LINE_HEADING, /* a numbered heading, possibly run-in (text continues on the line) */
    FZ_LINE_PARA,
    FZ_LINE_SIGNOFF, /* closing formula, signing organ */
    FZ_LINE_DATE,    /* the sign-off date line */
    /* head lines around the title (outline_head.c), each recognised as what it is */
    FZ_LINE_DOCNO,     /* document number: ×政发〔2025〕3号 */
    FZ_LINE_ADDRESSEE, /* 主送: 市委、市政府： */
    FZ_LINE_NOTE       /* 题注: ——在……会议上, the speaker, the dateline */
} fz_line_kind;

/* Heading marker styles.  Levels follow GB/T 9704: 一、=1 （一）=2 1.=3 （1）=4 ①=5. */
typedef enum fz_marker {
    FZ_MARK_NONE,
    FZ_MARK_CN_DUNHAO,    /* 一、 */
    FZ_MARK_CN_PAREN,     /* （一） */
    FZ_MARK_CN_PAREN_DUN, /* （一）、 wrong: bracketed numbers take no punctuation */
    FZ_MARK_CN_DOT,       /* 一. wrong: Chinese numerals take 、 */
    FZ_MARK_AR_DOT,       /* 1. or 1． */
    FZ_MARK_AR_DUNHAO,    /* 1、 wrong: Arabic numerals take . */
    FZ_MARK_AR_PAREN,     /* （1） */
    FZ_MARK_CIRCLED       /* ① */
} fz_marker;

typedef struct fz_line {
    /* offsets are 32-bit, as in the text (text.h FZ_TEXT_MAX_BYTES) */
    uint32_t start, end;   /* src offsets of the content, leading/trailing blanks trimmed */
    uint32_t nstart, nend; /* the same in norm */
    uint32_t marker_end;   /* headings: src offset just past the marker */
    uint32_t
        heading_end; /* headings: end of the heading text (first 。 of a run-in heading, or end) */
    int parent;      /* headings: index of the enclosing heading line, -1 at top level */
    int section;     /* every line: index of the innermost heading above it, -1 before any */
    int number;      /* headings: the marker's value (一 = 1, ⑩ = 10) */
    uint8_t kind;    /* fz_line_kind */
    uint8_t level;   /* headings: 1..5, else 0 */
    uint8_t marker;  /* headings: fz_marker */
} fz_line;

/* An inline enumeration marker inside a paragraph (一是, 二要 ...). */
typedef struct fz_item {
    size_t start, end; /* src span of the marker (一是) */
    int number;
    int line;  /* index into lines */
    int group; /* items of one enumeration share a group: same paragraph run */
} fz_item;

typedef struct fz_date {
    int year, month, day; /* 0 when absent */
    size_t start, end;    /* src span of the date text */
    bool well_formed;     /* full year, no leading zeros, 年月日 (GB/T 9704 7.3.5.4) */
    bool property;        /* from the document's metadata (read.h), not a line: no span */
} fz_date;

/* A kind of report (document.kinds): who wrote it, read from the title, the
 * sign-off or the head lines (题注, addressee).  The first kind one of whose
 * patterns matches is the report's. */
typedef struct fz_kind {
    char *name;                      /* department */
    char *label;                     /* 政府部门 */
    fz_regex *title, *signer, *head; /* any may be NULL */
    /* signed-by: the sign-off's deadline for this kind, year relative to the report
     * year (rule_date.c); month 0: none */
    int signed_by_year, signed_by_month, signed_by_day;
} fz_kind;

typedef FZ_VEC(char *) fz_strvec;
typedef FZ_VEC(fz_regex *) fz_regexvec;

/* What the readers of portal pages and PDF files take from the `document:` block's
 * `html:` and `pdf:` keys (read_html.c, read_pdf.c); the profile owns all of it. */
typedef struct fz_read_profile {
    fz_strvec containers;     /* html: id or class of an article container, best first */
    fz_strvec title_meta;     /* html: <meta name> of the title; the first one found wins */
    fz_strvec published_meta; /* html: ... of the publication date */
    fz_strvec source_meta;    /* html: ... of the source (issuing organ) */
    fz_regex *title_suffix;   /* html: the site's part of <title> as written, removed */
    fz_regexvec chrome;       /* html: widget and footer lines (norm), never article text */
    fz_regexvec running;      /* pdf: running header, footer and page number lines (norm) */
} fz_read_profile;

/* A line of a reader's text as the normalized view has it (NFKC character by character,
 * … kept: what the line patterns of a profile are written for); malloc'd. */
char *fz_read_norm(const char *s, size_t len);
/* Appends src's lists to dst's (src's scalar wins) and leaves src empty. */
void fz_read_profile_merge(fz_read_profile *dst, fz_read_profile *src);
void fz_read_profile_free(fz_read_profile *p);

/* Patterns from the rule packs that tell the outline what it is reading.
 * Any may be NULL (the feature is then off). */
typedef struct fz_profile {
    FZ_VEC(fz_regex *) chrome;          /* a line matching one of these (in norm) is chrome */
    fz_regex *title;                    /* a head-of-document line that is the title */
    fz_regex *issuer;                   /* a line before the title naming the issuing organs */
    fz_regex *title_issuer;             /* group `issuer`: the organs a one-line title names */
    fz_regex *enumeration;              /* inline marker; group `n` holds the Chinese numeral */
    fz_regex *published;                /* chrome carrying the publication date; groups y, m, d */
    fz_regex *closing;                  /* closing formula (特此报告) */
    fz_regex *signer;                   /* an organ name line in the sign-off */
    fz_regex *docno, *addressee, *note; /* head lines (outline_head.c) */
    fz_regex *mirror;      /* chrome of a page that reposts the report (no publication date) */
    FZ_VEC(fz_kind) kinds; /* in order: the first that matches */
    fz_read_profile read;  /* for the readers; owned by the profile */
    /* House style (0 / "": the default below): how wide a title, a sign-off organ line
     * and a chrome line may be (display columns), how many lines the head spans, and
     * the characters after which an enumeration marker counts (besides a line start). */
    int title_max_cols, signer_max_cols, chrome_max_cols, head_lines;
    char enumeration_after[64];
} fz_profile;

#define FZ_TITLE_MAX_COLS  90  /* a longer line in the head is body text, not a title */
#define FZ_SIGNER_MAX_COLS 50  /* organ names in a sign-off are short */
#define FZ_CHROME_MAX_COLS 200 /* portal chrome is a short line; a paragraph never is chrome */
#define FZ_HEAD_LINES      30  /* the title sits within the first lines after the chrome */
/* 统一是 is no marker: 一是 counts at a line start or after one of these. */
#define FZ_ENUMERATION_AFTER ",.;:!?)。、；："
/* Index of the kind named name in p, or -1. */
int fz_profile_kind(const fz_profile *p, const char *name);

typedef struct fz_outline {
    /* The lines that are not blank, in order (fz_outline_at finds line i's): a text of
     * empty lines costs a bit a line here, not a record. */
    fz_line *recs;
    size_t nrecs;
    uint64_t *filled; /* bit i % 64 of word i / 64: line i has a record */
    uint32_t *rank;   /* per word of filled: the records before it */
    size_t nlines;
    FZ_VEC(fz_item) items;
    int issuer_line, title_line;  /* -1 when absent */
    int title_last;               /* the title's last line: title_line + 1 when it wraps */
    int first_body_line;          /* first line after the title/chrome head, -1 if none */
    char *title;                  /* issuer + title text joined, or NULL */
    int report_year;              /* from the title, else the first year in the body; 0 unknown */
    char *issuer;                 /* the title's issuing organs, or NULL */
    char *signer;                 /* the sign-off's organ lines joined by a space, or NULL */
    fz_date signed_on;            /* sign-off date */
    fz_date published;            /* from portal metadata */
    int kind;                     /* index into the profile's kinds, -1 unknown */
    char *kind_name, *kind_label; /* copies of that kind's, or NULL */
    bool kind_stated;             /* set by the configuration, not read from the report */
    int *styles; /* per line, what the reader's styles say (read.h fz_doc_anchor), or NULL */
} fz_outline;

/* What a blank line is: kind FZ_LINE_BLANK, no heading; its offsets are not kept (a blank
 * line's content is empty, at fz_text_line_end(t, i)). */
extern const fz_line fz_line_blank;

/* Line i (< o->nlines): its record, or fz_line_blank. */
static inline const fz_line *fz_outline_at(const fz_outline *o, size_t i) {
    uint64_t word = o->filled[i >> 6], below = word & ((((uint64_t)1) << (i & 63)) - 1);
    if (!((word >> (i & 63)) & 1)) return &fz_line_blank;
    return &o->recs[o->rank[i >> 6] + (size_t)__builtin_popcountll(below)];
}

/* The same for changing the kind of a line that is not blank (NULL for a blank one). */
static inline fz_line *fz_outline_mut(fz_outline *o, size_t i) {
    const fz_line *l = fz_outline_at(o, i);
    return l == &fz_line_blank ? NULL : &o->recs[l - o->recs];
}

/* Head lines (document number, addressee, 题注) among the first lines: outline_head.c. */
void fz_outline_head_lines(fz_outline *o, const fz_text *t, const fz_profile *p, fz_matcher *m);
/* Lines saying the page reposts the report (document.mirror) become chrome; true when
 * there is one: the page's date is then not the report's publication date. */
bool fz_outline_mirror(fz_outline *o, const fz_text *t, const fz_profile *p, fz_matcher *m);
/* The report's kind from its title, sign-off and head lines (o->kind, kind_name). */
void fz_outline_kind(fz_outline *o, const fz_text *t, const fz_profile *p, fz_matcher *m);
/* Sets the kind by name (a configuration's `kind:`); false when p has no such kind. */
bool fz_outline_set_kind(fz_outline *o, const fz_profile *p, const char *name);

/* styles[i] of a Title-styled line (read.h FZ_DOC_STYLE_TITLE); 1..9 is an outline level. */
#define FZ_STYLE_TITLE (-1)

/* The `document:` key whose pattern re is ("title", "chrome" ...), or NULL. */
const char *fz_profile_key(const fz_profile *p, const fz_regex *re);
/* Frees the patterns a profile holds (for a profile that owns them) and empties it. */
void fz_profile_free(fz_profile *p);

void fz_outline_build(fz_outline *o, const fz_text *t, const fz_profile *p, fz_matcher *m);
/* The same for a document whose reader knows paragraph styles: styles holds one entry
 * per line (read.h: FZ_DOC_STYLE_TITLE, a heading level, 0), copied; a Title-styled
 * line in the head is the title (two in a row: issuer and title, as for plain text).
 * lits: the report's literal index of the normalized view, holding the chrome
 * patterns (fz_report_lits); a line is tried only on those whose literals it holds
 * (NULL: on all of them). */
void fz_outline_build_styled(fz_outline *o, const fz_text *t, const fz_profile *p,
                             const int *styles, const fz_viewlits *lits, fz_matcher *m);
/* Fills in the title and publication date from the document's properties where the
 * text gave none (the report year then comes from that title when it names one). */
void fz_outline_adopt(fz_outline *o, const char *title, const char *published);
void fz_outline_free(fz_outline *o);
/* The src span [start,end) of a heading line's section: from the heading to
 * the next heading of the same or a higher level (or the end of the body). */
void fz_outline_section_span(const fz_outline *o, const fz_text *t, int heading_line, size_t *start,
                             size_t *end);
/* Parses a Chinese numeral (一 … 九十九, 〇/零, 两) or Arabic digits; -1 if not a number. */
int fz_parse_numeral(const char *s, size_t len);
/* The marker (as written: 七是, （三）, ３.) with its number replaced by n in the same
 * numerals (六是, （四）, ４.); malloc'd.  A marker without a numeral gives n in digits. */
char *fz_marker_renumber(const char *marker, int n);
void fz_outline_print(const fz_outline *o, const fz_text *t, fz_buf *out);

#endif
