/* emit_json.c - `--format=json`: one JSON document for the whole run (docs/formats.md). */
#include "emit.h"
#include "utf8.h"
#include "fzlint.h" /* FZLINT_VERSION */

#include <string.h>

static void S_pos(fz_buf *b, const fz_report *r, size_t off, fz_colunit unit) {
    size_t line, col;
    fz_emit_position(r, off, unit, &line, &col);
    fz_buf_printf(b, "{\"line\": %zu, \"column\": %zu, \"offset\": %zu}", line, col, off);
}

/* The finding's text as written, at most S_SPAN_MAX bytes (cut on a character boundary):
 * what a CI fingerprint keys on, unlike the message, whose counts change. */
enum { S_SPAN_MAX = 256 };
static void S_span(fz_buf *b, const fz_report *r, const fz_diag *d) {
    size_t end = d->end < r->text.src_len ? d->end : r->text.src_len;
    if (d->start >= end) {
        fz_buf_puts(b, "\"\"");
        return;
    }
    const char *s = r->text.src + d->start;
    size_t n = end - d->start;
    if (n > S_SPAN_MAX) {
        n = S_SPAN_MAX;
        n = fz_utf8_back(s, 0, n);
    }
    fz_buf_putc(b, '"');
    fz_emit_json_string(b, s, n);
    fz_buf_putc(b, '"');
}

static void S_date(fz_buf *b, const fz_date *d) {
    if (d->year && d->month && d->day)
        fz_buf_printf(b, "\"%04d-%02d-%02d\"", d->year, d->month, d->day);
    else
        fz_buf_puts(b, "null");
}

static void S_begin(fz_buf *out, const fz_emit_ctx *c) {
    fz_buf_printf(out,
                  "{\n  \"tool\": {\"name\": \"fzlint\", \"version\": \"%s\"},\n"
                  "  \"columnUnit\": \"%s\",\n  \"files\": [\n",
                  FZLINT_VERSION, fz_colunit_name(c->opts.unit));
}

static void S_tallies(fz_buf *b, const fz_report *r, bool metric) {
    bool first = true;
    fz_buf_puts(b, "[");
    for (size_t i = 0; i < r->tallies.n; i++) {
        const fz_tally *t = &r->tallies.v[i];
        if (t->metric != metric) continue;
        fz_buf_puts(b, first ? "" : ", ");
        first = false;
        fz_buf_puts(b, "{\"ruleId\": ");
        fz_emit_json_str(b, t->rule_id);
        fz_buf_puts(b, ", \"label\": ");
        fz_emit_json_str(b, t->label);
        if (metric) {
            fz_buf_puts(b, ", \"value\": ");
            fz_emit_json_str(b, t->value);
        } else {
            fz_buf_printf(b, ", \"present\": %s", t->present ? "true" : "false");
        }
        fz_buf_puts(b, "}");
    }
    fz_buf_puts(b, "]");
}

/* A name that is not UTF-8 shows with U+FFFD in "path"; after it, sep and its bytes exactly. */
static void S_path_bytes(fz_buf *b, const char *path, const char *sep) {
    if (!path || fz_utf8_valid(path, strlen(path))) return;
    fz_buf_puts(b, sep);
    fz_buf_puts(b, "\"pathBytes\": \"");
    fz_buf_put_percent(b, path);
    fz_buf_putc(b, '"');
}

static void S_report(fz_buf *b, const fz_report *r, const fz_emit_ctx *c) {
    const fz_outline *o = &r->outline;
    fz_buf_puts(b, "    {\n      \"path\": ");
    fz_emit_json_str(b, r->path);
    S_path_bytes(b, r->path, ",\n      ");
    fz_buf_puts(b, ",\n      \"encoding\": ");
    fz_emit_json_str(b, r->text.encoding);
    fz_buf_puts(b, ",\n      \"properties\": {\"title\": ");
    fz_emit_json_str(b, o->title);
    if (r->report_year)
        fz_buf_printf(b, ", \"reportYear\": %d", r->report_year);
    else
        fz_buf_puts(b, ", \"reportYear\": null");
    fz_buf_puts(b, ", \"issuer\": ");
    fz_emit_json_str(b, o->issuer);
    fz_buf_puts(b, ", \"signer\": ");
    fz_emit_json_str(b, o->signer);
    fz_buf_puts(b, ", \"kind\": ");
    fz_emit_json_str(b, o->kind_name);
    fz_buf_puts(b, ", \"signedOn\": ");
    S_date(b, &o->signed_on);
    fz_buf_puts(b, ", \"published\": ");
    S_date(b, &o->published);
    fz_buf_printf(b, "},\n      \"errors\": %zu, \"warnings\": %zu, \"info\": %zu,\n",
                  fz_report_count(r, FZ_LEVEL_ERROR), fz_report_count(r, FZ_LEVEL_WARNING),
                  fz_report_count(r, FZ_LEVEL_INFO));
    fz_buf_puts(b, "      \"parts\": ");
    S_tallies(b, r, false);
    fz_buf_puts(b, ",\n      \"metrics\": ");
    S_tallies(b, r, true);
    fz_buf_puts(b, ",\n      \"diagnostics\": [");
    bool first = true;
    for (size_t i = 0; i < r->diags.n; i++) {
        const fz_diag *d = &r->diags.v[i];
        if (d->level < c->opts.min_level) continue;
        fz_buf_puts(b, first ? "\n        {\"ruleId\": " : ",\n        {\"ruleId\": ");
        first = false;
        fz_emit_json_str(b, d->rule_id);
        fz_buf_printf(b, ", \"level\": \"%s\", \"message\": ", fz_level_name(d->level));
        fz_emit_json_str(b, d->message);
        fz_buf_puts(b, ", \"authority\": ");
        fz_emit_json_str(b, d->authority);
        fz_buf_puts(b, ", \"start\": ");
        S_pos(b, r, d->start, c->opts.unit);
        fz_buf_puts(b, ", \"end\": ");
        S_pos(b, r, d->end, c->opts.unit);
        fz_buf_puts(b, ", \"text\": ");
        S_span(b, r, d);
        if (d->fix) {
            fz_buf_puts(b, ", \"fix\": ");
            fz_emit_json_str(b, d->fix);
        }
        if (d->suppressed) fz_buf_printf(b, ", \"suppressed\": %zu", d->suppressed);
        if (d->nrelated) fz_buf_puts(b, ", \"related\": [");
        for (size_t k = 0; k < d->nrelated; k++) {
            size_t line, col;
            const char *path = fz_emit_related(r, &d->related[k], c->opts.unit, &line, &col);
            fz_buf_puts(b, k ? ", {\"path\": " : "{\"path\": ");
            fz_emit_json_str(b, path);
            S_path_bytes(b, path, ", ");
            fz_buf_printf(b, ", \"line\": %zu, \"column\": %zu, \"message\": ", line, col);
            fz_emit_json_str(b, d->related[k].message);
            fz_buf_puts(b, "}");
        }
        if (d->nrelated) fz_buf_puts(b, "]");
        fz_buf_puts(b, "}");
    }
    fz_buf_puts(b, first ? "]\n    }" : "\n      ]\n    }");
}

static void S_end(fz_buf *out, const fz_emit_ctx *c) {
    fz_buf_printf(out,
                  "\n  ],\n  \"summary\": {\"files\": %zu, \"errors\": %zu, \"warnings\": %zu, "
                  "\"info\": %zu}\n}\n",
                  c->files, c->counts[FZ_LEVEL_ERROR], c->counts[FZ_LEVEL_WARNING],
                  c->counts[FZ_LEVEL_INFO]);
}

const fz_emitter fz_emitter_json = {.name = "json",
                                    .begin = S_begin,
                                    .report = S_report,
                                    .end = S_end,
                                    .separator = ",\n",
                                    .abort_tail = "\n  ],\n  \"error\": \"out of memory\"\n}\n"};
