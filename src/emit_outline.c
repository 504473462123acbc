/* emit_outline.c - `--outline`: the outline and properties of each report. */
#include "emit.h"

#include <string.h>

#include "config.h"

static void S_report(fz_buf *out, const fz_report *r, const fz_emit_ctx *c) {
    (void)c;
    fz_buf_put_visible(out, r->path, strlen(r->path));
    fz_buf_putc(out, '\n');
    if (r->rs) { /* which configuration and packs shaped this outline */
        const char *config = r->rs->config ? r->rs->config : "-";
        fz_buf packs = {0};
        fz_config_packs_text(r->rs, &packs);
        fz_buf_printf(out, "%-12s", "config");
        fz_buf_put_visible(out, config, strlen(config));
        fz_buf_printf(out, "\n%-12s", "packs");
        fz_buf_put_visible(out, packs.ptr, packs.len);
        fz_buf_putc(out, '\n');
        fz_buf_free(&packs);
    }
    fz_outline_print(&r->outline, &r->text, out);
}

const fz_emitter fz_emitter_outline = {.name = "outline", .report = S_report, .separator = "\n"};
