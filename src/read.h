/*
 * read.h - the `read` stage: a file as people have it (.txt, .docx, .doc/.wps/.odt/.rtf
 * through LibreOffice, a portal page, a PDF) to the text the pipeline checks.
 *
 * A reader produces UTF-8 text with one paragraph per line ("\n" between them), so that
 * line N of every diagnostic is the Nth paragraph of the original (docs/text.md), plus the
 * document properties the format knows better than the text.  The plain-text reader hands
 * the bytes on undecoded (the text stage detects their encoding).  One file per reader
 * (read_<format>.c), listed in read.c.
 */
#ifndef FZ_READ_H
#define FZ_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct fz_profile;

/* Larger inputs are refused with a message, before a byte of them is read. */
#define FZ_MAX_FILE_BYTES ((size_t)512 << 20)

/* Where a line of the produced text sits in the original, for readers that can say
 * (docx: the index of the body paragraph; --annotate anchors comments with it). */
typedef struct fz_doc_anchor {
    size_t part;  /* reader-defined: docx: 0 = word/document.xml */
    size_t index; /* reader-defined: docx: the paragraph's index in reading order */
    /* What the format's styles say the line is: FZ_DOC_STYLE_TITLE, a heading or
     * outline level 1..9, or 0 (nothing).  The outline takes a Title-styled line as the
     * title; heading levels are shown by --outline (headings are found by their markers). */
    int style;
} fz_doc_anchor;

#define FZ_DOC_STYLE_TITLE (-1)

/* Text of the document that is not the report's body (no rule reads it): --outline
 * lists it.  kind: "header", "footer", "footnote", "endnote", "comment". */
typedef struct fz_doc_note {
    const char *kind;
    char *text; /* malloc'd UTF-8, one line */
} fz_doc_note;

typedef struct fz_doc {
    const char *format; /* the reader's name: "txt", "docx", "html", "pdf", "office" */
    fz_buf text;        /* UTF-8, a paragraph per line; for "txt" the file's own bytes */
    bool raw;           /* text holds the undecoded bytes of a plain-text file */
    /* Properties the format states (malloc'd, or NULL): a portal page's ArticleTitle,
     * PubDate (as written) and ContentSource; a .docx's core title. */
    char *title, *published, *source;
    FZ_VEC(fz_doc_anchor) anchors; /* empty, or one per line of text */
    FZ_VEC(fz_doc_note) notes;     /* headers, footers, notes, comments (in order) */
    /* A file that can be read but not checked (a PDF without a text layer, a .docx
     * with no body): one sentence in Chinese for an error diagnostic, or NULL. */
    char *unreadable;
    /* A converted file (read_office.c): the .docx LibreOffice made of it, which --annotate
     * writes its copy from; else empty. */
    fz_buf package;
} fz_doc;

typedef struct fz_read_opts {
    const struct fz_profile *profile; /* the pack's document: block (portal chrome ...) */
    unsigned office_timeout;          /* seconds soffice may take; 0 = default */
} fz_read_opts;

typedef struct fz_reader {
    const char *name;
    /* Whether the bytes are this reader's format (by content; path only as a tie-breaker). */
    bool (*sniff)(const unsigned char *bytes, size_t len, const char *path);
    /* Fills doc (zero-initialised by the caller); on failure returns -1 with one line
     * "fzlint: 'PATH': reason" in err.  Never modifies the file. */
    int (*read)(const unsigned char *bytes, size_t len, const char *path, const fz_read_opts *opts,
                fz_doc *doc, fz_buf *err);
} fz_reader;

/* Properties: the text's own lines win (the title line, a visible 发布时间 line);
 * title and published fill in what the outline did not find (report.c). */

/* The reader for these bytes: the first of read.c's list whose sniff says yes; the
 * plain-text reader when none does.  Thread-safe (the first call sets up libxml2). */
const fz_reader *fz_reader_for(const unsigned char *bytes, size_t len, const char *path);
/* The bytes read by their reader into doc (zero-initialised by the caller), with the
 * pack's document: block; as fz_reader.read: 0, or -1 with the reason in err. */
int fz_read_bytes(const unsigned char *bytes, size_t len, const char *path,
                  const struct fz_profile *profile, fz_doc *doc, fz_buf *err);
/* Whether a folder walk picks up a file of this name (by extension). */
bool fz_reader_wants(const char *name);
void fz_doc_free(fz_doc *doc);

#endif
