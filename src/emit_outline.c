/* emit_outline.c - `--outline`: the outline and properties of each report. */
#include "emit.h"

static void S_report(fz_buf *out, const fz_report *r, const fz_emit_ctx *c) {
    (void)c;
    fz_buf_printf(out, "%s\n", r->path);
    fz_outline_print(&r->outline, &r->text, out);
}

const fz_emitter fz_emitter_outline = {.name = "outline", .report = S_report, .separator = "\n"};
