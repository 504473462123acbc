/* read_txt.c - a plain-text report: its bytes, undecoded (the text stage detects the
 * encoding).  The reader of last resort: anything no other reader claims. */
#include "read.h"

static bool S_sniff(const unsigned char *bytes, size_t len, const char *path) {
    (void)bytes, (void)len, (void)path;
    return true;
}

static int S_read(const unsigned char *bytes, size_t len, const char *path,
                  const fz_read_opts *opts, fz_doc *doc, fz_buf *err) {
    (void)path, (void)opts, (void)err;
    doc->format = "txt";
    doc->raw = true;
    fz_buf_put(&doc->text, bytes, len);
    return 0;
}

const fz_reader fz_reader_txt = {.name = "txt", .sniff = S_sniff, .read = S_read};
