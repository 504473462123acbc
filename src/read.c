/* read.c - the readers in the order their sniffers are asked, and what a folder walk
 * picks up.  A new format is one read_<format>.c and one line in S_readers. */
#include "read.h"

#include <libxml/parser.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

extern const fz_reader fz_reader_txt, fz_reader_docx, fz_reader_office;
extern const fz_reader fz_reader_pdf, fz_reader_html;

/* Most specific first: content decides, the plain-text reader takes the rest. */
static const fz_reader *const S_readers[] = {
    &fz_reader_docx,   /* ZIP with word/document.xml; an encrypted .docx (OLE) */
    &fz_reader_office, /* OLE (.doc, .wps), ODF text, RTF: through LibreOffice */
    &fz_reader_pdf,    /* %PDF- in the first 1024 bytes */
    &fz_reader_html,   /* <html or <!DOCTYPE html near the start; '<' in a .html/.htm */
    NULL               /* end */
};

static pthread_once_t S_once = PTHREAD_ONCE_INIT;

/* libxml2 sets up its globals on first use, which is not safe from two threads at once. */
static void S_init(void) {
    xmlInitParser();
}

const fz_reader *fz_reader_for(const unsigned char *bytes, size_t len, const char *path) {
    pthread_once(&S_once, S_init);
    for (size_t i = 0; S_readers[i]; i++)
        if (S_readers[i]->sniff(bytes, len, path)) return S_readers[i];
    return &fz_reader_txt;
}

int fz_read_bytes(const unsigned char *bytes, size_t len, const char *path,
                  const struct fz_profile *profile, fz_doc *doc, fz_buf *err) {
    fz_read_opts opts = {.profile = profile};
    return fz_reader_for(bytes, len, path)->read(bytes, len, path, &opts, doc, err);
}

bool fz_reader_wants(const char *name) {
    static const char *const exts[] = {".txt", ".docx", ".doc", ".wps", ".odt",
                                       ".rtf", ".html", ".htm", ".pdf"};
    const char *dot = strrchr(name, '.');
    if (!dot || dot == name) return false;
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
        if (strcasecmp(dot, exts[i]) == 0) return true;
    return false;
}

void fz_doc_free(fz_doc *doc) {
    fz_buf_free(&doc->text);
    free(doc->title);
    free(doc->published);
    free(doc->source);
    free(doc->unreadable);
    fz_buf_free(&doc->package);
    fz_vec_free(&doc->anchors);
    for (size_t i = 0; i < doc->notes.n; i++) free(doc->notes.v[i].text);
    fz_vec_free(&doc->notes);
    memset(doc, 0, sizeof *doc);
}
