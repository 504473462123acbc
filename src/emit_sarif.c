/* emit_sarif.c - `--format=sarif`: SARIF 2.1.0 for code scanning (docs/formats.md). */
#include "emit.h"
#include "fzlint.h" /* FZLINT_VERSION */

#include <string.h>

#include "rules.h"

static const char *S_level(fz_level l) {
    return l == FZ_LEVEL_ERROR ? "error" : l == FZ_LEVEL_WARNING ? "warning" : "note";
}

/* A SARIF message string: JSON-escaped, and { } doubled (SARIF 3.11.5: they start
 * placeholders; rule message templates contain {match} and friends). */
static void S_text(fz_buf *b, const char *s) {
    fz_buf_puts(b, "{\"text\": \"");
    for (const char *p = s; *p; p++) {
        size_t run = strcspn(p, "{}");
        fz_emit_json_string(b, p, run);
        p += run;
        if (!*p) break;
        fz_buf_putc(b, *p);
        fz_buf_putc(b, *p);
    }
    fz_buf_puts(b, "\"}");
}

/* A path as a URI reference: relative paths stay relative (to %SRCROOT%), absolute
 * ones become file:// URIs; every byte outside RFC 3986 unreserved and '/' is
 * percent-encoded, so Chinese file names survive any consumer. */
static void S_artifact(fz_buf *b, const char *path) {
    while (path[0] == '.' && path[1] == '/') path += 2;
    bool abs = path[0] == '/';
    fz_buf_puts(b, "{\"uri\": \"");
    if (abs) fz_buf_puts(b, "file://");
    fz_buf_put_percent(b, path);
    fz_buf_puts(b, abs ? "\"}" : "\", \"uriBaseId\": \"%SRCROOT%\"}");
}

static void S_region(fz_buf *b, const fz_report *r, const fz_diag *d, fz_colunit unit) {
    size_t sl, sc, el, ec;
    fz_emit_position(r, d->start, unit, &sl, &sc);
    fz_emit_position(r, d->end, unit, &el, &ec);
    fz_buf_printf(
        b, "{\"startLine\": %zu, \"startColumn\": %zu, \"endLine\": %zu, \"endColumn\": %zu}", sl,
        sc, el, ec);
}

static void S_rule(fz_buf *b, const fz_rule *r) {
    fz_buf_puts(b, "{\"id\": ");
    fz_emit_json_str(b, r->id);
    fz_buf_puts(b, ", \"shortDescription\": ");
    /* code scanning shows it atop every alert: a template with {match} would show as such */
    bool plain = r->message && !strchr(r->message, '{');
    S_text(b, r->description ? r->description : plain ? r->message : r->id);
    if (plain) {
        fz_buf_puts(b, ", \"fullDescription\": ");
        S_text(b, r->message);
    }
    if (r->authority) {
        fz_buf b2 = {0};
        fz_buf_printf(&b2, "依据：%s", r->authority);
        fz_buf_puts(b, ", \"help\": ");
        S_text(b, b2.ptr);
        fz_buf_free(&b2);
    }
    fz_buf_printf(b, ", \"defaultConfiguration\": {\"level\": \"%s\", \"enabled\": %s}",
                  S_level(r->level), r->enabled ? "true" : "false");
    fz_buf_puts(b, ", \"properties\": {\"authority\": ");
    fz_emit_json_str(b, r->authority);
    fz_buf_printf(b, ", \"type\": \"%s\", \"tags\": [\"%s\"]}}", fz_rule_type_name(r->type),
                  fz_rule_type_name(r->type));
}

static void S_begin(fz_buf *out, const fz_emit_ctx *c) {
    fz_buf_printf(out,
                  "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
                  "  \"version\": \"2.1.0\",\n  \"runs\": [{\n    \"tool\": {\"driver\": {"
                  "\"name\": \"fzlint\", \"version\": \"%s\", \"semanticVersion\": \"%s\", "
                  "\"rules\": [",
                  FZLINT_VERSION, FZLINT_VERSION);
    for (size_t i = 0; i < c->rules.n; i++) {
        fz_buf_puts(out, "\n      ");
        S_rule(out, c->rules.v[i]);
        fz_buf_puts(out, ",");
    }
    /* fzlint's own findings come last: tool rule k has index c->rules.n + k */
    for (size_t k = 0; k < fz_tool_nrules; k++) {
        fz_buf_puts(out, k ? ",\n      {\"id\": " : "\n      {\"id\": ");
        fz_emit_json_str(out, fz_tool_rules[k].id);
        fz_buf_puts(out, ", \"shortDescription\": ");
        S_text(out, fz_tool_rules[k].description);
        fz_buf_printf(out, ", \"defaultConfiguration\": {\"level\": \"%s\"}}",
                      S_level(fz_tool_rules[k].level));
    }
    fz_buf_puts(out, "\n    ]}},\n");
    fz_buf_printf(out, "    \"columnKind\": \"%s\",\n    \"results\": [\n",
                  c->opts.unit == FZ_COL_UTF16 ? "utf16CodeUnits" : "unicodeCodePoints");
}

static void S_report(fz_buf *b, const fz_report *r, const fz_emit_ctx *c) {
    bool first = true;
    for (size_t i = 0; i < r->diags.n; i++) {
        const fz_diag *d = &r->diags.v[i];
        if (d->level < c->opts.min_level) continue;
        fz_buf_puts(b, first ? "      {\"ruleId\": " : ",\n      {\"ruleId\": ");
        first = false;
        fz_emit_json_str(b, d->rule_id);
        size_t index;
        if (fz_emit_ctx_rule(c, d->rule_id, &index))
            fz_buf_printf(b, ", \"ruleIndex\": %zu", index);
        else
            for (size_t k = 0; k < fz_tool_nrules; k++)
                if (strcmp(d->rule_id, fz_tool_rules[k].id) == 0)
                    fz_buf_printf(b, ", \"ruleIndex\": %zu", c->rules.n + k);
        fz_buf_printf(b, ", \"level\": \"%s\", \"message\": ", S_level(d->level));
        S_text(b, d->message);
        fz_buf_puts(b, ",\n        \"locations\": [{\"physicalLocation\": {\"artifactLocation\": ");
        S_artifact(b, r->path);
        fz_buf_puts(b, ", \"region\": ");
        S_region(b, r, d, c->opts.unit);
        fz_buf_puts(b, "}}]");
        if (d->nrelated) fz_buf_puts(b, ",\n        \"relatedLocations\": [");
        for (size_t k = 0; k < d->nrelated; k++) {
            size_t line, col;
            const char *path = fz_emit_related(r, &d->related[k], c->opts.unit, &line, &col);
            fz_buf_printf(b, "%s{\"id\": %zu, \"physicalLocation\": {\"artifactLocation\": ",
                          k ? ", " : "", k);
            S_artifact(b, path);
            fz_buf_printf(b,
                          ", \"region\": {\"startLine\": %zu, \"startColumn\": %zu}}, "
                          "\"message\": ",
                          line, col);
            S_text(b, d->related[k].message);
            fz_buf_puts(b, "}");
        }
        if (d->nrelated) fz_buf_puts(b, "]");
        if (d->fix) {
            fz_buf b2 = {0};
            if (d->fix[0])
                fz_buf_printf(&b2, "改为“%s”", d->fix);
            else
                fz_buf_puts(&b2, "删除");
            fz_buf_puts(b, ",\n        \"fixes\": [{\"description\": ");
            S_text(b, b2.ptr);
            fz_buf_free(&b2);
            fz_buf_puts(b, ", \"artifactChanges\": [{\"artifactLocation\": ");
            S_artifact(b, r->path);
            fz_buf_puts(b, ", \"replacements\": [{\"deletedRegion\": ");
            S_region(b, r, d, c->opts.unit);
            fz_buf_puts(b, ", \"insertedContent\": {\"text\": ");
            fz_emit_json_str(b, d->fix);
            fz_buf_puts(b, "}}]}]}]");
        }
        if (d->authority || d->suppressed) {
            fz_buf_puts(b, ",\n        \"properties\": {");
            if (d->authority) {
                fz_buf_puts(b, "\"authority\": ");
                fz_emit_json_str(b, d->authority);
            }
            if (d->suppressed)
                fz_buf_printf(b, "%s\"suppressed\": %zu", d->authority ? ", " : "", d->suppressed);
            fz_buf_puts(b, "}");
        }
        fz_buf_puts(b, "}");
    }
}

static void S_end(fz_buf *out, const fz_emit_ctx *c) {
    (void)c;
    fz_buf_puts(out, "\n    ]\n  }]\n}\n");
}

/* SARIF knows code points and UTF-16 code units only (3.14.23 columnKind). */
const fz_emitter fz_emitter_sarif = {.name = "sarif",
                                     .begin = S_begin,
                                     .report = S_report,
                                     .end = S_end,
                                     .separator = ",\n",
                                     .abort_tail = "\n    ]\n  }]\n}\n",
                                     .units = 1u << FZ_COL_CHAR | 1u << FZ_COL_UTF16};
