/*
 * annotate.h - `--annotate=OUT.docx`: a copy of a Word file with one comment (批注) per
 * finding, anchored on the finding's span.  The input is never written.
 */
#ifndef FZ_ANNOTATE_H
#define FZ_ANNOTATE_H

#include "report.h"

/* Writes to out_path a copy of the .docx held in bytes (read as r was; for a file LibreOffice
 * converted, of r->doc.package instead) with a comment by
 * `fzlint` for each of r's findings at min_level or above (summary lines excepted):
 * message, 依据, 建议.  Returns the number of comments, or -1 with the message in err. */
int fz_annotate_docx(const unsigned char *bytes, size_t len, const char *path, const fz_report *r,
                     fz_level min_level, const char *out_path, fz_buf *err);

#endif
