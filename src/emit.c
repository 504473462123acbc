/* emit.c - the list of output formats and helpers the emitters share. */
#include "emit.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "rules.h"

static const fz_emitter *const EMITTERS[] = {
    &fz_emitter_gcc,     &fz_emitter_json,        &fz_emitter_sarif,
    &fz_emitter_summary, &fz_emitter_summary_csv, &fz_emitter_html,
    &fz_emitter_outline, &fz_emitter_facts_json,  &fz_emitter_facts_csv};

const fz_emitter *fz_emitter_find(const char *name) {
    for (size_t i = 0; i < sizeof EMITTERS / sizeof *EMITTERS; i++)
        if (strcmp(EMITTERS[i]->name, name) == 0) return EMITTERS[i];
    return NULL;
}

const char *fz_emitter_names(void) {
    static char names[256];
    if (!names[0])
        for (size_t i = 0; i < sizeof EMITTERS / sizeof *EMITTERS; i++) {
            if (i) strncat(names, ", ", sizeof names - strlen(names) - 1);
            strncat(names, EMITTERS[i]->name, sizeof names - strlen(names) - 1);
        }
    return names;
}

const char *fz_colunit_name(fz_colunit u) {
    static const char *names[] = {"display", "char", "byte", "utf16"};
    return (unsigned)u < 4 ? names[u] : "display";
}

static int S_cmp_rule(const void *a, const void *b) {
    return strcmp((*(const fz_rule *const *)a)->id, (*(const fz_rule *const *)b)->id);
}

/* Binary search in the first n (sorted) rules. */
static const fz_rule *S_find_rule(const fz_emit_ctx *c, size_t n, const char *id, size_t *index) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(id, c->rules.v[mid]->id);
        if (cmp == 0) {
            if (index) *index = mid;
            return c->rules.v[mid];
        }
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

void fz_emit_ctx_add_rules(fz_emit_ctx *c, const fz_ruleset *rs) {
    if (!rs) return;
    size_t known = c->rules.n;
    for (size_t i = 0; i < rs->rules.n; i++)
        if (!S_find_rule(c, known, rs->rules.v[i]->id, NULL))
            fz_vec_push(&c->rules, rs->rules.v[i]);
    if (c->rules.n) qsort(c->rules.v, c->rules.n, sizeof *c->rules.v, S_cmp_rule);
}

const fz_rule *fz_emit_ctx_rule(const fz_emit_ctx *c, const char *id, size_t *index) {
    return S_find_rule(c, c->rules.n, id, index);
}

void fz_emit_ctx_free(fz_emit_ctx *c) {
    fz_vec_free(&c->rules);
}

void fz_emit_position(const fz_report *r, size_t off, fz_colunit unit, size_t *line, size_t *col) {
    if (r->text.nlines == 0) {
        *line = *col = 1;
        return;
    }
    *line = fz_text_line_of(&r->text, off) + 1;
    *col = fz_text_column(&r->text, off, unit);
}

const char *fz_emit_related(const fz_report *r, const fz_related *x, fz_colunit unit, size_t *line,
                            size_t *col) {
    if (!x->path) {
        fz_emit_position(r, x->offset, unit, line, col);
        return r->path;
    }
    *line = x->line ? x->line : 1;
    *col = x->col ? x->col : 1;
    return x->path;
}

void fz_emit_json_string(fz_buf *out, const char *s, size_t len) {
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            /* paths and arguments may be any bytes; JSON must be UTF-8 */
            utf8proc_int32_t cp;
            utf8proc_ssize_t n =
                utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
            if (n > 0) {
                fz_buf_put(out, s + i, (size_t)n);
                i += (size_t)n - 1;
            } else {
                fz_buf_puts(out, "\ufffd");
            }
            continue;
        }
        switch (c) {
        case '"':
            fz_buf_puts(out, "\\\"");
            break;
        case '\\':
            fz_buf_puts(out, "\\\\");
            break;
        case '\n':
            fz_buf_puts(out, "\\n");
            break;
        case '\r':
            fz_buf_puts(out, "\\r");
            break;
        case '\t':
            fz_buf_puts(out, "\\t");
            break;
        default:
            if (c < 0x20)
                fz_buf_printf(out, "\\u%04x", c);
            else
                fz_buf_putc(out, (char)c);
        }
    }
}

void fz_emit_json_str(fz_buf *out, const char *s) {
    if (!s) {
        fz_buf_puts(out, "null");
        return;
    }
    fz_buf_putc(out, '"');
    fz_emit_json_string(out, s, strlen(s));
    fz_buf_putc(out, '"');
}

void fz_emit_metric_labels(const fz_emit_ctx *c, fz_emit_labels *out) {
    for (size_t i = 0; i < c->rules.n; i++) {
        const fz_rule *r = c->rules.v[i];
        bool shown = r->type == FZ_RULE_METRIC || (r->type == FZ_RULE_COMPARE && c->compared);
        if (!shown || !r->summary) continue;
        bool seen = false;
        for (size_t k = 0; k < out->n && !seen; k++) seen = strcmp(out->v[k], r->summary) == 0;
        if (!seen) fz_vec_push(out, r->summary);
    }
}

char *fz_emit_missing_parts(const fz_report *r) {
    fz_buf b = {0};
    for (size_t i = 0; i < r->tallies.n; i++) {
        const fz_tally *t = &r->tallies.v[i];
        if (t->metric || t->present) continue;
        if (b.len) fz_buf_puts(&b, "、");
        fz_buf_puts(&b, t->label);
    }
    if (b.len) return fz_buf_detach(&b);
    fz_buf_free(&b);
    return NULL;
}

const char *fz_emit_metric_value(const fz_report *r, const char *label) {
    for (size_t i = 0; i < r->tallies.n; i++) {
        const fz_tally *t = &r->tallies.v[i];
        if (t->metric && t->value && !strcmp(t->label, label)) return t->value;
    }
    return NULL;
}

void fz_emit_csv_field(fz_buf *out, const char *s, size_t len) {
    bool quote = false;
    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        fz_buf_put(out, s, len);
        return;
    }
    fz_buf_putc(out, '"');
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"') fz_buf_putc(out, '"');
        fz_buf_putc(out, s[i]);
    }
    fz_buf_putc(out, '"');
}
