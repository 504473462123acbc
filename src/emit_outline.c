/* emit_outline.c - `--outline`: the outline and properties of each report. */
#include <string.h>

#include "emit.h"

static void S_report(fz_buf *out, const fz_report *r, const fz_emit_ctx *c) {
    (void)c;
    const fz_doc *doc = &r->doc;
    fz_buf_printf(out, "%s\n", r->path);
    /* plain text shows what it always showed; other formats say what read them */
    bool txt = !doc->format || strcmp(doc->format, "txt") == 0;
    if (!txt) fz_buf_printf(out, "%-12s%s\n", "format", doc->format);
    fz_outline_print(&r->outline, &r->text, out);
    if (doc->source) fz_buf_printf(out, "%-12s%s\n", "source", doc->source);
    /* what is not the report's body: headers, footers, notes, comments (no rule reads it) */
    if (doc->notes.n) fz_buf_puts(out, "\n");
    for (size_t i = 0; i < doc->notes.n; i++)
        fz_buf_printf(out, "%-12s%s\n", doc->notes.v[i].kind, doc->notes.v[i].text);
}

const fz_emitter fz_emitter_outline = {
    .name = "outline", .report = S_report, .separator = "\n", .upto = FZ_UPTO_OUTLINE};
