/* outline_print.c - the --outline listing: document properties, then a line per line
 * with its kind, heading level and enumerations. */
#include "outline.h"
#include "utf8.h"
#include <stdio.h>
#include <string.h>

static const char *S_kind_name(const fz_line *l) {
    static const char *names[] = {"blank",   "chrome", "issuer", "title", "heading", "para",
                                  "signoff", "date",   "docno",  "addr",  "note"};
    return names[l->kind];
}

/* Appends at most max_cols display columns of s, with … when cut. */
static void S_put_clipped(fz_buf *out, const char *s, size_t len, size_t max_cols) {
    size_t i = 0, cols = 0;
    while (i < len) {
        size_t cl;
        fz_utf8_decode(s + i, &cl);
        size_t w = fz_display_width(s + i, cl);
        if (cols + w > max_cols) {
            fz_buf_put_visible(out, s, i);
            fz_buf_puts(out, "…");
            return;
        }
        cols += w;
        i += cl;
    }
    fz_buf_put_visible(out, s, len);
}

static void S_print_date(fz_buf *out, const char *name, const fz_date *d, const fz_text *t) {
    fz_buf_printf(out, "%-12s", name);
    if (!d->year) {
        fz_buf_puts(out, "-\n");
        return;
    }
    if (d->property) {
        fz_buf_printf(out, "%04d-%02d-%02d (document property)\n", d->year, d->month, d->day);
        return;
    }
    fz_buf_printf(out, "%04d-%02d-%02d (line %zu%s)\n", d->year, d->month, d->day,
                  fz_text_line_of(t, d->start) + 1, d->well_formed ? "" : ", not well-formed");
}

void fz_outline_print(const fz_outline *o, const fz_text *t, fz_buf *out) {
    fz_buf_printf(out, "%-12s%s\n", "encoding", t->encoding);
    /* report text is shown with its control characters made visible (no ESC reaches
     * the terminal), as every output does */
    if (o->title_line >= 0 || o->title) {
        fz_buf_printf(out, "%-12s", "title");
        fz_buf_put_visible(out, o->title, strlen(o->title));
        if (o->title_line >= 0 && o->title_last > o->title_line)
            fz_buf_printf(out, " (lines %d-%d)\n", o->title_line + 1, o->title_last + 1);
        else if (o->title_line >= 0)
            fz_buf_printf(out, " (line %d)\n", o->title_line + 1);
        else
            fz_buf_puts(out, " (document property)\n");
    } else {
        fz_buf_printf(out, "%-12s%s\n", "title", "no title");
    }
    fz_buf_printf(out, "%-12s", "issuer");
    fz_buf_put_visible(out, o->issuer ? o->issuer : "-", o->issuer ? strlen(o->issuer) : 1);
    fz_buf_putc(out, '\n');
    fz_buf_printf(out, "%-12s", "signer");
    fz_buf_put_visible(out, o->signer ? o->signer : "-", o->signer ? strlen(o->signer) : 1);
    fz_buf_putc(out, '\n');
    if (o->kind_name)
        fz_buf_printf(out, "%-12s%s (%s%s)\n", "kind", o->kind_name,
                      o->kind_label ? o->kind_label : o->kind_name,
                      o->kind_stated ? ", from the configuration" : "");
    else
        fz_buf_printf(out, "%-12s%s\n", "kind", "unknown");
    if (o->report_year)
        fz_buf_printf(out, "%-12s%d\n", "report year", o->report_year);
    else
        fz_buf_printf(out, "%-12s%s\n", "report year", "unknown");
    S_print_date(out, "signed", &o->signed_on, t);
    S_print_date(out, "published", &o->published, t);
    fz_buf_puts(out, "\n");
    size_t next_item = 0;
    for (size_t i = 0; i < o->nlines; i++) {
        const fz_line *l = fz_outline_at(o, i);
        if (l->kind == FZ_LINE_BLANK) continue;
        fz_buf_printf(out, "%5zu  ", i + 1);
        if (l->kind == FZ_LINE_HEADING) {
            fz_buf_printf(out, "H%d ", l->level);
            for (int k = 1; k < l->level; k++) fz_buf_puts(out, "  ");
            fz_buf_put_visible(out, t->src + l->start, l->heading_end - l->start);
        } else {
            fz_buf_printf(out, "%-8s", S_kind_name(l));
            S_put_clipped(out, t->src + l->start, l->end - l->start, 40);
        }
        bool first = true;
        while (next_item < o->items.n && o->items.v[next_item].line < (int)i) next_item++;
        for (; next_item < o->items.n && o->items.v[next_item].line == (int)i; next_item++) {
            const fz_item *it = &o->items.v[next_item];
            fz_buf_puts(out, first ? "  [" : " ");
            fz_buf_put_visible(out, t->src + it->start, it->end - it->start);
            first = false;
        }
        if (!first) fz_buf_puts(out, "]");
        if (o->styles && o->styles[i] == FZ_STYLE_TITLE) fz_buf_puts(out, "  {Title}");
        if (o->styles && o->styles[i] > 0) fz_buf_printf(out, "  {level %d}", o->styles[i]);
        fz_buf_puts(out, "\n");
    }
}
