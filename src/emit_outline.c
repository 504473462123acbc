/* emit_outline.c - `--outline`: the outline and properties of each report. */
#include <string.h>

#include "config.h"
#include "emit.h"

/* "NAME        TEXT\n", the text (from a report, a path or a pack) with its control
 * characters made visible */
static void S_prop(fz_buf *out, const char *name, const char *text) {
    fz_buf_printf(out, "%-12s", name);
    fz_buf_put_visible(out, text, strlen(text));
    fz_buf_putc(out, '\n');
}

static void S_report(fz_buf *out, const fz_report *r, const fz_emit_ctx *c) {
    (void)c;
    const fz_doc *doc = &r->doc;
    fz_buf_put_visible(out, r->path, strlen(r->path));
    fz_buf_putc(out, '\n');
    /* plain text shows what it always showed; other formats say what read them */
    bool txt = !doc->format || strcmp(doc->format, "txt") == 0;
    if (!txt) S_prop(out, "format", doc->format);
    if (r->rs) { /* which configuration and packs shaped this outline */
        fz_buf packs = {0};
        fz_config_packs_text(r->rs, &packs);
        S_prop(out, "config", r->rs->config ? r->rs->config : "-");
        S_prop(out, "packs", packs.ptr);
        fz_buf_free(&packs);
    }
    fz_outline_print(&r->outline, &r->text, out);
    if (doc->source) S_prop(out, "source", doc->source);
    /* what is not the report's body: headers, footers, notes, comments (no rule reads it) */
    if (doc->notes.n) fz_buf_puts(out, "\n");
    for (size_t i = 0; i < doc->notes.n; i++)
        S_prop(out, doc->notes.v[i].kind, doc->notes.v[i].text);
}

const fz_emitter fz_emitter_outline = {
    .name = "outline", .report = S_report, .separator = "\n", .upto = FZ_UPTO_OUTLINE};
