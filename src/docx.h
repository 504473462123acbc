/*
 * docx.h - what read_docx.c and annotate.c share: the ZIP package with its limits,
 * XML parsed without DTDs, network or entity expansion, and the walk of a document
 * part that produces the text a paragraph per line together with the map from every
 * byte of that text back to the w:t element it came from.
 */
#ifndef FZ_DOCX_H
#define FZ_DOCX_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <zip.h>

#include "read.h"

/* ZIP bombs: a part inflates to at most DOCX_MAX_PART bytes, all parts read together to
 * DOCX_MAX_TOTAL, and a part over DOCX_RATIO_FLOOR bytes to at most DOCX_MAX_RATIO times
 * its compressed size (a report's document.xml deflates about 10:1; a bomb 1000:1). */
#define DOCX_MAX_PART    ((size_t)128 << 20)
#define DOCX_MAX_TOTAL   ((size_t)512 << 20)
#define DOCX_MAX_RATIO   200
#define DOCX_RATIO_FLOOR ((size_t)1 << 20)
/* Tables in tables, content controls in content controls: deeper nesting is skipped. */
#define DOCX_MAX_DEPTH 64

typedef struct docx_pkg {
    zip_t *zip;
    const char *path; /* for messages */
    size_t total;     /* bytes inflated so far */
} docx_pkg;

/* Opens a ZIP held in memory (bytes must outlive the package). */
int docx_open(docx_pkg *p, const unsigned char *bytes, size_t len, const char *path, fz_buf *err);
void docx_close(docx_pkg *p);
/* Inflates one part: 1 read into out, 0 absent, -1 error (err holds the message). */
int docx_part(docx_pkg *p, const char *name, fz_buf *out, fz_buf *err);
/* Parses a part; NULL with the message in err.  A part with a DTD is refused. */
xmlDocPtr docx_parse(const fz_buf *data, const char *path, const char *part, fz_buf *err);

/* An OLE compound file (D0 CF 11 E0 A1 B1 1A E1): .doc, .wps, or an encrypted .docx. */
bool docx_is_ole(const unsigned char *bytes, size_t len);
/* An OLE file holding EncryptionInfo: Office's password encryption of a .docx. */
bool docx_ole_encrypted(const unsigned char *bytes, size_t len);

/* Element tests and attributes in the WordprocessingML namespace (transitional or strict). */
bool docx_is(const xmlNode *n, const char *local);
const char *docx_attr(const xmlNode *n, const char *local); /* NULL when absent */
xmlNodePtr docx_child(const xmlNode *n, const char *local);

/* Styles and numbering: paragraph styles (Title, headings, outline levels, their
 * numbering) and the list counters, which advance as paragraphs are walked. */
typedef struct docx_fmt docx_fmt;
docx_fmt *docx_fmt_new(xmlDocPtr styles, xmlDocPtr numbering);
void docx_fmt_free(docx_fmt *f);
/* The counters back at the start, for a second walk. */
void docx_fmt_reset(docx_fmt *f);
/* For a paragraph's w:pPr (may be NULL): appends its list label as displayed (and the
 * space after it when the level says so) to out, advancing the counters, and returns
 * its style for read.h (FZ_DOC_STYLE_TITLE, an outline level 1..9, or 0). */
int docx_fmt_para(docx_fmt *f, const xmlNode *ppr, fz_buf *out);
/* Formats n in a w:numFmt (decimal, chineseCounting, ideographTraditional ...). */
void docx_format_number(const char *fmt, int n, fz_buf *out);

/* Where a stretch of the produced text came from. */
typedef struct docx_piece {
    size_t off, len; /* in the text */
    xmlNodePtr t;    /* the element it came from (w:t, w:tab, w:sym ...), NULL: a label */
    size_t t_off;    /* offset inside the w:t's text */
    bool text;       /* t is a w:t (the piece can be split) */
    xmlNodePtr para; /* the w:p */
} docx_piece;

typedef struct docx_walk {
    docx_fmt *fmt;
    fz_buf text;                   /* a paragraph per line, each ended by \n */
    FZ_VEC(fz_doc_anchor) anchors; /* one per line */
    FZ_VEC(xmlNodePtr) paras;      /* the w:p that starts each line */
    bool want_pieces;
    FZ_VEC(docx_piece) pieces;
    FZ_VEC(fz_doc_note) notes; /* text boxes met in the body */
    size_t nparas;             /* w:p elements walked */
    int fields[16];            /* complex fields open: 0 = in the code, 1 = in the result */
    int nfields;
    bool joining; /* the last paragraph's mark was deleted: the next one continues its line */
} docx_walk;

/* A package's main document parsed, with its styles and numbering: 0, or -1 with the
 * message in err.  The caller frees *doc (xmlFreeDoc) and *fmt. */
int docx_load(docx_pkg *p, xmlDocPtr *doc, docx_fmt **fmt, fz_buf *err);
/* The message for an encrypted .docx (an OLE file holding EncryptionInfo). */
void docx_encrypted_message(const char *path, fz_buf *err);

/* Walks word/document.xml's body; -1 when there is none. */
int docx_walk_body(docx_walk *w, xmlDocPtr doc);
/* The text of an element's paragraphs (a header, a footnote, a comment), one line. */
void docx_walk_flat(docx_fmt *fmt, const xmlNode *n, fz_buf *out);
void docx_walk_free(docx_walk *w);

#endif
