/*
 * emit.h - renderers: diagnostics of checked reports to text.  One file per format.
 */
#ifndef FZ_EMIT_H
#define FZ_EMIT_H

#include <stdio.h>

#include "report.h"

typedef struct fz_emit_opts {
    fz_colunit unit;
    bool color;
    fz_level min_level; /* diagnostics below this level are not shown */
} fz_emit_opts;

/* GCC style: FILE:LINE:COL: LEVEL: MESSAGE [rule-id], the source line, a caret. */
void fz_emit_gcc(fz_buf *out, const fz_report *r, const fz_emit_opts *o);

#endif
